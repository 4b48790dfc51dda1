"""What every answer widget shares: one `Answered` message, sent once, then the widget locks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class AnswerWidget(Widget):
    """Base of the answer widgets (choice, true/false, order, match, typed).

    A screen handles every kind with one handler, ``on_answer_widget_answered``. After the
    answer is sent the widget is locked (it ignores input) until it is replaced; the screen
    then calls ``show_result`` so the widget can mark what was right.
    """

    @dataclass
    class Answered(Message):
        """The learner gave an answer; ``value``'s type depends on the widget."""

        widget: AnswerWidget
        value: Any

        @property
        def control(self) -> AnswerWidget:
            return self.widget

    locked: reactive[bool] = reactive(False)

    def submit(self, value: Any) -> None:
        """Send the answer, once."""
        if self.locked:
            return
        self.locked = True
        self.post_message(self.Answered(self, value))

    def watch_locked(self, locked: bool) -> None:
        self.set_class(locked, "-locked")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A locked widget's keys fall through to the screen (Enter: next, 1-4: rate...)."""
        return not self.locked

    def show_result(self, right: Sequence[int]) -> None:
        """Mark the learner's answer against the right one (a question's ``correct``)."""
