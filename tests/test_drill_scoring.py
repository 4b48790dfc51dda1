"""The scoring presets' rules, exactly, and their bounds (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.classroom.scoring import (
    confidence_points,
    speed_base,
    speed_points,
    streak_bonus,
)


def test_speed_base_follows_kahoot_formula() -> None:
    assert speed_base(0, 20) == 1000
    assert speed_base(20, 20) == 500
    assert speed_base(10, 20) == 750
    assert speed_base(5, 20) == 875
    assert speed_base(1, 3) == 833  # 833.33...
    assert speed_base(1, 8) == 938  # 937.5: halves round up


def test_speed_time_is_clamped_to_the_limit() -> None:
    assert speed_base(-1, 20) == 1000
    assert speed_base(45, 20) == 500


def test_streak_bonus_starts_at_the_second_right_answer_and_caps_at_500() -> None:
    assert [streak_bonus(n) for n in range(1, 9)] == [0, 100, 200, 300, 400, 500, 500, 500]


def test_speed_points_add_the_bonus_only_to_right_answers() -> None:
    assert speed_points(True, 10, 20, 1) == 750
    assert speed_points(True, 10, 20, 3) == 950
    assert speed_points(False, 0, 20, 5) == 0


def test_confidence_table() -> None:
    assert [confidence_points(True, n) for n in (1, 2, 3)] == [1, 2, 3]
    assert [confidence_points(False, n) for n in (1, 2, 3)] == [0, -2, -6]
    with pytest.raises(ValueError):
        confidence_points(True, 4)


@given(
    right=st.booleans(),
    seconds=st.floats(min_value=-10, max_value=10_000, allow_nan=False),
    limit=st.integers(min_value=1, max_value=3600),
    streak=st.integers(min_value=1, max_value=1000),
)
def test_speed_points_stay_within_bounds(
    right: bool, seconds: float, limit: int, streak: int
) -> None:
    points = speed_points(right, seconds, limit, streak)
    if right:
        assert 500 <= points <= 1500
    else:
        assert points == 0


@given(
    limit=st.integers(min_value=1, max_value=3600),
    a=st.floats(min_value=0, max_value=3600, allow_nan=False),
    b=st.floats(min_value=0, max_value=3600, allow_nan=False),
)
def test_a_faster_answer_never_scores_less(limit: int, a: float, b: float) -> None:
    fast, slow = sorted((a, b))
    assert speed_base(fast, limit) >= speed_base(slow, limit)


@given(right=st.booleans(), level=st.sampled_from([1, 2, 3]))
def test_confidence_points_bounds(right: bool, level: int) -> None:
    assert -6 <= confidence_points(right, level) <= 3
