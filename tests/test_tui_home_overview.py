"""The core behind the home screen: counts, today's answers, the streak, the next due card."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.config import Config
from quizapp.core.decks.model import Card, Deck
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.overview import overview, when_due
from quizapp.core.srs.stats import study_streak
from quizapp.core.srs.store import Store

CFG = Config(timezone="UTC")
START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def deck(n: int = 5) -> Deck:
    cards = [Card(id=f"c{i}", type="basic", front=f"Q{i}", back=f"A{i}") for i in range(n)]
    return Deck("d", "Deck", "A deck.", cards)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


def answer_on_days(answering: Answering, clock: FakeClock, days: list[int]) -> None:
    """Answer one card on each of the given days (0 = today, 1 = yesterday...)."""
    item = deck().items()[0]
    now = clock.now()
    for back in sorted(days, reverse=True):
        clock.set(now - timedelta(days=back))
        answering.record_answer(item, 3, mode="study", duration_ms=1000)
    clock.set(now)


def test_counts_and_today(clock: FakeClock) -> None:
    with Answering.open(clock=clock, config=CFG) as answering:
        store = answering.store
        items = deck().items()
        answering.record_answer(items[0], 1, mode="study", duration_ms=1000)
        answering.record_answer(items[1], 3, mode="quiz", duration_ms=1000)
        ov = overview(store, [deck()], clock.now(), CFG)
    assert ov.counts["d"].new == 3
    assert (ov.reviewed_today, ov.again_today, ov.streak) == (2, 1, 1)
    assert ov.new == 3 and ov.next_due is not None and ov.next_due > clock.now()


def test_no_decks(clock: FakeClock) -> None:
    with Store.open(clock=clock) as store:
        ov = overview(store, [], clock.now(), CFG)
    assert (ov.counts, ov.next_due, ov.streak, ov.due_now, ov.new) == ({}, None, 0, 0, 0)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([], 0),
        ([0], 1),
        ([1], 1),  # nothing yet today: the streak still stands
        ([2], 0),
        ([0, 1, 2, 4], 3),
        ([1, 2, 3], 3),
        (list(range(150)), 150),  # longer than one window of the log
        ([*range(64), *range(65, 80)], 64),  # the gap falls on a window edge
        (list(range(1, 129)), 128),
    ],
)
def test_streak(clock: FakeClock, days: list[int], expected: int) -> None:
    with Answering.open(clock=clock, config=CFG) as answering:
        store = answering.store
        answer_on_days(answering, clock, days)
        assert study_streak(store, clock.now(), CFG) == expected


def test_when_due_in_local_study_days() -> None:
    now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    paris = Config(timezone="Europe/Paris")
    assert when_due(now + timedelta(minutes=10), now, paris) == "in 10m (today 10:40)"
    assert when_due(now + timedelta(hours=20), now, paris) == "in 20h (tomorrow 06:30)"
    # 03:30 local belongs to the study day before (the day starts at 04:00)
    assert when_due(datetime(2026, 3, 3, 2, 30, tzinfo=UTC), now, paris).endswith("(today 03:30)")
    assert when_due(now + timedelta(days=3), now, paris) == "in 3d (Thu 05 Mar 10:30)"
