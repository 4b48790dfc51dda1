"""What the home screen shows: each deck's counts for today, today's totals, the next due card.

The counts are those of `study_queue.deck_counts`, the function `quizapp list` and `quizapp
stats` call too (read for every deck at once: `counts_for_decks`); the totals are the sums of
the home table's columns, so the line above the table and the table agree (learning cards are
counted as learning, never as due)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from quizapp.core.config import Config
from quizapp.core.decks.model import Deck
from quizapp.core.srs.scheduler import day_bounds, day_start, format_interval, study_day
from quizapp.core.srs.stats import streak
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


def study_streak(
    store: Store, now: datetime, config: Config, window: timedelta = timedelta(days=64)
) -> int:
    """`stats.streak` of the study days with an answer that rescheduled a card: asks the
    store which of the last `window` study days have one, then twice as many before them,
    and so on, until the day before the streak is among the days asked about."""
    today = study_day(now, config)
    days: set[date] = set()
    newest, count = today, max(1, window.days)
    while True:
        starts = day_starts(newest, count, config)  # newest + 1, newest, ... (count + 1)
        spans = [(starts[k + 1], starts[k]) for k in range(count)]
        asked = [newest - timedelta(days=k) for k in range(count)]
        days |= {d for d, yes in zip(asked, store.days_answered(spans), strict=True) if yes}
        n = streak(days, today)
        first = today if today in days else today - timedelta(days=1)
        gap = first - timedelta(days=n)  # the study day before the streak: no answers
        if gap >= asked[-1]:
            return n
        newest, count = asked[-1] - timedelta(days=1), count * 2


def day_starts(newest: date, count: int, config: Config) -> list[int]:
    """When study days newest + 1, newest, newest - 1, ... (count + 1 of them) begin, as UTC
    unix seconds: each 24 hours before the next unless the zone's offset changed between
    them (then as `day_start` says)."""
    tz, hour = config.tz(), config.day_start_hour
    day = newest + timedelta(days=1)
    out = [int(day_start(day, config).timestamp())]
    for _ in range(count):
        day -= timedelta(days=1)
        guess = out[-1] - 86_400
        local = datetime.fromtimestamp(guess, tz)
        if local.hour == hour and local.minute == 0 and local.fold == 0 and local.date() == day:
            out.append(guess)
        else:
            out.append(int(day_start(day, config).timestamp()))
    return out


def when_due(due: datetime, now: datetime, config: Config) -> str:
    """'in 3h (today 14:20)', 'in 2d (Thu 09:00)': local time, study days as in the queue."""
    local = due.astimezone(config.tz())
    days = (study_day(due, config) - study_day(now, config)).days
    day = "today" if days == 0 else "tomorrow" if days == 1 else local.strftime("%a %d %b")
    return f"in {format_interval(due - now).lstrip('<')} ({day} {local:%H:%M})"
