"""The leaderboard between questions: teams by total, with what each scored last."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Footer, Label

from quizapp.core.classroom.drill import Standing
from quizapp.tui.screens.drill_base import END_BINDING, DrillScreen


class ShareBar(Label):
    """A bar filling `share` (0-1) of the width it is given."""

    def __init__(self, share: float, classes: str = "") -> None:
        super().__init__("", classes=classes)
        self.share = min(max(share, 0.0), 1.0)

    def render(self) -> str:
        return "█" * round(self.share * self.size.width)


def place(rank: int) -> str:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(rank if rank < 20 else rank % 10, "th")
    return f"{rank}{suffix}"


def standing_row(s: Standing, best: int) -> Horizontal:
    """One leaderboard line: place, team, a bar of its share of the best total, points."""
    share = max(s.total, 0) / best if best > 0 else 0.0
    return Horizontal(
        Label(place(s.rank), classes="rank"),
        Label(s.team, classes="team", markup=False),
        ShareBar(share, classes="bar"),
        Label(f"{s.total}", classes="total"),
        Label(f"{s.last:+d}", classes="last"),
        classes=f"standing -rank-{min(s.rank, 4)}",
    )


class DrillLeaderboardScreen(DrillScreen):
    CSS_PATH: ClassVar[list[str]] = ["drill_common.tcss", "drill_leaderboard.tcss"]
    PHASES = ("board",)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "next", "Next question", key_display="space"),
        Binding("enter", "next", show=False),
        Binding("right", "next", show=False),
        Binding("left", "back", "Back", key_display="←"),
        END_BINDING,
    ]

    def compose(self) -> ComposeResult:
        d = self.drill
        standings = d.standings()
        best = max((s.total for s in standings), default=0)
        yield Label(self.top_line(), id="drill-bar", markup=False)
        yield Label(f"Leaderboard after question {d.number} of {d.total}", id="board-title")
        with Center(id="board-area"), Vertical(id="board"):
            yield Horizontal(
                Label("", classes="rank"),
                Label("Team", classes="team"),
                Label("", classes="bar"),
                Label("Total", classes="total"),
                Label("Last", classes="last"),
                classes="standing -head",
            )
            for s in standings:
                yield standing_row(s, best)
        yield Footer(compact=True)

    def action_next(self) -> None:
        self.act(self.drill.advance)
