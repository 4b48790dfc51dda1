"""Helpers for drill tests: the fixture deck, a fixed clock and drills built on them.

Not a conftest: import what you need (`from drill_helpers import make_drill, ...`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from textual import events
from textual.message_pump import MessagePump
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
from quizapp.tui.screens.drill import Body, DrillScreen

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


@dataclass
class DrillRun:
    """A drill as a test sets it up: the app context, the core drill and its store."""

    ctx: AppContext
    drill: Drill
    store: DrillStore

    @property
    def clock(self) -> FakeClock:
        assert isinstance(self.ctx.clock, FakeClock)
        return self.ctx.clock


def make_run(clock: FakeClock | None = None, **changes: object) -> DrillRun:
    """A drill stored in the (temporary) data dir, ready to be shown."""
    ctx = make_ctx(clock)
    drill = make_drill(ctx.clock, **changes)  # type: ignore[arg-type]
    store = DrillStore.open()
    store.create(drill)
    return DrillRun(ctx, drill, store)


def drill_app(run: DrillRun) -> QuizApp:
    """The app opened straight on the drill (as `quizapp drill DECK` does)."""
    return QuizApp(run.ctx, start=DrillScreen(run.ctx, run.drill, run.store))


def drill_screen(pilot: Pilot[None]) -> DrillScreen:
    screen = pilot.app.screen
    assert isinstance(screen, DrillScreen)
    return screen


def showing(pilot: Pilot[None]) -> Body:
    """Which body the drill screen shows: question, answer, board or podium."""
    return drill_screen(pilot).shown.body


async def handled(node: MessagePump) -> None:
    """Wait until `node` has handled every message posted to it so far."""
    done = asyncio.Event()
    if node.call_later(done.set):
        await done.wait()


async def settle(pilot: Pilot[None]) -> None:
    """Let the save workers finish, and the screen handle what they posted (a body that
    waited for its save is mounted by then). Waits for exactly that, not for a quiet CPU."""
    await pilot.app.workers.wait_for_complete()
    await handled(pilot.app.screen)


async def tick(pilot: Pilot[None]) -> None:
    """The drill timer's tick, now (the fake clock moves only when the test moves it), then
    let what it saved land."""
    drill_screen(pilot).tick()
    await settle(pilot)


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys one by one, letting each one's save land (as a teacher would).

    Each key is posted to the app as the terminal driver posts it, then followed hop by hop
    (app, focused widget up to the screen, back to the app's bindings) until its action has
    run; then the saves it started land. `Pilot.press` instead sleeps until the CPU looks
    idle, which is most of what the drill tests used to spend.
    """
    app = pilot.app
    for key in keys:
        app.post_message(events.Key(key, " " if key == "space" else key if len(key) == 1 else None))
        await handled(app)  # priority bindings; the key is forwarded to the focused widget
        focused = app.focused
        for node in focused.ancestors_with_self if focused is not None else [app.screen]:
            if node is app:
                break
            await handled(node)  # the key bubbles up to the screen...
        await handled(app)  # ...and to the app, which runs the binding's action
        await settle(pilot)


LONG_OPTIONS = """\
id: long-options
title: Long options
description: Options long enough to wrap inside a tile, and a typed question.
cards:
  - id: treaty
    type: choice
    question: Which of these best describes what the 1992 treaty set up between its members?
    choices:
      - A collective security arrangement among several former Soviet republics
      - A customs union with one external tariff and a shared court of arbitration today
      - A currency board pegging every member's money to the rouble
      - A loose forum for cultural exchange between capital cities
    answer: A collective security arrangement among several former Soviet republics
  - id: peru
    type: typed
    question: What is the capital of Peru?
    answer: Lima
"""


def run_on_deck(text: str, clock: FakeClock | None = None, **changes: object) -> DrillRun:
    """A stored drill on the deck in `text` (YAML), with the fixture settings and `changes`."""
    from quizapp.core.decks.loader import load_deck_text

    deck = load_deck_text(text)
    clock = clock or fake_clock()
    ctx = AppContext(clock=clock, decks=DeckSet(decks={deck.id: deck}))
    settings = make_settings(**changes)
    questions = build_quiz(deck, settings.count, settings.types, settings.seed)
    drill = Drill(deck.id, deck.title, settings, questions, clock)
    store = DrillStore.open()
    store.create(drill)
    return DrillRun(ctx, drill, store)
