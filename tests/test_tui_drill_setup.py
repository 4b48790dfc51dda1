"""The drill setup form: defaults, validation, start, resume; and `d` on the home screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from drill_helpers import FIXTURES, drill_screen, make_ctx, make_drill, press, settle, showing
from tui_helpers import isolate_decks

from quizapp.core.classroom.drill_store import DrillStore
from quizapp.tui.app import QuizApp
from quizapp.tui.context import AppContext
from quizapp.tui.screens.drill_setup import DrillSetupScreen
from quizapp.tui.widgets.countdown import Countdown

SIZE = (80, 24)


def setup_app() -> QuizApp:
    ctx = make_ctx()
    return QuizApp(ctx, start=DrillSetupScreen(ctx, "drill-demo"))


async def fill(pilot: Any, field: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#{field}")
    widget.value = text
    await pilot.pause()


async def test_start_a_drill_from_the_form() -> None:
    app = setup_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, "teams", "Owls, Foxes, Bears")
        await fill(pilot, "timer", "30")
        await fill(pilot, "count", "3")
        await fill(pilot, "seed", "11")
        await fill(pilot, "types", "truefalse")
        await pilot.click("#scoring-confidence")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert showing(pilot) == "question"
        screen = drill_screen(pilot)
        drill = screen.drill
        assert drill.teams == ("Owls", "Foxes", "Bears")
        # 3 asked for, but the fixture deck has only 2 cards that can be true/false questions
        assert (drill.settings.timer, drill.total, drill.settings.seed) == (30, 2, 11)
        assert drill.settings.scoring == "confidence"
        assert drill.settings.types == ("truefalse",)
        assert all(q.kind == "truefalse" for q in drill.questions)
        await pilot.press("space")
        await settle(pilot)
        assert screen.query_one(Countdown).query_one("#countdown-digits").value == "30"
    with DrillStore.open() as store:
        [summary] = store.summaries()
    assert summary.teams == ("Owls", "Foxes", "Bears")


async def test_bad_settings_are_listed_and_nothing_starts() -> None:
    app = setup_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, "teams", "Red, red")
        await fill(pilot, "timer", "0")
        await fill(pilot, "types", "choice, essay")
        await pilot.click("#scoring-speed")
        await pilot.click("#start")
        await settle(pilot)
        assert isinstance(app.screen, DrillSetupScreen)
        shown = str(app.screen.query_one("#problems").render())
        assert "two teams have the same name" in shown
        assert "speed scoring needs a timer" in shown
        assert "question types: unknown question type 'essay'" in shown


async def test_an_unfinished_drill_is_offered_and_resumed() -> None:
    ctx = make_ctx()
    drill = make_drill(ctx.clock)
    with DrillStore.open() as store:
        store.create(drill)
    app = QuizApp(ctx, start=DrillSetupScreen(ctx, "drill-demo"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "ctrl+r resumes it" in str(app.screen.query_one("#resume-note").render())
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert showing(pilot) == "question"
        assert drill_screen(pilot).drill.id == drill.id


async def test_from_home_to_the_podium_and_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    isolate_decks(monkeypatch, tmp_path)
    app = QuizApp(AppContext(deck_dirs=[FIXTURES], clock=make_ctx().clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the home screen starts loading once painted
        await settle(pilot)
        home = app.screen
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DrillSetupScreen)
        assert app.screen.deck_id == "drill-demo"
        await fill(pilot, "count", "1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await press(pilot, "space", "space", "space", "space")
        assert showing(pilot) == "podium"
        await press(pilot, "escape")
        assert app.screen is home
        await press(pilot, "d", "escape")
        assert app.screen is home


def test_setup_snapshot(snap_compare: Any) -> None:
    assert snap_compare(setup_app(), terminal_size=SIZE)


def test_setup_problems_snapshot(snap_compare: Any) -> None:
    """What is wrong shows above the form, in view at 80x24 (it was drawn below the screen)."""

    async def wrong_settings(pilot: Any) -> None:
        await pilot.pause()  # the form is mounted
        await fill(pilot, "teams", "Red, red")
        await fill(pilot, "timer", "0")
        await fill(pilot, "types", "choice, essay")
        await pilot.click("#scoring-speed")
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(setup_app(), terminal_size=SIZE, run_before=wrong_settings)
