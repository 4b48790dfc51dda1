"""SVG snapshots of the study and quiz screens at 80x24 (fixed clock, seeds and decks).

Update with `pytest tests/test_tui_snapshots_study.py --snapshot-update` and look at the
report before committing the new SVGs.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from quizapp.core.config import Config, save_config
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.study import StudyScreen
from tests.study_helpers import DECK_ID, app_on, right_keys, study_ctx, wrong_keys

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


@pytest.fixture
def utc_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Local times on screen in UTC whatever the machine's zone."""
    study_ctx(monkeypatch, tmp_path)
    save_config(Config(timezone="UTC"))


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


def test_study_summary(
    snap_compare: Any, utc_config: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app, screen = study_app(monkeypatch, tmp_path)

    async def run_before(pilot: Pilot[None]) -> None:
        random.seed(7)  # py-fsrs fuzzes intervals with the global `random`: the next due date
        await settle(pilot, screen, "front")
        while screen.phase == "front":
            if screen.question is None:
                await pilot.press("space")
            else:
                await pilot.press(*wrong_keys(screen.question))
            await settle(pilot, screen, "back")
            await pilot.press("4")
            await settle(pilot, screen, "front", "done")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


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


def test_quiz_results(snap_compare: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app, screen = quiz_app(monkeypatch, tmp_path)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot, screen, "asking")
        session = screen.session
        assert session is not None
        n = 0
        while not session.done:
            question = session.current
            assert question is not None
            keys = wrong_keys(question) if n % 3 == 0 else right_keys(question)
            await pilot.press(*keys)
            await settle(pilot, screen, "feedback")
            await pilot.press("enter")
            if not session.done:
                await settle(pilot, screen, "asking")
            n += 1
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
