"""Every screen fits at 80x24 and at projector size: what is on the screen, read as a user
reads it (the text of the app's own screenshot), never a widget's private state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from drill_helpers import (
    LONG_OPTIONS,
    drill_app,
    make_ctx,
    make_run,
    right,
    run_on_deck,
    settle,
    wrong,
)
from test_tui_host_snapshots import host_app, served
from test_tui_host_snapshots import staged as staged_room
from textual.color import Color
from textual.pilot import Pilot
from tui_helpers import make_app, screen_lines, text_in

from quizapp.core.clock import FakeClock
from quizapp.core.decks.loader import load_deck_text
from quizapp.core.practice.questions import build_quiz
from quizapp.core.practice.quiz import QuizSession
from quizapp.core.srs.study import StudyEnd, Summary
from quizapp.live.netinfo import RoomAddress
from quizapp.tui.app import QuizApp
from quizapp.tui.keys import SCREEN_KEYS
from quizapp.tui.screens.drill_setup import DrillSetupScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.join import JoinScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.quiz_results import QuizResultsScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.screens.study_summary import StudySummaryScreen
from quizapp.tui.widgets.big_text import BigPrompt
from quizapp.tui.widgets.choice_tile import ChoiceTile
from tests.study_helpers import ALL_KINDS, DECK_ID, app_on, study_ctx
from tests.tui_helpers import START

SMALL = (80, 24)
LARGE = (160, 45)
Before = Callable[[Pilot[None]], Awaitable[None]]


async def idle(pilot: Pilot[None]) -> None:
    """Let the workers finish and the screen show what they found."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def bottom_line(app: QuizApp) -> str:
    return screen_lines(app)[-1]


async def footer_line(pilot: Pilot[None]) -> str:
    """The footer's line once its keys are drawn (the footer composes after the screen's
    bindings are known, a refresh or two after the screen is shown)."""
    for _ in range(20):
        if bottom_line(pilot.app).strip():  # type: ignore[arg-type]
            break
        await pilot.pause()
    return bottom_line(pilot.app)  # type: ignore[arg-type]


def answered_quiz(deck_text: str) -> tuple[Any, Any]:
    """A quiz of `deck_text` (seed 3), every third answer wrong, graded by the core."""
    deck = load_deck_text(deck_text)
    session = QuizSession(build_quiz(deck, seed=3), FakeClock(START))
    for n, question in enumerate(session.questions):
        c = question.correct
        right_answer = n % 3 != 0
        if question.kind == "typed":
            session.answer(question.accepted[0] if right_answer else "nonsense")
        elif question.kind == "truefalse":
            session.answer((c == (0,)) == right_answer)
        elif question.kind in ("choice",):
            others = [i for i in range(len(question.options)) if i not in c]
            session.answer(c[0] if right_answer else others[0])
        else:
            session.answer(c)
        session.next()
    return deck, session.results()


# -- F1 Help in every footer at 80 columns ----------------------------------------------------


def every_screen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> QuizApp:
    if name == "home":
        return make_app(monkeypatch, tmp_path)
    if name in ("study", "study summary", "quiz", "quiz results"):
        ctx = study_ctx(monkeypatch, tmp_path)
        if name == "study":
            return app_on(ctx, StudyScreen(ctx, [DECK_ID]))
        if name == "quiz":
            return app_on(ctx, QuizScreen(ctx, DECK_ID, seed=3))
        if name == "quiz results":
            deck, results = answered_quiz(ALL_KINDS)
            return app_on(ctx, QuizResultsScreen(ctx, deck, results))
        summary = Summary(cards=9, again=0, time_ms=0, next_due=START + timedelta(days=6))
        end = StudyEnd(summary, learning_later=0, tz=UTC, started_empty=False)
        return app_on(ctx, StudySummaryScreen(ctx, end))
    if name == "drill setup":
        ctx = make_ctx()
        return QuizApp(ctx, start=DrillSetupScreen(ctx, "drill-demo"))
    if name.startswith("drill "):
        run = make_run(teams=("Red", "Blue", "Green"), count=2, scoring="speed")
        d = run.drill
        stop = name.removeprefix("drill ")
        if stop != "ready":
            d.start()
            d.set_choice(0, right(d))
        if stop in ("answer", "board", "podium"):
            d.reveal()
        if stop in ("board", "podium"):
            d.advance()
        if stop == "podium":
            d.end()
        return drill_app(run)
    if name == "help":
        ctx = make_ctx()
        return QuizApp(ctx, start=HelpScreen(ctx, SCREEN_KEYS, current="Home"))
    if name == "join":
        ctx = make_ctx()
        address = RoomAddress("http://127.0.0.1:9", "123456", "abcdefgh")  # nobody there
        return QuizApp(ctx, start=JoinScreen(address, "Ana"))
    raise AssertionError(name)


