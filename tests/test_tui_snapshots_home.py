"""SVG snapshots of the home and help screens (fixed clock, fixed folders, fixture decks).

Paths appear on screen (the empty state, broken-deck messages, help), so every folder lives
under one fixed root instead of pytest's numbered tmp dirs.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp.core import paths
from quizapp.tui.app import QuizApp
from quizapp.tui.keys import SCREEN_KEYS
from quizapp.tui.screens.help import HelpScreen
from tests.tui_helpers import make_ctx, write_decks

ROOT = Path("/tmp/quizapp-snapshots")
LOCK = Path("/tmp/quizapp-snapshots.lock")


@pytest.fixture
def root(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The fixed root, for one test at a time: tests in parallel (and other checkouts on
    this machine) wait for the lock instead of wiping each other's folders."""
    with open(LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(ROOT, ignore_errors=True)
        (ROOT / "bundled").mkdir(parents=True)
        monkeypatch.setattr(paths, "bundled_decks_dir", lambda: ROOT / "bundled")
        monkeypatch.setenv(paths.DATA_DIR_ENV, str(ROOT / "data"))
        yield ROOT


async def loaded(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def home_app(root: Path, *, decks: bool = True, broken: bool = False) -> QuizApp:
    deck_dir = write_decks(root / "decks", broken=broken) if decks else None
    return QuizApp(make_ctx(deck_dir))


def test_home(snap_compare: Any, root: Path) -> None:
    assert snap_compare(home_app(root), terminal_size=(80, 24), run_before=loaded)


def test_home_small_terminal(snap_compare: Any, root: Path) -> None:
    assert snap_compare(home_app(root, broken=True), terminal_size=(60, 20), run_before=loaded)


def test_home_broken_deck_selected(snap_compare: Any, root: Path) -> None:
    app = home_app(root, broken=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded, press=["down", "down"])


def test_home_no_decks(snap_compare: Any, root: Path) -> None:
    assert snap_compare(home_app(root, decks=False), terminal_size=(80, 24), run_before=loaded)


# Help lists the keys of every screen; the other screens' keys are theirs to change, so these
# snapshots list the home screen's only.
HOME_KEYS_ONLY = SCREEN_KEYS[:1]


def test_help(snap_compare: Any, root: Path) -> None:
    ctx = make_ctx(root / "decks")
    app = QuizApp(ctx, start=HelpScreen(ctx, HOME_KEYS_ONLY))
    assert snap_compare(app, terminal_size=(80, 24))


def test_help_scrolled_to_places(snap_compare: Any, root: Path) -> None:
    ctx = make_ctx(root / "decks")
    app = QuizApp(ctx, start=HelpScreen(ctx, HOME_KEYS_ONLY))
    # the help is sectioned now: ↑ from the first section wraps to the last, the places
    assert snap_compare(app, terminal_size=(80, 24), press=["up"])


def test_help_searched(snap_compare: Any, root: Path) -> None:
    """Typing searches every section: the rows that mention it, under their section."""
    ctx = make_ctx(root / "decks")
    app = QuizApp(ctx, start=HelpScreen(ctx, SCREEN_KEYS, current="Home"))
    assert snap_compare(app, terminal_size=(80, 24), press=list("pause"))


def test_home_unsuspend_asks_first(snap_compare: Any, root: Path) -> None:
    """A deck with suspended cards: U is offered, and asks before bringing them back."""
    from quizapp.core.decks.loader import load_deck_file
    from quizapp.core.srs.answering import Answering

    app = home_app(root)
    items = load_deck_file(root / "decks" / "capitals.yaml").items()
    with Answering.open("default", app.ctx.clock) as answering:
        answering.suspend(items[0])
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded, press=["U"])
