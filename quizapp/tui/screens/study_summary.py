"""The end of a study session: cards, again count, time spent and when the next card is due."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quizapp.core.srs.scheduler import format_interval
from quizapp.tui.context import AppContext
from quizapp.tui.screens.quiz_results import format_duration

if TYPE_CHECKING:
    from quizapp.tui.screens.study import StudyEnd


def summary_lines(end: StudyEnd, ctx: AppContext, *, cram: bool = False) -> list[str]:
    s = end.summary
    now = ctx.clock.now()
    lines: list[str] = []
    if end.started_empty and s.cards == 0:
        lines.append("Nothing is due right now: well done.")
    else:
        lines.append(f"Cards studied: {s.cards}")
        lines.append(f"Again: {s.again}")
        lines.append(f"Time spent: {format_duration(s.time_ms / 1000)}")
    if end.learning_later:
        lines.append(f"Learning cards due again later today: {end.learning_later}")
    for item in s.leeches:
        lines.append(f"Suspended as a leech: {item.prompt()}")
    if cram:
        lines.append("Cram session: nothing was rescheduled.")
    if s.next_due is not None:
        local = s.next_due.astimezone(end.tz)
        wait = format_interval(s.next_due - now).lstrip("<")
        lines.append(f"Next card due in {wait} ({local:%a %d %b %H:%M}).")
    else:
        lines.append("No card is scheduled yet.")
    return lines


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
            for i, line in enumerate(summary_lines(self.end, self.ctx, cram=self.cram)):
                yield Static(line, classes="summary-line", id=f"summary-{i}", markup=False)
            yield Static("Press Enter or Escape when done.", id="summary-hint", markup=False)
        yield Footer()

    def action_done(self) -> None:
        self.dismiss()
