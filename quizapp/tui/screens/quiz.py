"""The quiz screen: one question at a time, graded, with feedback; results at the end."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static

from quizapp.core.decks.model import Deck
from quizapp.core.practice.grading import Verdict
from quizapp.core.practice.questions import Question, build_quiz
from quizapp.core.practice.quiz import QuizSession
from quizapp.core.srs.store import Store, StoreError
from quizapp.tui.context import AppContext
from quizapp.tui.loaders import find_decks, open_store
from quizapp.tui.messages import ShowQuizResults
from quizapp.tui.widgets.answer_base import AnswerWidget
from quizapp.tui.widgets.answers import answer_widget, kind_label
from quizapp.tui.widgets.card_hint import HINT_BINDING, CardHint
from quizapp.tui.widgets.feedback import Feedback


@dataclass(slots=True)
class QuizSetup:
    """What the preparing worker hands to the screen."""

    deck: Deck
    session: QuizSession
    store: Store | None


class QuizScreen(Screen[None]):
    """Answer with the widget's keys (or the mouse); Enter goes on; `o` says "I was right"."""

    CSS_PATH = "quiz.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,n", "next", "Next"),
        Binding("o", "override", "I was right"),
        HINT_BINDING,
        Binding("escape", "finish", "End quiz"),
    ]

    phase: var[str] = var("loading")  # loading, asking, saving, feedback, failed

    class Ready(Message):
        def __init__(self, setup: QuizSetup) -> None:
            super().__init__()
            self.setup = setup

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Ended(Message):
        """The quiz is over and its store session closed: show the results."""

    class Graded(Message):
        """The answer is graded and (with a store) committed."""

        def __init__(self, verdict: Verdict, error: str = "") -> None:
            super().__init__()
            self.verdict = verdict
            self.error = error

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
        self.store: Store | None = None
        self._store_lock = threading.Lock()  # one store user at a time: workers, then close

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="quiz-status"):
            yield Static("Quiz", id="quiz-title", markup=False)
            yield ProgressBar(id="quiz-progress", show_eta=False, show_percentage=False)
            yield Static("", id="quiz-count", markup=False)
        with VerticalScroll(id="quiz-body"):
            yield Static("Preparing the quiz…", id="quiz-kind", markup=False)
            yield Static("", id="quiz-prompt", markup=False)
            yield CardHint(id="quiz-card-hint")
            yield Vertical(id="quiz-answer")
            yield Feedback(id="quiz-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self._prepare()

    def on_unmount(self) -> None:
        with self._store_lock:  # waits for a write still running in a worker (a few ms)
            if self.store is not None:
                self.store.close()
                self.store = None

    # --- workers ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="quiz-prepare")
    def _prepare(self) -> None:
        found, _ = find_decks(self.ctx, [self.deck_id])
        if not found:
            self.post_message(self.Failed(f"No deck with id '{self.deck_id}'."))
            return
        deck = found[0]
        questions = self.questions
        if questions is None:
            questions = build_quiz(deck, count=self.count, types=self.types, seed=self.seed)
        if not questions:
            self.post_message(self.Failed(f"'{deck.title}' has no cards to ask this way."))
            return
        try:
            store = open_store(self.ctx)
        except StoreError as exc:
            self.post_message(self.Failed(f"Progress cannot be opened: {exc}"))
            return
        session = QuizSession(questions, self.ctx.clock, store, self.schedule)
        self.post_message(self.Ready(QuizSetup(deck, session, store)))

    @work(thread=True, exclusive=True, group="quiz-write")
    def _answer(self, session: QuizSession, response: object) -> None:
        try:
            with self._store_lock:
                verdict = session.answer(response)
        except (StoreError, OSError) as exc:
            last = session.last
            if last is None:
                raise
            self.post_message(self.Graded(last.verdict, f"Not saved: {exc}"))
            return
        self.post_message(self.Graded(verdict))

    @work(thread=True, exclusive=True, group="quiz-write")
    def _override(self, session: QuizSession) -> None:
        try:
            with self._store_lock:
                verdict = session.override()
        except (StoreError, OSError) as exc:
            self.post_message(self.Failed(f"Not saved: {exc}"))
            return
        self.post_message(self.Graded(verdict))

    @work(thread=True, exclusive=True, group="quiz-write")
    def _end(self, session: QuizSession) -> None:
        """Move past the last question (skipping any left): the store session ends."""
        try:
            with self._store_lock:
                while not session.done:
                    session.next()
        except (StoreError, OSError) as exc:
            self.post_message(self.Failed(f"Not saved: {exc}"))
        self.post_message(self.Ended())

    # --- showing ------------------------------------------------------------------------

    async def on_quiz_screen_ready(self, message: Ready) -> None:
        setup = message.setup
        self.deck, self.session, self.store = setup.deck, setup.session, setup.store
        mode = "" if self.schedule else " (not scheduled)"
        self.query_one("#quiz-title", Static).update(f"Quiz: {setup.deck.title}{mode}")
        self.query_one(ProgressBar).update(total=setup.session.total, progress=0)
        await self._show_question()

    def on_quiz_screen_failed(self, message: Failed) -> None:
        if self.session is None:
            self.phase = "failed"
            self.query_one("#quiz-kind", Static).update(message.text)
            self.query_one("#quiz-prompt", Static).update("Press Escape to go back.")
        else:
            self.phase = "feedback"
        self.notify(message.text, severity="error")

    async def _show_question(self) -> None:
        session = self.session
        assert session is not None
        question = session.current
        if question is None:
            return
        done, total = session.progress
        self.query_one("#quiz-count", Static).update(f"{done + 1}/{total}")
        self.query_one("#quiz-kind", Static).update(
            f"Question {done + 1} of {total} · {kind_label(question)}"
        )
        self.query_one("#quiz-prompt", Static).update(question.prompt)
        self.query_one(CardHint).set_hint(question.hint)
        self.query_one(Feedback).clear()
        holder = self.query_one("#quiz-answer", Vertical)
        await holder.remove_children()
        widget = answer_widget(question)
        await holder.mount(widget)
        self.phase = "asking"
        widget.focus()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)

    def on_answer_widget_answered(self, message: AnswerWidget.Answered) -> None:
        message.stop()
        if self.phase != "asking" or self.session is None:
            return
        self.phase = "saving"
        self._answer(self.session, message.value)

    def on_quiz_screen_graded(self, message: Graded) -> None:
        session = self.session
        assert session is not None
        last = session.last
        assert last is not None
        question = last.question
        verdict = message.verdict
        for widget in self.query(AnswerWidget):
            widget.show_result(question.correct)
        note = ""
        if question.kind == "typed":
            note = f"You answered: {last.given or '(nothing)'}. "
            if verdict.overridden:
                note += "Counted as right (I was right)."
            elif verdict.correct and not verdict.exact:
                note += verdict.message
            elif not verdict.correct:
                note += "Press o if you were right."
        self.query_one(Feedback).show(
            verdict.correct,
            question.answer_text,
            note=note.strip(),
            explain=question.explain,
            source=question.source,
        )
        done, total = session.progress
        self.query_one(ProgressBar).update(progress=done)
        self.query_one("#quiz-count", Static).update(f"{done}/{total}")
        self.phase = "feedback"
        self.set_focus(None)
        if message.error:
            self.notify(message.error, severity="error")

    def watch_phase(self) -> None:
        self.refresh_bindings()

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.phase == "feedback"
        if action == "hint":
            return self.phase == "asking" and self.query_one(CardHint).available
        if action == "override":
            session = self.session
            if self.phase != "feedback" or session is None or session.last is None:
                return False
            return session.can_override and session.last.question.kind == "typed"
        return True

    def action_hint(self) -> None:
        self.query_one(CardHint).show_hint()
        self.refresh_bindings()

    async def action_next(self) -> None:
        session = self.session
        if session is None or self.phase != "feedback":
            return
        if session.index + 1 >= session.total:
            self.phase = "saving"
            self._end(session)  # the last `next` writes the end of the session
        else:
            session.next()
            await self._show_question()

    def action_override(self) -> None:
        if self.session is not None and self.check_action("override", ()):
            self.phase = "saving"
            self._override(self.session)

    def action_finish(self) -> None:
        if self.phase == "saving":
            return
        if self.session is not None and self.session.last is not None:
            self.phase = "saving"
            self._end(self.session)
        else:
            self.dismiss()

    def on_quiz_screen_ended(self) -> None:
        self._show_results()

    def _show_results(self) -> None:
        assert self.session is not None and self.deck is not None
        results = self.session.results()
        self.post_message(ShowQuizResults(self.deck, results, schedule=self.schedule))
