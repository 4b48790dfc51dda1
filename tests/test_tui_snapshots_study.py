"""SVG snapshots of the study and quiz screens at 80x24 (fixed clock, seeds and decks).

Update with `pytest tests/test_tui_snapshots_study.py --snapshot-update` and look at the
report before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from quizapp.core.clock import FakeClock
from quizapp.core.decks.loader import load_deck_text
from quizapp.core.practice.questions import Question, build_quiz
from quizapp.core.practice.quiz import QuizSession
from quizapp.core.srs.study import StudyEnd, Summary
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.quiz_results import QuizResultsScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.screens.study_summary import StudySummaryScreen
from tests.study_helpers import ALL_KINDS, DECK_ID, app_on, study_ctx
from tests.tui_helpers import START

SIZE = (80, 24)
KINDS = ["choice", "multi", "typed", "truefalse", "order", "match"]
RunBefore = Callable[[Pilot[None]], Awaitable[None]]


async def settle(pilot: Pilot[None], screen: Any, *phases: str) -> None:
    """Wait for the screen's workers, then stop the cursor blinking (for a stable picture)."""
    for _ in range(300):
        await pilot.pause()
        if screen.phase in phases:
            break
    else:
        raise AssertionError(f"never reached {phases} (at {screen.phase!r})")
    for box in pilot.app.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def study_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Any, StudyScreen]:
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = StudyScreen(ctx, [DECK_ID])
    return app_on(ctx, screen), screen


def quiz_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **options: Any
) -> tuple[Any, QuizScreen]:
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = QuizScreen(ctx, DECK_ID, seed=3, **options)
    return app_on(ctx, screen), screen


def test_study_front(snap_compare: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app, screen = study_app(monkeypatch, tmp_path)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot, screen, "front")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_study_back(snap_compare: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app, screen = study_app(monkeypatch, tmp_path)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot, screen, "front")
        await pilot.press("space")
        await settle(pilot, screen, "back")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_study_typed_wrong_proposes_again(
    snap_compare: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app, screen = study_app(monkeypatch, tmp_path)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot, screen, "front")
        await pilot.press("space")
        await settle(pilot, screen, "back")
        await pilot.press("4")
        await settle(pilot, screen, "front")
        await pilot.press(*"Tbilisi", "enter")
        await settle(pilot, screen, "back")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_study_summary(snap_compare: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The end of a session of the 9 cards, built as the session builds it (no keys played).
    ctx = study_ctx(monkeypatch, tmp_path)
    summary = Summary(cards=9, again=0, time_ms=0, next_due=START + timedelta(days=6))
    end = StudyEnd(summary, learning_later=0, tz=UTC, started_empty=False)
    app = app_on(ctx, StudySummaryScreen(ctx, end))
    assert snap_compare(app, terminal_size=SIZE)


@pytest.mark.parametrize("kind", KINDS)
def test_quiz_question(
    kind: str, snap_compare: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app, screen = quiz_app(monkeypatch, tmp_path, types={kind}, count=1)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot, screen, "asking")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_quiz_feedback_wrong_typed(
    snap_compare: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app, screen = quiz_app(monkeypatch, tmp_path, types={"typed"}, count=1)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot, screen, "asking")
        await pilot.press(*"Tbilisi", "enter")
        await settle(pilot, screen, "feedback")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def response(question: Question, right: bool) -> object:
    """What the answer widget sends for a right (or a wrong) answer to `question`."""
    c = question.correct
    if question.kind == "typed":
        return question.accepted[0] if right else "nonsense"
    if question.kind == "truefalse":
        return (c == (0,)) == right
    if question.kind == "choice":
        return c[0] if right else next(i for i in range(len(question.options)) if i not in c)
    if question.kind == "multi":
        return c if right else (next(i for i in range(len(question.options)) if i not in c),)
    if question.kind == "order":
        return c if right else tuple(reversed(c))
    return c if right else tuple((i + 1) % len(question.options) for i in c)


def test_quiz_results(snap_compare: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A quiz of the fixture deck (seed 3), every third answer wrong, graded by the core.
    ctx = study_ctx(monkeypatch, tmp_path)
    deck = load_deck_text(ALL_KINDS)
    session = QuizSession(build_quiz(deck, seed=3), FakeClock(START))
    for n, question in enumerate(session.questions):
        session.answer(response(question, right=n % 3 != 0))
        session.next()
    app = app_on(ctx, QuizResultsScreen(ctx, deck, session.results()))
    assert snap_compare(app, terminal_size=SIZE)


def test_quiz_results_at_160x45(
    snap_compare: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """On a projector the questions use the width (half of it), never cut at ~34 characters."""
    ctx = study_ctx(monkeypatch, tmp_path)
    deck = load_deck_text(ALL_KINDS)
    session = QuizSession(build_quiz(deck, seed=3), FakeClock(START))
    for n, question in enumerate(session.questions):
        session.answer(response(question, right=n % 3 != 0))
        session.next()
    app = app_on(ctx, QuizResultsScreen(ctx, deck, session.results()))
    assert snap_compare(app, terminal_size=(160, 45))
