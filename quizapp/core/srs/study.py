"""A study session: the object the TUI and `quizapp study --plain` drive.

It takes today's queue and shows one item at a time: learning items when they fall due,
then reviews, then new items; an item answered Again (or still in its learning steps) comes
back later in the session when it is due again this study day, or up to `LEARN_AHEAD` early
when nothing else is left. Every answer is saved before `answer()` (or `rate()`) returns.

Cram mode shows every unsuspended item of the decks once, without rescheduling anything
(answers are logged with mode "cram"); Again puts the item back a few cards later.

The session decides everything a study screen shows, so the TUI and line mode agree:
`next_card()` is the card to show (with the question it becomes, made with the seed
``f"{deck_id}/{item_id}"`` so it is the same shuffle every time); `respond()` grades the
learner's response and `show_answer()` turns the card over unanswered, both returning an
`Outcome` (the verdict, a note, the proposed `fsrs.Rating`); `rate()` saves the rating;
`can_undo` says whether `undo()` has anything to take back; `end()` is the `StudyEnd` that
`summary_lines()` puts into words.

The progress counter (`progress`, shown as "done/total") counts study cards, not answers:
total is the number of cards the session started with (it never grows), done the cards
finished for today (answered and not coming back this study day, or suspended). An Again
answer (or a card still in its learning steps) does not advance it: the card comes back, and
`coming_back` says how many will. So the counter only moves forward and reaches its total
when the last card is finished; undo takes it back a step.

The summary's time is the wall time of the session on the monotonic clock, from its start to
its end, not the sum of the answers' durations (reading the answer and rating count too).
Idle time counts up to `IDLE_LIMIT` per pause: a longer pause between two steps (showing,
answering, undoing, ending) counts as `IDLE_LIMIT`, and the summary says how many were cut.
"Next card due" is "now" while cards are left to study today (new cards within the daily
limit included, as the home screen counts them); otherwise it is the earliest of the next
due card and, when new cards wait beyond today's limit, the start of the next study day.

Wiring: spaced repetition knows nothing of practice (an import contract), so questions come
through the small `Questioner` protocol defined here. `quizapp.core.practice.card_questions.
CardQuestioner` satisfies it structurally (it imports nothing from srs), and the callers (the
TUI study screen's store job, `quizapp study --plain`) pass one in::

    session = StudySession(store, decks, clock, config, questioner=CardQuestioner())

Without a questioner every card is a plain flashcard (front, then back, then a self-rating).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Generic, Protocol, TypeVar

from fsrs import Rating, State

from quizapp.core.clock import Clock
from quizapp.core.config import Config
from quizapp.core.decks.model import Deck, Item
from quizapp.core.srs.answering import Answering, AnswerResult
from quizapp.core.srs.scheduler import day_bounds, format_interval, preview_intervals, to_rating
from quizapp.core.srs.study_queue import Queue, build_queue, counts_for_decks
from quizapp.core.text import format_duration

LEARN_AHEAD = timedelta(minutes=20)  # as Anki: show a learning item early when nothing is left
IDLE_LIMIT = 300.0  # seconds: a longer pause counts as this much time spent
CRAM_AGAIN_GAP = 3  # cram: an item answered Again comes back after this many others


# --- what srs needs of questions (practice provides them; see the module docstring) -----


class AskedQuestion(Protocol):
    """What the session reads of a question (`practice.questions.Question` fits)."""

    @property
    def kind(self) -> str: ...  # "typed" for typed answers (the note says what was typed)

    @property
    def prompt(self) -> str: ...

    @property
    def answer_text(self) -> str: ...


class GradedAnswer(Protocol):
    """What the session reads of a verdict (`practice.grading.Verdict` fits)."""

    @property
    def correct(self) -> bool: ...

    @property
    def detail(self) -> str: ...  # what to say beyond right/wrong ("" when nothing)

    @property
    def message(self) -> str: ...  # one line for the learner ("Right, with a typo: ...")


Q = TypeVar("Q", bound=AskedQuestion)
V = TypeVar("V", bound=GradedAnswer)
V_co = TypeVar("V_co", bound=GradedAnswer, covariant=True)


class Questioner(Protocol[Q, V_co]):
    """Turns study cards into questions and grades responses (`CardQuestioner` fits)."""

    def question(self, item: Item, deck: Deck, seed: str) -> Q | None:
        """The question `item` becomes (None: a plain flashcard); the same for one seed."""
        ...

    def grade(self, question: Q, response: object) -> V_co:
        """Grade a response (never raises for a response of the wrong shape)."""
        ...

    def describe(self, question: Q, response: object) -> str:
        """The response as text, for the review log and the learner."""
        ...


def question_seed(item: Item) -> str:
    """The seed of the question an item becomes: the same shuffle every time it is shown."""
    return f"{item.deck_id}/{item.id}"


def answer_ms(shown_at: float, now: float) -> int:
    """How long an answer took, for the review log: milliseconds between two monotonic clock
    readings (when the card was shown, when it was rated), never negative."""
    return max(0, round((now - shown_at) * 1000))


def proposed_rating(correct: bool | None) -> Rating | None:
    """The rating proposed after a graded answer: right Good, wrong Again; None ungraded."""
    if correct is None:
        return None
    return Rating.Good if correct else Rating.Again


@dataclass(frozen=True, slots=True)
class StudyCard(Generic[Q]):
    """The card to show now: the item, the question it becomes, and what the screen shows."""

    item: Item
    deck: Deck
    question: Q | None  # None: a plain flashcard (the front, then the back)
    preview: dict[int, str] = field(default_factory=dict)  # rating -> interval ({} in cram)
    progress: tuple[int, int] = (0, 0)  # as `StudySession.progress`
    can_undo: bool = False
    coming_back: int = 0  # as `StudySession.coming_back`

    @property
    def count(self) -> str:
        """The progress as the screen and line mode show it: "3/20", "3/20 · 2 coming back"."""
        done, total = self.progress
        later = f" · {self.coming_back} coming back" if self.coming_back else ""
        return f"{done}/{total}{later}"

    @property
    def prompt(self) -> str:
        return self.question.prompt if self.question is not None else self.item.prompt()

    @property
    def answer_text(self) -> str:
        if self.question is not None:
            return self.question.answer_text
        return self.item.answer_text()


@dataclass(frozen=True, slots=True)
class Outcome(Generic[Q, V]):
    """The back of a card: what was answered, how it was graded, the proposed rating."""

    card: StudyCard[Q]
    verdict: V | None  # None: not graded (a plain card, or turned over without answering)
    given: str | None = None  # the response as text (logged); None when not answered
    response: object = None  # the response itself, as the questioner graded it

    @property
    def graded(self) -> bool:
        """The card asked a question (whether or not it was answered)."""
        return self.card.question is not None

    @property
    def correct(self) -> bool | None:
        """Right or wrong (unanswered: wrong); None for a plain card, which is not graded."""
        if not self.graded:
            return None
        return self.verdict is not None and self.verdict.correct

    @property
    def proposed(self) -> Rating | None:
        """The rating the session proposes (None on a plain card: the learner rates)."""
        return proposed_rating(self.correct)

    @property
    def default_rating(self) -> Rating:
        """What Enter rates: the proposal, or Good on a plain card."""
        proposed = self.proposed
        return proposed if proposed is not None else Rating.Good

    @property
    def note(self) -> str:
        """One line about the answer: what was typed, a typo let through, not answered."""
        question = self.card.question
        if question is None:
            return ""
        if self.verdict is None:
            return "Not answered."
        if question.kind != "typed":
            return ""
        note = f"You answered: {self.given or '(nothing)'}."
        if self.verdict.detail:
            note += " " + self.verdict.detail
        return note


@dataclass(frozen=True, slots=True)
class Summary:
    cards: int  # answers given
    again: int  # of which Again
    time_ms: int  # wall time of the session (pauses over IDLE_LIMIT count as IDLE_LIMIT)
    next_due: datetime | None  # the next time something in these decks is due (UTC)
    leeches: tuple[Item, ...] = ()  # items that became leeches (and were suspended)
    waiting: int = 0  # cards that can still be studied today, now (then next_due is now)
    new_left: int = 0  # of which new cards (within today's new limit)
    pauses: int = 0  # pauses longer than IDLE_LIMIT, each counted as IDLE_LIMIT
    next_is_new_day: bool = False  # next_due is the next study day, bringing new cards


@dataclass(frozen=True, slots=True)
class StudyEnd:
    summary: Summary
    learning_later: int
    tz: tzinfo
    started_empty: bool
    note: str = ""  # told to the learner (the last card became a leech...)


@dataclass(slots=True)
class _Snapshot:
    learning: list[tuple[datetime, Item]]
    review: list[Item]
    new: list[Item]
    answered: int
    ratings: Counter[int]
    seen: set[tuple[str, str]]
    leeches: list[Item]


@dataclass(slots=True)
class _Step:
    kind: str  # "answer" | "suspend"
    item: Item
    before: _Snapshot


class StudySession(Generic[Q, V]):
    """Study today's queue of `decks` (or cram them). Call `close()` (or `end()`) when finished.

    Not thread-safe: one thread at a time drives it (the TUI's store thread). `respond` and
    `show_answer` only read the card they are given, so a screen may call them meanwhile.
    """

    def __init__(
        self,
        store: Answering,
        decks: list[Deck],
        clock: Clock,
        config: Config,
        cram: bool = False,
        *,
        questioner: Questioner[Q, V] | None = None,
    ) -> None:
        self.store = store
        self.decks = list(decks)
        self.clock = clock
        self.config = config
        self.cram = cram
        self.mode = "cram" if cram else "study"
        self.questioner = questioner
        now = clock.now()
        self._day_end = day_bounds(now, config)[1]
        if cram:
            queue = Queue()
            for deck in self.decks:
                suspended = store.suspended_ids(deck.id)
                queue.new += [it for it in deck.items() if it.id not in suspended]
        else:
            queue = build_queue(store.store, self.decks, now, config)
        self._learning = [(e.state.due or now, e.item) for e in queue.learning]
        self._review = [e.item for e in queue.review]
        self._new = list(queue.new)
        self._total = len(self._learning) + len(self._review) + len(self._new)
        self._answered = 0
        self._ratings: Counter[int] = Counter()
        self._seen: set[tuple[str, str]] = set()  # items answered in this session
        self._leeches: list[Item] = []
        self._started_at = clock.monotonic()
        self._last_step = self._started_at
        self._active = 0.0  # seconds spent up to the last step, pauses cut to IDLE_LIMIT
        self._pauses = 0
        self._history: list[_Step] = []
        self._current: Item | None = None
        self._decks_by_id = {d.id: d for d in self.decks}
        self.session_id = store.start_session(self.mode, [d.id for d in self.decks])
        self._closed = False
        self.started_empty = self.current is None  # nothing was due when the session began

    # --- what to show -------------------------------------------------------------------

    @property
    def current(self) -> Item | None:
        """The item to show now, or None when nothing is left (for now)."""
        if self._current is None:
            self._current = self._pick()
        return self._current

    @property
    def remaining(self) -> int:
        return len(self._learning) + len(self._review) + len(self._new)

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def progress(self) -> tuple[int, int]:
        """(cards finished for today, cards the session started with): see the module's
        docstring. The total never grows; done never goes back but on undo."""
        return self._total - self.remaining, self._total

    @property
    def coming_back(self) -> int:
        """Cards answered in this session that come back in it (Again, learning steps)."""
        return sum(1 for _, it in self._learning if it.key in self._seen) + sum(
            1
            for it in self._new
            if it.key in self._seen  # cram: Again puts it back
        )

    @property
    def learning_later(self) -> int:
        """Learning items due later today that this session will not wait for."""
        return len(self._learning) if self.current is None else 0

    @property
    def can_undo(self) -> bool:
        """Whether `undo()` has an answer or a suspension of this session to take back."""
        return bool(self._history)

    def preview(self) -> dict[int, str]:
        """The interval each rating would give the current item: {1: '<1m', 3: '<10m', ...}.

        Empty in cram mode (nothing is rescheduled) or when nothing is shown.
        """
        item = self.current
        if item is None or self.cram:
            return {}
        intervals = preview_intervals(
            self.store.state(item), self.clock.now(), self.store.scheduler
        )
        return {int(r): format_interval(td) for r, td in intervals.items()}

    def question_for(self, item: Item) -> Q | None:
        """The question `item` becomes (None: a plain flashcard, or no questioner)."""
        if self.questioner is None:
            return None
        deck = self._decks_by_id[item.deck_id]
        return self.questioner.question(item, deck, question_seed(item))

    def next_card(self) -> StudyCard[Q] | None:
        """The card to show now (None: nothing left for now), with its question and intervals."""
        item = self.current
        if item is None:
            return None
        return StudyCard(
            item,
            self._decks_by_id[item.deck_id],
            self.question_for(item),
            self.preview(),
            self.progress,
            self.can_undo,
            self.coming_back,
        )

    # --- the back of a card (pure: they only read the card) -----------------------------

    def respond(self, card: StudyCard[Q], response: object) -> Outcome[Q, V]:
        """Grade the learner's response to `card`'s question."""
        question = card.question
        if question is None or self.questioner is None:
            return self.show_answer(card)
        verdict = self.questioner.grade(question, response)
        given = self.questioner.describe(question, response)
        return Outcome(card, verdict, given, response)

    def show_answer(self, card: StudyCard[Q]) -> Outcome[Q, V]:
        """Turn `card` over without answering (a plain card always is)."""
        return Outcome(card, None)

    # --- acting -------------------------------------------------------------------------

    def rate(
        self, outcome: Outcome[Q, V], rating: Rating | int | str | None, duration_ms: int
    ) -> AnswerResult:
        """Save the rating of the card `outcome` is about (None: its default rating), with
        what was answered and whether it was right. Saved before this returns."""
        item = self.current
        if item is None or item.key != outcome.card.item.key:
            raise RuntimeError("this card is not the one being studied")
        chosen = outcome.default_rating if rating is None else to_rating(rating)
        correct = outcome.verdict.correct if outcome.verdict is not None else None
        return self.answer(chosen, duration_ms, answer=outcome.given, correct=correct)

    def answer(
        self,
        rating: Rating | int | str,
        duration_ms: int,
        answer: str | None = None,
        correct: bool | None = None,
    ) -> AnswerResult:
        """Rate the current item; saved before this returns."""
        item = self.current
        if item is None:
            raise RuntimeError("nothing to answer: the session is done")
        rating = to_rating(rating)
        before = self._snapshot()
        self._step()
        result = self.store.record_answer(
            item,
            rating,
            mode=self.mode,
            duration_ms=duration_ms,
            answer=answer,
            correct=correct,
            session_id=self.session_id,
        )
        self._history.append(_Step("answer", item, before))
        self._remove(item)
        self._answered += 1
        self._ratings[int(rating)] += 1
        self._seen.add(item.key)
        if result.became_leech:
            self._leeches.append(item)
        if self.cram:
            if rating == Rating.Again:
                self._new.insert(min(CRAM_AGAIN_GAP, len(self._new)), item)
        else:
            s = result.state
            if (
                s.state in (State.Learning, State.Relearning)
                and not s.suspended
                and s.due is not None
                and s.due < self._day_end
            ):
                self._learning.append((s.due, item))
                self._learning.sort(key=lambda pair: pair[0])
        self._current = None
        return result

    def undo(self) -> Item | None:
        """Take back the last answer or suspension of this session; returns the item shown
        again, or None when there is nothing to undo."""
        if not self._history:
            return None
        step = self._history[-1]
        self._step()
        if step.kind == "answer":
            self.store.undo_last(session_id=self.session_id)
        else:
            self.store.unsuspend(step.item)
        self._history.pop()  # only once the store has taken it back (it may raise)
        self._restore(step.before)
        self._current = step.item
        return step.item

    def suspend(self) -> Item | None:
        """Suspend the current item (it leaves the session); returns it."""
        item = self.current
        if item is None:
            return None
        before = self._snapshot()
        self._step()
        self.store.suspend(item)
        self._history.append(_Step("suspend", item, before))
        self._remove(item)
        self._current = None
        return item

    def time_spent(self) -> tuple[float, int]:
        """(seconds spent so far, pauses cut to IDLE_LIMIT): see the module's docstring."""
        pause = self.clock.monotonic() - self._last_step
        return self._active + min(max(0.0, pause), IDLE_LIMIT), self._pauses + (pause > IDLE_LIMIT)

    def summary(self) -> Summary:
        now = self.clock.now()
        seconds, pauses = self.time_spent()
        waiting = new_left = 0
        next_due: datetime | None = None
        new_day = False
        if self.decks:
            store = self.store.store
            for counts in counts_for_decks(store, self.decks, now, self.config).values():
                waiting += counts.due_now + counts.new
                new_left += counts.new
            next_due = self.store.next_due([d.id for d in self.decks], now)
            if waiting:
                next_due = now
            elif any(store.new_ids(d.id, 1) for d in self.decks):
                new_day = next_due is None or self._day_end < next_due
                next_due = self._day_end if new_day else next_due
        return Summary(
            cards=self._answered,
            again=self._ratings[int(Rating.Again)],
            time_ms=round(seconds * 1000),
            next_due=next_due,
            leeches=tuple(self._leeches),
            waiting=waiting,
            new_left=new_left,
            pauses=pauses,
            next_is_new_day=new_day,
        )

    def end(self, note: str = "") -> StudyEnd:
        """End the session (saved in the store) and say how it went (`summary_lines`)."""
        summary = self.summary()
        learning_later = self.learning_later
        self.close()
        return StudyEnd(summary, learning_later, self.config.tz(), self.started_empty, note)

    def close(self) -> None:
        """Mark the session ended in the store (the answers are already saved)."""
        if not self._closed:
            self.store.end_session(self.session_id)  # may raise: then closing again retries
            self._closed = True

    # --- internals ----------------------------------------------------------------------

    def _step(self) -> None:
        """The learner did something: the time since the last step counts (a pause up to
        IDLE_LIMIT)."""
        now = self.clock.monotonic()
        pause = max(0.0, now - self._last_step)
        self._active += min(pause, IDLE_LIMIT)
        self._pauses += pause > IDLE_LIMIT
        self._last_step = now

    def _pick(self) -> Item | None:
        now = self.clock.now()
        if self._learning and self._learning[0][0] <= now:
            return self._learning[0][1]
        if self._review:
            return self._review[0]
        if self._new:
            return self._new[0]
        if self._learning and self._learning[0][0] <= now + LEARN_AHEAD:
            return self._learning[0][1]
        return None

    def _remove(self, item: Item) -> None:
        self._learning = [(d, it) for d, it in self._learning if it.key != item.key]
        self._review = [it for it in self._review if it.key != item.key]
        if self._new and self._new[0].key == item.key:
            self._new.pop(0)
        else:
            self._new = [it for it in self._new if it.key != item.key]

    def _snapshot(self) -> _Snapshot:
        return _Snapshot(
            list(self._learning),
            list(self._review),
            list(self._new),
            self._answered,
            Counter(self._ratings),
            set(self._seen),
            list(self._leeches),
        )

    def _restore(self, snap: _Snapshot) -> None:
        self._learning = snap.learning
        self._review = snap.review
        self._new = snap.new
        self._answered = snap.answered
        self._ratings = snap.ratings
        self._seen = snap.seen
        self._leeches = snap.leeches


def summary_lines(end: StudyEnd, now: datetime, *, cram: bool = False) -> list[str]:
    """What the end of a study session says (the summary screen and line mode)."""
    s = end.summary
    lines: list[str] = []
    if end.started_empty and s.cards == 0:
        lines.append("Nothing is due right now: well done.")
    else:
        lines.append(f"Cards studied: {s.cards}")
        lines.append(f"Again: {s.again}")
        spent = f"Time spent: {format_duration(s.time_ms / 1000)}"
        if s.pauses:
            cut = format_duration(IDLE_LIMIT)
            pauses = "a pause" if s.pauses == 1 else f"{s.pauses} pauses"
            spent += f" ({pauses} longer than {cut} counted as {cut})"
        lines.append(spent)
    if end.learning_later:
        lines.append(f"Learning cards due again later today: {end.learning_later}")
    for item in s.leeches:
        lines.append(f"Suspended as a leech: {item.prompt()}")
    if cram:
        lines.append("Cram session: nothing was rescheduled.")
    if s.waiting:
        left = []
        if s.new_left:
            left.append(f"{s.new_left} new card{'s' if s.new_left > 1 else ''}")
        if s.waiting > s.new_left:
            n = s.waiting - s.new_left
            left.append(f"{n} due card{'s' if n > 1 else ''}")
        lines.append(f"Still to study today: {' and '.join(left)}. The next card is due now.")
    elif s.next_due is not None:
        local = s.next_due.astimezone(end.tz)
        wait = format_interval(s.next_due - now).lstrip("<")
        why = ", when the next study day brings new cards" if s.next_is_new_day else ""
        lines.append(f"Next card due in {wait} ({local:%a %d %b %H:%M}){why}.")
    else:
        lines.append("No card is scheduled yet.")
    return lines
