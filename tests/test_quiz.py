"""QuizSession: answering, timing, "I was right", results, retrying the missed, logging."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fsrs import Rating

from quizapp.core.clock import FakeClock
from quizapp.core.decks.loader import load_deck_text
from quizapp.core.decks.model import Deck, Item
from quizapp.core.practice.questions import Question, build_quiz
from quizapp.core.practice.quiz import QuizSession
from quizapp.core.srs.answering import Answering

DECK = """
id: quiz-deck
title: Quiz deck
description: A few cards.
cards:
  - {type: typed, id: capital, question: Capital of Armenia?, answer: Yerevan}
  - {type: typed, id: year, question: Treaty year?, answer: "1992"}
  - {type: truefalse, id: tf, statement: The CSTO dates from 2002., answer: true}
  - {type: order, id: order, question: Order them., items: [One, Two, Three]}
"""


class FakeRecorder:
    """Records what a quiz logs, like the store's record_answer/undo_last do."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.sessions: list[tuple[str, list[str]]] = []
        self.ended: list[int] = []

    def record_answer(self, item: Item, rating: Any, **kw: Any) -> None:
        self.rows.append({"item": item.id, "rating": rating, **kw})

    def undo_last(self, *, session_id: int | None = None) -> None:
        assert self.rows and self.rows[-1]["session_id"] == session_id
        self.rows.pop()

    def start_session(self, mode: str, deck_ids: list[str]) -> int:
        self.sessions.append((mode, deck_ids))
        return len(self.sessions)

    def end_session(self, session_id: int) -> None:
        self.ended.append(session_id)


@pytest.fixture
def deck() -> Deck:
    return load_deck_text(DECK)


def questions(deck: Deck) -> dict[str, Question]:
    return {q.item.id: q for q in build_quiz(deck, seed=1)}


def in_order(deck: Deck, *ids: str) -> list[Question]:
    qs = questions(deck)
    return [qs[i] for i in ids]


def test_a_quiz_from_start_to_results(deck: Deck) -> None:
    clock = FakeClock()
    qs = in_order(deck, "capital", "year", "tf", "order")
    session = QuizSession(qs, clock)
    assert session.current is qs[0] and session.progress == (0, 4)
    clock.advance(4)
    v = session.answer("erevan")
    assert v.correct and not v.exact and "Yerevan" in v.message
    assert session.answered and not session.done
    with pytest.raises(RuntimeError):
        session.answer("again")
    session.next()
    clock.advance(2.5)
    assert not session.answer("1993").correct
    session.next()
    clock.advance(1)
    assert session.answer(True).correct
    session.next()
    clock.advance(3)
    order = session.current
    assert order is not None
    assert session.answer(list(order.correct)).correct
    assert session.next() is None and session.done

    results = session.results()
    assert (results.score, results.total, results.answered, results.percent) == (3, 4, 4, 75)
    assert results.seconds == pytest.approx(10.5)
    assert [a.duration_ms for a in results.answers] == [4000, 2500, 1000, 3000]
    missed = results.missed
    assert [(m.prompt, m.given, m.right_answer) for m in missed] == [
        ("Treaty year?", "1993", "1992")
    ]
    assert results.to_dict()["score"] == 3


def test_override_flips_the_last_wrong_verdict(deck: Deck) -> None:
    session = QuizSession(in_order(deck, "capital", "year"), FakeClock())
    assert not session.can_override
    session.answer("Yerevan")
    assert not session.can_override
    with pytest.raises(RuntimeError):
        session.override()
    session.next()
    assert not session.answer("nineteen ninety-two").correct
    assert session.can_override
    v = session.override()
    assert v.correct and v.overridden
    assert not session.can_override
    results = session.results()
    assert results.score == 2 and results.answers[-1].overridden
    assert results.missed == ()


