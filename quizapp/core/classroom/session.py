"""What a classroom drill (`quizapp.core.classroom.drill`) and a live room
(`quizapp.core.classroom.room`) share as state machines: a class is asked a list of questions
one at a time, each with its timer (a `QuestionClock`), its state and a revision that goes up
on every change (the stores keep the newest).

A `ClassSession` knows which phase is the open question (``open``, ``question``), which ones
show a closed one and which one ends it, so the timer, pausing, the checkpoints, moving to
another question and finishing read the same for both. What happens in each phase (entering a
team's answer, a student's answer arriving, locking) is the drill's and the room's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar, Generic, Protocol, TypeVar

from quizapp.core.classroom.question_clock import QuestionClock, time_limit
from quizapp.core.clock import Clock
from quizapp.core.practice.questions import Question


class _Settings(Protocol):
    @property
    def timer(self) -> int: ...

    @property
    def teams(self) -> tuple[str, ...]: ...

    def problems(self) -> list[str]: ...


class _State(Protocol):
    @property
    def status(self) -> str: ...

    @property
    def closed_at(self) -> float | None: ...


SettingsT = TypeVar("SettingsT", bound=_Settings)
StateT = TypeVar("StateT", bound=_State)


class ClassSession(Generic[SettingsT, StateT]):
    """Settings, questions and where the teacher is; the phases are named by each kind."""

    what: ClassVar[str]  # "drill": how messages name one
    error: ClassVar[type[ValueError]]  # raised for bad settings and impossible actions
    open_phase: ClassVar[str]  # the question is open, its timer runs
    closed_phases: ClassVar[tuple[str, ...]]  # a question shows; elapsed: when it closed
    shown_phase: ClassVar[str]  # where going to an asked question shows it
    end_phase: ClassVar[str]
    phases: ClassVar[tuple[str, ...]]  # every phase: what a saved state may name
    not_now: ClassVar[str]  # `_expect`'s message, with {phase}

    phase: str
    states: list[StateT]

    def __init__(
        self,
        deck_id: str,
        deck_title: str,
        settings: SettingsT,
        questions: Sequence[Question],
        clock: Clock,
        started_at: datetime | None,
        item_id: int | None,
    ) -> None:
        if not questions:
            raise self.error(f"the {self.what} has no questions")
        problems = settings.problems()
        if problems:
            raise self.error("; ".join(problems))
        self.id = item_id
        self.deck_id = deck_id
        self.deck_title = deck_title
        self.settings = settings
        self.questions = list(questions)
        self.clock = clock
        self.started_at = started_at or clock.now()
        self.finished_at: datetime | None = None
        self.index = 0
        self.question_clock = QuestionClock(clock, time_limit(settings.timer))
        self.revision = 0  # goes up by one on every change (the store keeps the newest)

    # -- what the screens show --------------------------------------------------------------

    @property
    def teams(self) -> tuple[str, ...]:
        return self.settings.teams

    @property
    def question(self) -> Question:
        return self.questions[self.index]

    @property
    def state(self) -> StateT:
        return self.states[self.index]

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def is_last(self) -> bool:
        """Whether no question after the current one is left to ask or show (moving on from
        it ends the session)."""
        return self.index >= len(self.questions) - 1

    @property
    def limit(self) -> float | None:
        return self.question_clock.limit

    @property
    def paused(self) -> bool:
        return self.question_clock.paused

    def elapsed(self) -> float:
        """Seconds the current question has been open (pauses excluded)."""
        if self.phase == self.open_phase:
            return self.question_clock.elapsed()
        if self.phase in self.closed_phases:
            return self.state.closed_at or 0.0
        return 0.0

    def remaining(self) -> float | None:
        """Seconds left on the open question's timer (None when there is no timer)."""
        return self.question_clock.remaining(self.elapsed())

    def asked(self) -> int:
        return sum(1 for s in self.states if s.status == "done")

    # -- the open question's timer -----------------------------------------------------------

    def pause(self) -> None:
        self._expect(self.open_phase)
        if self.question_clock.pause():
            self._changed()

    def resume_question(self) -> None:
        self._expect(self.open_phase)
        if self.question_clock.resume():
            self._changed()

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume_question()
        else:
            self.pause()

    def poll(self) -> bool:
        """Close the open question if its time is up. True when that happened."""
        if self.phase != self.open_phase or not self.question_clock.is_up():
            return False
        self._time_up()
        return True

    def checkpoint(self) -> None:
        """Mark the open question's running time as worth saving (nothing else changes).

        Screens call this every few seconds so a crash loses at most that much time.
        """
        self._expect(self.open_phase)
        self._changed()

    # -- internals -----------------------------------------------------------------------------

    def _time_up(self) -> None:
        """What the open question's timer running out does."""
        raise NotImplementedError

    def _ask(self, index: int) -> None:
        """Go to question `index`, not asked yet."""
        raise NotImplementedError

    def _go_to(self, index: int) -> None:
        """To question `index`: shown if it was asked, else asked; after the last, the end."""
        self.question_clock.stop()
        if index >= len(self.questions):
            self._finish()
            return
        if self.states[index].status == "done":
            self.index = index
            self.phase = self.shown_phase
            self._changed()
            return
        self._ask(index)

    def _finish(self) -> None:
        self.phase = self.end_phase
        self.question_clock.stop()
        self.finished_at = self.clock.now()
        self._changed()

    def _restore_place(self, phase: str, index: int, states: list[StateT]) -> None:
        """Where a saved drill or room was; ValueError (a damaged save) when it cannot be."""
        if phase not in self.phases:
            raise ValueError(f"unknown {self.what} phase {phase!r}")
        if not 0 <= index < len(self.questions):
            raise ValueError(f"question index {index} out of range")
        if len(states) != len(self.questions):
            raise ValueError(f"the saved {self.what} has a state per question")
        self.phase, self.index, self.states = phase, index, states

    def _restore_clock(self, elapsed: float) -> None:
        """After a restore: an open question comes back paused at its saved time."""
        if self.phase == self.open_phase:
            self.question_clock.restore(elapsed)

    def _expect(self, *phases: str) -> None:
        if self.phase not in phases:
            raise self.error(self.not_now.format(phase=self.phase))

    def _changed(self) -> None:
        self.revision += 1
