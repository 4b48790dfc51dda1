"""Helpers for the store tests: making a file or folder truly unwritable, running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """Make `path` (a file or a folder) unwritable for this process, then restore it.

    chmod for a normal user; for root, who ignores permission bits, the immutable attribute
    (chattr +i). Skips the test when neither is possible here.
    """
    if os.geteuid() != 0:
        mode = path.stat().st_mode & 0o777
        path.chmod(0o500 if path.is_dir() else 0o400)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0 or os.access(path, os.W_OK):
        subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
        pytest.skip("cannot make a path unwritable for root here (no chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def quizapp(*argv: str, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `quizapp` command (python -m quizapp) in a subprocess."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if data_dir is not None:
        env["QUIZAPP_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
