"""Issue 10: the study counter converges, the summary's time is the real time spent, and "next
card due" counts the new cards still left today (fake clock, fixed time zone)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from quizapp.core.clock import FakeClock
from quizapp.core.config import Config
from quizapp.core.decks.model import Card, Deck
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.study import IDLE_LIMIT, LEARN_AHEAD, StudySession, summary_lines

CFG = Config(timezone="UTC", new_per_day=4)
MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def deck(n: int) -> Deck:
    return Deck(
        "d", "d", "", [Card(f"c{i}", "basic", front=f"q{i}", back=f"a{i}") for i in range(n)]
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MORNING)


@pytest.fixture
def answering(clock: FakeClock) -> Answering:
    with Answering.open("default", clock, config=CFG) as a:
        yield a


def test_the_counter_reaches_its_total_with_again_answers(
    answering: Answering, clock: FakeClock
) -> None:
    session = StudySession(answering, [deck(10)], clock, CFG)  # 4 new cards today
    seen: list[tuple[int, int]] = []
    coming_back: list[int] = []
    ratings = iter([Rating.Again, Rating.Good, Rating.Again, Rating.Easy] + [Rating.Good] * 40)
    for _ in range(60):
        card = session.next_card()
        if card is None:
            if not session.learning_later:
                break
            clock.advance(LEARN_AHEAD)  # wait for the learning cards, as a patient learner
            continue
        seen.append(card.progress)
        coming_back.append(card.coming_back)
        session.answer(next(ratings), 1000)
    totals = {total for _, total in seen}
    assert totals == {4}, seen  # the total never grows (it was 0/4 -> 1/5 -> 2/6 ...)
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[0] == 0  # it only moves forward
    assert session.progress == (4, 4)  # and reaches the total
    assert session.summary().cards == len(seen) > 4  # more answers than cards: Again, steps
    assert seen[:4] == [(0, 4), (0, 4), (0, 4), (0, 4)]  # Again/Good/Again: all come back;
    assert coming_back[:4] == [0, 1, 2, 3]  # Easy graduates, so 3 come back after four answers
    assert seen[4] == (1, 4)


def test_undo_takes_the_counter_back_and_suspending_finishes_a_card(
    answering: Answering, clock: FakeClock
) -> None:
    session = StudySession(answering, [deck(3)], clock, CFG)
    session.answer(Rating.Easy, 1)
    assert session.progress == (1, 3)
    session.undo()
    assert session.progress == (0, 3)
    session.suspend()
    assert session.progress == (1, 3) and session.coming_back == 0
    session.answer(Rating.Again, 1)
    card = session.next_card()
    assert card is not None and card.progress == (1, 3) and card.coming_back == 1
    assert card.count == "1/3 · 1 coming back"


def test_time_spent_is_the_sessions_wall_time_with_pauses_cut(
    answering: Answering, clock: FakeClock
) -> None:
    session = StudySession(answering, [deck(3)], clock, CFG)
    clock.advance(40)  # reading and answering the first card
    session.answer(Rating.Good, 5000)  # the answer itself says it took 5 s
    clock.advance(20)
    session.answer(Rating.Good, 5000)
    clock.advance(timedelta(hours=2))  # the learner walked away
    session.answer(Rating.Good, 5000)
    clock.advance(10)
    end = session.end()
    assert end.summary.time_ms == (40 + 20 + IDLE_LIMIT + 10) * 1000  # not 15 s, not 2 h
    assert end.summary.pauses == 1
    lines = summary_lines(end, clock.now())
    assert "Time spent: 6m 10s (a pause longer than 5m 00s counted as 5m 00s)" in lines


def test_next_card_due_is_now_while_new_cards_are_left_today(
    answering: Answering, clock: FakeClock
) -> None:
    session = StudySession(answering, [deck(10)], clock, CFG)
    session.answer(Rating.Easy, 1)  # one new card learned; three more are left for today
    end = session.end()  # the learner stops early
    assert (end.summary.waiting, end.summary.new_left) == (3, 3)
    assert end.summary.next_due == clock.now()
    lines = summary_lines(end, clock.now())
    assert lines[-1] == "Still to study today: 3 new cards. The next card is due now."


def test_next_card_due_after_todays_limit_is_the_next_study_day(
    answering: Answering, clock: FakeClock
) -> None:
    session = StudySession(answering, [deck(10)], clock, CFG)
    for _ in range(4):
        session.answer(Rating.Easy, 1)  # the day's four new cards, each days away
    assert session.next_card() is None
    end = session.end()
    assert (end.summary.waiting, end.summary.new_left) == (0, 0)
    tomorrow = datetime(2026, 3, 3, 4, 0, tzinfo=UTC)  # the study day starts at 04:00
    assert end.summary.next_due == tomorrow and end.summary.next_is_new_day
    assert summary_lines(end, clock.now())[-1] == (
        "Next card due in 19h (Tue 03 Mar 04:00), when the next study day brings new cards."
    )


def test_next_card_due_without_new_cards_is_the_next_review(
    answering: Answering, clock: FakeClock
) -> None:
    session = StudySession(answering, [deck(2)], clock, CFG)
    session.answer(Rating.Easy, 1)
    session.answer(Rating.Easy, 1)
    end = session.end()
    due = end.summary.next_due
    assert due is not None and due > clock.now() + timedelta(days=1)
    assert not end.summary.next_is_new_day
    assert summary_lines(end, clock.now())[-1].startswith("Next card due in ")
