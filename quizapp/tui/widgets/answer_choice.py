"""Choice answers: one of several (keys A-D...), select-all (toggles), and true/false (t/f)."""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Static

from quizapp.tui.widgets.answer_base import AnswerWidget


class ChoiceOption(Static):
    """One option line; its text carries the state in symbols, its classes in colour."""

    DEFAULT_CSS = """
    ChoiceOption {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    ChoiceOption:hover { background: $boost; }
    ChoiceOption.-cursor { background: $accent 30%; text-style: bold; }
    ChoiceOption.-right { color: $text-success; background: $success-muted; }
    ChoiceOption.-wrong { color: $text-error; background: $error-muted; }
    """

    def __init__(self, index: int, key: str, label: str) -> None:
        super().__init__(markup=False)
        self.index = index
        self.key = key
        self.label = label


class ChoiceAnswer(AnswerWidget, can_focus=True):
    """Pick one option (a letter, or the cursor and Enter, or a click) or, with ``multi``,
    toggle several (letter, Space or click) and submit with Enter.

    ``Answered.value`` is the chosen option's index, or with ``multi`` the tuple of chosen
    indices (as the quiz engine's ``grade`` takes them).
    """

    DEFAULT_CSS = """
    ChoiceAnswer {
        height: auto;
        padding: 0 0;
        layout: vertical;
    }
    ChoiceAnswer:focus-within, ChoiceAnswer:focus { background-tint: $foreground 3%; }
    ChoiceAnswer > .choice-hint { color: $text-muted; padding: 0 1; }
    ChoiceAnswer.-locked > .choice-hint { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("enter", "confirm", "Answer", show=True),
        Binding("space", "toggle_option", "Toggle", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    def __init__(
        self,
        options: Sequence[str],
        *,
        multi: bool = False,
        keys: Sequence[str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.multi = multi
        self.keys = list(keys) if keys is not None else list(string.ascii_lowercase)
        if len(self.keys) < len(self.options):
            raise ValueError("more options than keys")
        self.chosen: set[int] = set()
        self._right: set[int] | None = None

    def compose(self) -> ComposeResult:
        for i, label in enumerate(self.options):
            yield ChoiceOption(i, self.keys[i], label)
        if self.multi:
            hint = "Select all that apply: a letter or Space toggles, Enter answers."
        else:
            keys = "/".join(k.upper() for k in self.keys[: len(self.options)])
            hint = f"Press {keys}, or move with ↑↓ and press Enter."
        yield Static(hint, classes="choice-hint", markup=False)

    def on_mount(self) -> None:
        self._refresh_options()

    def _option_widgets(self) -> list[ChoiceOption]:
        return list(self.query(ChoiceOption))

    def _refresh_options(self) -> None:
        for opt in self._option_widgets():
            opt.update(self._line(opt))
            opt.set_class(opt.index == self.cursor and not self.locked, "-cursor")
            right = self._right
            opt.set_class(right is not None and opt.index in right, "-right")
            opt.set_class(
                right is not None and opt.index in self.chosen and opt.index not in right,
                "-wrong",
            )

    def _line(self, opt: ChoiceOption) -> str:
        pointer = "›" if opt.index == self.cursor and not self.locked else " "
        box = ""
        if self.multi:
            box = "[x] " if opt.index in self.chosen else "[ ] "
        mark = ""
        tail = ""
        if self._right is not None:
            if opt.index in self._right:
                mark = "✔ "
            elif opt.index in self.chosen:
                mark = "✘ "
            else:
                mark = "  "
            if opt.index in self.chosen:
                tail = "  ← your answer"
        return f"{pointer}{mark}{box}{opt.key.upper()}  {opt.label}{tail}"

    def watch_cursor(self) -> None:
        self._refresh_options()

    def watch_locked(self, locked: bool) -> None:
        super().watch_locked(locked)
        self._refresh_options()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_option" and not self.multi:
            return False
        return super().check_action(action, parameters)

    def action_move(self, delta: int) -> None:
        if not self.locked and self.options:
            self.cursor = (self.cursor + delta) % len(self.options)

    def action_confirm(self) -> None:
        if self.locked:
            return
        if self.multi:
            if self.chosen:
                self._submit_chosen()
            else:
                self.notify("Select at least one option first.", severity="warning", markup=False)
        else:
            self.pick(self.cursor)

    def action_toggle_option(self) -> None:
        self.pick(self.cursor)

    def pick(self, index: int) -> None:
        """Choose option ``index`` (single: answers at once; multi: toggles it)."""
        if self.locked or not 0 <= index < len(self.options):
            return
        self.cursor = index
        if self.multi:
            self.chosen ^= {index}
            self._refresh_options()
        else:
            self.chosen = {index}
            self._submit_chosen()

    def _submit_chosen(self) -> None:
        self.submit(self._value())

    def _value(self) -> object:
        if self.multi:
            return tuple(sorted(self.chosen))
        return self.cursor

    def on_key(self, event: events.Key) -> None:
        if self.locked or event.character is None:
            return
        key = event.character.lower()
        if key in self.keys[: len(self.options)]:
            event.stop()
            event.prevent_default()
            self.pick(self.keys.index(key))

    def on_click(self, event: events.Click) -> None:
        if isinstance(event.widget, ChoiceOption):
            event.stop()
            self.focus()
            self.pick(event.widget.index)

    def show_result(self, right: Sequence[int]) -> None:
        """Mark the right options (indices) and the learner's wrong ones."""
        self._right = set(right)
        self._refresh_options()


class TrueFalseAnswer(ChoiceAnswer):
    """True or false (keys t/f). ``Answered.value`` is a ``bool``."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(["True", "False"], keys=["t", "f"], id=id)

    def _value(self) -> object:
        return 0 in self.chosen
