"""The end of a study session: cards, again count, time spent and when the next card is due."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from quizapp.core.srs.study import StudyEnd, summary_lines
from quizapp.tui.context import AppContext
from quizapp.tui.widgets.keys_footer import KeysFooter


class StudySummaryScreen(Screen[None]):
    """Shown when the queue is empty or the learner ends the session; any key goes home."""

    CSS_PATH = "study_summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,h,q", "done", "Done"),
    ]

    def __init__(self, ctx: AppContext, end: StudyEnd, *, cram: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.end = end
        self.cram = cram

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="summary-box"):
            title = "Session over" if self.end.summary.cards else "Study"
            yield Static(title, id="summary-title", markup=False)
            for i, line in enumerate(summary_lines(self.end, self.ctx.clock.now(), cram=self.cram)):
                yield Static(line, classes="summary-line", id=f"summary-{i}", markup=False)
            yield Static("Press Enter or Escape when done.", id="summary-hint", markup=False)
        yield KeysFooter()

    def action_done(self) -> None:
        self.dismiss()
