"""The end of a quiz: score, time, every question with the learner's answer; retry missed."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from quizapp.core.decks.model import Deck
from quizapp.core.practice.quiz import QuestionResult, QuizResults
from quizapp.core.text import format_duration
from quizapp.core.untrusted import safe_text
from quizapp.tui.context import AppContext
from quizapp.tui.messages import RetryMissed

COLUMNS = (("#", 2), ("", 2), ("Question", 33), ("Your answer", 14), ("Right answer", 14))


def verdict_cell(result: QuestionResult) -> str:
    if result.overridden:
        return "✔*"  # the learner said "I was right"; the detail line says so
    return "✔" if result.correct else "✘"


class QuizResultsScreen(Screen[None]):
    """Score and every answer; `r` asks the missed questions again, Escape goes back."""

    CSS_PATH = "quiz_results.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry missed"),
        Binding("escape,q", "done", "Done"),
    ]

    def __init__(
        self, ctx: AppContext, deck: Deck, results: QuizResults, *, schedule: bool = True
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.deck = deck
        self.results = results
        self.schedule = schedule

    def compose(self) -> ComposeResult:
        r = self.results
        missed = len(r.missed)
        yield Header()
        yield Static(f"Quiz results: {self.deck.title}", id="results-title", markup=False)
        summary = (
            f"Score {r.score}/{r.total} ({r.percent}%) · time {format_duration(r.seconds)}"
            f" · {missed} missed"
        )
        if r.answered < r.total:
            summary += f" · {r.total - r.answered} not answered"
        yield Static(summary, id="results-score", markup=False)
        table: DataTable[Text] = DataTable(
            id="results-table", cursor_type="row", zebra_stripes=True
        )
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        for i, a in enumerate(r.answers, 1):
            # Text cells: a DataTable reads a str cell as markup, and these quote the deck
            # and the learner's typed answer.
            cells = (str(i), verdict_cell(a), a.prompt, a.given or "(nothing)", a.right_answer)
            table.add_row(*(Text(safe_text(c)) for c in cells))
        yield table
        yield Static(id="results-detail", markup=False)
        if missed:
            hint = f"Press r to retry the {missed} you missed, Escape to finish."
        else:
            hint = "Every answer right. Press Escape to finish."
        yield Static(hint, id="results-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self._show_detail(0)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def _show_detail(self, row: int) -> None:
        answers = self.results.answers
        if not 0 <= row < len(answers):
            return
        a = answers[row]
        lines = [f"{verdict_cell(a)} {a.prompt}", f"Right answer: {a.right_answer}"]
        if a.overridden:
            lines[0] += "  (* you said you were right)"
        if a.question.explain:
            lines.append(a.question.explain.strip())
        if a.question.source:
            lines.append(f"Source: {a.question.source}")
        self.query_one("#results-detail", Static).update("\n".join(lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.results.missed)
        return True

    def action_retry(self) -> None:
        missed = tuple(a.question for a in self.results.missed)
        if missed:
            self.post_message(RetryMissed(self.deck.id, missed, schedule=self.schedule))

    def action_done(self) -> None:
        self.dismiss()
