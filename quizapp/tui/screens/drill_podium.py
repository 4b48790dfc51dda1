"""The podium at the end of a drill: the top three on steps, then every team's total."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Digits, Footer, Label

from quizapp.core.classroom.drill import Standing
from quizapp.core.classroom.export import saved_export_path, write_export
from quizapp.tui.screens.drill_base import DrillScreen
from quizapp.tui.screens.drill_leaderboard import place

# left to right on the podium: second, first, third
STEP_ORDER = (1, 0, 2)


def points(total: int) -> str:
    return f"{total} point" if abs(total) == 1 else f"{total} points"


def step(s: Standing) -> Vertical:
    return Vertical(
        Label(s.team, classes="step-team", markup=False),
        Label(points(s.total), classes="step-points"),
        Vertical(Digits(str(s.rank), classes="step-rank"), classes="step-block"),
        classes=f"step -place-{min(s.rank, 3)}",
    )


class DrillPodiumScreen(DrillScreen):
    """The end of the drill. Closing it goes back to where the drill was opened from."""

    CSS_PATH: ClassVar[list[str]] = ["drill_common.tcss", "drill_podium.tcss"]
    PHASES = ("finished",)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("x", "export", "Save results (CSV)"),
        Binding("enter", "close", show=False),
        Binding("q", "close", show=False),
    ]

    def compose(self) -> ComposeResult:
        d = self.drill
        standings = d.standings()
        yield Label(
            f"Drill · {d.deck_title} · {d.asked()} of {d.total} questions asked",
            id="drill-bar",
            markup=False,
        )
        yield Label("Final results", id="podium-title")
        with Horizontal(id="podium"):
            for i in STEP_ORDER:
                if i < len(standings):
                    yield step(standings[i])
        lines = [
            f"{place(s.rank):>4}  {s.team}: {points(s.total)}, {s.right} right" for s in standings
        ]
        yield Label("\n".join(lines), id="final-standings", markup=False)
        yield Label(
            f"Drill {d.id} is saved. X writes its results as CSV; or, from a shell:"
            f" quizapp drill-export {d.id} results.csv",
            id="saved-note",
            markup=False,
        )
        yield Footer(compact=True)

    class Exported(Message):
        def __init__(self, text: str, ok: bool) -> None:
            super().__init__()
            self.text = text
            self.ok = ok

    def action_export(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, group="drill-export")
    def _export(self) -> None:
        try:
            path = saved_export_path(self.drill)
            write_export(self.drill, path)
        except OSError as exc:
            self.post_message(self.Exported(f"The results were not saved: {exc}", ok=False))
            return
        self.post_message(self.Exported(f"Results saved to {path}", ok=True))

    def on_drill_podium_screen_exported(self, message: Exported) -> None:
        self.notify(message.text, severity="information" if message.ok else "error", timeout=8)

    def action_close(self) -> None:
        """Back to where the drill was opened from; the drill is saved, its store closes."""
        self.run.store.close()
        self.app.pop_screen()