SCREENS = [
    "home",
    "study",
    "study summary",
    "quiz",
    "quiz results",
    "drill setup",
    "drill ready",
    "drill question",
    "drill answer",
    "drill board",
    "drill podium",
    "help",
    "join",
]


@pytest.mark.parametrize("name", SCREENS)
async def test_f1_help_is_in_the_footer_at_80_columns(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = every_screen(monkeypatch, tmp_path, name)
    async with app.run_test(size=SMALL) as pilot:
        if name == "join":  # its connection worker retries until it is closed: no waiting
            for _ in range(3):
                await pilot.pause()
        else:
            await idle(pilot)
        line = await footer_line(pilot)
        assert line.rstrip().endswith("F1 Help ▏^p palette"), line


@pytest.mark.parametrize("stop", ["lobby", "question", "locked-typed", "reveal", "board", "end"])
async def test_f1_help_is_in_the_host_screens_footer_at_80_columns(stop: str) -> None:
    app = host_app(staged_room(stop))
    async with app.run_test(size=SMALL) as pilot:
        await served(pilot)
        line = await footer_line(pilot)
        assert "F1 Help" in line, line


async def test_keys_that_do_not_fit_are_left_out_whole_and_help_lists_them() -> None:
    run = make_run(teams=("Red", "Blue"))
    run.drill.start()
    app = drill_app(run)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        line = await footer_line(pilot)
        assert line.startswith("space Reveal 1-9 Team A-D Letter p Pause")
        assert "… " in line and "e End" not in line  # End does not fit: left out, not cut
    run = make_run(teams=("Red", "Blue"))
    run.drill.start()
    app = drill_app(run)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        line = await footer_line(pilot)
        assert "e End" in line and "…" not in line


# -- drill tiles grow to their text -----------------------------------------------------------


@pytest.mark.parametrize("size", [SMALL, LARGE])
@pytest.mark.parametrize("teams", [2, 6])
@pytest.mark.parametrize("stop", ["open", "revealed"])
async def test_a_tile_shows_every_word_of_a_long_option(
    size: tuple[int, int], teams: int, stop: str
) -> None:
    names = tuple(f"Team {i + 1}" for i in range(teams))
    run = run_on_deck(LONG_OPTIONS, count=1, types=("choice",), teams=names)
    d = run.drill
    d.start()
    if stop == "revealed":
        d.set_choice(0, right(d))
        d.set_choice(1, wrong(d))
        d.reveal()
    app = drill_app(run)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        tiles = list(app.screen.query(ChoiceTile))
        assert len(tiles) == 4
        for tile in tiles:
            tile.scroll_visible(animate=False, immediate=True)  # a short screen scrolls
            await pilot.pause()
            shown = text_in(app, tile.region).split()
            missing = [w for w in tile.text.split() if w not in shown]
            assert not missing, f"tile {tile.letter} lost {missing}: {shown}"


# -- the drill setup's problems are in view ---------------------------------------------------


async def test_the_setup_problems_show_in_view_at_80x24() -> None:
    ctx = make_ctx()
    app = QuizApp(ctx, start=DrillSetupScreen(ctx, "drill-demo"))
    async with app.run_test(size=SMALL) as pilot:
        await idle(pilot)
        screen = app.screen
        screen.query_one("#teams").value = "Red, red"  # type: ignore[attr-defined]
        screen.query_one("#timer").value = "0"  # type: ignore[attr-defined]
        screen.query_one("#types").value = "choice, essay"  # type: ignore[attr-defined]
        await pilot.click("#scoring-speed")
        screen.query_one("#start").focus()  # the bottom of the form: it scrolled down
        await pilot.pause()
        await pilot.press("ctrl+s")
        await idle(pilot)
        assert isinstance(app.screen, DrillSetupScreen)
        problems = screen.query_one("#problems").region
        assert problems.height >= 3 and problems.bottom <= SMALL[1] - 1  # above the footer
        shown = text_in(app, problems)
        for expected in (
            "two teams have the same name",
            "speed scoring needs a timer",
            "unknown question type 'essay'",
        ):
            assert expected in shown


# -- quiz results use the width ---------------------------------------------------------------


async def test_quiz_results_show_each_question_whole_at_160_columns(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = every_screen(monkeypatch, tmp_path, "quiz results")
    async with app.run_test(size=LARGE) as pilot:
        await idle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizResultsScreen)
        lines = screen_lines(app)
        head = next(line for line in lines if "Your answer" in line)
        assert head.index("Your answer") - head.index("Question") >= 60
        assert head.index("Right answer") > 110
        table = text_in(app, screen.query_one("#results-table").region)
        for answer in screen.results.answers:
            assert answer.prompt in table
    (tmp_path / "small").mkdir()
    app = every_screen(monkeypatch, tmp_path / "small", "quiz results")
    async with app.run_test(size=SMALL) as pilot:
        await idle(pilot)
        head = next(line for line in screen_lines(app) if "Your answer" in line)
        assert "Right answer" in head  # every column at 80 too


# -- the big question on a projector ----------------------------------------------------------


async def test_a_short_question_is_big_on_a_projector_and_plain_at_80x24() -> None:
    for size, big in ((LARGE, True), (SMALL, False)):
        run = make_run(teams=("Red", "Blue"))
        run.drill.start()
        prompt_text = run.drill.question.prompt
        app = drill_app(run)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            prompt = app.screen.query_one("#prompt", BigPrompt)
            assert prompt.is_big == big
            shown = text_in(app, prompt.region)
            if big:
                assert "█" in shown and prompt_text not in shown
            else:
                assert prompt_text in shown


LONG_PROMPT = "Which of these best describes what the 1992 treaty set up between its members?"
VERY_LONG_PROMPT = (
    "Read the four descriptions below carefully, think about which of them matches what the"
    " 1992 treaty actually set up between its members, and then choose the one that best"
    " describes it, bearing in mind that the later changes to it do not count here?"
)


async def test_a_question_too_long_for_big_letters_stays_readable_text_at_160x45() -> None:
    """A question that fits in big letters is drawn big even when long (four lines of them at
    160x45); one that would not fit is ordinary text, whole."""
    assert LONG_PROMPT in LONG_OPTIONS
    for text, big in (
        (LONG_OPTIONS, True),
        (LONG_OPTIONS.replace(LONG_PROMPT, VERY_LONG_PROMPT), False),
    ):
        run = run_on_deck(text, count=1, types=("choice",), teams=("Red", "Blue"))
        run.drill.start()
        app = drill_app(run)
        async with app.run_test(size=LARGE) as pilot:
            await settle(pilot)
            prompt = app.screen.query_one("#prompt", BigPrompt)
            assert prompt.is_big == big
            if not big:
                assert run.drill.question.prompt in text_in(app, prompt.region)


async def test_the_host_screens_question_is_big_at_160x45() -> None:
    room = staged_room("question")
    app = host_app(room)
    async with app.run_test(size=LARGE) as pilot:
        await served(pilot)
        prompt = app.screen.query_one("#prompt", BigPrompt)
        assert prompt.is_big
        assert prompt.region.height >= 9  # two lines of big letters
    app = host_app(staged_room("question"))
    async with app.run_test(size=SMALL) as pilot:
        await served(pilot)
        prompt = app.screen.query_one("#prompt", BigPrompt)
        assert not prompt.is_big and room.question.prompt in text_in(app, prompt.region)


# -- team colours -----------------------------------------------------------------------------


async def test_each_team_badge_has_its_slots_theme_colour() -> None:
    run = make_run(teams=("Red", "Blue", "Green"))
    run.drill.start()
    app = drill_app(run)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            for team, variable in enumerate(("error", "primary", "success")):
                badge = app.screen.query_one(f"#team-{team + 1}")
                expected = Color.parse(app.theme_variables[variable])
                assert badge.styles.border_top[1] == expected, (theme, team)
