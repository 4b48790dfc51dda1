"""The study screen: today's flashcards, one at a time, rated 1-4 with FSRS intervals shown.

Plain cards show the front; Space or Enter reveals the back. Cards with an answer (typed,
cloze, choice, true/false, order, match) are answered first; the answer is graded and a
rating proposed (wrong: Again, right: Good) that Enter accepts.

The screen only displays and dispatches: the `StudySession` (core) decides which question a
card becomes, grades the response and proposes the rating; it is given practice's
`CardQuestioner` here, as srs cannot import practice. Every store call (opening, rating,
undo, suspend, ending) runs on the card panel's store thread, which posts a message back;
the next card shows only once the answer is committed. The screen's state is `phase` and
`view` (the card and, once turned over, its `Outcome`); `watch_view` renders it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from fsrs import Rating
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, Static

from quizapp.core.decks.model import Item
from quizapp.core.practice.card_questions import CardQuestioner, card_label
from quizapp.core.practice.grading import Verdict
from quizapp.core.practice.questions import Question
from quizapp.core.srs.study import Outcome, StudyCard, StudyEnd, StudySession, answer_ms
from quizapp.tui.context import AppContext
from quizapp.tui.loaders import find_decks, open_store, user_config
from quizapp.tui.messages import ShowStudySummary, WorkFailed
from quizapp.tui.widgets.answer_base import AnswerWidget
from quizapp.tui.widgets.card_hint import HINT_BINDING
from quizapp.tui.widgets.card_panel import CardPanel, PanelView
from quizapp.tui.widgets.feedback import FeedbackView
from quizapp.tui.widgets.keys_footer import KeysFooter
from quizapp.tui.widgets.rating_bar import RATING_NAMES, RatingBar

Phase = Literal["loading", "front", "back", "saving", "done", "failed"]
Session = StudySession[Question, Verdict]
Card = StudyCard[Question]


@dataclass(frozen=True, slots=True)
class StudyView:
    """What the screen shows: the card, and once it is turned over, how it went."""

    card: Card
    outcome: Outcome[Question, Verdict] | None = None

    @property
    def phase(self) -> Phase:
        return "front" if self.outcome is None else "back"


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

    phase: var[Phase] = var[Phase]("loading")
    view: var[StudyView | None] = var[StudyView | None](None, always_update=True)

    @dataclass
    class Started(Message):
        """The store and the session are open."""

        session: Session

    @dataclass
    class Shown(Message):
        """The last action is committed; show ``card`` next (and tell ``note``)."""

        card: Card
        note: str = ""  # told to the learner (suspended, undone, leech...)

    @dataclass
    class Ended(Message):
        """The session is over and ended in the store."""

        end: StudyEnd

    def __init__(
        self, ctx: AppContext, deck_ids: Sequence[str] | None = None, *, cram: bool = False
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.deck_ids = None if deck_ids is None else list(deck_ids)
        self.cram = cram
        self.session: Session | None = None
        self._shown_at = 0.0
        # Kept, not queried: the store jobs use it from their thread, which must not query
        # the DOM.
        self.panel = CardPanel("study", title="Study", loading="Opening your progress…")

    def compose(self) -> ComposeResult:
        yield Header()
        yield self.panel
        with Vertical(id="study-bottom"):
            yield Static("Space or Enter: show the answer", id="study-hint", markup=False)
            yield RatingBar(id="study-ratings")
        yield KeysFooter()

    @property
    def item(self) -> Item | None:
        """The item shown (None before the first card)."""
        return self.view.card.item if self.view is not None else None

    @property
    def question(self) -> Question | None:
        """The question of the card shown (None: a plain flashcard, or nothing shown)."""
        return self.view.card.question if self.view is not None else None

    def on_mount(self) -> None:
        self.panel.submit(self._open, failed="Progress cannot be opened")

    # --- store jobs (on the panel's store thread) ---------------------------------------

    def _open(self) -> None:
        decks, missing = find_decks(self.ctx, self.deck_ids)
        if missing:
            self.post_message(WorkFailed(f"No deck with id '{missing[0]}'."))
            return
        if not decks:
            self.post_message(WorkFailed("No decks found: put .yaml decks in the decks folder."))
            return
        config = user_config()
        store = open_store(self.ctx, config)
        self.panel.on_close(store.close)
        session: Session = StudySession(
            store, decks, self.ctx.clock, config, cram=self.cram, questioner=CardQuestioner()
        )
        self.panel.on_close(session.close)
        self.post_message(self.Started(session))
        self._next(session, "")

    def _next(self, session: Session, note: str) -> None:
        """Post the next card, or the end of the session."""
        card = session.next_card()
        if card is None:
            self.post_message(self.Ended(session.end(note)))
        else:
            self.post_message(self.Shown(card, note))

    def _rate(
        self,
        session: Session,
        outcome: Outcome[Question, Verdict],
        rating: int | None,
        duration_ms: int,
    ) -> None:
        result = session.rate(outcome, rating, duration_ms)
        note = ""
        if result.became_leech:
            note = (
                f"Leech: “{short(outcome.card.item.prompt())}” was forgotten too often and is"
                " now suspended (u undoes; U on the home screen brings it back)."
            )
        self._next(session, note)

    def _undo(self, session: Session) -> None:
        item = session.undo()
        self._next(session, "Undone: this card is back." if item else "Nothing to undo.")

    def _suspend(self, session: Session) -> None:
        item = session.suspend()
        self._next(session, f"Suspended “{short(item.prompt())}” (u undoes)." if item else "")

    def _end(self, session: Session) -> None:
        self.post_message(self.Ended(session.end()))

    # --- showing ------------------------------------------------------------------------

    def on_study_screen_started(self, message: Started) -> None:
        self.session = message.session

    async def on_study_screen_shown(self, message: Shown) -> None:
        if message.note:
            self.notify(message.note, markup=False)
        card = message.card
        await self.panel.ask(card.question, card.item.card.hint)
        self.view = StudyView(card)

    def watch_view(self, view: StudyView | None) -> None:
        if view is None:
            return
        card, outcome = view.card, view.outcome
        decks = self.session.decks if self.session is not None else [card.deck]
        done, total = card.progress
        names = card.deck.title if len(decks) == 1 else f"{len(decks)} decks"
        where = f" · {card.deck.title}" if len(decks) > 1 else ""
        feedback: FeedbackView | None = None
        right: tuple[int, ...] | None = None
        if outcome is not None:
            c = card.item.card
            feedback = FeedbackView(
                outcome.correct, card.answer_text, outcome.note, c.explain, c.source
            )
            right = card.question.correct if card.question is not None else None
        self.panel.show(
            PanelView(
                title=f"{'Cram' if self.cram else 'Study'}: {names}",
                kind=f"{card_label(card.item, card.question)}{where}",
                prompt=card.prompt,
                done=done,
                total=total,
                count=card.count,
                feedback=feedback,
                right=right,
            )
        )
        ratings = self.query_one(RatingBar)
        ratings.set_intervals(card.preview)
        ratings.proposed = None if outcome is None else outcome.proposed
        self.query_one("#study-hint", Static).update(self._hint_line(view))
        if outcome is None:
            self._shown_at = self.ctx.clock.monotonic()
        self.phase = view.phase

    @staticmethod
    def _hint_line(view: StudyView) -> str:
        question, outcome = view.card.question, view.outcome
        if outcome is None:
            if question is None:
                return "Space or Enter: show the answer"
            if question.kind == "typed":
                return "Answer above · Enter on an empty box: show the answer"
            return "Answer above · Space: show the answer without answering"
        hint = "Rate how well you knew it: 1-4"
        if outcome.proposed is not None:
            return hint + f" (Enter: {RATING_NAMES[outcome.proposed]}, as proposed)"
        return hint + f" (Enter: {RATING_NAMES[Rating.Good]})"

    def on_answer_widget_answered(self, message: AnswerWidget.Answered) -> None:
        message.stop()
        view, session = self.view, self.session
        if self.phase != "front" or view is None or session is None:
            return
        self.view = replace(view, outcome=session.respond(view.card, message.value))

    def on_study_screen_ended(self, message: Ended) -> None:
        self.phase = "done"
        if message.end.note:
            self.notify(message.end.note, markup=False)
        self.post_message(ShowStudySummary(message.end, cram=self.cram))

    def on_work_failed(self, message: WorkFailed) -> None:
        message.stop()
        if self.session is None or self.view is None:
            self.phase = "failed"
            self.panel.show_failure(message.text)
        else:
            self.phase = self.view.phase  # the card as it was: try again
        self.notify(message.text, severity="error", markup=False)

    def watch_phase(self, phase: Phase) -> None:
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
            return phase in ("front", "back") and self.view is not None and self.view.card.can_undo
        if action == "suspend":
            return phase in ("front", "back")
        if action == "hint":
            return phase == "front" and self.panel.hint.available
        if action == "finish":
            return phase in ("front", "back", "failed", "loading")
        return True

    def action_reveal(self) -> None:
        view, session = self.view, self.session
        if self.phase == "front" and view is not None and session is not None:
            self.view = replace(view, outcome=session.show_answer(view.card))

    def action_accept(self) -> None:
        self.action_rate(None)  # the proposed rating (Good on a plain card)

    def on_rating_bar_rated(self, message: RatingBar.Rated) -> None:
        self.action_rate(message.rating)

    def action_rate(self, rating: int | None) -> None:
        view, session = self.view, self.session
        if self.phase != "back" or view is None or view.outcome is None or session is None:
            return
        duration_ms = answer_ms(self._shown_at, self.ctx.clock.monotonic())
        outcome = view.outcome
        self.phase = "saving"
        self.panel.submit(
            lambda: self._rate(session, outcome, rating, duration_ms),
            failed="The answer was not saved",
        )

    def action_hint(self) -> None:
        self.panel.hint.show_hint()
        self.refresh_bindings()

    def action_undo(self) -> None:
        session = self.session
        if session is not None and self.check_action("undo", ()):
            self.phase = "saving"
            self.panel.submit(lambda: self._undo(session), failed="Cannot undo")

    def action_suspend(self) -> None:
        session = self.session
        if session is not None and self.phase in ("front", "back"):
            self.phase = "saving"
            self.panel.submit(lambda: self._suspend(session), failed="Not suspended")

    def action_finish(self) -> None:
        session = self.session
        if session is None:
            self.dismiss()
        elif self.phase in ("front", "back"):
            self.phase = "saving"
            self.panel.submit(lambda: self._end(session), failed="The session was not ended")


def short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
