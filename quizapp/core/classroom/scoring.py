"""Scoring presets for classroom drills and live rooms, and how their standings are ranked.

Three presets, chosen per drill:

``accuracy`` (the default)
    1 point for a right answer, 0 otherwise. Fair to slow readers.
``speed`` (Kahoot's rule)
    A right answer scores ``round(1000 * (1 - (t / T) / 2))`` where ``t`` is the seconds the team
    took (clamped to ``0..T``) and ``T`` the question's time limit: 1000 for an instant answer,
    500 at the buzzer. Times count to the millisecond; halves round up. On top comes a
    *streak bonus*: the first right answer of a run gets no bonus, the second right answer in a
    row +100, the third +200, and so on up to +500 (from the sixth right answer in a row on).
    A wrong or missing answer scores 0 and ends the run. Skipped questions are not asked, so
    they neither extend nor break a run.
``confidence``
    Each team says how sure it is, 1-3. Right scores +1/+2/+3, wrong 0/-2/-6.

A team that gives no answer scores 0 under every preset.

In a live room every student scores on their own (with their own device's answer time) and a
team's score is the average of its members' totals (`team_score`).

Drills and rooms score the same way: `Scorer` gives each answer its points in question order
(keeping every team's or student's streak), `tally` sums the result rows per team or student
and `ranked` orders a leaderboard (ties share a rank).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound="ScoredRow")

Scoring = Literal["accuracy", "speed", "confidence"]
SCORING_PRESETS: tuple[Scoring, ...] = ("accuracy", "speed", "confidence")
# How screens name each preset: in a status line, and in full where the teacher chooses one.
SCORING_NAMES: dict[str, str] = {
    "accuracy": "1 point per right answer",
    "speed": "speed: up to 1000 + streaks",
    "confidence": "confidence: ±1/2/3",
}
SCORING_LABELS: dict[str, str] = {
    "accuracy": "Accuracy: 1 point per right answer",
    "speed": "Speed: up to 1000 for a fast right answer, +100 per streak",
    "confidence": "Confidence: teams bet 1-3; right +1/+2/+3, wrong 0/-2/-6",
}

SPEED_MAX = 1000
STREAK_STEP = 100
STREAK_CAP = 500
# confidence level -> (points if right, points if wrong)
CONFIDENCE_POINTS: dict[int, tuple[int, int]] = {1: (1, 0), 2: (2, -2), 3: (3, -6)}
CONFIDENCE_LEVELS = (1, 2, 3)


def accuracy_points(right: bool) -> int:
    return 1 if right else 0


def speed_base(seconds: float, limit: float) -> int:
    """Kahoot's points for a right answer after `seconds` out of `limit` (halves round up).

    Exact integer arithmetic on milliseconds: round(1000 * (1 - (t / T) / 2)) is
    (2 * (1000 * T - 500 * t) + T) // (2 * T).
    """
    limit_ms = round(limit * 1000)
    if limit_ms <= 0:
        raise ValueError("speed scoring needs a time limit above 0")
    t_ms = min(max(round(seconds * 1000), 0), limit_ms)
    return (2 * (SPEED_MAX * limit_ms - SPEED_MAX // 2 * t_ms) + limit_ms) // (2 * limit_ms)


def streak_bonus(streak: int) -> int:
    """The bonus for a right answer that is the `streak`-th right answer in a row (1 = first)."""
    return min(STREAK_STEP * max(streak - 1, 0), STREAK_CAP)


def speed_points(right: bool, seconds: float, limit: float, streak: int) -> int:
    """Points under `speed`; `streak` counts this answer (1 for the first right in a row)."""
    if not right:
        return 0
    return speed_base(seconds, limit) + streak_bonus(streak)


def confidence_points(right: bool, level: int) -> int:
    if level not in CONFIDENCE_POINTS:
        raise ValueError(f"confidence must be 1, 2 or 3, not {level}")
    gain, loss = CONFIDENCE_POINTS[level]
    return gain if right else loss


def points(
    scoring: Scoring,
    right: bool,
    seconds: float,
    limit: float | None,
    streak: int,
    confidence: int = 0,
) -> int:
    """The points of one answer under `scoring` (drills and live rooms both score here).

    `streak` counts this answer in its run of right answers (1 for the first); `confidence`
    0 (none given) counts as 1.
    """
    if scoring == "speed":
        if limit is None:
            raise ValueError("speed scoring needs a time limit")
        return speed_points(right, seconds, limit, streak)
    if scoring == "confidence":
        return confidence_points(right, confidence or 1)
    return accuracy_points(right)


def team_score(totals: Sequence[int]) -> int:
    """A team's score: the average of its members' totals, halves rounded up (0 with nobody).

    Integer arithmetic: floor(sum / n + 1/2) is (2 * sum + n) // (2 * n), negatives included.
    """
    n = len(totals)
    if n == 0:
        return 0
    return (2 * sum(totals) + n) // (2 * n)


class TimedAnswer(Protocol):
    """What scoring reads of an answer: its time and the confidence given (0: none)."""

    @property
    def seconds(self) -> float: ...

    @property
    def confidence(self) -> int: ...


class Scorer:
    """The points of a quiz's answers under one preset, given question by question in order.

    It keeps each team's or student's run of right answers (the speed preset's streak bonus):
    a right answer extends the run, a wrong or missing one ends it. Call `score` for every
    answer of one asked question before the next; skipped questions are never scored, so they
    neither extend nor break a run.
    """

    def __init__(self, scoring: Scoring, limit: float | None) -> None:
        self.scoring = scoring
        self.limit = limit
        self._streaks: dict[Hashable, int] = {}

    def score(self, who: Hashable, right: bool, answer: TimedAnswer | None) -> int:
        """The points of `who`'s answer (None: no answer, 0 points and the run ends)."""
        streak = self._streaks.get(who, 0) + 1 if right else 0
        self._streaks[who] = streak
        if answer is None:
            return 0
        return points(self.scoring, right, answer.seconds, self.limit, streak, answer.confidence)


class ScoredRow(Protocol):
    """What a tally reads of a result row: the question's number, right or not, the points."""

    @property
    def number(self) -> int: ...

    @property
    def right(self) -> bool: ...

    @property
    def points(self) -> int: ...


@dataclass(slots=True)
class Tally:
    """One team's or student's results summed over the asked questions."""

    total: int = 0
    right: int = 0  # right answers
    last: int = 0  # points on the last question asked
    streak: int = 0  # right answers in a row up to the last question asked


def tally(rows: Sequence[R], key: Callable[[R], K], keys: Iterable[K]) -> dict[K, Tally]:
    """Each of `keys` (in their order) with the sum of its result rows (`key` says whose)."""
    out = {k: Tally() for k in keys}
    last_number = max((r.number for r in rows), default=0)
    for r in rows:
        t = out[key(r)]
        t.total += r.points
        t.right += int(r.right)
        t.streak = t.streak + 1 if r.right else 0
        if r.number == last_number:
            t.last = r.points
    return out


def ranked(items: Iterable[T], score: Callable[[T], int]) -> list[tuple[int, T]]:
    """The items highest score first, each with its rank: ties share a rank (1, 1, 3) and keep
    the items' order."""
    out: list[tuple[int, T]] = []
    last = 0
    for pos, item in enumerate(sorted(items, key=lambda x: -score(x))):
        value = score(item)
        rank = out[-1][0] if out and last == value else pos + 1
        out.append((rank, item))
        last = value
    return out
