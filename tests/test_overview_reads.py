"""How the home screen's overview is read: a handful of statements for a whole library, and
the same answers as reading it the long way (study days across DST changes included)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.config import Config
from quizapp.core.decks.model import Card, Deck
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.overview import overview
from quizapp.core.srs.scheduler import day_start, study_day
from quizapp.core.srs.stats import day_starts, streak, study_streak

ZONES = ["UTC", "Europe/Paris", "America/Sao_Paulo", "Australia/Lord_Howe", "Asia/Kolkata"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("hour", [0, 2, 4])
def test_day_starts_are_those_of_day_start(zone: str, hour: int) -> None:
    """Stepping back 24 hours at a time, corrected where the zone's offset changes (DST,
    Lord Howe's half-hour DST), gives every study day's start."""
    cfg = Config(timezone=zone, day_start_hour=hour)
    newest = date(2026, 12, 31)
    got = day_starts(newest, 800, cfg)
    want = [int(day_start(newest + timedelta(days=1 - k), cfg).timestamp()) for k in range(801)]
    assert got == want


def deck(n: int = 3) -> Deck:
    return Deck("d", "Deck", "", [Card(f"c{i}", "basic", front="q", back="a") for i in range(n)])


@pytest.mark.parametrize("zone", ["Europe/Paris", "Asia/Almaty"])
def test_streak_across_dst_matches_the_log(zone: str) -> None:
    """Answers at random times around the March and October changes, some just before the
    day starts (they count for the day before): the streak is that of the logged days."""
    cfg = Config(timezone=zone, day_start_hour=4)
    rng = random.Random(zone)
    end = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)
    clock = FakeClock(end - timedelta(days=260))
    item = deck().items()[0]
    with Answering.open(clock=clock, config=cfg) as answering:
        while clock.now() < end:
            answering.record_answer(item, 3, mode="study", duration_ms=1)
            # mostly a day later, give or take a few hours (so some days are skipped, others
            # get two answers, some land between 03:00 and 05:00 local)
            clock.advance(timedelta(hours=rng.choice([20, 23, 24, 24, 25, 26, 30])))
        store = answering.store
        logged = {study_day(e.reviewed_at, cfg) for e in store.log() if e.rescheduled}
        for back in range(0, 200, 7):
            now = end - timedelta(days=back, hours=rng.randint(0, 23))
            today = study_day(now, cfg)
            expected = streak({d for d in logged if d <= today}, today)
            assert study_streak(store, now, cfg, window=timedelta(days=3)) == expected


def test_overview_of_a_library_takes_a_handful_of_statements() -> None:
    cfg = Config(timezone="Asia/Almaty")
    now = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    clock = FakeClock(now)
    decks = [Deck(f"d{n}", f"D{n}", "", deck(20).cards) for n in range(40)]
    with Answering.open(clock=clock, config=cfg) as answering:
        for back in (2, 1, 0):  # a three-day streak
            clock.set(now - timedelta(days=back))
            for d in decks[:5]:
                answering.record_answer(d.items()[back], 3, mode="study", duration_ms=1)
        store = answering.store
        overview(store, decks, clock.now(), cfg)  # records the decks' items
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        try:
            ov = overview(store, decks, clock.now(), cfg)
        finally:
            store.conn.set_trace_callback(None)
    assert ov.streak == 3 and ov.reviewed_today == 5
    # today's totals, the counts (BEGIN, fingerprints, today's answers, learning due, each
    # deck's items, COMMIT), the suspended items of all decks, the next due card, the streak
    assert len(statements) == 10, statements
