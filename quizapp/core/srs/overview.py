"""What the home screen shows: each deck's counts for today, today's totals, the next due card.

The counts are `study_queue.deck_counts`, the function `quizapp list` and `quizapp stats` call
too; the totals are the sums of the home table's columns, so the line above the table and the
table agree (learning cards are counted as learning, never as due)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from quizapp.core.config import Config
from quizapp.core.decks.model import Deck
from quizapp.core.srs.scheduler import day_bounds, format_interval, study_day
from quizapp.core.srs.stats import streak
from quizapp.core.srs.store import Store
from quizapp.core.srs.study_queue import Counts, deck_counts


@dataclass(frozen=True, slots=True)
class Overview:
    counts: dict[str, Counts] = field(default_factory=dict)  # by deck id
    reviewed_today: int = 0  # answers given this study day (every mode)
    again_today: int = 0  # of which rated Again
    next_due: datetime | None = None  # the next card due after now, in any deck
    streak: int = 0  # consecutive study days ending today (or yesterday)

    @property
    def new(self) -> int:
        return sum(c.new for c in self.counts.values())

    @property
    def learning(self) -> int:
        """Learning cards due this study day (the table's Learn column)."""
        return sum(c.learning for c in self.counts.values())

    @property
    def due(self) -> int:
        """Reviews due this study day (the table's Due column)."""
        return sum(c.due for c in self.counts.values())

    @property
    def due_now(self) -> int:
        """What can be studied right now besides new cards: learning due now and reviews."""
        return sum(c.due_now for c in self.counts.values())


def overview(store: Store, decks: list[Deck], now: datetime, config: Config) -> Overview:
    start, _ = day_bounds(now, config)
    today = list(store.log(since=start))
    ids = [d.id for d in decks]
    return Overview(
        counts={d.id: deck_counts(store, d, now, config) for d in decks},
        reviewed_today=len(today),
        again_today=sum(1 for e in today if e.rating == 1),
        next_due=store.next_due(ids, now) if ids else None,
        streak=study_streak(store, now, config),
    )


def study_streak(
    store: Store, now: datetime, config: Config, window: timedelta = timedelta(days=64)
) -> int:
    """`stats.streak` of the study days, reading the log back one window at a time."""
    today = study_day(now, config)
    days: set[date] = set()
    since, until = now - window, None
    while True:
        entries = store.log(since=since, until=until)
        days |= {study_day(e.reviewed_at, config) for e in entries if e.rescheduled}
        n = streak(days, today)
        first = today if today in days else today - timedelta(days=1)
        gap = first - timedelta(days=n)  # the study day before the streak: no answers
        if n == 0 or gap > study_day(since, config):
            return n
        since, until = since - window, since


def when_due(due: datetime, now: datetime, config: Config) -> str:
    """'in 3h (today 14:20)', 'in 2d (Thu 09:00)': local time, study days as in the queue."""
    local = due.astimezone(config.tz())
    days = (study_day(due, config) - study_day(now, config)).days
    day = "today" if days == 0 else "tomorrow" if days == 1 else local.strftime("%a %d %b")
    return f"in {format_interval(due - now).lstrip('<')} ({day} {local:%H:%M})"
