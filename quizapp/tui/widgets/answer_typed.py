"""Typed answers (typed and cloze cards, typed quiz questions): an Input, Enter submits."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Static

from quizapp.tui.widgets.answer_base import AnswerWidget


class TypedAnswer(AnswerWidget):
    """``Answered.value`` is the text typed (possibly empty: "I don't know")."""

    DEFAULT_CSS = """
    TypedAnswer { height: auto; }
    TypedAnswer > Input { width: 1fr; }
    TypedAnswer > .typed-hint { color: $text-muted; padding: 0 1; }
    TypedAnswer.-locked > .typed-hint { display: none; }
    """

    def __init__(self, placeholder: str = "Type your answer", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder)
        yield Static(
            "Enter answers (an empty answer means: I don't know).",
            classes="typed-hint",
            markup=False,
        )

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def focus(self, scroll_visible: bool = True) -> TypedAnswer:
        self.input.focus(scroll_visible)
        return self

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def watch_locked(self, locked: bool) -> None:
        super().watch_locked(locked)
        if locked and self.is_mounted:
            self.input.disabled = True
