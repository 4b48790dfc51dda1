"""A quiz session: ask questions in turn, grade, allow "I was right", log, and sum up.

The TUI quiz screen and the line-mode `quizapp quiz --plain` both drive a `QuizSession`.
When a recorder (the progress store) is given, every answer is logged with ``mode="quiz"``
and fed to the scheduler (wrong = `Rating.Again`, right = `Rating.Good`, py-fsrs' ratings)
unless ``schedule=False``. The recorder is a protocol, so practice never imports srs.

A scheduled quiz does not start more new cards than the day's new-card limit leaves room
for: spaced repetition decides which of the quiz's items stay unscheduled (its
`quizapp.core.srs.quiz_limit`) and the caller passes them in as `unscheduled`; their answers
are logged but leave the cards new.

"I was right" (`override`) is offered only where a human judges the answer: typed answers
(typed and cloze cards). True/false, choice, select-all, order and match answers are graded
objectively and cannot be overridden (`can_override`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from fsrs import Rating

from quizapp.core.clock import Clock
from quizapp.core.decks.model import Item
from quizapp.core.practice.grading import Verdict, can_override, grade
from quizapp.core.practice.questions import Question, describe_response

MODE = "quiz"


class AnswerRecorder(Protocol):
    """What a quiz needs of the progress store (`quizapp.core.srs.answering.Answering` fits)."""

    def record_answer(
        self,
        item: Item,
        rating: Any,
        *,
        mode: str,
        duration_ms: int,
        answer: str | None = None,
        correct: bool | None = None,
        overridden: bool = False,
        reschedule: bool = True,
        session_id: int | None = None,
    ) -> object: ...

    def undo_last(self, *, session_id: int | None = None) -> object: ...

    def start_session(self, mode: str, deck_ids: list[str]) -> int: ...

    def end_session(self, session_id: int) -> None: ...


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """One answered question, as shown on the results screen."""

    question: Question
    response: object
    given: str  # the response as display text
    verdict: Verdict
    duration_ms: int

    @property
    def prompt(self) -> str:
        return self.question.prompt

    @property
    def right_answer(self) -> str:
        return self.question.answer_text

    @property
    def correct(self) -> bool:
        return self.verdict.correct

    @property
    def overridden(self) -> bool:
        return self.verdict.overridden

    def to_dict(self) -> dict[str, object]:
        return {
            "deck_id": self.question.item.deck_id,
            "item_id": self.question.item.id,
            "kind": self.question.kind,
            "prompt": self.prompt,
            "given": self.given,
            "right_answer": self.right_answer,
            "correct": self.correct,
            "overridden": self.overridden,
            "duration_ms": self.duration_ms,
        }


@dataclass(frozen=True, slots=True)
class QuizResults:
    """The end of a quiz: score out of total, time taken and every answered question."""

    score: int
    total: int  # questions in the quiz (answered or not)
    seconds: float  # from the first question shown to the last answer
    answers: tuple[QuestionResult, ...] = field(default_factory=tuple)

    @property
    def answered(self) -> int:
        return len(self.answers)

    @property
    def missed(self) -> tuple[QuestionResult, ...]:
        return tuple(a for a in self.answers if not a.correct)

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0

    def to_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "total": self.total,
            "answered": self.answered,
            "seconds": round(self.seconds, 3),
            "answers": [a.to_dict() for a in self.answers],
        }


class QuizSession:
    """Ask `questions` one at a time: `answer`, maybe `override`, then `next` until `done`.

    With a `store`, the quiz is a store session (started here unless `session_id` is given,
    ended when `next` moves past the last question); every answer is logged with
    ``mode="quiz"`` and, when `schedule` is true, reschedules the item.
    """

    def __init__(
        self,
        questions: Sequence[Question],
        clock: Clock,
        store: AnswerRecorder | None = None,
        schedule: bool = True,
        session_id: int | None = None,
        *,
        unscheduled: Collection[tuple[str, str]] = (),
    ) -> None:
        self.questions: tuple[Question, ...] = tuple(questions)
        self.clock = clock
        self.store = store
        self.schedule = schedule
        self.unscheduled = frozenset(unscheduled)  # item keys logged without rescheduling
        self.session_id = session_id
        self._owns_session = store is not None and session_id is None and bool(questions)
        if self._owns_session and store is not None:
            deck_ids = sorted({q.item.deck_id for q in questions})
            self.session_id = store.start_session(MODE, deck_ids)
        self.index = 0
        self._results: list[QuestionResult] = []
        self._started = clock.monotonic()
        self._shown_at = self._started
        self._finished_at: float | None = None
        self._ended = False

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def current(self) -> Question | None:
        """The question being asked (or just answered), None when the quiz is over."""
        return self.questions[self.index] if self.index < self.total else None

    @property
    def answered(self) -> bool:
        """Whether the current question has been answered (then call `next`)."""
        return len(self._results) > self.index

    @property
    def done(self) -> bool:
        return self.index >= self.total

    @property
    def progress(self) -> tuple[int, int]:
        """(questions answered, total)."""
        return (len(self._results), self.total)

    @property
    def last(self) -> QuestionResult | None:
        """The most recent answer."""
        return self._results[-1] if self._results else None

    @property
    def can_override(self) -> bool:
        """Whether "I was right" applies to the last answer: its verdict says so (a wrong
        verdict on text a human judges, `grading.can_override`)."""
        last = self.last
        return last is not None and last.verdict.overridable

    def scheduled(self, question: Question) -> bool:
        """Whether an answer to `question` reschedules its card."""
        return self.schedule and question.item.key not in self.unscheduled

    def answer(self, response: object) -> Verdict:
        """Grade `response` to the current question, log it, and return the verdict."""
        question = self.current
        if question is None:
            raise RuntimeError("the quiz is over")
        if self.answered:
            raise RuntimeError("this question is already answered; call next()")
        now = self.clock.monotonic()
        duration_ms = max(0, round((now - self._shown_at) * 1000))
        self._finished_at = now
        verdict = grade(question, response)
        result = QuestionResult(
            question, response, describe_response(question, response), verdict, duration_ms
        )
        self._results.append(result)
        self._log(result)
        return verdict

    def override(self) -> Verdict:
        """ "I was right": count the last wrong answer as right, and log it as overridden.

        Allowed until the next answer (also after `next`). With a store, the wrong answer is
        taken back and logged again as right with ``overridden=True``.
        """
        last = self.last
        if last is None or last.verdict.correct:
            raise RuntimeError("only a wrong answer can be overridden")
        if not can_override(last.question):
            raise RuntimeError(
                f"only a wrong typed answer can be overridden: a {last.question.kind} answer"
                " cannot be overridden"
            )
        result = QuestionResult(
            last.question,
            last.response,
            last.given,
            last.verdict.overridden_right(),
            last.duration_ms,
        )
        self._results[-1] = result
        if self.store is not None:
            self.store.undo_last(session_id=self.session_id)
            self._log(result)
        return result.verdict

    def next(self) -> Question | None:
        """Move to the next question (skipping the current one if unanswered)."""
        if not self.done:
            self.index += 1
            if self.done:
                self.close()
        self._shown_at = self.clock.monotonic()
        return self.current

    def close(self) -> None:
        """End the store session this quiz started (once; moving past the last question does
        it). The answers are already saved."""
        if self._ended or not self._owns_session or self.store is None:
            return
        assert self.session_id is not None
        self.store.end_session(self.session_id)  # may raise: then closing again retries
        self._ended = True

    def results(self) -> QuizResults:
        end = self._finished_at if self._finished_at is not None else self._started
        return QuizResults(
            score=sum(1 for r in self._results if r.correct),
            total=self.total,
            seconds=max(0.0, end - self._started),
            answers=tuple(self._results),
        )

    def retry_missed(self) -> QuizSession:
        """A new session asking again the questions answered wrong (same store and settings)."""
        missed = [r.question for r in self._results if not r.correct]
        return QuizSession(
            missed, self.clock, self.store, self.schedule, unscheduled=self.unscheduled
        )

    def _log(self, result: QuestionResult) -> None:
        if self.store is None:
            return
        self.store.record_answer(
            result.question.item,
            Rating.Good if result.correct else Rating.Again,
            mode=MODE,
            duration_ms=result.duration_ms,
            answer=result.given,
            correct=result.correct,
            overridden=result.overridden,
            reschedule=self.scheduled(result.question),
            session_id=self.session_id,
        )
