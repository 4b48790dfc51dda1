"""Order answers: pick the items in their order (number keys, cursor + Enter, or clicks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Static

from quizapp.core.text import ordinal
from quizapp.tui.widgets.answer_base import AnswerWidget


class OrderItem(Static):
    DEFAULT_CSS = """
    OrderItem { height: auto; padding: 0 1; }
    OrderItem:hover { background: $boost; }
    OrderItem.-cursor { background: $accent 30%; text-style: bold; }
    OrderItem.-placed { color: $text-muted; }
    OrderItem.-right { color: $text-success; background: $success-muted; }
    OrderItem.-wrong { color: $text-error; background: $error-muted; }
    """

    def __init__(self, index: int, label: str) -> None:
        super().__init__(markup=False)
        self.index = index
        self.label = label


class OrderAnswer(AnswerWidget, can_focus=True):
    """The items are shown shuffled; the learner picks them first to last.

    ``Answered.value`` is the tuple of item indices in the learner's order.
    """

    DEFAULT_CSS = """
    OrderAnswer { height: auto; layout: vertical; }
    OrderAnswer > .order-hint { color: $text-muted; padding: 0 1; }
    OrderAnswer.-locked > .order-hint { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("enter", "confirm", "Place/answer", show=True),
        Binding("backspace", "take_back", "Take back", show=True),
    ]

    cursor: reactive[int] = reactive(0)

    def __init__(self, items: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        if len(items) > 9:
            raise ValueError("an order question shows at most 9 items")
        self.items = list(items)
        self.placed: list[int] = []  # indices into items, in the learner's order
        self._right: list[int] | None = None

    def compose(self) -> ComposeResult:
        for i, label in enumerate(self.items):
            yield OrderItem(i, label)
        yield Static(
            "Press the number of what comes first, then next...; Backspace takes back;"
            " Enter answers once all are placed.",
            classes="order-hint",
            markup=False,
        )

    def on_mount(self) -> None:
        self._refresh_items()

    @property
    def complete(self) -> bool:
        return len(self.placed) == len(self.items)

    def _refresh_items(self) -> None:
        for w in self.query(OrderItem):
            w.update(self._line(w))
            w.set_class(w.index == self.cursor and not self.locked, "-cursor")
            w.set_class(w.index in self.placed and self._right is None, "-placed")
            ok = self._is_right(w.index)
            w.set_class(ok is True, "-right")
            w.set_class(ok is False, "-wrong")

    def _is_right(self, index: int) -> bool | None:
        if self._right is None or index not in self.placed:
            return None
        pos = self.placed.index(index)
        return pos < len(self._right) and self._right[pos] == index

    def _line(self, w: OrderItem) -> str:
        pointer = "›" if w.index == self.cursor and not self.locked else " "
        where = (
            f"{ordinal(self.placed.index(w.index) + 1):>4}" if w.index in self.placed else "   ·"
        )
        mark = ""
        if self._right is not None:
            ok = self._is_right(w.index)
            mark = "✔ " if ok else "✘ "
            if not ok and w.index in self._right:
                should = ordinal(self._right.index(w.index) + 1)
                return f"{pointer}{mark}{w.index + 1} {where}  {w.label}  (should be {should})"
        return f"{pointer}{mark}{w.index + 1} {where}  {w.label}"

    def watch_cursor(self) -> None:
        self._refresh_items()

    def watch_locked(self, locked: bool) -> None:
        super().watch_locked(locked)
        self._refresh_items()

    def action_move(self, delta: int) -> None:
        if not self.locked:
            self.cursor = (self.cursor + delta) % len(self.items)

    def place(self, index: int) -> None:
        """Put item ``index`` next in the learner's order (the last one follows by itself)."""
        if self.locked or index in self.placed or not 0 <= index < len(self.items):
            return
        self.placed.append(index)
        if len(self.placed) == len(self.items) - 1:
            self.placed += [i for i in range(len(self.items)) if i not in self.placed]
        unplaced = [i for i in range(len(self.items)) if i not in self.placed]
        if unplaced:
            self.cursor = unplaced[0]
        self._refresh_items()

    def action_take_back(self) -> None:
        if self.locked or not self.placed:
            return
        self.placed.pop()
        if len(self.placed) == len(self.items) - 1:  # the auto-placed last one goes too
            self.placed.pop()
        self._refresh_items()

    def action_confirm(self) -> None:
        if self.locked:
            return
        if self.complete:
            self.submit(tuple(self.placed))
        else:
            self.place(self.cursor)

    def on_key(self, event: events.Key) -> None:
        if self.locked or event.character is None or not event.character.isdigit():
            return
        n = int(event.character)
        if 1 <= n <= len(self.items):
            event.stop()
            event.prevent_default()
            self.place(n - 1)

    def on_click(self, event: events.Click) -> None:
        if isinstance(event.widget, OrderItem):
            event.stop()
            self.focus()
            self.place(event.widget.index)

    def show_result(self, right: Sequence[int]) -> None:
        """``right``: the item indices in the right order."""
        self._right = list(right)
        self._refresh_items()
