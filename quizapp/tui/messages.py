"""Messages that cross screens. A screen posts one; it bubbles to the App, which routes it.

Screens never import the App or one another to navigate: they say what should open, and
`QuizApp` (the only place that knows every screen) opens it. The types these messages carry
come from the core, so no screen module is needed to read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # only annotations: the app imports this module before its first frame
    from quizapp.core.classroom.drill import Drill
    from quizapp.core.classroom.drill_store import DrillStore
    from quizapp.core.classroom.room import RoomSettings
    from quizapp.core.decks.model import Deck
    from quizapp.core.practice.questions import Question
    from quizapp.core.practice.quiz import QuizResults
    from quizapp.core.srs.study import StudyEnd


@dataclass
class OpenStudy(Message):
    """Study the due cards of these decks (None: every deck)."""

    deck_ids: Sequence[str] | None = None
    cram: bool = False


@dataclass
class OpenQuiz(Message):
    """A quiz on one deck; `questions` asks exactly these (retrying the missed ones)."""

    deck_id: str
    count: int | None = None
    types: frozenset[str] | None = None
    seed: int | str | None = None
    schedule: bool = True
    questions: tuple[Question, ...] | None = None


@dataclass
class RetryMissed(Message):
    """Ask the questions a quiz got wrong again, in place of its results."""

    deck_id: str
    questions: tuple[Question, ...]
    schedule: bool = True


@dataclass
class OpenDrillSetup(Message):
    """The form that sets up a classroom drill on one deck."""

    deck_id: str


@dataclass
class OpenDrill(Message):
    """Run this drill (new or resumed, already in `store`) in place of the current screen.

    The drill screen owns the store from then on and closes it when it goes away.
    """

    drill: Drill
    store: DrillStore


@dataclass
class OpenHost(Message):
    """Host a live room on one deck (students answer from their own devices)."""

    deck_id: str
    settings: RoomSettings | None = None  # None: the room's defaults
    lan: bool = False  # serve on the local network (else only this computer can join)


@dataclass
class ShowStudySummary(Message):
    """A study session ended: show its summary in place of the study screen."""

    end: StudyEnd
    cram: bool = False


@dataclass
class ShowQuizResults(Message):
    """A quiz ended: show its results in place of the quiz screen."""

    deck: Deck
    results: QuizResults
    schedule: bool = True


@dataclass
class OpenHelp(Message):
    """Every key of every screen, and where the files live."""


@dataclass
class SwitchProfile(Message):
    """Ask which profile to study as."""


@dataclass
class WorkFailed(Message):
    """A worker could not do what a screen asked; `text` says why, for the learner."""

    text: str
