"""The question timer drills and live rooms share, on a fake monotonic clock."""

from __future__ import annotations

from datetime import UTC, datetime

from quizapp.core.classroom.question_clock import QuestionClock, time_limit
from quizapp.core.clock import FakeClock


def test_the_time_runs_from_the_start_and_pauses_are_banked() -> None:
    clock = FakeClock(datetime(2026, 3, 2, tzinfo=UTC))
    timer = QuestionClock(clock, time_limit(20))
    assert timer.elapsed() == 0.0  # not started
    timer.start()
    clock.advance(4)
    assert timer.pause() and not timer.pause()  # a second pause changes nothing
    clock.advance(100)
    assert timer.elapsed() == 4 and timer.paused
    assert not timer.is_up()
    assert timer.resume() and not timer.resume()
    clock.advance(2.5)
    assert timer.elapsed() == 6.5 and timer.remaining(timer.elapsed()) == 13.5
    clock.advance(13.5)
    assert timer.is_up()
    clock.advance(7)
    assert timer.capped(timer.elapsed()) == 20  # a late reading is the limit
    timer.stop()
    assert (timer.elapsed(), timer.paused) == (0.0, False)


def test_a_saved_time_comes_back_paused_and_no_timer_never_ends() -> None:
    clock = FakeClock(datetime(2026, 3, 2, tzinfo=UTC))
    timer = QuestionClock(clock, time_limit(0))
    assert timer.limit is None and timer.remaining(5) is None
    timer.restore(7.25)
    clock.advance(60)
    assert (timer.elapsed(), timer.paused) == (7.25, True)
    timer.resume()
    clock.advance(10_000)
    assert not timer.is_up()
    assert timer.capped(1.23456) == 1.235  # to the millisecond
