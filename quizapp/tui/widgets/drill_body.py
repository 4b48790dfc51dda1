"""What the bodies of the drill screen share: the answer-entry cursor and the team badges.

A drill screen shows one body at a time, by phase (the question, the answer, the leaderboard,
the podium). Each body is built from the core `Drill` for one question and re-shown with
`show` whenever the drill or the entry cursor changes. The bodies decide nothing: the screen
acts on the drill, the core decides, the body displays. They have no CSS of their own: the
screen's stylesheet (`screens/drill.tcss`) lays them out, so that a screen for a live room can
reuse them with the same stylesheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Vertical
from textual.widgets import Label

from quizapp.core.classroom.drill import Drill, is_lettered
from quizapp.tui.widgets.team_badges import TeamBadges


@dataclass(frozen=True, slots=True)
class Entry:
    """Whom the teacher's next key is for: `team` (0-based), and `asking`, the team just asked
    how sure it was (confidence scoring; None: nobody is asked)."""

    team: int = 0
    asking: int | None = None


def entry_hint(drill: Drill, entry: Entry) -> str:
    """One line telling the teacher which key does what now."""
    if drill.phase == "ready":
        return "Press space to show the question."
    if drill.paused:
        return "Paused: answers are refused until you press P again."
    if entry.asking is not None:
        asked = drill.teams[entry.asking]
        return f"How sure is {asked}? Press 1, 2 or 3 (Escape: skip, counts as 1)."
    name = drill.teams[entry.team]
    verb = "correct" if drill.phase == "revealed" else "enter"
    if is_lettered(drill.question):
        keys = "A-" + "ABCD"[len(drill.question.options) - 1]
    else:
        keys = "Y (right) or N (wrong)"
    return f"Team {entry.team + 1} {name}: press {keys} to {verb} its answer · 1-9 other team"


class DrillBody(Vertical):
    """A drill screen's body for one phase of one question."""

    def __init__(self, drill: Drill) -> None:
        super().__init__()
        self.drill = drill

    def show(self, drill: Drill, entry: Entry) -> None:
        """Show the drill's current state (the board and the podium never change once built)."""


class AnsweringBody(DrillBody):
    """A body where the teacher enters answers: it has team badges and the entry hint."""

    REVEAL = False  # whether the badges show each team's answer and points

    def show(self, drill: Drill, entry: Entry) -> None:
        self.query_one(TeamBadges).show_answers(
            drill, reveal=self.REVEAL, current=entry.team, asking=entry.asking
        )
        self.query_one("#entry-hint", Label).update(entry_hint(drill, entry))
