"""The drill question: hidden until the teacher starts it, then the prompt, A-D and the timer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Footer, Label

from quizapp.core.classroom.drill import is_lettered, option_letters
from quizapp.tui.screens.drill_base import (
    END_BINDING,
    DrillAnswerScreen,
    DrillRun,
    team_bindings,
)
from quizapp.tui.widgets.choice_tile import ChoiceTile
from quizapp.tui.widgets.countdown import Countdown
from quizapp.tui.widgets.team_badges import TeamBadges

TICK_SECONDS = 0.1
CHECKPOINT_SECONDS = 5.0  # an open question's time is saved this often (for crash recovery)


class DrillQuestionScreen(DrillAnswerScreen):
    """Ready: 'press space to show question N'. Open: the question, the countdown, entries."""

    CSS_PATH: ClassVar[list[str]] = ["drill_common.tcss", "drill_question.tcss"]
    PHASES = ("ready", "open")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "start", "Show question", key_display="space"),
        Binding("space", "reveal", "Reveal", key_display="space"),
        Binding("enter", "start", show=False),
        Binding("enter", "reveal", show=False),
        *team_bindings(),
        Binding("p", "pause", "Pause"),
        Binding("s", "skip", "Skip"),
        Binding("left", "back", "Back", key_display="←"),
        END_BINDING,
    ]

    def __init__(self, run: DrillRun) -> None:
        super().__init__(run)
        self._saved_elapsed = run.drill.elapsed()

    def compose(self) -> ComposeResult:
        d = self.drill
        q = d.question
        yield Label(self.top_line(), id="drill-bar", markup=False)
        with Vertical(id="ready"):
            yield Label(f"Question {d.number} of {d.total}", id="ready-title")
            yield Label("Press space to show it", id="ready-note")
        with Horizontal(id="timer-row"):
            yield Countdown(id="countdown")
            yield Label("", id="answered-count")
        yield Label(q.prompt, id="prompt", markup=False)
        if is_lettered(q):
            with Grid(id="choices"):
                for letter, text in zip(option_letters(q), q.options, strict=True):
                    yield ChoiceTile(letter, text, id=f"choice-{letter.lower()}")
        else:
            yield Label(
                "Teams answer aloud or on paper: mark each one Y (right) or N (wrong).",
                id="spoken-note",
            )
        yield TeamBadges(d.teams, id="teams")
        yield Label("", id="entry-hint", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(TICK_SECONDS, self.tick)

    def tick(self) -> None:
        """Check the timer; the time left is computed from the start, never counted down."""
        if self.drill.phase != "open":
            return
        if self.drill.poll():
            self.persist()
            return
        elapsed = self.drill.elapsed()
        if not self.drill.paused and elapsed - self._saved_elapsed >= CHECKPOINT_SECONDS:
            self._saved_elapsed = elapsed
            self.drill.checkpoint()
            self.persist()
        self.query_one(Countdown).show(self.drill.remaining(), self.drill.paused)

    def refresh_view(self) -> None:
        d = self.drill
        if not self.shows_current():
            return
        is_open = d.phase == "open"
        self.set_class(not is_open, "-ready")
        self.set_class(is_open, "-open")
        self.set_class(d.paused, "-paused")
        self.query_one(Countdown).show(d.remaining(), d.paused)
        answered = sum(1 for t in range(len(d.teams)) if d.answered(t) is not None)
        self.query_one("#answered-count", Label).update(f"{answered} of {len(d.teams)} teams in")
        self.show_badges(reveal=False)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pause", "reveal"):
            return self.drill.phase == "open"
        if action == "start":
            return self.drill.phase == "ready"
        return super().check_action(action, parameters)

    def action_start(self) -> None:
        self.act(self.drill.start)

    def action_reveal(self) -> None:
        """Reveal early (the timer reveals by itself when it runs out)."""
        self.act(self.drill.reveal)

    def action_pause(self) -> None:
        self.act(self.drill.toggle_pause)

    def action_skip(self) -> None:
        self.act(self.drill.skip)
