"""Typed answers (typed and cloze cards, typed quiz questions): an Input, Enter submits."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from quizapp.tui.widgets.answer_base import AnswerWidget
from quizapp.tui.widgets.safe_input import SafeInput


class TypedAnswer(AnswerWidget):
    """``Answered.value`` is the text typed (possibly empty: "I don't know").

    Escape leaves the answer box, so the screen's letter keys work again (Tab or a click
    comes back).
    """

    DEFAULT_CSS = """
    TypedAnswer { height: auto; }
    TypedAnswer > Input { width: 1fr; }
    TypedAnswer > .typed-hint { color: $text-muted; padding: 0 1; }
    TypedAnswer.-locked > .typed-hint { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave answer box", show=False),
    ]

    def __init__(self, placeholder: str = "Type your answer", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder=self.placeholder)
        yield Static(
            "Enter answers (empty: I don't know) · Esc leaves the box.",
            classes="typed-hint",
            markup=False,
        )

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def focus(self, scroll_visible: bool = True) -> TypedAnswer:
        self.input.focus(scroll_visible)
        return self

    def action_leave(self) -> None:
        self.screen.set_focus(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            return self.input.has_focus
        return super().check_action(action, parameters)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def watch_locked(self, locked: bool) -> None:
        super().watch_locked(locked)
        if locked and self.is_mounted:
            self.input.disabled = True
