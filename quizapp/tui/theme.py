"""The theme the learner chose (ctrl+p, "Change theme"), kept in config.yaml across runs."""

from __future__ import annotations

from quizapp.core import config


def saved_theme() -> str:
    """The theme saved in config.yaml ("" when the config cannot be read)."""
    try:
        return config.load_config().theme
    except config.ConfigError:
        return ""


def save_theme(theme: str) -> str | None:
    """Save the theme (blocking: call it from a worker). None, or why it was not saved."""
    try:
        config.set_value("theme", theme)
    except (config.ConfigError, OSError, ValueError) as exc:
        return f"The theme was not saved: {exc}"
    return None
