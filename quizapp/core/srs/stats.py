"""Progress statistics per deck and overall (for `quizapp stats` and the app's stats view).

new, learning, due, cards, suspended, due_now and due_today are today's counts, the numbers
the home screen and `quizapp list` show, from the same function (`study_queue.deck_counts`,
after the daily limits; see `study_queue.Counts`). The rest is the whole deck, without daily
limits: unseen (study cards never answered, not suspended), review and relearning (cards in
that FSRS state), due_tomorrow (learning and reviews falling due during the next study day).
"Reviews today" counts answers that rescheduled a card this study day. The streak is the
number of consecutive study days, up to today (or up to yesterday when nothing was studied yet
today), with at least one such answer. True retention
is the share of answers to cards in the review state, over the last 30 days, not rated Again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from quizapp.core.config import Config
from quizapp.core.decks.model import Deck
from quizapp.core.srs.scheduler import day_bounds, day_start, study_day
from quizapp.core.srs.store import Store
from quizapp.core.srs.study_queue import Counts, counts_for_decks, deck_counts

RETENTION_DAYS = 30
_SUMMED = (
    "new",
    "learning",
    "due",
    "cards",
    "suspended",
    "due_now",
    "due_today",
    "unseen",
    "review",
    "relearning",
    "due_tomorrow",
    "reviews_today",
    "retention_reviews",
    "retention_passed",
)


@dataclass(slots=True)
class DeckStats:
    deck_id: str
    title: str
    new: int = 0  # today's counts (as on the home screen and in `quizapp list`)
    learning: int = 0
    due: int = 0
    cards: int = 0
    suspended: int = 0
    due_now: int = 0
    due_today: int = 0
    unseen: int = 0  # the whole deck, without daily limits
    review: int = 0
    relearning: int = 0
    due_tomorrow: int = 0
    reviews_today: int = 0
    streak_days: int = 0
    retention_reviews: int = 0  # answers to review-state cards in the last 30 days
    retention_passed: int = 0  # of which not Again

    @property
    def true_retention(self) -> float | None:
        if not self.retention_reviews:
            return None
        return self.retention_passed / self.retention_reviews

    def add(self, other: DeckStats) -> None:
        for name in _SUMMED:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["true_retention"] = self.true_retention
        return d


def deck_stats(
    store: Store, deck: Deck, now: datetime, config: Config, today: Counts | None = None
) -> DeckStats:
    """One deck's stats; `today`: its counts when already counted (with the other decks')."""
    start, end = day_bounds(now, config)
    tomorrow_end = day_bounds(end, config)[1]
    if today is None:
        today = deck_counts(store, deck, now, config)  # syncs the deck
    states = store.count_states(deck.id, now, end, tomorrow_end)
    out = DeckStats(
        deck.id,
        deck.title,
        **today.to_dict(),
        unseen=states["new"],
        review=states["review"],
        relearning=states["relearning"],
        due_tomorrow=states["due_tomorrow"],
    )
    out.reviews_today = store.count_answers([deck.id], start)[0]
    out.retention_reviews, out.retention_passed = store.count_answers(
        [deck.id], now - timedelta(days=RETENTION_DAYS), prior_kind="review"
    )
    out.streak_days = study_streak(store, now, config, [deck.id])
    return out


def study_streak(
    store: Store,
    now: datetime,
    config: Config,
    deck_ids: Sequence[str] | None = None,
    window: timedelta = timedelta(days=64),
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
        days |= {
            d for d, yes in zip(asked, store.days_answered(spans, deck_ids), strict=True) if yes
        }
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


def streak(days: set[date], today: date) -> int:
    """Consecutive study days ending today, or yesterday when today has none yet."""
    day = today if today in days else today - timedelta(days=1)
    n = 0
    while day in days:
        n += 1
        day -= timedelta(days=1)
    return n


def collect_stats(store: Store, decks: list[Deck], now: datetime, config: Config) -> dict[str, Any]:
    """Stats for each deck and overall, as plain data (JSON-ready)."""
    counts = counts_for_decks(store, decks, now, config)  # syncs the decks, all at once
    per_deck = [deck_stats(store, d, now, config, counts[d.id]) for d in decks]
    overall = DeckStats("", "all decks")
    for s in per_deck:
        overall.add(s)
    overall.streak_days = study_streak(store, now, config)  # every deck, as home says
    return {
        "at": now.isoformat(),
        "study_day": study_day(now, config).isoformat(),
        "decks": [s.to_dict() for s in per_deck],
        "overall": overall.to_dict(),
    }


def format_stats(stats: dict[str, Any]) -> str:
    """A text table of `collect_stats` output."""
    columns = [
        ("deck_id", "DECK"),
        ("new", "NEW"),
        ("learning", "LEARN"),
        ("due", "DUE"),
        ("cards", "CARDS"),
        ("suspended", "SUSP"),
        ("unseen", "UNSEEN"),
        ("review", "REVIEW"),
        ("relearning", "RELEARN"),
        ("due_tomorrow", "TOMORROW"),
        ("reviews_today", "DONE TODAY"),
        ("streak_days", "STREAK"),
        ("true_retention", "RETENTION 30D"),
    ]
    rows = [*stats["decks"], {**stats["overall"], "deck_id": "(all)"}]

    def cell(row: dict[str, Any], key: str) -> str:
        value = row[key]
        if key == "true_retention":
            return "-" if value is None else f"{value:.0%} of {row['retention_reviews']}"
        return str(value)

    cells = [[cell(r, k) for k, _ in columns] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, (_, h) in enumerate(columns)]
    lines = ["  ".join(h.ljust(w) for (_, h), w in zip(columns, widths, strict=True)).rstrip()]
    for c in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())
    return "\n".join(lines)
