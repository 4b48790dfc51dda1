"""Every test runs with its own data dir, no user decks and no animations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["TEXTUAL_ANIMATIONS"] = "none"

REPO = Path(__file__).resolve().parents[1]
BUNDLED_DECKS = REPO / "decks"


@pytest.fixture(autouse=True)
def isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    data = tmp_path_factory.mktemp("quizapp-data")
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(data))
    monkeypatch.delenv("QUIZAPP_DECKS", raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    yield data
