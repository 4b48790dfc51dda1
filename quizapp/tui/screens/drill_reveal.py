"""The drill answer: the right option marked ✔, the explanation, and each team's result."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.widgets import Footer, Label

from quizapp.core.classroom.drill import is_lettered, option_letters, right_letters
from quizapp.tui.screens.drill_base import END_BINDING, DrillAnswerScreen, team_bindings
from quizapp.tui.widgets.choice_tile import ChoiceTile
from quizapp.tui.widgets.team_badges import TeamBadges


class DrillRevealScreen(DrillAnswerScreen):
    """Answers can still be entered or corrected here (typed answers are marked here)."""

    CSS_PATH: ClassVar[list[str]] = ["drill_common.tcss", "drill_reveal.tcss"]
    PHASES = ("revealed",)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "next", "Next", key_display="space"),
        Binding("enter", "next", show=False),
        Binding("right", "next", show=False),
        *team_bindings(),
        Binding("left", "back", "Back", key_display="←"),
        END_BINDING,
    ]

    def compose(self) -> ComposeResult:
        d = self.drill
        q = d.question
        yield Label(self.top_line(), id="drill-bar", markup=False)
        yield Label(q.prompt, id="prompt", markup=False)
        if is_lettered(q):
            rights = right_letters(q)
            with Grid(id="choices"):
                for letter, text in zip(option_letters(q), q.options, strict=True):
                    tile = ChoiceTile(letter, text, id=f"choice-{letter.lower()}")
                    tile.reveal(letter in rights)
                    yield tile
        else:
            yield Label(f"✔ {q.answer_text}", id="answer", markup=False)
        if q.explain:
            yield Label(q.explain, id="explain", markup=False)
        yield TeamBadges(d.teams, id="teams")
        yield Label("", id="entry-hint", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        if not self.shows_current():
            return
        self.show_badges(reveal=True)
        self.refresh_bindings()

    def action_next(self) -> None:
        self.act(self.drill.advance)
