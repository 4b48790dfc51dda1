"""A lettered answer tile for drills: letter, shape and colour together (A ▲ B ◆ C ● D ■).

The colour is never the only cue: each tile shows its letter and its shape, and once the
answer is revealed the right tile says so in words (✔ right).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Click
from textual.message import Message
from textual.widgets import Label

SHAPES = {"A": "▲", "B": "◆", "C": "●", "D": "■"}


class ChoiceTile(Horizontal):
    """One option of a drill question. Posts `ChoiceTile.Picked` when clicked."""

    DEFAULT_CSS = """
    ChoiceTile {
        height: auto;
        min-height: 3;
        width: 1fr;
        border: tall $panel;
        background: $surface;
    }
    ChoiceTile > .tile-key {
        width: auto;
        min-width: 5;
        height: auto;
        padding: 0 1;
        text-style: bold;
        color: auto 90%;
    }
    ChoiceTile > .tile-text {
        width: 1fr;
        padding: 0 1;
        text-style: bold;
    }
    ChoiceTile > .tile-mark {
        width: auto;
        padding: 0 1;
        text-style: bold;
        display: none;
    }
    ChoiceTile.-a { border: tall $error; }
    ChoiceTile.-a > .tile-key { background: $error; }
    ChoiceTile.-b { border: tall $primary; }
    ChoiceTile.-b > .tile-key { background: $primary; }
    ChoiceTile.-c { border: tall $warning; }
    ChoiceTile.-c > .tile-key { background: $warning; }
    ChoiceTile.-d { border: tall $success; }
    ChoiceTile.-d > .tile-key { background: $success; }
    ChoiceTile.-right {
        border: heavy $success;
        background: $success 20%;
    }
    ChoiceTile.-right > .tile-mark {
        display: block;
        color: $success;
    }
    ChoiceTile.-dim > .tile-text {
        color: $text-muted;
        text-style: none;
    }
    """

    @dataclass
    class Picked(Message):
        """The tile with this letter was clicked."""

        letter: str

    def __init__(self, letter: str, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"-{letter.lower()}")
        self.letter = letter
        self.text = text

    def compose(self) -> ComposeResult:
        yield Label(
            f"{SHAPES.get(self.letter, '')} {self.letter}", classes="tile-key", markup=False
        )
        yield Label(self.text, classes="tile-text", markup=False)
        yield Label("✔ right", classes="tile-mark")

    def reveal(self, right: bool) -> None:
        self.set_class(right, "-right")
        self.set_class(not right, "-dim")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Picked(self.letter))
