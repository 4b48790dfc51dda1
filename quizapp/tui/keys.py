"""The keys of every screen, for the help screen (which reads them here; it imports no screen)."""

from __future__ import annotations

from quizapp.tui.screens.drill import KEYS as DRILL_KEYS
from quizapp.tui.screens.drill_setup import DrillSetupScreen
from quizapp.tui.screens.help import Sections
from quizapp.tui.screens.home import HomeScreen
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
)
