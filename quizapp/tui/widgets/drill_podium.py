"""The drill podium's body: the top three on steps, then every team's total."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Label

from quizapp.core.classroom.drill import Standing
from quizapp.core.text import ordinal
from quizapp.tui.widgets.drill_body import DrillBody

# left to right on the podium: second, first, third
STEP_ORDER = (1, 0, 2)


def points(total: int) -> str:
    return f"{total} point" if abs(total) == 1 else f"{total} points"


def step(s: Standing) -> Vertical:
    return Vertical(
        Label(s.team, classes="step-team", markup=False),
        Label(points(s.total), classes="step-points", markup=False),
        Vertical(Digits(str(s.rank), classes="step-rank"), classes="step-block"),
        classes=f"step -place-{min(s.rank, 3)}",
    )


class PodiumBody(DrillBody):
    def compose(self) -> ComposeResult:
        d = self.drill
        standings = d.standings()
        yield Label("Final results", id="podium-title")
        with Horizontal(id="podium"):
            for i in STEP_ORDER:
                if i < len(standings):
                    yield step(standings[i])
        lines = [
            f"{ordinal(s.rank):>4}  {s.team}: {points(s.total)}, {s.right} right" for s in standings
        ]
        yield Label("\n".join(lines), id="final-standings", markup=False)
        yield Label(
            f"Drill {d.id} is saved. X writes its results as CSV; or, from a shell:"
            f" quizapp drill-export {d.id} results.csv",
            id="saved-note",
            markup=False,
        )
