"""The study screen: today's flashcards, one at a time, rated 1-4 with FSRS intervals shown.

Plain cards show the front; Space or Enter reveals the back. Cards with an answer (typed,
cloze, choice, true/false, order, match) are answered first; the answer is graded and a
rating proposed (wrong: Again, right: Good) that Enter accepts. Every rating is saved in a
worker and the next card shows only once it is committed.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static

from quizapp.core.decks.model import Deck, Item
from quizapp.core.practice.grading import Verdict, grade
from quizapp.core.practice.questions import (
    CannotAsk,
    Question,
    describe_response,
    make_question,
)
from quizapp.core.srs.store import Store, StoreError
from quizapp.core.srs.study import StudyEnd, StudySession
from quizapp.tui.context import AppContext
from quizapp.tui.loaders import find_decks, open_store, user_config
from quizapp.tui.messages import ShowStudySummary
from quizapp.tui.widgets.answer_base import AnswerWidget
from quizapp.tui.widgets.answers import answer_widget, kind_label
from quizapp.tui.widgets.card_hint import HINT_BINDING, CardHint
from quizapp.tui.widgets.feedback import Feedback
from quizapp.tui.widgets.rating_bar import RatingBar

AGAIN, GOOD = 1, 3


@dataclass(frozen=True, slots=True)
class CardView:
    """What the worker found to show next: the item (None: done), its intervals, progress."""

    item: Item | None
    preview: dict[int, str] = field(default_factory=dict)
    progress: tuple[int, int] = (0, 0)
    note: str = ""  # told to the learner (suspended, undone, leech...)


def question_for(item: Item, deck: Deck) -> Question | None:
    """The question to answer before rating (None for plain front/back cards, and for a card
    that cannot be asked, e.g. an answer too long to type: it is shown as a flashcard)."""
    if item.card.type == "basic":
        return None
    rng = random.Random(f"{item.deck_id}/{item.id}")  # the same shuffle every time
    try:
        return make_question(item, deck, rng)
    except CannotAsk:
        return None


def card_label(item: Item, question: Question | None) -> str:
    if question is not None:
        return kind_label(question)
    return "Flashcard (reversed)" if item.variant == "reverse" else "Flashcard"


class StudyScreen(Screen[None]):
    """Study the due cards of some decks (all decks when ``deck_ids`` is None)."""

    CSS_PATH = "study.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "reveal", "Show answer"),
        Binding("enter,space", "accept", "Accept rating"),
        Binding("1", "rate(1)", "Again", show=False),
        Binding("2", "rate(2)", "Hard", show=False),
        Binding("3", "rate(3)", "Good", show=False),
        Binding("4", "rate(4)", "Easy", show=False),
        Binding("u", "undo", "Undo"),
        Binding("s", "suspend", "Suspend"),
        HINT_BINDING,
        Binding("escape", "finish", "End"),
    ]

    phase: var[str] = var("loading")  # loading, front, back, saving, failed

    class Shown(Message):
        """The worker has committed the last action; show ``view`` next."""

        def __init__(self, view: CardView) -> None:
            super().__init__()
            self.view = view

    class Ended(Message):
        def __init__(self, end: StudyEnd) -> None:
            super().__init__()
            self.end = end

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self, ctx: AppContext, deck_ids: Sequence[str] | None = None, *, cram: bool = False
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.deck_ids = None if deck_ids is None else list(deck_ids)
        self.cram = cram
        self.session: StudySession | None = None
        self.store: Store | None = None
        self.item: Item | None = None
        self.question: Question | None = None
        self.verdict: Verdict | None = None
        self.response: object = None
        self._decks: dict[str, Deck] = {}
        self._shown_at = 0.0
        self._undoable = 0
        self._started_empty = False  # nothing was due when the session began
        self._store_lock = threading.Lock()  # one store user at a time: workers, then close

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="study-status"):
            yield Static("Study", id="study-title", markup=False)
            yield ProgressBar(id="study-progress", show_eta=False, show_percentage=False)
            yield Static("", id="study-count", markup=False)
        with VerticalScroll(id="study-body"):
            yield Static("Opening your progress…", id="study-kind", markup=False)
            yield Static("", id="study-prompt", markup=False)
            yield CardHint(id="study-card-hint")
            yield Vertical(id="study-answer")
            yield Feedback(id="study-feedback")
        with Vertical(id="study-bottom"):
            yield Static("Space or Enter: show the answer", id="study-hint", markup=False)
            yield RatingBar(id="study-ratings")
        yield Footer()

    def on_mount(self) -> None:
        self._start()

    def on_unmount(self) -> None:
        with self._store_lock:  # waits for a write still running in a worker (a few ms)
            if self.session is not None:
                self.session.close()  # no-op when the session already ended
            if self.store is not None:
                self.store.close()
                self.store = None

    # --- workers: everything that touches the store ---------------------------------------

    @work(thread=True, exclusive=True, group="study-start")
    def _start(self) -> None:
        decks, missing = find_decks(self.ctx, self.deck_ids)
        if missing:
            self.post_message(self.Failed(f"No deck with id '{missing[0]}'."))
            return
        if not decks:
            self.post_message(self.Failed("No decks found: put .yaml decks in the decks folder."))
            return
        config = user_config()
        try:
            store = open_store(self.ctx, config)
            session = StudySession(store, decks, self.ctx.clock, config, cram=self.cram)
        except StoreError as exc:
            self.post_message(self.Failed(f"Progress cannot be opened: {exc}"))
            return
        self.store, self.session = store, session
        self._started_empty = session.current is None
        self._decks = {d.id: d for d in decks}
        self._post_next(session, "")

    def _post_next(self, session: StudySession, note: str) -> None:
        """(worker) Post the next card, or the end of the session."""
        with self._store_lock:
            item = session.current
            if item is None:
                summary = session.summary()
                learning_later = session.learning_later
                session.close()
            else:
                view = CardView(item, session.preview(), session.progress, note)
        if item is None:
            tz = session.config.tz()
            end = StudyEnd(summary, learning_later, tz, self._started_empty, note)
            self.post_message(self.Ended(end))
        else:
            self.post_message(self.Shown(view))

    @work(thread=True, exclusive=True, group="study-write")
    def _rate(
        self,
        session: StudySession,
        rating: int,
        duration_ms: int,
        answer: str | None,
        correct: bool | None,
    ) -> None:
        try:
            with self._store_lock:
                result = session.answer(rating, duration_ms, answer=answer, correct=correct)
        except StoreError as exc:
            self.post_message(self.Failed(f"The answer was not saved: {exc}"))
            return
        note = ""
        if result.became_leech and self.item is not None:
            note = (
                f"Leech: “{short(self.item.prompt())}” was forgotten too often and is now"
                " suspended (u undoes)."
            )
        self._post_next(session, note)

    @work(thread=True, exclusive=True, group="study-write")
    def _undo(self, session: StudySession) -> None:
        try:
            with self._store_lock:
                item = session.undo()
        except StoreError as exc:
            self.post_message(self.Failed(f"Cannot undo: {exc}"))
            return
        self._post_next(session, "Undone: this card is back." if item else "Nothing to undo.")

    @work(thread=True, exclusive=True, group="study-write")
    def _suspend(self, session: StudySession) -> None:
        try:
            with self._store_lock:
                item = session.suspend()
        except StoreError as exc:
            self.post_message(self.Failed(f"Not suspended: {exc}"))
            return
        note = f"Suspended “{short(item.prompt())}” (u undoes)." if item else ""
        self._post_next(session, note)

    @work(thread=True, exclusive=True, group="study-write")
    def _end(self, session: StudySession) -> None:
        with self._store_lock:
            summary = session.summary()
            session.close()
        end = StudyEnd(summary, 0, session.config.tz(), self._started_empty)
        self.post_message(self.Ended(end))

    # --- showing ------------------------------------------------------------------------

    async def on_study_screen_shown(self, message: Shown) -> None:
        view = message.view
        if view.note:
            self.notify(view.note)
        item = view.item
        assert item is not None
        self.item = item
        self.verdict = None
        self.response = None
        deck = self._decks[item.deck_id]
        self.question = question_for(item, deck)
        done, total = view.progress
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#study-count", Static).update(f"{done}/{total}")
        title = "Cram" if self.cram else "Study"
        names = deck.title if len(self._decks) == 1 else f"{len(self._decks)} decks"
        self.query_one("#study-title", Static).update(f"{title}: {names}")
        kind = card_label(item, self.question)
        where = f" · {deck.title}" if len(self._decks) > 1 else ""
        self.query_one("#study-kind", Static).update(f"{kind}{where}")
        self.query_one("#study-prompt", Static).update(
            self.question.prompt if self.question else item.prompt()
        )
        self.query_one(CardHint).set_hint(item.card.hint)
        self.query_one(Feedback).clear()
        ratings = self.query_one(RatingBar)
        ratings.set_intervals(view.preview)
        ratings.proposed = None
        holder = self.query_one("#study-answer", Vertical)
        if holder.children:
            await holder.remove_children()
        hint = self.query_one("#study-hint", Static)
        if self.question is not None:
            widget = answer_widget(self.question)
            await holder.mount(widget)
            widget.focus()
            if self.question.kind == "typed":
                hint.update("Answer above · Enter on an empty box: show the answer")
            else:
                hint.update("Answer above · Space: show the answer without answering")
        else:
            self.set_focus(None)
            hint.update("Space or Enter: show the answer")
        self.query_one("#study-body", VerticalScroll).scroll_home(animate=False)
        self._shown_at = self.ctx.clock.monotonic()
        self.phase = "front"

    def on_answer_widget_answered(self, message: AnswerWidget.Answered) -> None:
        message.stop()
        if self.phase != "front" or self.question is None:
            return
        self.response = message.value
        self.verdict = grade(self.question, message.value)
        self._show_back()

    def _show_back(self) -> None:
        item = self.item
        assert item is not None
        card = item.card
        question = self.question
        verdict = self.verdict
        proposed: int | None = None
        if question is None:
            self.query_one(Feedback).show(
                None, item.answer_text(), explain=card.explain, source=card.source
            )
        else:
            for widget in self.query(AnswerWidget):
                widget.locked = True
                widget.show_result(question.correct)
            note = ""
            if verdict is None:
                note = "Not answered."
            elif question.kind == "typed":
                note = f"You answered: {self.response or '(nothing)'}."
                if verdict.correct and not verdict.exact:
                    note += " " + verdict.message
            correct = verdict.correct if verdict is not None else False
            self.query_one(Feedback).show(
                correct,
                question.answer_text,
                note=note,
                explain=card.explain,
                source=card.source,
            )
            proposed = GOOD if correct else AGAIN
        self.query_one(RatingBar).proposed = proposed
        hint = "Rate how well you knew it: 1-4"
        if proposed is not None:
            hint += f" (Enter: {'Good' if proposed == GOOD else 'Again'}, as proposed)"
        else:
            hint += " (Enter: Good)"
        self.query_one("#study-hint", Static).update(hint)
        self.set_focus(None)
        self.phase = "back"

    def on_study_screen_ended(self, message: Ended) -> None:
        self.phase = "done"
        if message.end.note:
            self.notify(message.end.note)
        self.post_message(ShowStudySummary(message.end, cram=self.cram))

    def on_study_screen_failed(self, message: Failed) -> None:
        if self.session is None or self.item is None:
            self.phase = "failed"
            self.query_one("#study-kind", Static).update(message.text)
            self.query_one("#study-prompt", Static).update("Press Escape to go back.")
        else:
            self.phase = "back" if self.query_one(Feedback).has_class("-shown") else "front"
        self.notify(message.text, severity="error")

    def watch_phase(self, phase: str) -> None:
        # The bar stays up while the rating is saved. (Not a class on the screen: restyling
        # every widget would cost more than the rest of the card change.)
        self.query_one(RatingBar).display = phase in ("back", "saving")
        if phase == "front":
            # Paint the new card first; the Footer (recomposed on every change) a frame later.
            self.call_after_refresh(self.refresh_bindings)
        elif phase != "saving":  # keys are refused while saving: no need to redraw the Footer
            self.refresh_bindings()

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.phase
        if action == "reveal":
            return phase == "front"
        if action in ("accept", "rate"):
            return phase == "back"
        if action == "undo":
            return phase in ("front", "back") and self._undoable > 0
        if action == "suspend":
            return phase in ("front", "back")
        if action == "hint":
            return phase == "front" and self.query_one(CardHint).available
        if action == "finish":
            return phase in ("front", "back", "failed", "loading")
        return True

    def action_reveal(self) -> None:
        if self.phase == "front":
            self._show_back()

    def action_accept(self) -> None:
        self.action_rate(self.query_one(RatingBar).proposed or GOOD)

    def on_rating_bar_rated(self, message: RatingBar.Rated) -> None:
        self.action_rate(message.rating)

    def action_rate(self, rating: int) -> None:
        if self.phase != "back" or self.session is None:
            return
        duration_ms = max(0, round((self.ctx.clock.monotonic() - self._shown_at) * 1000))
        answer: str | None = None
        correct: bool | None = None
        if self.question is not None and self.verdict is not None:
            answer = describe_response(self.question, self.response)
            correct = self.verdict.correct
        self.phase = "saving"
        self._undoable += 1
        self._rate(self.session, rating, duration_ms, answer, correct)

    def action_hint(self) -> None:
        self.query_one(CardHint).show_hint()
        self.refresh_bindings()

    def action_undo(self) -> None:
        if self.session is not None and self._undoable > 0:
            self.phase = "saving"
            self._undoable -= 1
            self._undo(self.session)

    def action_suspend(self) -> None:
        if self.session is not None and self.phase in ("front", "back"):
            self.phase = "saving"
            self._undoable += 1
            self._suspend(self.session)

    def action_finish(self) -> None:
        if self.session is None:
            self.dismiss()
        elif self.phase in ("front", "back"):
            self.phase = "saving"
            self._end(self.session)


def short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
