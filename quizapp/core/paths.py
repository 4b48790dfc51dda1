"""Where quizapp keeps its files. Nothing is created at import: call the functions.

The data dir holds the progress databases (one per profile) and a ``decks`` folder for the
user's own decks; the config dir holds ``config.yaml``; the cache dir holds parsed decks.
``QUIZAPP_DATA_DIR`` (or ``--data-dir``, which sets it) moves all three under one folder, which
is what tests use.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "quizapp"
DATA_DIR_ENV = "QUIZAPP_DATA_DIR"
DECKS_ENV = "QUIZAPP_DECKS"


def _override() -> Path | None:
    value = os.environ.get(DATA_DIR_ENV)
    return Path(value).expanduser() if value else None


def _user_dir(kind: str, create: bool) -> Path:
    """One of platformdirs' user dirs (data, config, cache), or a folder of the override."""
    base = _override()
    if base is not None:
        path = base if kind == "data" else base / kind
    else:
        import platformdirs

        path = getattr(platformdirs, f"user_{kind}_path")(APP_NAME, appauthor=False)
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return Path(path)


def data_dir(create: bool = False) -> Path:
    return _user_dir("data", create)


def config_dir(create: bool = False) -> Path:
    return _user_dir("config", create)


def cache_dir(create: bool = False) -> Path:
    return _user_dir("cache", create)


def log_dir(create: bool = False) -> Path:
    """Where crash reports go: platformdirs' user log dir, or ``logs`` under the override."""
    base = _override()
    if base is not None:
        path = base / "logs"
    else:
        import platformdirs

        path = Path(platformdirs.user_log_path(APP_NAME, appauthor=False))
    if create:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def user_decks_dir() -> Path:
    return data_dir() / "decks"


def config_file() -> Path:
    return config_dir() / "config.yaml"


def bundled_decks_dir() -> Path:
    """The decks shipped with quizapp: inside the wheel, or ``decks/`` of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "bundled_decks"
    if inside.is_dir():
        return inside
    return package.parent / "decks"


def extra_deck_dirs_from_env() -> list[Path]:
    value = os.environ.get(DECKS_ENV, "")
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]
