"""Match answers: pair each left item (1-9) with a right one (A-I), by keys or clicks."""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Static

from quizapp.tui.widgets.answer_base import AnswerWidget

LETTERS = string.ascii_lowercase


class MatchLeft(Static):
    DEFAULT_CSS = """
    MatchLeft { height: auto; padding: 0 1; }
    MatchLeft:hover { background: $boost; }
    MatchLeft.-cursor { background: $accent 30%; text-style: bold; }
    MatchLeft.-right { color: $text-success; background: $success-muted; }
    MatchLeft.-wrong { color: $text-error; background: $error-muted; }
    """

    def __init__(self, index: int, label: str) -> None:
        super().__init__(markup=False)
        self.index = index
        self.label = label


class MatchRight(Static):
    DEFAULT_CSS = """
    MatchRight { height: auto; padding: 0 1; }
    MatchRight:hover { background: $boost; }
    MatchRight.-used { color: $text-muted; }
    """

    def __init__(self, index: int, label: str) -> None:
        super().__init__(markup=False)
        self.index = index
        self.label = label


class MatchAnswer(AnswerWidget, can_focus=True):
    """Choose a left item (its number, ↑↓, or a click), then its partner (a letter or a click).

    ``Answered.value`` is, for each left item in order, the index of the right item chosen.
    """

    DEFAULT_CSS = """
    MatchAnswer { height: auto; layout: vertical; }
    MatchAnswer > Horizontal { height: auto; }
    MatchAnswer .match-column { width: 1fr; height: auto; }
    MatchAnswer > .match-hint { color: $text-muted; padding: 0 1; }
    MatchAnswer.-locked > .match-hint { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("enter", "confirm", "Answer", show=True),
        Binding("backspace", "unpair", "Unpair", show=True),
    ]

    cursor: reactive[int] = reactive(0)

    def __init__(
        self, lefts: Sequence[str], rights: Sequence[str], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        if len(lefts) > 9 or len(rights) > len(LETTERS):
            raise ValueError("a match question shows at most 9 pairs")
        self.lefts = list(lefts)
        self.rights = list(rights)
        self.pairs: dict[int, int] = {}  # left index -> right index
        self._right: list[int] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(classes="match-column"):
                for i, label in enumerate(self.lefts):
                    yield MatchLeft(i, label)
            with Vertical(classes="match-column"):
                for i, label in enumerate(self.rights):
                    yield MatchRight(i, label)
        yield Static(
            "Pick a left item (number or ↑↓), then its partner's letter; Backspace unpairs;"
            " Enter answers once all are paired.",
            classes="match-hint",
            markup=False,
        )

    def on_mount(self) -> None:
        self._refresh_rows()

    @property
    def complete(self) -> bool:
        return len(self.pairs) == len(self.lefts)

    def _refresh_rows(self) -> None:
        for w in self.query(MatchLeft):
            w.update(self._left_line(w))
            w.set_class(w.index == self.cursor and not self.locked, "-cursor")
            ok = self._is_right(w.index)
            w.set_class(ok is True, "-right")
            w.set_class(ok is False, "-wrong")
        used = set(self.pairs.values())
        for r in self.query(MatchRight):
            r.update(f"{LETTERS[r.index].upper()}  {r.label}")
            r.set_class(r.index in used, "-used")

    def _is_right(self, index: int) -> bool | None:
        if self._right is None:
            return None
        chosen = self.pairs.get(index)
        return chosen is not None and self._right[index] == chosen

    def _left_line(self, w: MatchLeft) -> str:
        pointer = "›" if w.index == self.cursor and not self.locked else " "
        chosen = self.pairs.get(w.index)
        partner = f"→ {LETTERS[chosen].upper()}" if chosen is not None else "→ ?"
        line = f"{pointer}{w.index + 1} {w.label} {partner}"
        if self._right is not None:
            ok = self._is_right(w.index)
            line = f"{pointer}{'✔' if ok else '✘'} {w.index + 1} {w.label} {partner}"
            if not ok:
                line += f" (right: {LETTERS[self._right[w.index]].upper()})"
        return line

    def watch_cursor(self) -> None:
        self._refresh_rows()

    def watch_locked(self, locked: bool) -> None:
        super().watch_locked(locked)
        self._refresh_rows()

    def action_move(self, delta: int) -> None:
        if not self.locked:
            self.cursor = (self.cursor + delta) % len(self.lefts)

    def select(self, left: int) -> None:
        if not self.locked and 0 <= left < len(self.lefts):
            self.cursor = left

    def pair(self, right: int) -> None:
        """Pair the left item under the cursor with right item ``right``."""
        if self.locked or not 0 <= right < len(self.rights):
            return
        for k, v in list(self.pairs.items()):
            if v == right:
                del self.pairs[k]
        self.pairs[self.cursor] = right
        unpaired = [i for i in range(len(self.lefts)) if i not in self.pairs]
        if unpaired:
            after = [i for i in unpaired if i > self.cursor]
            self.cursor = (after or unpaired)[0]
        self._refresh_rows()

    def action_unpair(self) -> None:
        if not self.locked:
            self.pairs.pop(self.cursor, None)
            self._refresh_rows()

    def action_confirm(self) -> None:
        if self.locked:
            return
        if self.complete:
            self.submit(tuple(self.pairs[k] for k in range(len(self.lefts))))
        else:
            self.notify(
                "Pair every item first (a number, then a letter).", severity="warning", markup=False
            )

    def on_key(self, event: events.Key) -> None:
        if self.locked or event.character is None:
            return
        ch = event.character.lower()
        if ch.isdigit() and 1 <= int(ch) <= len(self.lefts):
            self.select(int(ch) - 1)
        elif ch in LETTERS[: len(self.rights)]:
            self.pair(LETTERS.index(ch))
        else:
            return
        event.stop()
        event.prevent_default()

    def on_click(self, event: events.Click) -> None:
        if isinstance(event.widget, MatchLeft):
            self.select(event.widget.index)
        elif isinstance(event.widget, MatchRight):
            self.pair(event.widget.index)
        else:
            return
        event.stop()
        self.focus()

    def show_result(self, right: Sequence[int]) -> None:
        """``right``: for each left item, the index of its partner."""
        self._right = list(right)
        self._refresh_rows()
