"""A question prompt that fills its space: in large half-block letters when it fits, else as
ordinary (bold, centred, wrapped) text.

Terminals have one font size, so for a projector the prompt is drawn with `big_font`: each
letter 5 columns by 4 rows, two pixel rows per terminal row with half blocks (▀ ▄ █). The big
letters are used only when the whole prompt fits the space the layout gives the widget (every
word on a line, every character in the font); a long question, or one with characters the
font lacks, is shown as ordinary text, so it stays readable and is never cut. The prompt is
data: it is never read as markup.
"""

from __future__ import annotations

from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.widget import Widget

from quizapp.tui.widgets.big_font import GLYPHS, HEIGHT, WIDTH

CELL = WIDTH + 1  # a letter and the space after it
LINE = HEIGHT // 2  # terminal rows per line of big letters
GAP = 1  # blank rows between two lines of big letters
HALVES = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def wrap_words(text: str, columns: int) -> list[str] | None:
    """`text` wrapped at `columns` characters (None when a word is longer than that)."""
    lines: list[str] = []
    for word in text.split():
        if len(word) > columns:
            return None
        if lines and len(lines[-1]) + 1 + len(word) <= columns:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def draw(line: str) -> list[str]:
    """One line of text as `LINE` terminal rows of half blocks."""
    glyphs = [GLYPHS[c] for c in line]
    rows = []
    for r in range(0, HEIGHT, 2):
        cells = " ".join(
            "".join(HALVES[g[r][x] == "#", g[r + 1][x] == "#"] for x in range(WIDTH))
            for g in glyphs
        )
        rows.append(cells)
    return rows


def big_lines(text: str, size: Size) -> list[str] | None:
    """The rows that draw `text` in big letters within `size` (None when it does not fit)."""
    if not text.strip() or any(c not in GLYPHS for c in text if not c.isspace()):
        return None
    wrapped = wrap_words(text, (size.width + 1) // CELL)
    if not wrapped or len(wrapped) * (LINE + GAP) - GAP > size.height:
        return None
    rows: list[str] = []
    for i, line in enumerate(wrapped):
        if i:
            rows += [""] * GAP
        rows += draw(line)
    return rows


class BigPrompt(Widget):
    """A prompt in big letters when it fits its size, else in ordinary text (class `-big`
    says which). Give it a height (e.g. `1fr`): the letters grow into the space it gets."""

    DEFAULT_CSS = """
    BigPrompt {
        width: 1fr;
        height: 1fr;
        text-style: bold;
        text-align: center;
        content-align: center middle;
    }
    """

    def __init__(self, text: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text
        self._rows: list[str] | None = None
        self._rows_for: Size | None = None

    @property
    def is_big(self) -> bool:
        """Whether the prompt is drawn in big letters at the widget's present size."""
        return self._layout(self.content_size) is not None

    def _layout(self, size: Size) -> list[str] | None:
        if size != self._rows_for:
            self._rows_for, self._rows = size, big_lines(self.text, size)
        return self._rows

    def on_resize(self, event: Resize) -> None:
        self.set_class(self.is_big, "-big")

    def render(self) -> Content:
        rows = self._layout(self.content_size)
        if rows is None:
            return Content(self.text)
        return Content("\n".join(rows))
