"""Helpers for TUI tests: small fixture decks, a fixed clock and an app built on them.

Not a conftest: import what you need (`from tui_helpers import make_app, ...`).
Decks come from the YAML below, never from the user's folders or the bundled decks, so that
snapshots do not change when the bundled curriculum does.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.geometry import Region

from quizapp.core import paths
from quizapp.core.clock import FakeClock
from quizapp.tui.app import QuizApp
from quizapp.tui.context import AppContext

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

CAPITALS = """\
id: capitals
title: Capitals of the South Caucasus
description: Which city is the capital of which country.
cards:
  - id: armenia
    front: What is the capital of Armenia?
    back: Yerevan
    kind: place
    source: "paragraph 6"
  - id: azerbaijan
    front: What is the capital of Azerbaijan?
    back: Baku
    kind: place
    explain: Baku lies on the Caspian Sea.
  - id: georgia
    type: typed
    question: What is the capital of Georgia?
    answer: Tbilisi
    accept: [Tiflis]
"""

TREATY = """\
id: treaty
title: The 1992 treaty
description: The Collective Security Treaty and the organisation it became.
cards:
  - id: signed
    type: cloze
    text: "The treaty was signed in {{c1::Tashkent}} in {{c2::1992}}."
  - id: org
    type: truefalse
    statement: The organisation dates from 2002.
    answer: true
  - id: members
    type: choice
    question: Which of these is a member?
    choices: [Armenia, Georgia, Ukraine, Moldova]
    answer: Armenia
"""

BROKEN = """\
id: broken-deck
title: Broken
description: A deck with a card of an unknown type.
cards:
  - id: one
    type: essay
    question: Why?
"""


def write_decks(folder: Path, *, broken: bool = False) -> Path:
    """Write the fixture decks into `folder` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "capitals.yaml").write_text(CAPITALS, encoding="utf-8")
    (folder / "treaty.yaml").write_text(TREATY, encoding="utf-8")
    if broken:
        (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return folder


def isolate_decks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Hide the bundled decks and the user's QUIZAPP_DECKS; keep data under tmp_path."""
    empty = tmp_path / "no-bundled-decks"
    empty.mkdir(exist_ok=True)
    monkeypatch.setattr(paths, "bundled_decks_dir", lambda: empty)
    monkeypatch.delenv(paths.DECKS_ENV, raising=False)
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))


def make_ctx(deck_dir: Path | None, profile: str = "default") -> AppContext:
    return AppContext(
        profile=profile,
        deck_dirs=[deck_dir] if deck_dir is not None else [],
        clock=FakeClock(START),
    )


def make_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *, decks: bool = True, broken: bool = False
) -> QuizApp:
    """A QuizApp on the fixture decks (or none), with a fake clock and a temp data dir."""
    isolate_decks(monkeypatch, tmp_path)
    deck_dir = write_decks(tmp_path / "decks", broken=broken) if decks else None
    return QuizApp(make_ctx(deck_dir))


def record_notifications(app: App[Any]) -> list[str]:
    """The text of every notification `app` shows from now on (wraps its public `notify`)."""
    seen: list[str] = []
    notify = app.notify

    def recording(message: Any, *args: Any, **kwargs: Any) -> None:
        seen.append(str(message))
        notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return seen


_SVG_TEXT = re.compile(r'<text [^>]*?x="([\d.]+)"[^>]*?line-(\d+)\)">([^<]*)</text>')
_CELL_WIDTH = 12.2  # the width of one cell in Textual's SVG screenshots


def screen_lines(app: App[Any]) -> list[str]:
    """The text on the screen, one string per row, as the terminal shows it (from the app's
    public SVG screenshot): what is cut or covered is not there."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        row, col = int(line), round(float(x) / _CELL_WIDTH)
        for i, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if 0 <= row < height and 0 <= col + i < width:
                rows[row][col + i] = char
    return ["".join(r) for r in rows]


def text_in(app: App[Any], region: Region) -> str:
    """The words shown inside `region` of the screen (rows joined by spaces)."""
    lines = screen_lines(app)[region.y : region.bottom]
    return " ".join(" ".join(line[region.x : region.right].split()) for line in lines).strip()
