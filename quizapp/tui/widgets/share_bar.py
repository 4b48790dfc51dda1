"""A horizontal bar filling a share of the width it is given (leaderboards, answer counts)."""

from __future__ import annotations

from textual.widgets import Label


class ShareBar(Label):
    """A bar filling `share` (0-1) of the width it is given."""

    def __init__(self, share: float, classes: str = "") -> None:
        super().__init__("", classes=classes)
        self.share = min(max(share, 0.0), 1.0)

    def render(self) -> str:
        return "█" * round(self.share * self.size.width)
