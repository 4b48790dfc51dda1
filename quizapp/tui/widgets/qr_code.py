"""A QR code drawn with half blocks, dark on light whatever the theme, with its quiet zone.

The one widget with fixed colours: a QR code scans only as dark modules on a light ground (an
inverted code on a dark theme fails on many phones), so it ignores the theme on purpose.
"""

from __future__ import annotations

from textual.widgets import Static

from quizapp.live.qr import qr_lines


class QrCode(Static):
    """The QR code of `text` (the quiet zone is part of the drawing)."""

    DEFAULT_CSS = """
    QrCode {
        width: auto;
        height: auto;
        color: #000000;
        background: #ffffff;
        text-style: none;
    }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        self.text = text
        self.lines = qr_lines(text)
        super().__init__("\n".join(self.lines), id=id, markup=False)

    def size_needed(self) -> tuple[int, int]:
        """Columns and rows the code takes."""
        return len(self.lines[0]), len(self.lines)
