"""The countdown's clock face: whole seconds rounded up, minutes past 59 s."""

from __future__ import annotations

from quizapp.tui.widgets.countdown import clock_face


def test_clock_face() -> None:
    assert clock_face(20) == "20"
    assert clock_face(19.01) == "20"  # a timer shows 20 until a full second has gone
    assert clock_face(0.2) == "1"
    assert clock_face(0) == "0"
    assert clock_face(-3) == "0"
    assert clock_face(65) == "1:05"
