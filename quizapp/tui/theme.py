"""The theme the learner chose (ctrl+p, "Change theme"), kept in config.yaml across runs.

It is read before the first frame, so from the copy of the parsed settings that
`quizapp.core.config_cache` keeps while config.yaml is unchanged (no YAML parser is imported).
"""

from __future__ import annotations

from quizapp.core import config
from quizapp.core.config_cache import load_config_cached


def saved_theme() -> str:
    """The theme saved in config.yaml ("" when the config cannot be read)."""
    try:
        return load_config_cached().theme
    except config.ConfigError:
        return ""


def save_theme(theme: str) -> str | None:
    """Save the theme (blocking: call it from a worker). None, or why it was not saved."""
    try:
        config.set_value("theme", theme)
    except (config.ConfigError, OSError, ValueError) as exc:
        return f"The theme was not saved: {exc}"
    return None
