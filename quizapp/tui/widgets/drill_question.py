"""The drill question's body: hidden until the teacher starts it, then the prompt, A-D, the
countdown and which teams are in (never their letters, so the room cannot copy).

The prompt fills the space the tiles leave (`BigPrompt`: big letters on a projector when it
fits). The prompt and the tiles scroll together when the screen is too short for them, so a
tile is never cut or hidden behind the team badges.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Label

from quizapp.core.classroom.drill import Drill, is_lettered, option_letters
from quizapp.tui.widgets.big_text import BigPrompt
from quizapp.tui.widgets.choice_tile import ChoiceTile
from quizapp.tui.widgets.countdown import Countdown
from quizapp.tui.widgets.drill_body import AnsweringBody, Entry
from quizapp.tui.widgets.question_area import QuestionArea
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
        with QuestionArea(id="question-area"):
            yield BigPrompt(q.prompt, id="prompt")
            if is_lettered(q):
                with Grid(id="choices"):
                    for letter, text in zip(option_letters(q), q.options, strict=True):
                        yield ChoiceTile(letter, text, id=f"choice-{letter.lower()}")
            else:
                yield Label(
                    "Teams answer aloud or on paper: mark each one Y (right) or N (wrong)."
                    " K shows the expected answer (on this screen, for the class to see too).",
                    id="spoken-note",
                )
                yield Label("", id="peek", markup=False)
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

    def show_peek(self, answer: str | None) -> None:
        """Show the expected answer of a typed or spoken question (None: hide it again)."""
        peek = self.query("#peek").results(Label)
        for label in peek:
            label.update(
                ""
                if answer is None
                else f"Expected answer (shown on this screen: the class sees it if it is"
                f" projected): {answer}"
            )
        self.set_class(answer is not None, "-peeking")

    def show_time(self, drill: Drill) -> None:
        """The countdown: the time left is computed from the start (monotonic), never counted."""
        self.query_one(Countdown).show(drill.remaining(), drill.paused)
