"""The quiz screen through Pilot: every question kind, feedback, override, results, retry."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from quizapp.core.srs.store import Store
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.quiz_results import QuizResultsScreen
from quizapp.tui.widgets.feedback import Feedback
from tests.study_helpers import (
    DECK_ID,
    app_on,
    join_store_threads,
    right_keys,
    stored_sessions,
    study_ctx,
    wait_for_screen,
    wrong_keys,
)
from tests.tui_helpers import isolate_decks, make_ctx

SIZE = (80, 24)


async def wait_for_phase(pilot: Pilot[None], screen: QuizScreen, phase: str) -> None:
    for _ in range(200):
        await pilot.pause()
        if screen.phase == phase:
            return
    raise AssertionError(f"quiz never reached {phase!r} (at {screen.phase!r})")


async def answer(pilot: Pilot[None], screen: QuizScreen, keys: list[str]) -> None:
    await pilot.press(*keys)
    await wait_for_phase(pilot, screen, "feedback")


@pytest.mark.parametrize("kind", ["choice", "multi", "typed", "truefalse", "order", "match"])
async def test_each_kind_right_then_wrong(
    kind: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = QuizScreen(ctx, DECK_ID, types={kind}, seed=3, count=1)
    app = app_on(ctx, screen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_phase(pilot, screen, "asking")
        assert screen.session is not None
        question = screen.session.current
        assert question is not None and question.kind == kind
        await answer(pilot, screen, right_keys(question))
        feedback = screen.query_one(Feedback)
        assert feedback.has_class("-right")
        assert "✔ Right" in str(feedback.query_one(".feedback-verdict").render())
        await pilot.press("enter")
        await wait_for_screen(pilot, QuizResultsScreen)
        assert isinstance(app.screen, QuizResultsScreen)
        assert app.screen.results.score == 1
        await pilot.press("r")  # nothing missed: retry does nothing
        assert isinstance(app.screen, QuizResultsScreen)

    screen = QuizScreen(ctx, DECK_ID, types={kind}, seed=3, count=1)
    app = app_on(ctx, screen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_phase(pilot, screen, "asking")
        assert screen.session is not None and screen.session.current is not None
        await answer(pilot, screen, wrong_keys(screen.session.current))
        assert screen.query_one(Feedback).has_class("-wrong")
        await pilot.press("enter")
        await wait_for_screen(pilot, QuizResultsScreen)
        assert isinstance(app.screen, QuizResultsScreen)
        assert app.screen.results.score == 0


async def test_typed_typo_and_accents_count_and_show_spelling(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = QuizScreen(ctx, DECK_ID, types={"typed"}, seed=1)
    app = app_on(ctx, screen)
    typed = {"capital": "YEREVÁN", "president": "Sadyr Japarow", "org-name": " csto"}
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_phase(pilot, screen, "asking")
        session = screen.session
        assert session is not None
        while not session.done:
            question = session.current
            assert question is not None
            text = typed.get(question.item.card.id, question.accepted[0])
            await answer(pilot, screen, [*text, "enter"])
            assert session.last is not None and session.last.correct, text
            if question.item.card.id == "president":
                note = str(screen.query_one(".feedback-note").render())
                assert "Sadyr Japarov" in note and "typo" in note
            last = session.index + 1 == session.total
            await pilot.press("enter")
            if not last:
                await wait_for_phase(pilot, screen, "asking")
        await wait_for_screen(pilot, QuizResultsScreen)
        assert isinstance(app.screen, QuizResultsScreen)
        assert app.screen.results.score == app.screen.results.total


async def test_override_counts_a_wrong_typed_answer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = QuizScreen(ctx, DECK_ID, types={"typed"}, seed=1, count=1)
    app = app_on(ctx, screen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_phase(pilot, screen, "asking")
        await answer(pilot, screen, [*"Tbilisi", "enter"])
        assert screen.query_one(Feedback).has_class("-wrong")
        await pilot.press("o")
        await wait_for_phase(pilot, screen, "feedback")
        assert screen.query_one(Feedback).has_class("-right")
        assert screen.session is not None and screen.session.last is not None
        assert screen.session.last.overridden
        await pilot.press("enter")
        await wait_for_screen(pilot, QuizResultsScreen)
        assert isinstance(app.screen, QuizResultsScreen)
        assert app.screen.results.score == 1
        detail = str(app.screen.query_one("#results-detail").render())
        assert detail.startswith("✔*") and "(* you said you were right)" in detail
    with Store.open("default", ctx.clock) as store:
        entries = list(store.log(deck_id=DECK_ID))
    assert len(entries) == 1
    assert entries[0].overridden and entries[0].correct and entries[0].rating == 3


async def test_results_list_every_answer_and_retry_asks_the_missed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = QuizScreen(ctx, DECK_ID, types={"choice", "truefalse"}, seed=5)
    app = app_on(ctx, screen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_phase(pilot, screen, "asking")
        session = screen.session
        assert session is not None
        assert session.total == 2
        first, second = session.questions
        await answer(pilot, screen, wrong_keys(first))
        await pilot.press("enter")
        await wait_for_phase(pilot, screen, "asking")
        await answer(pilot, screen, right_keys(second))
        await pilot.press("enter")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, QuizResultsScreen)
        assert (results.results.score, results.results.total) == (1, 2)
        table = results.query_one("DataTable")
        assert table.row_count == 2  # type: ignore[attr-defined]
        await pilot.press("r")
        await pilot.pause()
        retry = app.screen
        assert isinstance(retry, QuizScreen)
        await wait_for_phase(pilot, retry, "asking")
        assert retry.session is not None
        assert [q.item.id for q in retry.session.questions] == [first.item.id]
        await answer(pilot, retry, right_keys(retry.session.questions[0]))
        await pilot.press("enter")
        await wait_for_screen(pilot, QuizResultsScreen)
        assert isinstance(app.screen, QuizResultsScreen)
        assert app.screen.results.score == 1
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


async def test_no_schedule_logs_without_rescheduling(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = QuizScreen(ctx, DECK_ID, types={"truefalse"}, seed=1, schedule=False)
    app = app_on(ctx, screen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_phase(pilot, screen, "asking")
        assert screen.session is not None and screen.session.current is not None
        await answer(pilot, screen, right_keys(screen.session.current))
    with Store.open("default", ctx.clock) as store:
        entries = list(store.log(deck_id=DECK_ID))
        stored = store.conn.execute("SELECT count(*) FROM card_state WHERE deck_id = ?", (DECK_ID,))
        assert stored.fetchone()[0] == 0
    assert len(entries) == 1 and not entries[0].rescheduled


async def test_mouse_answers_a_choice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = QuizScreen(ctx, DECK_ID, types={"choice"}, seed=3, count=1)
    app = app_on(ctx, screen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_phase(pilot, screen, "asking")
        assert screen.session is not None and screen.session.current is not None
        right = screen.session.current.correct[0]
        options = list(screen.query("ChoiceOption"))
        await pilot.click(options[right])
        await wait_for_phase(pilot, screen, "feedback")
        assert screen.session.last is not None and screen.session.last.correct


async def test_unknown_deck_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = QuizScreen(ctx, "no-such-deck")
    app = app_on(ctx, screen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_phase(pilot, screen, "failed")
        assert "no-such-deck" in str(screen.query_one("#quiz-kind").render())
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


async def test_match_usable_at_60x20(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = QuizScreen(ctx, DECK_ID, types={"match"}, seed=3, count=1)
    app = app_on(ctx, screen)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for_phase(pilot, screen, "asking")
        visible = app.screen.region
        for row in [*screen.query("MatchLeft"), *screen.query("MatchRight")]:
            assert visible.contains_region(row.region), row.region
        assert screen.session is not None and screen.session.current is not None
        await answer(pilot, screen, right_keys(screen.session.current))
        assert screen.query_one(Feedback).has_class("-right")


async def test_quitting_mid_quiz_keeps_the_answer_and_ends_the_session(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = QuizScreen(ctx, DECK_ID, types={"truefalse", "choice"}, seed=5)
    app = app_on(ctx, screen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_phase(pilot, screen, "asking")
        assert screen.session is not None and screen.session.current is not None
        await pilot.press(*right_keys(screen.session.current), "ctrl+q")  # before the feedback
    join_store_threads()
    with Store.open("default", ctx.clock) as store:
        assert [e.correct for e in store.log(deck_id=DECK_ID)] == [True]
    assert stored_sessions() == [("quiz", True)]


NEIGHBOURS = """\
id: neighbours
title: Neighbours
description: Countries whose names look alike.
cards:
  - id: ljubljana
    type: typed
    question: Ljubljana is the capital of which country?
    answer: Slovenia
    kind: country
  - id: bratislava
    type: typed
    question: Bratislava is the capital of which country?
    answer: Slovakia
    kind: country
"""


async def test_a_wrong_typed_answer_says_why_and_offers_i_was_right(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The grader's reason ("that is Slovakia, not Slovenia") reaches the learner, and only a
    typed answer offers "I was right"."""
    isolate_decks(monkeypatch, tmp_path)
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "neighbours.yaml").write_text(NEIGHBOURS, encoding="utf-8")
    ctx = make_ctx(folder)
    screen = QuizScreen(ctx, "neighbours", types={"typed"}, seed=3)
    app = app_on(ctx, screen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_phase(pilot, screen, "asking")
        session = screen.session
        assert session is not None and session.current is not None
        right = session.current.accepted[0]
        other = "Slovakia" if right == "Slovenia" else "Slovenia"
        await answer(pilot, screen, [*other, "enter"])
        note = str(screen.query_one(".feedback-note").render())
        assert f"that is {other}, not {right}" in note
        assert "Press o if you were right" in note
        assert screen.check_action("override", ())
