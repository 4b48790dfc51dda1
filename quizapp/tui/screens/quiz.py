"""The quiz screen: one question at a time, graded, with feedback; results at the end.

The `QuizSession` (core) grades and logs; the screen displays and dispatches. Store work
(opening, answering, "I was right", ending) runs on the card panel's store thread, which
posts a message back. The screen's state is `phase` and `view` (the question and, once
graded, its result); `watch_view` renders it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header

from quizapp.core.decks.model import Deck
from quizapp.core.practice.card_questions import kind_label
from quizapp.core.practice.questions import Question, build_quiz
from quizapp.core.practice.quiz import QuestionResult, QuizResults, QuizSession
from quizapp.core.srs.quiz_limit import limit_new_cards
from quizapp.core.srs.store import StoreError
from quizapp.tui.context import AppContext
from quizapp.tui.loaders import find_decks, open_store
from quizapp.tui.messages import ShowQuizResults, WorkFailed
from quizapp.tui.widgets.answer_base import AnswerWidget
from quizapp.tui.widgets.card_hint import HINT_BINDING
from quizapp.tui.widgets.card_panel import CardPanel, PanelView
from quizapp.tui.widgets.feedback import FeedbackView
from quizapp.tui.widgets.keys_footer import KeysFooter

Phase = Literal["loading", "asking", "saving", "feedback", "failed"]


@dataclass(frozen=True, slots=True)
class QuizView:
    """What the screen shows: the question and, once graded, the answer to it."""

    question: Question
    number: int  # 1-based
    total: int
    answered: int  # answers given so far
    result: QuestionResult | None = None
    can_override: bool = False  # "I was right" applies to the last answer

    @property
    def phase(self) -> Phase:
        return "asking" if self.result is None else "feedback"


def feedback_note(result: QuestionResult) -> str:
    """What the feedback says about a typed answer."""
    if result.question.kind != "typed":
        return ""
    verdict = result.verdict
    parts = [f"You answered: {result.given or '(nothing)'}."]
    if verdict.overridden:
        parts.append("Counted as right (I was right).")
    else:
        parts.append(verdict.detail)
        if not verdict.correct and verdict.overridable:
            parts.append("Press o if you were right.")
    return " ".join(p for p in parts if p)


class QuizScreen(Screen[None]):
    """Answer with the widget's keys (or the mouse); Enter goes on; `o` says "I was right"."""

    CSS_PATH = "quiz.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,n", "next", "Next"),
        Binding("o", "override", "I was right"),
        HINT_BINDING,
        Binding("escape", "finish", "End quiz"),
    ]

    phase: var[Phase] = var[Phase]("loading")
    view: var[QuizView | None] = var[QuizView | None](None, always_update=True)

    @dataclass
    class Ready(Message):
        """The questions are drawn and the store is open."""

        deck: Deck
        session: QuizSession
        note: str = ""  # told to the learner (new cards left unscheduled...)

    @dataclass
    class Graded(Message):
        """The answer is graded and committed (``error``: graded but not saved)."""

        result: QuestionResult
        answered: int
        can_override: bool
        error: str = ""

    @dataclass
    class Ended(Message):
        """The quiz is over and its store session ended: show the results."""

        results: QuizResults

    def __init__(
        self,
        ctx: AppContext,
        deck_id: str,
        count: int | None = None,
        types: Iterable[str] | None = None,
        seed: int | str | None = None,
        schedule: bool = True,
        *,
        questions: Sequence[Question] | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.deck_id = deck_id
        self.count = count
        self.types = None if types is None else frozenset(types)
        self.seed = seed
        self.schedule = schedule
        self.questions = None if questions is None else list(questions)
        self.deck: Deck | None = None
        self.session: QuizSession | None = None
        # Kept, not queried: the store jobs use it from their thread.
        self.panel = CardPanel("quiz", title="Quiz", loading="Preparing the quiz…")

    def compose(self) -> ComposeResult:
        yield Header()
        yield self.panel
        yield KeysFooter()

    def on_mount(self) -> None:
        self.panel.submit(self._prepare, failed="Progress cannot be opened")

    # --- store jobs (on the panel's store thread) ---------------------------------------

    def _prepare(self) -> None:
        found, _ = find_decks(self.ctx, [self.deck_id])
        if not found:
            self.post_message(WorkFailed(f"No deck with id '{self.deck_id}'."))
            return
        deck = found[0]
        questions = self.questions
        if questions is None:
            questions = build_quiz(deck, count=self.count, types=self.types, seed=self.seed)
        if not questions:
            self.post_message(WorkFailed(f"'{deck.title}' has no cards to ask this way."))
            return
        store = open_store(self.ctx)
        self.panel.on_close(store.close)
        unscheduled: frozenset[tuple[str, str]] = frozenset()
        note = ""
        if self.schedule:  # the core decides which new cards stay unscheduled today
            items = [q.item for q in questions]
            limit = limit_new_cards(store.store, items, self.ctx.clock.now(), store.config)
            unscheduled, note = limit.unscheduled, limit.note
        session = QuizSession(
            questions, self.ctx.clock, store, self.schedule, unscheduled=unscheduled
        )
        self.panel.on_close(session.close)
        self.post_message(self.Ready(deck, session, note))

    def _graded(self, session: QuizSession, error: str = "") -> None:
        last = session.last
        assert last is not None
        self.post_message(self.Graded(last, session.progress[0], session.can_override, error))

    def _answer(self, session: QuizSession, response: object) -> None:
        try:
            session.answer(response)
        except (StoreError, OSError) as exc:
            if session.last is None:
                raise
            self._graded(session, f"Not saved: {exc}")
            return
        self._graded(session)

    def _override(self, session: QuizSession) -> None:
        session.override()
        self._graded(session)

    def _end(self, session: QuizSession) -> None:
        """Move past the last question (skipping any left): the store session ends."""
        try:
            while not session.done:
                session.next()
        except (StoreError, OSError) as exc:
            self.post_message(WorkFailed(f"Not saved: {exc}"))
        self.post_message(self.Ended(session.results()))

    # --- showing ------------------------------------------------------------------------

    async def on_quiz_screen_ready(self, message: Ready) -> None:
        self.deck, self.session = message.deck, message.session
        if message.note:
            self.notify(message.note, timeout=10, markup=False)
        await self._ask()

    async def _ask(self) -> None:
        session = self.session
        assert session is not None
        question = session.current
        if question is None:
            return
        await self.panel.ask(question, question.hint)
        answered = session.progress[0]
        self.view = QuizView(question, answered + 1, session.total, answered)

    def watch_view(self, view: QuizView | None) -> None:
        if view is None or self.deck is None:
            return
        question, result = view.question, view.result
        scheduled = self.session is None or self.session.scheduled(question)
        mode = "" if scheduled else " (not scheduled)"
        feedback: FeedbackView | None = None
        if result is not None:
            feedback = FeedbackView(
                result.correct,
                question.answer_text,
                feedback_note(result),
                question.explain,
                question.source,
            )
        self.panel.show(
            PanelView(
                title=f"Quiz: {self.deck.title}{mode}",
                kind=f"Question {view.number} of {view.total} · {kind_label(question)}",
                prompt=question.prompt,
                done=view.answered,
                total=view.total,
                count=f"{view.answered if result else view.number}/{view.total}",
                feedback=feedback,
                right=question.correct,
            )
        )
        self.phase = view.phase

    def on_answer_widget_answered(self, message: AnswerWidget.Answered) -> None:
        message.stop()
        session = self.session
        if self.phase != "asking" or session is None:
            return
        self.phase = "saving"
        value = message.value
        self.panel.submit(lambda: self._answer(session, value), failed="Not saved")

    def on_quiz_screen_graded(self, message: Graded) -> None:
        view = self.view
        assert view is not None
        self.view = replace(
            view,
            result=message.result,
            answered=message.answered,
            can_override=message.can_override,
        )
        if message.error:
            self.notify(message.error, severity="error", markup=False)

    def on_work_failed(self, message: WorkFailed) -> None:
        message.stop()
        if self.session is None or self.view is None:
            self.phase = "failed"
            self.panel.show_failure(message.text)
        else:
            self.phase = self.view.phase
        self.notify(message.text, severity="error", markup=False)

    def watch_phase(self) -> None:
        self.refresh_bindings()

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action == "next":
            return self.phase == "feedback"
        if action == "hint":
            return self.phase == "asking" and self.panel.hint.available
        if action == "override":
            if self.phase != "feedback" or view is None:
                return False
            return view.can_override  # the core's rule: typed answers only
        return True

    def action_hint(self) -> None:
        self.panel.hint.show_hint()
        self.refresh_bindings()

    async def action_next(self) -> None:
        session = self.session
        if session is None or self.phase != "feedback":
            return
        if session.index + 1 >= session.total:
            self.phase = "saving"
            self.panel.submit(lambda: self._end(session), failed="Not saved")
        else:
            session.next()
            await self._ask()

    def action_override(self) -> None:
        session = self.session
        if session is not None and self.check_action("override", ()):
            self.phase = "saving"
            self.panel.submit(lambda: self._override(session), failed="Not saved")

    def action_finish(self) -> None:
        if self.phase == "saving":
            return
        session = self.session
        if session is not None and self.view is not None and self.view.answered:
            self.phase = "saving"
            self.panel.submit(lambda: self._end(session), failed="Not saved")
        else:
            self.dismiss()

    def on_quiz_screen_ended(self, message: Ended) -> None:
        assert self.deck is not None
        self.post_message(ShowQuizResults(self.deck, message.results, schedule=self.schedule))
