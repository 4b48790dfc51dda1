"""A big countdown for drills: the seconds left in large digits, and a word on its state.

Display only: the screen computes the time left from the drill (monotonic clock) and calls
`show` on every tick, so a late repaint shows the right time instead of drifting.
"""

from __future__ import annotations

from math import ceil

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Digits, Label

LOW_SECONDS = 5


def clock_face(seconds: float) -> str:
    """Whole seconds, rounded up (a timer shows 20 until a full second has gone): '9', '1:05'."""
    whole = ceil(max(seconds, 0.0) - 1e-9)
    return f"{whole // 60}:{whole % 60:02d}" if whole >= 60 else str(whole)


class Countdown(Widget):
    """Seconds left as `Digits`, with 'paused', 'time's up' or 'no timer' beside them."""

    DEFAULT_CSS = """
    Countdown {
        layout: horizontal;
        height: auto;
        width: auto;
    }
    Countdown > Digits {
        width: auto;
        color: $accent;
        text-style: bold;
    }
    Countdown > Label {
        width: auto;
        padding: 1 0 0 2;
        color: $text-muted;
    }
    Countdown.-low > Digits {
        color: $error;
    }
    Countdown.-paused > Digits {
        color: $text-muted;
    }
    Countdown.-paused > Label {
        color: $warning;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str | None, str] | None = None  # the clock face and word shown

    def compose(self) -> ComposeResult:
        yield Digits("", id="countdown-digits")
        yield Label("", id="countdown-label")

    def show(self, remaining: float | None, paused: bool = False) -> None:
        """Show `remaining` seconds (None: the question has no timer). Called on every tick:
        nothing is redrawn unless what it shows changed."""
        if remaining is None:
            face, word = None, "⏸ PAUSED" if paused else "no timer"
        elif paused:
            face, word = clock_face(remaining), "⏸ PAUSED"
        else:
            face, word = clock_face(remaining), "time's up" if remaining <= 0 else "seconds"
        if (face, word) != self._shown:
            self._shown = (face, word)
            digits = self.query_one(Digits)
            digits.display = face is not None
            if face is not None:
                digits.update(face)
            self.query_one(Label).update(word)
        self.set_class(paused, "-paused")
        self.set_class(remaining is not None and remaining <= LOW_SECONDS, "-low")
