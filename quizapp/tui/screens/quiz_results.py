"""The end of a quiz: score, time, every question with the learner's answer; retry missed.

The table's columns share the screen's width (the question half of it, each answer a quarter)
and a row grows to its text, so nothing is cut at 80 columns and nothing is left empty at 160.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from quizapp.core.decks.model import Deck
from quizapp.core.practice.quiz import QuestionResult, QuizResults
from quizapp.core.text import format_duration
from quizapp.core.untrusted import safe_text
from quizapp.tui.context import AppContext
from quizapp.tui.messages import RetryMissed
from quizapp.tui.widgets.keys_footer import KeysFooter

COLUMNS = ("#", "", "Question", "Your answer", "Right answer")
NUMBER_WIDTH = 3  # "99."; the verdict column is 2 ("✔*")
# Around each column: its padding (1 each side), and a vertical scrollbar's width.
CHROME = 2 * len(COLUMNS) + 2
MIN_FREE = 40  # the question and answer columns share at least this many cells


def column_widths(width: int) -> tuple[int, ...]:
    """The columns' widths in a table `width` cells wide: the question half of what the number
    and verdict leave, the learner's answer and the right one a quarter each."""
    free = max(width - CHROME - NUMBER_WIDTH - 2, MIN_FREE)
    question = free // 2
    given = (free - question) // 2
    return (NUMBER_WIDTH, 2, question, given, free - question - given)


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
        self._widths: tuple[int, ...] = ()

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
        self._fill_table(table, column_widths(self.app.size.width))
        yield table
        yield Static(id="results-detail", markup=False)
        if missed:
            hint = f"Press r to retry the {missed} you missed, Escape to finish."
        else:
            hint = "Every answer right. Press Escape to finish."
        yield Static(hint, id="results-hint", markup=False)
        yield KeysFooter()

    def _fill_table(self, table: DataTable[Text], widths: tuple[int, ...]) -> None:
        """(Re)build the table for these column widths; each row as tall as its text."""
        self._widths = widths
        table.clear(columns=True)
        for label, width in zip(COLUMNS, widths, strict=True):
            table.add_column(label, width=width)
        for i, a in enumerate(self.results.answers, 1):
            # Text cells: a DataTable reads a str cell as markup, and these quote the deck
            # and the learner's typed answer.
            cells = (str(i), verdict_cell(a), a.prompt, a.given or "(nothing)", a.right_answer)
            table.add_row(*(Text(safe_text(c)) for c in cells), height=None)

    def on_resize(self, event: Resize) -> None:
        widths = column_widths(event.size.width)
        if widths != self._widths:
            table = self.query_one(DataTable)
            row = table.cursor_row
            self._fill_table(table, widths)
            table.move_cursor(row=row)

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
