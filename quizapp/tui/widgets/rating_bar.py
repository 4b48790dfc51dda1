"""The four FSRS ratings with the interval each would give; the proposed one is marked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

RATING_NAMES: dict[int, str] = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


class RatingButton(Static):
    DEFAULT_CSS = """
    RatingButton {
        width: 1fr;
        height: 3;
        content-align: center middle;
        text-align: center;
        border: round $panel-lighten-2;
        margin: 0 1 0 0;
    }
    RatingButton:hover { background: $boost; }
    RatingButton.-proposed { border: heavy $accent; text-style: bold; }
    RatingButton.-again.-proposed { border: heavy $error; }
    RatingButton.-good.-proposed { border: heavy $success; }
    """

    def __init__(self, rating: int) -> None:
        super().__init__(markup=False, classes=f"-{RATING_NAMES[rating].lower()}")
        self.rating = rating


class RatingBar(Widget):
    """Shows ``1 Again <10m`` ... ``4 Easy 9d``. The keys live on the screen (1-4, Enter);
    clicking a rating posts ``Rated``."""

    DEFAULT_CSS = """
    RatingBar { height: 3; layout: horizontal; }
    """

    @dataclass
    class Rated(Message):
        """A rating was clicked."""

        rating: int

    proposed: reactive[int | None] = reactive(None)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.intervals: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        for rating in RATING_NAMES:
            yield RatingButton(rating)

    def on_mount(self) -> None:
        self._refresh_buttons()

    def set_intervals(self, intervals: Mapping[int, str]) -> None:
        self.intervals = dict(intervals)
        self._refresh_buttons()

    def watch_proposed(self) -> None:
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        for b in self.query(RatingButton):
            mark = "▶ " if b.rating == self.proposed else ""
            interval = self.intervals.get(b.rating, "")
            b.update(f"{mark}{b.rating} {RATING_NAMES[b.rating]} {interval}".rstrip())
            b.set_class(b.rating == self.proposed, "-proposed")

    def on_click(self, event: events.Click) -> None:
        if isinstance(event.widget, RatingButton):
            event.stop()
            self.post_message(self.Rated(event.widget.rating))
