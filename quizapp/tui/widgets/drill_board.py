"""The drill leaderboard's body: teams by total, with what each scored last."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Label

from quizapp.core.classroom.drill import Standing
from quizapp.core.text import ordinal
from quizapp.tui.widgets.drill_body import DrillBody
from quizapp.tui.widgets.share_bar import ShareBar
from quizapp.tui.widgets.team_badges import TEAM_COLOURS, team_class


def standing_row(s: Standing, best: int, team: int) -> Horizontal:
    """One leaderboard line: place, team, a bar of its share of the best total, points; the
    name and the bar in the colour of team slot `team` (0-based)."""
    share = max(s.total, 0) / best if best > 0 else 0.0
    return Horizontal(
        Label(ordinal(s.rank), classes="rank", markup=False),
        Label(s.team, classes="team", markup=False),
        ShareBar(share, classes="bar"),
        Label(f"{s.total}", classes="total", markup=False),
        Label(f"{s.last:+d}", classes="last", markup=False),
        classes=f"standing -rank-{min(s.rank, 4)} {team_class(team)}",
    )


class BoardBody(DrillBody):
    DEFAULT_CSS = "".join(
        f"BoardBody .standing.-team-{i} > .team, BoardBody .standing.-team-{i} > .bar"
        f" {{ color: {colour}; }}\n"
        for i, colour in enumerate(TEAM_COLOURS, 1)
    )

    def compose(self) -> ComposeResult:
        d = self.drill
        standings = d.standings()
        best = max((s.total for s in standings), default=0)
        title = "Final leaderboard" if d.is_last else "Leaderboard"
        yield Label(
            f"{title} after question {d.number} of {d.total}", id="board-title", markup=False
        )
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
                yield standing_row(s, best, d.teams.index(s.team))
