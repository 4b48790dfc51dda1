"""Any text in any deck field renders on every screen without an exception (Hypothesis).

Each example writes a deck whose every field holds generated text (any character, markup,
escape sequences), then drives one app through the screens a learner meets: home, the
palette, study (front and back), a quiz to its results, and a drill (question, answer,
podium). Few examples, one app each, so that it stays fast.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.command import CommandPalette
from textual.widgets import Input

from quizapp.core import paths
from quizapp.core.classroom.drill import DrillSettings, new_drill, parse_teams
from quizapp.core.classroom.drill_store import DrillStore
from quizapp.core.decks.cache import load_decks_cached
from quizapp.core.decks.loader import load_deck_text
from quizapp.core.untrusted import safe_text
from quizapp.tui.app import QuizApp
from quizapp.tui.messages import OpenQuiz, OpenStudy
from quizapp.tui.screens.drill import DrillScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.quiz_results import QuizResultsScreen
from quizapp.tui.screens.study import StudyScreen
from tests.hostile_helpers import (
    CLICK_QUIT,
    CSI,
    LINK,
    MARKUP,
    OSC0,
    OSC8,
    OSC52,
    TYPED_UNBALANCED,
    UNBALANCED,
    q,
)
from tests.study_helpers import right_keys
from tests.test_hostile_tui import assert_clean
from tests.tui_helpers import make_ctx

pytestmark = pytest.mark.slow

SIZE = (100, 30)
HOSTILE = st.sampled_from(
    [CLICK_QUIT, LINK, UNBALANCED, TYPED_UNBALANCED, OSC52, OSC0, OSC8, CSI, MARKUP, "[", "\\"]
)
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    HOSTILE,
    st.lists(HOSTILE, min_size=2, max_size=4).map("".join),
)
FIELDS = ("title", "front", "back", "explain", "hint", "typed", "choice", "item", "left", "team")


def deck_text(t: dict[str, str]) -> str:
    """A deck of every card type, each field `label + text` (so none is empty)."""

    def f(label: str, key: str) -> str:
        return q(f"{label} {t[key]}")

    cloze = t["back"].replace("{{", "{ {")
    return f"""\
id: gen
title: {f("T", "title")}
description: {f("D", "explain")}
cards:
  - id: basic
    front: {f("F", "front")}
    back: {f("B", "back")}
    explain: {f("E", "explain")}
    hint: {f("H", "hint")}
    source: {f("S", "item")}
  - id: typed
    type: typed
    question: {f("Q", "typed")}
    answer: {f("A", "back")}
  - id: cloze
    type: cloze
    text: {q("C " + cloze + " {{c1::gap}}")}
  - id: choice
    type: choice
    question: {f("Q", "front")}
    choices: [{f("1", "choice")}, {f("2", "choice")}, {f("3", "choice")}]
    answer: {f("1", "choice")}
  - id: tf
    type: truefalse
    statement: {f("S", "typed")}
    answer: false
  - id: order
    type: order
    question: {f("O", "title")}
    items: [{f("1", "item")}, {f("2", "item")}, {f("3", "item")}]
  - id: match
    type: match
    question: {f("M", "hint")}
    pairs: {{{f("1", "left")}: {f("a", "item")}, {f("2", "left")}: {f("b", "item")}}}
"""


async def until(pilot: object, check: object, what: str) -> None:
    for _ in range(300):
        await pilot.pause()  # type: ignore[attr-defined]
        if check():  # type: ignore[operator]
            return
    raise AssertionError(f"never reached {what}")


async def drive(folder: Path, texts: dict[str, str]) -> None:
    ctx = make_ctx(folder)
    app = QuizApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_clean(app)  # home
        deck = ctx.decks.get("gen")
        assert deck is not None, [b.problems for b in ctx.decks.broken]
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        # what a learner would type: the title as the home screen shows it
        app.screen.query_one(Input).value = safe_text(texts["title"])[:3] or "T"
        await pilot.pause(0.05)
        assert_clean(app)
        await pilot.press("escape")
        await pilot.pause()

        app.post_message(OpenStudy(["gen"]))
        await until(pilot, lambda: isinstance(app.screen, StudyScreen), "study")
        study = app.screen
        assert isinstance(study, StudyScreen)
        await until(pilot, lambda: study.phase == "front", "a card")
        assert_clean(app)
        if isinstance(app.focused, Input):
            app.screen.set_focus(None)
        await pilot.press("space")
        await until(pilot, lambda: study.phase == "back", "its back")
        assert_clean(app)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, StudyScreen), "the summary")
        app.pop_screen()
        await pilot.pause()

        app.post_message(OpenQuiz("gen", count=3, seed=1))
        await until(pilot, lambda: isinstance(app.screen, QuizScreen), "the quiz")
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await until(pilot, lambda: quiz.phase == "asking", "a question")
        assert_clean(app)
        assert quiz.session is not None and quiz.session.current is not None
        await pilot.press(*right_keys(quiz.session.current))
        await until(pilot, lambda: quiz.phase == "feedback", "the feedback")
        assert_clean(app)
        if isinstance(app.focused, Input):
            app.screen.set_focus(None)
        await pilot.press("escape")  # end the quiz: the results
        await until(pilot, lambda: isinstance(app.screen, QuizResultsScreen), "the results")
        assert_clean(app)
        app.pop_screen()
        await pilot.pause()

        teams = parse_teams(f"{texts['team']}1,{texts['team']}2")
        if DrillSettings(teams=teams).problems():
            teams = ("A", "B")
        drill = new_drill(deck, DrillSettings(teams=teams, count=2, seed=1), ctx.clock)
        store = DrillStore.open()
        store.create(drill)
        app.push_screen(DrillScreen(ctx, drill, store))
        await until(pilot, lambda: isinstance(app.screen, DrillScreen), "the drill")
        for key in ("space", "space", "e", "e"):  # open, reveal, end, podium
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert_clean(app)
        assert app.is_running


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(texts=st.fixed_dictionaries({name: TEXT for name in FIELDS}))
def test_any_text_in_any_deck_field_renders_on_every_screen(
    texts: dict[str, str], tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path_factory.mktemp("render")
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(root / "data"))
    empty = root / "no-bundled"
    empty.mkdir()
    monkeypatch.setattr(paths, "bundled_decks_dir", lambda: empty)
    folder = root / "decks"
    folder.mkdir()
    (folder / "gen.yaml").write_text(deck_text(texts), encoding="utf-8")
    assert "gen" in load_decks_cached([folder]).decks, "the generated deck loads"
    asyncio.run(drive(folder, texts))


def test_the_generated_deck_shape_loads() -> None:
    """The deck the property writes is valid for plain text (so the screens are reached)."""
    deck = load_deck_text(deck_text({name: "x" for name in FIELDS}))
    assert len(deck.cards) == 7
