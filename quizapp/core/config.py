"""User settings in ``config.yaml`` (in the config dir): retention, limits, day start, theme.

Every key is optional; a missing file means the defaults. A bad value is reported as
``path:line:column: message`` like a deck problem, and nothing is guessed.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from quizapp.core import paths
from quizapp.core.problems import Problem
from quizapp.core.untrusted import safe_text

MIN_RETENTION = 0.70
MAX_RETENTION = 0.99
WARN_RETENTION = 0.97


@dataclass(slots=True)
class Config:
    retention: float = 0.90  # desired retention for FSRS
    new_per_day: int = 20  # new cards per deck per study day
    reviews_per_day: int = 200  # reviews per deck per study day
    day_start_hour: int = 4  # a study day starts at this local hour, as in Anki
    theme: str = "textual-dark"
    timezone: str = ""  # IANA name such as "Europe/Paris"; "" = this machine's zone

    def tz(self) -> tzinfo:
        """The zone study days are counted in."""
        if self.timezone:
            return ZoneInfo(self.timezone)
        local = os_local_zone()
        return local if local is not None else UTC

    def warnings(self) -> list[str]:
        if self.retention > WARN_RETENTION:
            return [
                f"retention {self.retention} is very high: reviews will pile up"
                f" (above {WARN_RETENTION} is rarely worth it)"
            ]
        return []

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Config:
        """Build from plain values; raises ValueError naming the first bad key."""
        cfg = cls()
        for key, value in data.items():
            problem = _check(key, value)
            if problem:
                raise ValueError(f"{key}: {problem}")
            setattr(cfg, key, _coerce(key, value))
        return cfg


class ConfigError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(str(problems[0]))
        self.problems = problems

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


KEYS = tuple(f.name for f in fields(Config))


LOCALTIME = Path("/etc/localtime")
# by the file's identity: counting 100 decks asks 316 times, 9.5 ms -> 1.4 ms (bench_cache.py)
_LOCALTIME_READ: dict[tuple[int, int, int], tzinfo] = {}


def os_local_zone() -> tzinfo | None:
    """The machine's zone (TZ variable or /etc/localtime), or None when unknown.

    /etc/localtime is parsed again only when the file changed (counting a large library asks
    for the zone hundreds of times)."""
    name = os.environ.get("TZ", "").lstrip(":")
    try:
        if name:
            return ZoneInfo(name)
        st = LOCALTIME.stat()
        identity = (st.st_ino, st.st_size, st.st_mtime_ns)
        zone = _LOCALTIME_READ.get(identity)
        if zone is None:
            with LOCALTIME.open("rb") as f:
                zone = ZoneInfo.from_file(f, key="localtime")
            _LOCALTIME_READ.clear()
            _LOCALTIME_READ[identity] = zone
        return zone
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _check(key: str, value: Any) -> str:
    """'' when `value` is fine for `key`, else what is wrong."""
    if key not in KEYS:
        return f"unknown setting '{key}' (known: {', '.join(KEYS)})"
    if key == "retention":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"retention must be a number between {MIN_RETENTION} and {MAX_RETENTION}"
        if not MIN_RETENTION <= float(value) <= MAX_RETENTION:
            return f"retention {value} is outside {MIN_RETENTION}-{MAX_RETENTION}"
    elif key in ("new_per_day", "reviews_per_day"):
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{key} must be a whole number, not {value!r}"
        if not 0 <= value <= 100_000:
            return f"{key} must be between 0 and 100000"
    elif key == "day_start_hour":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23:
            return f"day_start_hour must be a whole hour 0-23, not {value!r}"
    elif key == "theme":
        if not isinstance(value, str) or not value:
            return f"theme must be a theme name, not {value!r}"
    elif key == "timezone":
        if not isinstance(value, str):
            return f"timezone must be a zone name such as Europe/Paris, not {value!r}"
        if value:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                return f"unknown timezone '{value}'"
    return ""


def _coerce(key: str, value: Any) -> Any:
    return float(value) if key == "retention" else value


def parse_config(text: str, path: str = "config.yaml") -> Config:
    """Parse config text; raises ConfigError with every problem found."""
    from yaml.nodes import MappingNode, ScalarNode  # YAML only when there is a file to read

    from quizapp.core import yamlsafe

    try:
        root = yamlsafe.compose(text)
    except yamlsafe.YamlError as exc:
        p = exc.problem
        raise ConfigError([Problem(path, p.line, p.column, p.message)]) from None
    if root is None:
        return Config()
    if not isinstance(root, MappingNode):
        line, col = yamlsafe.pos(root)
        raise ConfigError([Problem(path, line, col, "the config must be a mapping")])
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        if key not in KEYS:
            problems.append(Problem(path, *yamlsafe.pos(key_node), _check(key, None)))
            continue
        if not isinstance(value_node, ScalarNode):
            message = f"{key} takes a single value, not {yamlsafe.kind_name(value_node)}"
            problems.append(Problem(path, *yamlsafe.pos(value_node), message))
            continue
        value = yamlsafe.scalar_value(value_node)
        if isinstance(value, str):
            value = safe_text(value)  # a value is outside text (quizapp.core.untrusted)
        if value is None and key in ("theme", "timezone"):
            value = ""
        message = _check(key, value)
        if message:
            problems.append(Problem(path, *yamlsafe.pos(value_node), message))
        else:
            values[key] = _coerce(key, value)
    if problems:
        raise ConfigError(problems)
    return Config(**values)


def load_config(path: Path | None = None) -> Config:
    """The settings from config.yaml (defaults when there is no file). Raises ConfigError."""
    path = path or paths.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(str(path), 1, 1, f"cannot read the config: {exc}")]) from None
    return parse_config(text, str(path))


def save_config(cfg: Config, path: Path | None = None) -> Path:
    """Write every setting to config.yaml (atomically) and return its path."""
    if path is None:
        paths.config_dir(create=True)
        path = paths.config_file()
    import yaml

    text = "# quizapp settings\n" + yaml.safe_dump(
        cfg.to_dict(), sort_keys=False, allow_unicode=True
    )
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def set_value(key: str, value: Any, path: Path | None = None) -> Config:
    """Change one setting and save (the TUI saves the theme this way). Raises ValueError."""
    cfg = load_config(path)
    message = _check(key, value)
    if message:
        raise ValueError(message)
    setattr(cfg, key, _coerce(key, value))
    save_config(cfg, path)
    return cfg
