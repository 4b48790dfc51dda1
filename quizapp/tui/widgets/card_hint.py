"""A card's hint: hidden until asked for with ctrl+t (which the answer box leaves alone)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static

HINT_BINDING = Binding("ctrl+t", "hint", "Hint", key_display="^t")


class CardHint(Static):
    """Holds the current card's hint; `show_hint` reveals it, `set_hint` hides it again."""

    DEFAULT_CSS = """
    CardHint {
        display: none;
        color: $text-warning;
        margin: 1 0 0 0;
    }
    CardHint.-shown {
        display: block;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.hint = ""

    def set_hint(self, hint: str) -> None:
        """A new card: remember its hint (maybe none) and hide it."""
        self.hint = hint
        self.update(f"Hint: {hint}" if hint else "")
        self.remove_class("-shown")

    @property
    def available(self) -> bool:
        """There is a hint and it is not shown yet."""
        return bool(self.hint) and not self.has_class("-shown")

    def show_hint(self) -> None:
        if self.hint:
            self.add_class("-shown")
