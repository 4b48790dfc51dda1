"""The keys of every screen, for the help screen (which reads them here; it imports no screen),
and which of its sections belongs to the screen help is opened from."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from quizapp.tui.screens.drill import KEYS as DRILL_KEYS
from quizapp.tui.screens.drill import Body, DrillScreen
from quizapp.tui.screens.drill_setup import DrillSetupScreen
from quizapp.tui.screens.help import Sections
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.host import HostScreen
from quizapp.tui.screens.join import JoinScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.quiz_results import QuizResultsScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.screens.study_summary import StudySummaryScreen

SCREEN_KEYS: Sections = (
    ("Home", HomeScreen.BINDINGS),
    ("Study", StudyScreen.BINDINGS),
    ("Study summary", StudySummaryScreen.BINDINGS),
    ("Quiz", QuizScreen.BINDINGS),
    ("Quiz results", QuizResultsScreen.BINDINGS),
    ("Drill setup", DrillSetupScreen.BINDINGS),
    ("Drill", DRILL_KEYS["question"]),
    ("Drill answer", DRILL_KEYS["answer"]),
    ("Drill leaderboard", DRILL_KEYS["board"]),
    ("Drill podium", DRILL_KEYS["podium"]),
    ("Live room (teacher)", HostScreen.BINDINGS),
    ("Live room (student)", JoinScreen.BINDINGS),
)

SECTION_OF: tuple[tuple[type[Screen[Any]], str], ...] = (
    (HomeScreen, "Home"),
    (StudyScreen, "Study"),
    (StudySummaryScreen, "Study summary"),
    (QuizScreen, "Quiz"),
    (QuizResultsScreen, "Quiz results"),
    (DrillSetupScreen, "Drill setup"),
    (HostScreen, "Live room (teacher)"),
    (JoinScreen, "Live room (student)"),
)
DRILL_SECTIONS: dict[Body, str] = {
    "question": "Drill",
    "answer": "Drill answer",
    "board": "Drill leaderboard",
    "podium": "Drill podium",
}


def section_for(screen: Screen[Any]) -> str | None:
    """The help section of the keys of `screen` (None: a screen without one)."""
    if isinstance(screen, DrillScreen):
        return DRILL_SECTIONS[screen.shown.body]
    return next((title for kind, title in SECTION_OF if isinstance(screen, kind)), None)
