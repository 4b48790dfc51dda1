"""The footer of every screen: the keys that fit, and F1 Help always in view.

Textual's `Footer` lists the bindings in a row and cuts whatever does not fit, so at 80
columns "F1 Help" (an App binding, listed last) fell off every screen with many keys. This
footer pins F1 Help and the command palette at the right, then shows the screen's keys in their
order for as long as they fit whole; the rest are left out (never cut in the middle) and a "…"
says that F1 lists them all. Screens order their bindings by importance.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

PINNED_KEYS = frozenset({"f1"})
MORE = "…"


def key_width(key: FooterKey) -> int:
    """Columns a compact footer key takes, its right margin included."""
    width = cell_len(key.key_display) + 1
    if key.description:
        width += 1 + cell_len(key.description)
    return width


class KeysFooter(Footer):
    """A compact footer whose keys never run out of sight: F1 Help stays at the right."""

    DEFAULT_CSS = """
    KeysFooter > #footer-pinned {
        dock: right;
        width: auto;
        height: 1;
        background: $footer-background;
    }
    KeysFooter > #footer-pinned > FooterKey.-palette {
        border-left: vkey $foreground 20%;
        margin-right: 0;
    }
    KeysFooter > .footer-more {
        color: $footer-description-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        self._composed_width = -1

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._composed_width = self.size.width
        pinned: list[FooterKey] = []
        flow: list[Widget] = []
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.has_class("-command-palette"):
                widget.remove_class("-command-palette")
                widget.add_class("-palette")
                pinned.append(widget)
            elif isinstance(widget, FooterKey) and widget.key in PINNED_KEYS:
                pinned.insert(0, widget)
            else:
                flow.append(widget)
        room = self.size.width - sum(key_width(k) for k in pinned)
        shown = fitting(flow, room)
        yield from shown
        if len(shown) < len(flow):
            yield FooterLabel(MORE, classes="footer-more")
        if pinned:
            yield HorizontalGroup(*pinned, id="footer-pinned")

    def on_resize(self, event: Resize) -> None:
        """Refit the keys to a new width (once they were fitted to another)."""
        if self._composed_width not in (-1, event.size.width):
            self._composed_width = event.size.width
            self.call_after_refresh(self.recompose)


def fitting(keys: list[Widget], room: int) -> list[Widget]:
    """The first keys that fit whole in `room` columns, leaving room for "…" if some do not."""
    widths = [key_width(k) if isinstance(k, FooterKey) else 0 for k in keys]
    if sum(widths) <= room:
        return keys
    room -= cell_len(MORE) + 1
    shown: list[Widget] = []
    for key, width in zip(keys, widths, strict=True):
        if width > room:
            break
        shown.append(key)
        room -= width
    return shown
