"""The part of a question's screen that holds the prompt and the answer tiles.

It scrolls when the screen is too short for them, so a tile is never cut or hidden behind what
is below it (the team badges, the typed answers). It never takes the focus: the arrow keys stay
the screen's (← goes back).
"""

from __future__ import annotations

from textual.containers import VerticalScroll


class QuestionArea(VerticalScroll, can_focus=False):
    """The prompt and the tiles (and an answer's explanation), scrolling together if need be."""

    DEFAULT_CSS = """
    QuestionArea {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """
