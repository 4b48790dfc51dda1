"""Helpers for drill tests: the fixture deck, a fixed clock and drills built on them.

Not a conftest: import what you need (`from drill_helpers import make_drill, ...`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from quizapp.core.classroom.drill import Drill, DrillSettings, option_letters, right_letters
from quizapp.core.classroom.drill_store import DrillStore
from quizapp.core.clock import FakeClock
from quizapp.core.decks.discovery import DeckSet
from quizapp.core.decks.loader import load_deck_file
from quizapp.core.decks.model import Deck
from quizapp.core.practice.questions import build_quiz
from quizapp.tui.app import QuizApp
from quizapp.tui.context import AppContext
from quizapp.tui.screens.drill_base import DrillRun, screen_for

FIXTURES = Path(__file__).parent / "drill_fixtures"
DECK_FILE = FIXTURES / "drill-demo.yaml"
START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SEED = 7


def demo_deck() -> Deck:
    return load_deck_file(DECK_FILE)


def fake_clock() -> FakeClock:
    return FakeClock(START)


def make_settings(**changes: object) -> DrillSettings:
    base: dict[str, object] = {"teams": ("Red", "Blue"), "timer": 20, "count": 4, "seed": SEED}
    base.update(changes)
    return DrillSettings(**base)  # type: ignore[arg-type]


def make_drill(clock: FakeClock | None = None, **changes: object) -> Drill:
    settings = make_settings(**changes)
    deck = demo_deck()
    questions = build_quiz(deck, settings.count, settings.types, settings.seed)
    return Drill(deck.id, deck.title, settings, questions, clock or fake_clock())


def right(drill: Drill) -> str:
    """The right letter of the current (lettered) question."""
    return right_letters(drill.question)[0]


def wrong(drill: Drill) -> str:
    """A wrong letter of the current (lettered) question."""
    return next(c for c in option_letters(drill.question) if c not in right_letters(drill.question))


def make_ctx(clock: FakeClock | None = None) -> AppContext:
    """An app context whose deck set holds only the fixture deck."""
    deck = demo_deck()
    return AppContext(clock=clock or fake_clock(), decks=DeckSet(decks={deck.id: deck}))


def make_run(clock: FakeClock | None = None, **changes: object) -> DrillRun:
    """A drill stored in the (temporary) data dir, ready to be shown."""
    ctx = make_ctx(clock)
    drill = make_drill(ctx.clock, **changes)  # type: ignore[arg-type]
    store = DrillStore.open()
    store.create(drill)
    return DrillRun(ctx, drill, store)


def drill_app(run: DrillRun) -> QuizApp:
    """The app opened straight on the drill (as `quizapp drill DECK` does)."""
    return QuizApp(run.ctx, start=screen_for(run))


async def settle(pilot: Pilot[None]) -> None:
    """Let save workers finish and the screens they switch to mount."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys one by one, letting each one's save land (as a teacher would)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
