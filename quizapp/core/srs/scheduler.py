"""Scheduling with FSRS (py-fsrs): every interval comes from `fsrs.Scheduler`, none from here.

An item that was never answered has no state (it is *new*). Its first answer starts py-fsrs'
learning steps. `ItemState` adds what FSRS does not track: reps, lapses, suspension, leech.
Study days start at `Config.day_start_hour` local time, as in Anki.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import fsrs
from fsrs import Rating, State

from quizapp.core.config import Config

LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)
MAXIMUM_INTERVAL = 36500
LEECH_LAPSES = 8  # a card that lapses this many times is a leech (then every 4 more)

RATING_NAMES = {
    Rating.Again: "again",
    Rating.Hard: "hard",
    Rating.Good: "good",
    Rating.Easy: "easy",
}


def make_scheduler(config: Config | None = None, *, fuzz: bool = True) -> fsrs.Scheduler:
    """A py-fsrs scheduler with Anki's defaults and the configured retention."""
    cfg = config or Config()
    return fsrs.Scheduler(
        desired_retention=cfg.retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        maximum_interval=MAXIMUM_INTERVAL,
        enable_fuzzing=fuzz,
    )


def fsrs_card_id(deck_id: str, item_id: str) -> int:
    """A stable positive 63-bit id for py-fsrs and exported logs (from the item's key)."""
    digest = hashlib.blake2b(f"{deck_id}/{item_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & (2**63 - 1)


def to_rating(value: Rating | int | str) -> Rating:
    """1-4 or again/hard/good/easy (any case) as a Rating; raises ValueError otherwise."""
    if isinstance(value, str):
        text = value.strip().lower()
        for rating, name in RATING_NAMES.items():
            if text == name:
                return rating
        if text.isdecimal():  # int() reads these; isdigit() also admits "²"
            value = int(text)
        else:
            raise ValueError(f"not a rating: {value!r} (use 1-4 or again/hard/good/easy)")
    try:
        return Rating(int(value))
    except ValueError:
        raise ValueError(f"not a rating: {value!r} (use 1-4 or again/hard/good/easy)") from None


@dataclass(frozen=True, slots=True)
class ItemState:
    """The progress of one item: py-fsrs' card plus counters and flags."""

    deck_id: str
    item_id: str
    state: State = State.Learning
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None  # None: new, never answered
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    leech: bool = False

    @classmethod
    def new(cls, deck_id: str, item_id: str) -> ItemState:
        return cls(deck_id, item_id)

    @property
    def is_new(self) -> bool:
        return self.reps == 0

    @property
    def kind(self) -> str:
        """new | learning | review | relearning (ignores suspension)."""
        if self.is_new:
            return "new"
        return {State.Learning: "learning", State.Review: "review"}.get(self.state, "relearning")

    def fsrs_card(self, now: datetime) -> fsrs.Card:
        return fsrs.Card(
            card_id=fsrs_card_id(self.deck_id, self.item_id),
            state=self.state,
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due or now,
            last_review=self.last_review,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "deck_id": self.deck_id,
            "item_id": self.item_id,
            "state": int(self.state),
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat() if self.due else None,
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "reps": self.reps,
            "lapses": self.lapses,
            "suspended": self.suspended,
            "leech": self.leech,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ItemState:
        return cls(
            deck_id=d["deck_id"],
            item_id=d["item_id"],
            state=State(int(d["state"])),
            step=d["step"],
            stability=d["stability"],
            difficulty=d["difficulty"],
            due=datetime.fromisoformat(d["due"]) if d["due"] else None,
            last_review=datetime.fromisoformat(d["last_review"]) if d["last_review"] else None,
            reps=int(d["reps"]),
            lapses=int(d["lapses"]),
            suspended=bool(d["suspended"]),
            leech=bool(d["leech"]),
        )


def review(
    scheduler: fsrs.Scheduler, state: ItemState, rating: Rating | int, now: datetime
) -> ItemState:
    """The state after answering `rating` at `now` (py-fsrs decides; we count lapses)."""
    rating = to_rating(rating)
    now = now.astimezone(UTC)
    card, _log = scheduler.review_card(state.fsrs_card(now), rating, now)
    lapsed = state.state == State.Review and rating == Rating.Again
    lapses = state.lapses + (1 if lapsed else 0)
    became_leech = lapsed and lapses >= LEECH_LAPSES and (lapses - LEECH_LAPSES) % 4 == 0
    return replace(
        state,
        state=card.state,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=state.reps + 1,
        lapses=lapses,
        leech=state.leech or became_leech,
        suspended=state.suspended or became_leech,
    )


def retrievability(scheduler: fsrs.Scheduler, state: ItemState, now: datetime) -> float:
    """py-fsrs' recall probability now (0 for new items)."""
    if state.is_new:
        return 0.0
    return float(scheduler.get_card_retrievability(state.fsrs_card(now), now))


_PREVIEW_SCHEDULERS: dict[float, fsrs.Scheduler] = {}


def preview_intervals(
    item_state: ItemState, now: datetime, scheduler: fsrs.Scheduler | None = None
) -> dict[Rating, timedelta]:
    """How long until the item is due again for each rating (no fuzz, as Anki shows)."""
    if scheduler is None:
        scheduler = _PREVIEW_SCHEDULERS.setdefault(0.9, make_scheduler(fuzz=False))
    elif scheduler.enable_fuzzing:
        key = scheduler.desired_retention
        if key not in _PREVIEW_SCHEDULERS:
            _PREVIEW_SCHEDULERS[key] = make_scheduler(Config(retention=key), fuzz=False)
        scheduler = _PREVIEW_SCHEDULERS[key]
    now = now.astimezone(UTC)
    out: dict[Rating, timedelta] = {}
    for rating in Rating:
        after = review(scheduler, item_state, rating, now)
        assert after.due is not None
        out[rating] = after.due - now
    return out


def format_interval(td: timedelta) -> str:
    """A short label for rating buttons, as Anki: '<1m', '<10m', '3h', '4d', '2.1mo', '1.5y'."""
    seconds = td.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"<{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


# --- study days ---------------------------------------------------------------------------


def study_day(when: datetime, config: Config) -> date:
    """The study day `when` belongs to: local date, shifted back by the day start hour."""
    local = when.astimezone(config.tz())
    return (local - timedelta(hours=config.day_start_hour)).date()


def day_start(day: date, config: Config) -> datetime:
    """When study day `day` begins, in UTC."""
    local = datetime.combine(day, time(config.day_start_hour), tzinfo=config.tz())
    return local.astimezone(UTC)


def day_bounds(when: datetime, config: Config) -> tuple[datetime, datetime]:
    """Start and end (UTC) of the study day containing `when`."""
    day = study_day(when, config)
    return day_start(day, config), day_start(day + timedelta(days=1), config)
