"""What the home screen shows: each deck's counts for today, today's totals, the next due card.

The counts are those of `study_queue.deck_counts`, the function `quizapp list` and `quizapp
stats` call too (read for every deck at once: `counts_for_decks`); the totals are the sums of
the home table's columns, so the line above the table and the table agree (learning cards are
counted as learning, never as due)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from quizapp.core.config import Config
from quizapp.core.decks.model import Deck
from quizapp.core.srs.scheduler import day_bounds, format_interval, study_day
from quizapp.core.srs.stats import study_streak
from quizapp.core.srs.store import Store
from quizapp.core.srs.study_queue import Counts, counts_for_decks


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
    """Everything the home screen shows, in a handful of SQL statements for any number of
    decks (see `counts_for_decks`)."""
    start, _ = day_bounds(now, config)
    answered, again = store.answer_totals(start)
    ids = [d.id for d in decks]
    return Overview(
        counts=counts_for_decks(store, decks, now, config),
        reviewed_today=answered,
        again_today=again,
        next_due=store.next_due(ids, now) if ids else None,
        streak=study_streak(store, now, config),
    )


def when_due(due: datetime, now: datetime, config: Config) -> str:
    """'in 3h (today 14:20)', 'in 2d (Thu 09:00)': local time, study days as in the queue."""
    local = due.astimezone(config.tz())
    days = (study_day(due, config) - study_day(now, config)).days
    day = "today" if days == 0 else "tomorrow" if days == 1 else local.strftime("%a %d %b")
    return f"in {format_interval(due - now).lstrip('<')} ({day} {local:%H:%M})"
