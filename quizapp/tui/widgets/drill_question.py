"""The drill question's body: hidden until the teacher starts it, then the prompt, A-D, the
countdown and which teams are in (never their letters, so the room cannot copy)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Label

from quizapp.core.classroom.drill import Drill, is_lettered, option_letters
from quizapp.tui.widgets.choice_tile import ChoiceTile
from quizapp.tui.widgets.countdown import Countdown
from quizapp.tui.widgets.drill_body import AnsweringBody, Entry
from quizapp.tui.widgets.team_badges import TeamBadges


class QuestionBody(AnsweringBody):
    """Ready: 'press space to show question N'. Open: the question, the countdown, entries."""

    def compose(self) -> ComposeResult:
        d = self.drill
        q = d.question
        with Vertical(id="ready"):
            yield Label(f"Question {d.number} of {d.total}", id="ready-title", markup=False)
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

    def show(self, drill: Drill, entry: Entry) -> None:
        is_open = drill.phase == "open"
        self.set_class(not is_open, "-ready")
        self.set_class(is_open, "-open")
        self.set_class(drill.paused, "-paused")
        self.show_time(drill)
        answered = sum(1 for t in range(len(drill.teams)) if drill.answered(t) is not None)
        count = f"{answered} of {len(drill.teams)} teams in"
        self.query_one("#answered-count", Label).update(count)
        super().show(drill, entry)

    def show_time(self, drill: Drill) -> None:
        """The countdown: the time left is computed from the start (monotonic), never counted."""
        self.query_one(Countdown).show(drill.remaining(), drill.paused)
