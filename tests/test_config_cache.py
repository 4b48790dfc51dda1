"""The parsed settings kept beside config.yaml's identity: used while it is unchanged (no YAML
parsed), never when it changed, was just written, or has problems."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizapp.core import config, config_cache, paths
from quizapp.core.config import Config, ConfigError, save_config
from quizapp.core.config_cache import load_config_cached


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))
    return tmp_path / "data"


def age(path: Path, seconds: int = 60) -> None:
    """As if `path` had been written a while ago."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path | None = None) -> Config:
        raise AssertionError("config.yaml was parsed")

    monkeypatch.setattr(config_cache, "load_config", refuse)


def test_no_file_gives_the_defaults(data_dir: Path) -> None:
    assert load_config_cached() == Config()


def test_an_unchanged_config_is_not_parsed_again(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_config(Config(theme="nord", new_per_day=7, timezone="Asia/Almaty"))
    age(path)
    first = load_config_cached()
    assert first == config.load_config()
    no_parsing(monkeypatch)
    assert load_config_cached() == first


def test_a_changed_config_is_parsed(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save_config(Config(theme="nord"))
    age(path)
    assert load_config_cached().theme == "nord"
    path.write_text("theme: gruvbox\n", encoding="utf-8")
    age(path, 30)
    assert load_config_cached().theme == "gruvbox"


def test_a_config_just_written_is_not_trusted_from_the_copy(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its mtime may not have moved on a coarse clock: parsed until it is old enough."""
    save_config(Config(theme="nord"))
    assert load_config_cached().theme == "nord"
    parsed: list[object] = []
    real = config_cache.load_config

    def counted(path: Path | None = None) -> Config:
        parsed.append(path)
        return real(path)

    monkeypatch.setattr(config_cache, "load_config", counted)
    assert load_config_cached().theme == "nord"
    assert len(parsed) == 1


def test_problems_are_reported_every_time(data_dir: Path) -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("new_per_day: many\n", encoding="utf-8")
    age(path)
    for _ in range(2):
        with pytest.raises(ConfigError, match="new_per_day"):
            load_config_cached()


def test_a_damaged_copy_is_ignored(data_dir: Path) -> None:
    path = save_config(Config(theme="nord"))
    age(path)
    load_config_cached()
    config_cache.cache_file().write_text("{not json", encoding="utf-8")
    assert load_config_cached().theme == "nord"
