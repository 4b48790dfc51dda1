"""The study screen through Pilot: reveal, grading with a proposed rating, undo, suspend,
studying a deck to the end and the summary."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp.core.srs.answering import Answering
from quizapp.core.srs.store import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.context import AppContext
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.screens.study_summary import StudySummaryScreen
from quizapp.tui.widgets.feedback import Feedback
from quizapp.tui.widgets.rating_bar import RatingBar
from tests.study_helpers import (
    DECK_ID,
    app_on,
    join_store_threads,
    right_keys,
    stored_sessions,
    study_ctx,
    wrong_keys,
)
from tests.tui_helpers import record_notifications

SIZE = (80, 24)
ITEMS = 9  # items in the fixture deck


def study_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> tuple[AppContext, StudyScreen, QuizApp]:
    """The app opened on a study session of the fixture deck."""
    ctx = study_ctx(monkeypatch, tmp_path)
    screen = StudyScreen(ctx, [DECK_ID])
    return ctx, screen, app_on(ctx, screen)


async def wait_for(pilot: Pilot[None], screen: StudyScreen, *phases: str) -> None:
    for _ in range(300):
        await pilot.pause()
        if screen.phase in phases:
            return
    raise AssertionError(f"study never reached {phases} (at {screen.phase!r})")


async def start(pilot: Pilot[None], screen: StudyScreen) -> None:
    await wait_for(pilot, screen, "front", "done", "failed")


def text_of(screen: StudyScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def reveal_right(pilot: Pilot[None], screen: StudyScreen) -> None:
    """Answer the current card right (or reveal a plain card)."""
    if screen.question is None:
        await pilot.press("space")
    else:
        await pilot.press(*right_keys(screen.question))
    await wait_for(pilot, screen, "back")


async def suspend(pilot: Pilot[None], screen: StudyScreen) -> None:
    item = screen.item
    if screen.question is not None and screen.question.kind == "typed":
        await pilot.press("escape")  # leave the answer box first
    await pilot.press("s")
    for _ in range(300):
        await pilot.pause()
        if screen.phase == "front" and screen.item != item:
            return
    raise AssertionError("the card was not suspended")


def log_entries(ctx_clock: object) -> list[object]:
    with Store.open("default", ctx_clock) as store:  # type: ignore[arg-type]
        return list(store.log(deck_id=DECK_ID))


async def test_study_a_deck_to_the_end(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ctx, screen, app = study_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        seen = []
        while screen.phase == "front":
            assert screen.item is not None
            seen.append(screen.item.id)
            await reveal_right(pilot, screen)
            await pilot.press("4")  # Easy: graduates at once, so the session ends
            await wait_for(pilot, screen, "front", "done")
        assert len(seen) == ITEMS == len(set(seen))
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, StudySummaryScreen)
        lines = " ".join(str(w.render()) for w in summary.query(".summary-line"))
        assert f"Cards studied: {ITEMS}" in lines
        assert "Again: 0" in lines
        assert "Next card due in" in lines
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0
    entries = log_entries(ctx.clock)
    assert len(entries) == ITEMS
    assert all(e.rating == 4 and e.mode == "study" for e in entries)  # type: ignore[attr-defined]


async def test_plain_card_reveals_back_source_and_intervals(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx, screen, app = study_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        assert screen.item is not None and screen.item.id == "signed"  # new cards in file order
        assert "1992" not in text_of(screen, "#study-prompt")
        assert not screen.query_one(RatingBar).display
        await pilot.press("space")
        await wait_for(pilot, screen, "back")
        feedback = screen.query_one(Feedback)
        assert "Answer: 1992" in text_of(screen, ".feedback-answer")
        assert "Source: paragraph 2" in text_of(screen, ".feedback-source")
        assert "ten years later" in text_of(screen, ".feedback-explain")
        assert not feedback.has_class("-right") and not feedback.has_class("-wrong")
        bar = screen.query_one(RatingBar)
        assert bar.display
        assert bar.proposed is None
        assert set(bar.intervals) == {1, 2, 3, 4}
        assert bar.intervals[1].startswith("<")
        assert bar.intervals[4].endswith("d")
        await pilot.press("enter")  # Enter = Good on a plain card
        await wait_for(pilot, screen, "front")
        assert screen.item.id == "capital"
    assert [e.rating for e in log_entries(ctx.clock)] == [3]  # type: ignore[attr-defined]


async def test_wrong_answer_proposes_again_and_right_proposes_good(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx, screen, app = study_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        await pilot.press("4")  # ignored on the front
        await pilot.press("space")
        await wait_for(pilot, screen, "back")
        await pilot.press("4")
        await wait_for(pilot, screen, "front")
        assert screen.item is not None and screen.item.id == "capital"
        assert screen.question is not None
        await pilot.press(*"Tbilisi", "enter")
        await wait_for(pilot, screen, "back")
        assert screen.query_one(Feedback).has_class("-wrong")
        assert "✘ Wrong" in text_of(screen, ".feedback-verdict")
        assert "Yerevan" in text_of(screen, ".feedback-answer")
        assert screen.query_one(RatingBar).proposed == 1
        await pilot.press("enter")  # accept Again
        await wait_for(pilot, screen, "front")
        assert screen.item.id == "president"
        await pilot.press(*"sadyr japarow", "enter")  # a typo still counts
        await wait_for(pilot, screen, "back")
        assert screen.query_one(Feedback).has_class("-right")
        assert "Sadyr Japarov" in text_of(screen, ".feedback-note")
        assert screen.query_one(RatingBar).proposed == 3
        await pilot.press("2")  # the learner overrules the proposal
        await wait_for(pilot, screen, "front")
    entries = log_entries(ctx.clock)
    assert [(e.item_id, e.rating, e.correct) for e in entries] == [  # type: ignore[attr-defined]
        ("signed", 4, None),
        ("capital", 1, False),
        ("president", 2, True),
    ]
    assert entries[1].answer == "Tbilisi"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "card_id", ["org-name", "backed", "members", "org-2002", "timeline", "roles"]
)
async def test_every_answered_card_type(
    card_id: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _ctx, screen, app = study_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        while screen.item is not None and screen.item.card.id != card_id:
            await suspend(pilot, screen)  # the cards before it
        assert screen.question is not None
        hint = text_of(screen, "#study-hint")
        if screen.question.kind == "typed":  # Space would type a space in the answer box
            assert "Enter on an empty box: show the answer" in hint
        else:
            assert "Space: show the answer" in hint
        await pilot.press(*wrong_keys(screen.question))
        await wait_for(pilot, screen, "back")
        assert screen.query_one(Feedback).has_class("-wrong")
        await pilot.press("u")  # undo the last suspension: the previous card comes back
        await wait_for(pilot, screen, "front")
        assert screen.item is not None and screen.item.card.id != card_id
        await suspend(pilot, screen)
        assert screen.item.card.id == card_id
        await pilot.press(*right_keys(screen.question))
        await wait_for(pilot, screen, "back")
        assert screen.query_one(Feedback).has_class("-right")
        assert screen.query_one(RatingBar).proposed == 3


async def test_undo_brings_the_card_back_and_removes_the_answer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx, screen, app = study_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        assert not app.screen.check_action("undo", ())  # nothing to undo yet
        await pilot.press("space")
        await wait_for(pilot, screen, "back")
        await pilot.press("3")
        await wait_for(pilot, screen, "front")
        assert screen.item is not None and screen.item.id == "capital"
        await pilot.press("escape", "u")  # leave the answer box of the typed card, then undo
        await wait_for(pilot, screen, "front")
        assert screen.item.id == "signed"
    assert log_entries(ctx.clock) == []


async def test_suspend_tells_the_learner_and_is_stored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx, screen, app = study_app(monkeypatch, tmp_path)
    messages = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        await pilot.press("s")
        await wait_for(pilot, screen, "front")
        assert screen.item is not None and screen.item.id == "capital"
        assert any("Suspended" in m and "In which year" in m for m in messages)
    with Store.open("default", ctx.clock) as store:
        assert store.state_of(DECK_ID, "signed").suspended


async def test_escape_ends_with_a_summary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _ctx, screen, app = study_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        await pilot.press("space")
        await wait_for(pilot, screen, "back")
        await pilot.press("1")
        await wait_for(pilot, screen, "front")
        await pilot.press("escape")  # the typed card's answer box lets go first
        assert screen.phase == "front"
        await pilot.press("escape")
        await wait_for(pilot, screen, "done")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, StudySummaryScreen)
        assert summary.end.summary.cards == 1 and summary.end.summary.again == 1
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


async def test_nothing_due_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ctx = study_ctx(monkeypatch, tmp_path)
    with Answering.open("default", ctx.clock) as store:
        from quizapp.tui.loaders import find_decks

        (deck,), _ = find_decks(ctx, [DECK_ID])
        for item in deck.items():
            store.record_answer(item, 4, mode="study", duration_ms=1000)
    screen = StudyScreen(ctx, [DECK_ID])
    app = app_on(ctx, screen)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, StudySummaryScreen)
        lines = " ".join(str(w.render()) for w in summary.query(".summary-line"))
        assert "Nothing is due" in lines and "Next card due in" in lines


async def test_mouse_rates_with_the_rating_bar(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx, screen, app = study_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        await pilot.press("space")
        await wait_for(pilot, screen, "back")
        buttons = list(screen.query("RatingButton"))
        await pilot.click(buttons[1])  # Hard
        await wait_for(pilot, screen, "front")
    assert [e.rating for e in log_entries(ctx.clock)] == [2]  # type: ignore[attr-defined]


async def test_a_new_leech_is_suspended_and_the_learner_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from quizapp.core.srs.scheduler import LEECH_LAPSES
    from quizapp.tui.loaders import find_decks

    ctx = study_ctx(monkeypatch, tmp_path)
    clock = ctx.clock
    (deck,), _ = find_decks(ctx, [DECK_ID])
    item = deck.items()[0]
    with Answering.open("default", clock, fuzz=False) as store:
        for other in deck.items()[1:]:
            store.suspend(other)
        store.record_answer(item, 4, mode="study", duration_ms=1000)
        for _ in range(LEECH_LAPSES - 1):  # one lapse short of a leech
            clock.set(store.state(item).due)  # type: ignore[attr-defined, arg-type]
            store.record_answer(item, 1, mode="study", duration_ms=1000)
            store.record_answer(item, 4, mode="study", duration_ms=1000)
        clock.set(store.state(item).due)  # type: ignore[attr-defined, arg-type]
    screen = StudyScreen(ctx, [DECK_ID])
    app = app_on(ctx, screen)
    messages = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        assert screen.item is not None and screen.item.id == item.id
        await pilot.press("space")
        await wait_for(pilot, screen, "back")
        await pilot.press("1")
        await wait_for(pilot, screen, "done")
        await pilot.pause()
        assert any(m.startswith("Leech:") and "now suspended" in m for m in messages)
        summary = app.screen
        assert isinstance(summary, StudySummaryScreen)
        lines = " ".join(str(w.render()) for w in summary.query(".summary-line"))
        assert "Suspended as a leech" in lines
    with Store.open("default", clock) as store:
        assert store.state(item).suspended and store.state(item).leech


async def test_usable_at_60x20(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _ctx, screen, app = study_app(monkeypatch, tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot, screen)
        await pilot.press("space")
        await wait_for(pilot, screen, "back")
        visible = app.screen.region
        for button in screen.query("RatingButton"):
            assert visible.contains_region(button.region), button.region
        assert visible.contains_region(screen.query_one(".feedback-answer").region)


async def test_escape_at_once_is_not_nothing_due(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _ctx, screen, app = study_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        await pilot.press("escape")
        await wait_for(pilot, screen, "done")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, StudySummaryScreen)
        lines = " ".join(str(w.render()) for w in summary.query(".summary-line"))
        assert "Nothing is due" not in lines and "Cards studied: 0" in lines


async def test_quitting_right_after_a_rating_keeps_it_and_ends_the_session(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx, screen, app = study_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, screen)
        await pilot.press("space")
        await wait_for(pilot, screen, "back")
        await pilot.press("3", "ctrl+q")  # quit before the next card is shown
    join_store_threads()
    assert [(e.item_id, e.rating) for e in log_entries(ctx.clock)] == [("signed", 3)]  # type: ignore[attr-defined]
    assert stored_sessions() == [("study", True)]


async def test_escape_while_opening_still_closes_what_was_opened(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from quizapp.tui.screens import study

    _ctx, screen, app = study_app(monkeypatch, tmp_path)
    left = threading.Event()
    find_decks = study.find_decks

    def slow_find_decks(*args: Any) -> Any:
        assert left.wait(30)  # the learner leaves while the decks are still being found
        return find_decks(*args)

    monkeypatch.setattr(study, "find_decks", slow_find_decks)
    async with app.run_test(size=SIZE) as pilot:
        assert screen.phase == "loading"
        await pilot.press("escape")
        left.set()
        await pilot.pause()
    assert app.return_code == 0
    join_store_threads()
    assert stored_sessions() == [("study", True)]  # opened after the screen went, then closed
