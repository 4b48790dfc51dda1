"""Paths come from platformdirs, or all from one folder when QUIZAPP_DATA_DIR is set."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core import paths


def test_override_puts_everything_under_one_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "q"))
    assert paths.data_dir() == tmp_path / "q"
    assert paths.config_file() == tmp_path / "q" / "config" / "config.yaml"
    assert paths.cache_dir() == tmp_path / "q" / "cache"
    assert paths.user_decks_dir() == tmp_path / "q" / "decks"
    assert not (tmp_path / "q").exists(), "asking creates nothing"
    assert paths.cache_dir(create=True).is_dir()


def test_platform_dirs_without_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("QUIZAPP_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert paths.data_dir() == tmp_path / "data" / "quizapp"
    assert paths.config_dir() == tmp_path / "config" / "quizapp"
    assert paths.cache_dir() == tmp_path / "cache" / "quizapp"
    assert not any((tmp_path / d).exists() for d in ("data", "config", "cache"))


def test_importing_quizapp_creates_no_folder(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": "",
        "XDG_CONFIG_HOME": "",
        "XDG_CACHE_HOME": "",
    }
    env.pop("QUIZAPP_DATA_DIR", None)
    code = "import quizapp.cli, quizapp.core.decks.discovery, quizapp.core.paths"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert list(tmp_path.iterdir()) == []


def test_decks_env_is_split_on_pathsep(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    monkeypatch.setenv("QUIZAPP_DECKS", f"{tmp_path / 'a'}{os.pathsep}{os.pathsep}{tmp_path / 'b'}")
    assert paths.extra_deck_dirs_from_env() == [tmp_path / "a", tmp_path / "b"]
