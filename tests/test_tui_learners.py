"""Issue 10 through Pilot: unsuspending from the home screen, a quiz from home within the day's
new-card limit, "I was right" only for typed answers, and the drill setup's count report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from quizapp.core import config
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.store import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.drill import DrillScreen
from quizapp.tui.screens.drill_setup import DrillSetupScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.quiz_results import QuizResultsScreen
from tests.study_helpers import DECK_ID, app_on, join_store_threads, study_ctx, wrong_keys
from tests.tui_helpers import make_app, record_notifications

SIZE = (80, 24)


async def settle(app: QuizApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def row(app: QuizApp, index: int) -> list[str]:
    return [str(c) for c in app.screen.query_one(DataTable).get_row_at(index)]


def detail(app: QuizApp) -> str:
    return str(app.screen.query_one("#detail", Static).render())


async def test_home_offers_unsuspend_for_a_deck_with_suspended_cards(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    notified = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert not home.check_action("unsuspend", ())  # nothing is suspended yet
        capitals = app.ctx.decks.decks["capitals"].items()
        with Answering.open("default", app.ctx.clock) as answering:
            answering.suspend(capitals[0])
            answering.suspend(capitals[1])
        home.action_reload()
        await settle(app, pilot)
        assert row(app, 0)[1:] == ["1", "0", "0", "3"]  # capitals: two of three suspended
        assert "2 suspended (U: unsuspend)" in detail(app)
        assert home.check_action("unsuspend", ())
        await pilot.press("down")  # the treaty deck has none: no U
        assert not home.check_action("unsuspend", ())
        await pilot.press("up", "U")
        assert "Bring back the 2 suspended cards of “Capitals" in detail(app)
        await pilot.press("n")  # changed my mind
        assert home.confirming is None and "2 suspended (U: unsuspend)" in detail(app)
        await pilot.press("U", "y")
        await settle(app, pilot)
        await settle(app, pilot)
        assert "2 cards of “Capitals of the South Caucasus” brought back." in notified
        assert row(app, 0)[1:] == ["3", "0", "0", "3"]
        assert not home.check_action("unsuspend", ())
        assert "suspended" not in detail(app)
    with Store.open("default") as store:
        assert not any(store.state(it).suspended for it in capitals)


async def test_a_quiz_from_home_starts_no_more_new_cards_than_the_day_allows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    config.set_value("new_per_day", 1)  # room for one new card today
    notified = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "z")  # quiz the treaty deck: three new cards
        for _ in range(200):
            await pilot.pause()
            screen = app.screen
            if isinstance(screen, QuizScreen) and screen.phase == "asking":
                break
        assert isinstance(screen, QuizScreen) and screen.session is not None
        session = screen.session
        assert (
            "Today's new-card limit leaves room for 1 new card: 2 of the quiz's 3 new cards"
            " are asked without scheduling (they stay new for another day)."
        ) in notified
        titles = []
        while isinstance(app.screen, QuizScreen):
            question = session.current
            assert question is not None
            await pilot.press(*wrong_keys(question))
            for _ in range(200):
                await pilot.pause()
                if screen.phase == "feedback":
                    break
            titles.append(str(screen.panel.query_one(".card-title").render()))
            await pilot.press("enter")
            for _ in range(200):
                await pilot.pause()
                if screen.phase == "asking" or isinstance(app.screen, QuizResultsScreen):
                    break
        assert [t.endswith("(not scheduled)") for t in titles] == [False, True, True]
    join_store_threads()
    with Store.open("default") as store:
        log = list(store.log(deck_id="treaty"))
        started = [it for it in app.ctx.decks.decks["treaty"].items() if store.state(it).reps]
    assert [e.rescheduled for e in log] == [True, False, False]
    assert len(started) == 1


async def test_i_was_right_only_for_typed_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx = study_ctx(monkeypatch, tmp_path)
    for kind, offered in (("choice", False), ("truefalse", False), ("typed", True)):
        screen = QuizScreen(ctx, DECK_ID, types={kind}, seed=3, count=1)
        app = app_on(ctx, screen)
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(200):
                await pilot.pause()
                if screen.phase == "asking":
                    break
            assert screen.session is not None and screen.session.current is not None
            await pilot.press(*wrong_keys(screen.session.current))
            for _ in range(200):
                await pilot.pause()
                if screen.phase == "feedback":
                    break
            assert bool(screen.check_action("override", ())) is offered, kind
            await pilot.press("o")
            await pilot.pause()
            assert screen.session.last is not None
            assert screen.session.last.overridden is offered, kind
        join_store_threads()


async def test_drill_setup_says_when_the_deck_makes_fewer_questions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    notified = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "d")  # the treaty deck: one choice, one true/false card
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, DrillSetupScreen):
                break
        count = app.screen.query_one("#count", Input)
        count.value = "25"
        await pilot.press("ctrl+s")
        for _ in range(200):
            await pilot.pause()
            if isinstance(app.screen, DrillScreen):
                break
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.drill.total == 2
        assert (
            "The deck makes only 2 questions of these types; the drill has 2 (not 25)." in notified
        )
