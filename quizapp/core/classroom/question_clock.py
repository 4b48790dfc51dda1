"""The open question's timer, one for drills and live rooms alike.

A `QuestionClock` runs on ``clock.monotonic()``. The time a question has been open is never
counted down tick by tick: it is the time banked before the current run (pauses end a run)
plus how long the current run has lasted, so a slow repaint changes nobody's time. A question
saved while open comes back paused at its saved time (`restore`); resuming runs on from there.

The drill and the room each decide what their phases mean (which phase is "open", what a
closed question shows); the clock only keeps the time, the limit and the rule that a time
recorded for an answer or a close is at most the limit, to the millisecond.
"""

from __future__ import annotations

from quizapp.core.clock import Clock


def time_limit(timer: int) -> float | None:
    """A question's limit in seconds from the settings' timer (0: no timer, None)."""
    return float(timer) if timer else None


class QuestionClock:
    """Seconds the open question has run (pauses excluded), and its limit (None: no timer)."""

    def __init__(self, clock: Clock, limit: float | None) -> None:
        self.clock = clock
        self.limit = limit
        self.paused = False
        self._banked = 0.0  # seconds run before the current run
        self._run_from: float | None = None  # monotonic time the current run started

    def start(self) -> None:
        """A question opens: the time starts from 0 and runs."""
        self.paused = False
        self._banked = 0.0
        self._run_from = self.clock.monotonic()

    def pause(self) -> bool:
        """Stop the run and bank its time. False (nothing changes) when already paused."""
        if self.paused:
            return False
        self._banked = self.elapsed()
        self._run_from = None
        self.paused = True
        return True

    def resume(self) -> bool:
        """Run on from the banked time. False (nothing changes) when not paused."""
        if not self.paused:
            return False
        self._run_from = self.clock.monotonic()
        self.paused = False
        return True

    def stop(self) -> None:
        """No question is open any more: nothing runs, nothing is banked."""
        self.paused = False
        self._banked = 0.0
        self._run_from = None

    def restore(self, elapsed: float) -> None:
        """A question saved while open: paused at its saved time."""
        self._banked = elapsed
        self._run_from = None
        self.paused = True

    def elapsed(self) -> float:
        """Seconds run so far: the banked time plus the current run (0 when stopped)."""
        running = self.clock.monotonic() - self._run_from if self._run_from is not None else 0.0
        return self._banked + max(running, 0.0)

    def capped(self, seconds: float) -> float:
        """A time as an answer or a close records it: at most the limit, to the millisecond."""
        if self.limit is not None:
            seconds = min(seconds, self.limit)
        return round(seconds, 3)

    def remaining(self, elapsed: float) -> float | None:
        """Seconds left on the limit after `elapsed` (None when there is no timer)."""
        if self.limit is None:
            return None
        return max(self.limit - elapsed, 0.0)

    def is_up(self) -> bool:
        """Whether the running time has reached the limit (never while paused or untimed)."""
        return not self.paused and self.limit is not None and self.elapsed() >= self.limit
