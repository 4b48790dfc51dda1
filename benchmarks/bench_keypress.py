"""Time from a rating key press to the next card shown on the study screen, via Pilot.

For each of N cards (plain flashcards, a fresh profile in a temp data dir): Space shows the
back, then the clock runs from sending `3` (Good) through Pilot until the next card is
painted: the save worker has committed the answer, the screen has put the new card in its
widgets and the next frame has gone to the (headless) terminal driver. The end is stamped by
wrapping the app's `_display` (Textual's hand-off to the driver), so Pilot's own idle waiting
after the press is not counted. The baseline, in the same run and measured the same way, is
a trivial screen: one Static whose text a key binding changes. Both wait THINK seconds before
each timed press, as a learner reading the card does. Goal: median <= 50 ms.

Usage: python benchmarks/bench_keypress.py [--presses 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.core.clock import FakeClock
from quizapp.core.config import Config, save_config
from quizapp.core.decks.discovery import DeckSet
from quizapp.core.decks.model import Card, Deck
from quizapp.core.paths import DATA_DIR_ENV
from quizapp.tui.app import QuizApp
from quizapp.tui.context import AppContext
from quizapp.tui.screens import study
from quizapp.tui.screens.study import StudyScreen

SIZE = (80, 24)
# A learner reads the back before rating. Without a pause, a press within ~30 ms of the
# reveal's repaint waits for Textual's next 60 fps refresh slot, which no human meets.
THINK = 0.1


STAMPS: list[float] = []  # when each new card (or baseline update) was painted
ARMED = [False]  # set once the new content is in the widgets: the next frame shows it


def watch_frames(app: App[None]) -> None:
    """Stamp the first frame sent to the driver after ARMED is set."""
    display = app._display

    def timed_display(screen: Screen[object], update: object) -> None:
        display(screen, update)  # type: ignore[arg-type]
        if ARMED[0]:
            ARMED[0] = False
            STAMPS.append(time.perf_counter())

    app._display = timed_display  # type: ignore[method-assign]


class Trivial(App[None]):
    """The baseline: a key press changes one Static."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("3", "bump", "Bump")]
    count = 0

    def compose(self) -> ComposeResult:
        yield Static("0", id="n")
        yield Footer()

    def action_bump(self) -> None:
        self.count += 1
        self.query_one("#n", Static).update(str(self.count))
        ARMED[0] = True


class TimedStudyScreen(StudyScreen):
    """The study screen, stamping the time once a shown card has been refreshed."""

    CSS_PATH = str(Path(study.__file__).with_name("study.tcss"))  # relative to study.py

    def on_study_screen_shown(self, message: StudyScreen.Shown) -> None:
        # Runs just before StudyScreen's own handler (Textual calls both), which fills the
        # widgets without yielding for a plain card: the next frame is the new card.
        ARMED[0] = True


def make_deck(n: int) -> Deck:
    cards = [
        Card(id=f"c{i}", type="basic", front=f"Question {i}?", back=f"Answer {i}") for i in range(n)
    ]
    return Deck("bench", "Benchmark deck", "Generated cards.", cards)


async def until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    while not done():
        await pilot.pause()


async def time_presses(
    pilot: Pilot[None], n: int, before: Callable[[], Awaitable[None]], done: Callable[[], bool]
) -> list[float]:
    out: list[float] = []
    for _ in range(n):
        await before()
        STAMPS.clear()
        ARMED[0] = False
        start = time.perf_counter()
        await pilot.press("3")
        await until(pilot, lambda: done() and bool(STAMPS))
        out.append((STAMPS[0] - start) * 1000)
    return out


async def study_run(presses: int) -> list[float]:
    ctx = AppContext(clock=FakeClock())
    ctx.decks = DeckSet(decks={"bench": make_deck(presses + 5)})
    screen = TimedStudyScreen(ctx, ["bench"])
    app = QuizApp(ctx, start=screen)
    async with app.run_test(size=SIZE) as pilot:
        watch_frames(app)
        await until(pilot, lambda: screen.phase == "front")
        shown: list[object] = []

        async def reveal() -> None:
            shown.append(screen.item)
            await pilot.press("space")
            await until(pilot, lambda: screen.phase == "back")
            await asyncio.sleep(THINK)

        return await time_presses(
            pilot, presses, reveal, lambda: screen.phase == "front" and screen.item is not shown[-1]
        )


async def baseline_run(presses: int) -> list[float]:
    app = Trivial()
    async with app.run_test(size=SIZE) as pilot:
        watch_frames(app)
        seen = [0]

        async def nothing() -> None:
            seen[0] = app.count
            await asyncio.sleep(THINK)

        def changed() -> bool:
            return app.count != seen[0]

        return await time_presses(pilot, presses, nothing, changed)


def describe(name: str, ms: list[float]) -> tuple[float, float]:
    median = statistics.median(ms)
    p95 = statistics.quantiles(ms, n=20)[-1]
    print(f"{name:<26} median {median:7.1f} ms   p95 {p95:7.1f} ms   (n={len(ms)})")
    return median, p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[DATA_DIR_ENV] = str(Path(tmp) / "data")
        os.environ["TEXTUAL_ANIMATIONS"] = "none"
        save_config(Config(new_per_day=args.presses + 5))
        base = asyncio.run(baseline_run(args.presses))
        rated = asyncio.run(study_run(args.presses))
    b_med, b_p95 = describe("baseline (Static update)", base)
    s_med, s_p95 = describe("rating -> next card", rated)
    print(f"ratio (median)  {s_med / b_med:5.2f}x    ratio (p95)  {s_p95 / b_p95:5.2f}x")
    verdict = "met" if s_med <= 50 else "NOT met"
    print(f"goal: median <= 50 ms: {verdict}")


if __name__ == "__main__":
    main()