def test_retry_missed_asks_only_the_wrong_ones(deck: Deck) -> None:
    clock = FakeClock()
    session = QuizSession(in_order(deck, "capital", "year", "tf"), clock)
    for response in ("Baku", "1992", False):
        session.answer(response)
        session.next()
    retry = session.retry_missed()
    assert [q.item.id for q in retry.questions] == ["capital", "tf"]
    assert retry.answer("Yerevan").correct
    retry.next()
    assert retry.answer(True).correct
    retry.next()
    assert retry.results().score == 2 and retry.retry_missed().questions == ()


def test_skipping_leaves_questions_unanswered(deck: Deck) -> None:
    session = QuizSession(in_order(deck, "capital", "year"), FakeClock())
    session.next()
    session.answer("1992")
    session.next()
    results = session.results()
    assert (results.score, results.answered, results.total) == (1, 1, 2)


def test_answers_are_logged_and_fed_to_the_scheduler(deck: Deck) -> None:
    rec = FakeRecorder()
    session = QuizSession(in_order(deck, "capital", "year"), FakeClock(), rec)
    assert rec.sessions == [("quiz", ["quiz-deck"])]
    session.answer("Yerevan")
    session.next()
    session.answer("1993")
    assert [(r["item"], r["rating"], r["correct"], r["overridden"]) for r in rec.rows] == [
        ("capital", Rating.Good, True, False),
        ("year", Rating.Again, False, False),
    ]
    assert all(r["mode"] == "quiz" and r["reschedule"] and r["session_id"] == 1 for r in rec.rows)
    assert rec.rows[1]["answer"] == "1993"
    session.override()
    assert [(r["item"], r["rating"], r["correct"], r["overridden"]) for r in rec.rows] == [
        ("capital", Rating.Good, True, False),
        ("year", Rating.Good, True, True),
    ]
    assert rec.ended == []
    session.next()
    assert rec.ended == [1]
    session.close()  # already ended: not twice
    assert rec.ended == [1]


def test_closing_early_ends_the_store_session_once(deck: Deck) -> None:
    rec = FakeRecorder()
    session = QuizSession(in_order(deck, "capital", "year"), FakeClock(), rec)
    session.answer("Yerevan")
    session.close()  # the learner left (or the app quit) after one answer
    session.close()
    assert rec.ended == [1] and len(rec.rows) == 1


def test_no_schedule_still_logs(deck: Deck) -> None:
    rec = FakeRecorder()
    session = QuizSession(in_order(deck, "tf"), FakeClock(), rec, schedule=False)
    session.answer(False)
    assert rec.rows[0]["reschedule"] is False and rec.rows[0]["correct"] is False


def test_with_the_real_store(deck: Deck, tmp_path: Path) -> None:
    clock = FakeClock()
    answering = Answering.open(clock=clock, path=tmp_path / "p.sqlite3")
    store = answering.store
    try:
        qs = in_order(deck, "capital", "year", "tf")
        session = QuizSession(qs, clock, answering)
        clock.advance(3)
        session.answer("Yerevan")
        session.next()
        session.answer("1993")
        session.override()
        session.next()
        session.answer(False)
        session.next()
        log = list(store.log(deck_id="quiz-deck"))
        assert [(e.item_id, e.rating, e.correct, e.overridden, e.mode) for e in log] == [
            ("capital", Rating.Good, True, False, "quiz"),
            ("year", Rating.Good, True, True, "quiz"),
            ("tf", Rating.Again, False, False, "quiz"),
        ]
        assert log[0].duration_ms == 3000 and log[1].answer == "1993"
        assert store.state(qs[0].item).due is not None  # rescheduled

        # --no-schedule: logged, schedule untouched
        before = store.state(qs[2].item)
        quiet = QuizSession(in_order(deck, "tf"), clock, answering, schedule=False)
        quiet.answer(True)
        assert store.state(qs[2].item) == before
        assert len(list(store.log(deck_id="quiz-deck"))) == 4
    finally:
        store.close()
