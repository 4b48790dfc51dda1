"""Progress statistics: states, due counts, answers today, streaks, true retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Rating

from quizapp.core.clock import FakeClock
from quizapp.core.config import Config
from quizapp.core.decks.model import Card, Deck
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.stats import collect_stats, deck_stats, format_stats, study_streak

CFG = Config(timezone="Asia/Almaty")  # UTC+5: a study day starts at 23:00 UTC
NOON = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # 12:00 local


def make_deck(deck_id: str, n: int) -> Deck:
    return Deck(
        deck_id, deck_id, "", [Card(f"c{i}", "basic", front="q", back="a") for i in range(n)]
    )


def test_counts_by_state_and_due() -> None:
    clock = FakeClock(NOON)
    d = make_deck("d", 6)
    c0, c1, c2, c3, c4, _c5 = d.items()
    with Answering.open("default", clock, config=CFG) as answering:
        store = answering.store
        answering.record_answer(c0, Rating.Again, mode="study", duration_ms=1)  # learning, 1 min
        answering.record_answer(c1, Rating.Easy, mode="study", duration_ms=1)  # review, days away
        answering.record_answer(c2, Rating.Good, mode="study", duration_ms=1)  # learning, 10 min
        answering.suspend(c3)
        answering.record_answer(c4, Rating.Good, mode="cram", duration_ms=1)  # changes nothing
        clock.advance(timedelta(minutes=5))
        s = deck_stats(store, d, clock.now(), CFG)
    assert (s.new, s.learning, s.review, s.relearning, s.suspended) == (2, 2, 1, 0, 1)
    assert (s.due_now, s.due_today, s.due_tomorrow) == (1, 2, 0)
    assert s.reviews_today == 3 and s.streak_days == 1 and s.true_retention is None


def test_streak_counts_study_days_and_0330_is_the_day_before() -> None:
    clock = FakeClock(NOON)
    d = make_deck("d", 40)
    items = iter(d.items())
    with Answering.open("default", clock, config=CFG) as answering:
        store = answering.store
        for day in (0, 1, 2, 4, 5):
            clock.set(NOON + timedelta(days=day))
            answering.record_answer(next(items), Rating.Good, mode="study", duration_ms=1)
        clock.set(NOON + timedelta(days=5, hours=6))  # 18:00 local on day 5
        assert study_streak(store, clock.now(), CFG, ["d"]) == 2
        # the next morning, before anything is studied, the streak still stands
        clock.set(NOON + timedelta(days=6))
        assert study_streak(store, clock.now(), CFG, ["d"]) == 2
        # an answer at 03:30 local on the morning after day 6 belongs to day 6
        clock.set(datetime(2026, 3, 9, 3, 30, tzinfo=CFG.tz()).astimezone(UTC))
        answering.record_answer(next(items), Rating.Good, mode="study", duration_ms=1)
        assert study_streak(store, clock.now(), CFG, ["d"]) == 3
        clock.set(datetime(2026, 3, 9, 12, 0, tzinfo=CFG.tz()).astimezone(UTC))  # day 7
        assert study_streak(store, clock.now(), CFG, ["d"]) == 3
        assert study_streak(store, clock.now(), CFG, ["other"]) == 0


def test_true_retention_over_30_days_and_overall() -> None:
    clock = FakeClock(NOON)
    one, two = make_deck("one", 4), make_deck("two", 2)
    with Answering.open("default", clock, config=CFG) as answering:
        store = answering.store
        for item in one.items() + two.items():
            answering.record_answer(item, Rating.Easy, mode="study", duration_ms=1)
        clock.advance(timedelta(days=40))
        ratings = [Rating.Good, Rating.Good, Rating.Hard, Rating.Again]
        for item, rating in zip(one.items(), ratings, strict=True):
            answering.record_answer(item, rating, mode="study", duration_ms=1)
        stats = collect_stats(store, [one, two], clock.now(), CFG)
    first, second = stats["decks"]
    assert (first["retention_reviews"], first["retention_passed"]) == (4, 3)
    assert first["true_retention"] == 0.75 and second["true_retention"] is None
    assert stats["overall"]["retention_reviews"] == 4 and stats["overall"]["review"] == 5
    assert stats["overall"]["relearning"] == 1 and stats["overall"]["streak_days"] == 1
    table = format_stats(stats)
    assert "75% of 4" in table and table.splitlines()[-1].startswith("(all)")


def test_the_overall_streak_is_the_home_screens() -> None:
    """`quizapp stats`' streak over all decks and the home screen's are one number, also when
    the days were studied in a deck that is not loaded now; a deck's own streak is its own."""
    from quizapp.core.srs.overview import overview

    clock = FakeClock(NOON)
    here, gone = make_deck("here", 5), make_deck("gone", 5)
    with Answering.open("default", clock, config=CFG) as answering:
        for day, deck in ((0, gone), (1, gone), (2, here)):
            clock.set(NOON + timedelta(days=day))
            answering.record_answer(deck.items()[day], Rating.Good, mode="study", duration_ms=1)
        stats = collect_stats(answering.store, [here], clock.now(), CFG)
        home = overview(answering.store, [here], clock.now(), CFG)
    assert stats["overall"]["streak_days"] == home.streak == 3
    assert stats["decks"][0]["streak_days"] == 1
