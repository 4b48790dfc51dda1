"""The blank screen under a start screen; when that one closes, the app ends.

With `quizapp drill DECK` or `quizapp study` the first screen is the drill or the study
screen, pushed on this one, and closing it quits. (The home screen is the app's default
screen itself: nothing is under it.)
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


class FirstScreen(Screen[None]):
    def __init__(self, first: Screen[Any]) -> None:
        super().__init__()
        self.first = first
        self._pushed = False

    def on_mount(self) -> None:
        self.app.push_screen(self.first)
        self._pushed = True

    def on_screen_resume(self) -> None:
        if self._pushed and self.first not in self.app.screen_stack:
            self.app.exit()
