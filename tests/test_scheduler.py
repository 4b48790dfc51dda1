"""FSRS through quizapp gives py-fsrs' own results; study days; interval labels."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import fsrs
import pytest
from fsrs import Rating, State
from hypothesis import example, given
from hypothesis import strategies as st

from quizapp.core.clock import FakeClock
from quizapp.core.config import Config
from quizapp.core.decks.model import Card, Deck
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.scheduler import (
    ItemState,
    day_bounds,
    format_interval,
    fsrs_card_id,
    make_scheduler,
    preview_intervals,
    review,
    study_day,
    to_rating,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HISTORY = [  # (hours after the previous answer, rating)
    (0, 3), (0.2, 3), (30, 3), (100, 1), (0.2, 3), (50, 2), (200, 4), (500, 3), (900, 1),
    (0.1, 1), (0.2, 3), (100, 3), (2000, 3),
]  # fmt: skip


def test_same_due_dates_as_py_fsrs_directly(tmp_path) -> None:
    clock = FakeClock(START)
    deck = Deck("d", "D", "", [Card("c1", "basic", front="q", back="a")])
    item = deck.items()[0]
    ours: list[datetime | None] = []
    with Answering.open(path=tmp_path / "p.sqlite3", clock=clock, fuzz=False) as store:
        for hours, rating in HISTORY:
            clock.advance(timedelta(hours=hours))
            ours.append(store.record_answer(item, rating, mode="study", duration_ms=1).due)
        assert store.state(item).due == ours[-1]  # what was stored is what was returned

    scheduler = fsrs.Scheduler(enable_fuzzing=False)  # py-fsrs defaults = Anki defaults
    card = fsrs.Card(card_id=1, due=START)
    when = START
    theirs = []
    for hours, rating in HISTORY:
        when += timedelta(hours=hours)
        card, _ = scheduler.review_card(card, Rating(rating), when)
        theirs.append(card.due)
    assert ours == theirs


def test_review_counts_lapses_and_marks_leeches() -> None:
    sched = make_scheduler(fuzz=False)
    s = ItemState.new("d", "x")
    now = START
    for _ in range(3):
        s = review(sched, s, Rating.Good, now)
        now = s.due or now
    assert s.state == State.Review and s.lapses == 0
    for n in range(1, 9):
        s = review(sched, s, Rating.Again, now)
        assert s.lapses == n and s.leech == (n >= 8) and s.suspended == (n >= 8)
        while s.state != State.Review:
            now = s.due or now
            s = review(sched, s, Rating.Good, now)
        now = s.due or now


def test_fsrs_card_id_is_stable_and_positive() -> None:
    assert fsrs_card_id("d", "x") == fsrs_card_id("d", "x")
    assert fsrs_card_id("d", "x") != fsrs_card_id("d", "x/reverse")
    assert 0 < fsrs_card_id("d", "x") < 2**63


def test_preview_of_a_new_item_shows_the_learning_steps() -> None:
    intervals = preview_intervals(ItemState.new("d", "x"), START)
    assert intervals[Rating.Again] == timedelta(minutes=1)
    assert intervals[Rating.Good] == timedelta(minutes=10)
    labels = {r: format_interval(td) for r, td in intervals.items()}
    assert labels[Rating.Again] == "<1m" and labels[Rating.Good] == "<10m"
    assert labels[Rating.Easy].endswith("d")


@pytest.mark.parametrize(
    ("td", "label"),
    [
        (timedelta(seconds=5), "<1m"),
        (timedelta(minutes=10), "<10m"),
        (timedelta(hours=3), "3h"),
        (timedelta(days=4), "4d"),
        (timedelta(days=63), "2.1mo"),
        (timedelta(days=548), "1.5y"),
    ],
)
def test_format_interval(td: timedelta, label: str) -> None:
    assert format_interval(td) == label


def test_to_rating_accepts_numbers_and_names() -> None:
    assert to_rating("GOOD") == Rating.Good
    assert to_rating(" 1 ") == Rating.Again
    assert to_rating(4) == Rating.Easy
    for bad in ("5", "0", "fine", ""):
        with pytest.raises(ValueError, match="not a rating"):
            to_rating(bad)


def test_03_30_belongs_to_the_previous_study_day() -> None:
    cfg = Config(timezone="Asia/Almaty")  # UTC+5 all year
    at_0330 = datetime(2026, 3, 10, 3, 30, tzinfo=cfg.tz())
    at_0400 = datetime(2026, 3, 10, 4, 0, tzinfo=cfg.tz())
    assert study_day(at_0330, cfg) == date(2026, 3, 9)
    assert study_day(at_0400, cfg) == date(2026, 3, 10)
    start, end = day_bounds(at_0330, cfg)
    assert start == datetime(2026, 3, 8, 23, 0, tzinfo=UTC)  # 04:00 local on the 9th
    assert end == datetime(2026, 3, 9, 23, 0, tzinfo=UTC)


def test_day_start_hour_and_dst() -> None:
    cfg = Config(timezone="Europe/Paris", day_start_hour=0)
    # the night clocks go forward: the day is 23 hours long
    start, end = day_bounds(datetime(2026, 3, 29, 12, 0, tzinfo=UTC), cfg)
    assert end - start == timedelta(hours=23)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_every_moment_lies_inside_its_study_day(naive: datetime) -> None:
    cfg = Config(timezone="America/New_York")
    when = naive.replace(tzinfo=UTC)
    start, end = day_bounds(when, cfg)
    assert start <= when < end


@given(st.floats(min_value=0, max_value=36500 * 86400, allow_nan=False))
def test_format_interval_is_short_and_never_fails(seconds: float) -> None:
    label = format_interval(timedelta(seconds=seconds))
    assert re.fullmatch(r"<\d+m|\d+h|\d+d|\d+\.\dmo|\d+\.\dy", label), label


@given(st.one_of(st.text(max_size=8), st.integers(-5, 10)))
@example("²")  # a digit to isdigit(), not to int()
def test_to_rating_gives_a_rating_or_value_error(value: str | int) -> None:
    try:
        rating = to_rating(value)
    except ValueError as exc:
        assert "not a rating" in str(exc)
    else:
        assert rating in tuple(Rating)
