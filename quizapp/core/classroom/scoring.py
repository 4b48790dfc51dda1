"""Scoring presets for classroom drills.

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
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Scoring = Literal["accuracy", "speed", "confidence"]
SCORING_PRESETS: tuple[Scoring, ...] = ("accuracy", "speed", "confidence")

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
