"""The machine's zone is read again only when /etc/localtime changes."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.core import config

ZONES = Path("/usr/share/zoneinfo")


@pytest.mark.skipif(not (ZONES / "Asia/Almaty").is_file(), reason="no system zone files")
def test_local_zone_follows_a_changed_localtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TZ", raising=False)
    localtime = tmp_path / "localtime"
    monkeypatch.setattr(config, "LOCALTIME", localtime)
    when = datetime(2026, 7, 1, 12, tzinfo=UTC)
    shutil.copy(ZONES / "Asia/Almaty", localtime)
    first = config.os_local_zone()
    assert first is not None and first.utcoffset(when) is not None
    assert config.os_local_zone() is first  # unchanged: not parsed again
    offset = first.utcoffset(when)
    localtime.unlink()
    shutil.copy(ZONES / "Europe/Paris", localtime)
    os.utime(localtime, ns=(1, 1))
    paris = config.os_local_zone()
    assert paris is not first and paris is not None
    assert paris.utcoffset(when) != offset
    localtime.unlink()
    assert config.os_local_zone() is None
