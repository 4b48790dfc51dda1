"""The blank screen under the first real one; when that one closes, the app ends.

The first screen is pushed (not installed as the default) so that its CSS_PATH is loaded like
any other screen's. With `quizapp drill DECK` or `quizapp study` it is the drill or the study
screen, and closing it quits.
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
