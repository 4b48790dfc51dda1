"""Study sessions and today's queue over simulated days (fake clock, fixed time zone)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from fsrs import Rating, State

from quizapp.core.clock import FakeClock
from quizapp.core.config import Config
from quizapp.core.decks.loader import load_deck_text
from quizapp.core.decks.model import Card, Deck, Item
from quizapp.core.practice.card_questions import CardQuestioner
from quizapp.core.practice.grading import Verdict
from quizapp.core.practice.questions import Question
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.store import Store
from quizapp.core.srs.study import StudySession, question_seed, summary_lines
from quizapp.core.srs.study_queue import build_queue, deck_counts

CFG = Config(timezone="Asia/Almaty", new_per_day=5)  # UTC+5, no DST: 04:00 local = 23:00 UTC
MORNING = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 09:00 local


def deck(deck_id: str = "d", n: int = 12, reverse: bool = False) -> Deck:
    return Deck(
        deck_id,
        deck_id,
        "",
        [Card(f"c{i}", "basic", front=f"q{i}", back=f"a{i}", reverse=reverse) for i in range(n)],
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MORNING)


@pytest.fixture
def answering(clock: FakeClock) -> Answering:
    with Answering.open("default", clock, config=CFG) as s:
        yield s


@pytest.fixture
def store(answering: Answering) -> Store:
    return answering.store


def study_all(session: StudySession, clock: FakeClock, rate) -> list[str]:
    """Answer until done, waiting for learning cards as a patient user would."""
    shown = []
    for _ in range(500):
        item = session.current
        if item is None:
            if not session._learning:
                break
            clock.set(max(clock.now(), session._learning[0][0]))
            continue
        shown.append(item.id)
        session.answer(rate(item), 4000)
        clock.advance(5)
    session.close()
    return shown


def test_thirty_simulated_days(answering: Answering, store: Store, clock: FakeClock) -> None:
    d = deck(n=12)
    lapse_item = "c0"
    intervals: dict[str, list[float]] = {}
    lapsed_once = []
    for day in range(30):
        clock.set(MORNING + timedelta(days=day))
        session = StudySession(answering, [d], clock, CFG)
        seen_before = {i: store.state(it) for i, it in ((it.id, it) for it in d.items())}

        def rate(item, day=day):
            s = store.state(item)
            if item.id == lapse_item and day >= 3 and s.state == State.Review and not lapsed_once:
                lapsed_once.append(day)
                return Rating.Again
            return Rating.Good

        shown = study_all(session, clock, rate)
        assert len(set(shown) - {i for i, s in seen_before.items() if not s.is_new}) <= 5
        for it in d.items():
            s = store.state(it)
            if s.state == State.Review and s.due and s.last_review:
                ivl = (s.due - s.last_review).total_seconds() / 86400
                if not intervals.get(it.id) or intervals[it.id][-1] != ivl:
                    intervals.setdefault(it.id, []).append(ivl)
    # every card was started, 5 a day
    assert all(not store.state(it).is_new for it in d.items())
    # cards only ever answered Good get longer and longer intervals
    for item_id, ivls in intervals.items():
        if item_id != lapse_item:
            assert ivls == sorted(ivls) and ivls[-1] > ivls[0], (item_id, ivls)
    # the lapsed card's interval shrank after Again
    lapsed = intervals[lapse_item]
    drop = [b < a for a, b in pairwise(lapsed)]
    assert lapsed_once and any(drop), lapsed
    assert store.state(d.items()[0]).lapses == 1
    # counts match the log
    log = list(store.log())
    reps = store.conn.execute("SELECT sum(reps) FROM card_state WHERE deck_id = 'd'").fetchone()
    assert reps[0] == len(log)
    kinds = Counter(e.prior_kind for e in log)
    assert kinds["new"] == 12 and kinds["review"] > 12


def test_a_review_at_0330_counts_for_the_previous_day(
    answering: Answering, store: Store, clock: FakeClock
) -> None:
    d = deck(n=12)
    clock.set(datetime(2026, 3, 2, 22, 30, tzinfo=UTC))  # 03:30 local on the 3rd
    session = StudySession(answering, [d], clock, CFG)
    for _ in range(5):
        session.answer(Rating.Easy, 1000)
    assert session.current is None  # the new limit of the (previous) day is used up
    clock.set(datetime(2026, 3, 2, 23, 0, tzinfo=UTC))  # 04:00 local: a new study day
    assert deck_counts(store, d, clock.now(), CFG).new == 5
    stats_day = [e.reviewed_at for e in store.log()]
    assert all(t < datetime(2026, 3, 2, 23, 0, tzinfo=UTC) for t in stats_day)


def test_queue_order_learning_then_reviews_then_new(
    answering: Answering, store: Store, clock: FakeClock
) -> None:
    d = deck(n=8)
    items = d.items()
    for it in items[:3]:  # three cards to review (Easy: straight to review state)
        answering.record_answer(it, Rating.Easy, mode="study", duration_ms=1)
    answering.record_answer(items[3], Rating.Again, mode="study", duration_ms=1)  # learning
    clock.advance(timedelta(days=30))
    q = build_queue(store, [d], clock.now(), CFG)
    assert [e.item.id for e in q.learning] == ["c3"]
    assert {e.item.id for e in q.review} == {"c0", "c1", "c2"}
    retr = [e.sort_key for e in q.review]
    assert retr == sorted(retr)  # lowest retrievability first
    assert [it.id for it in q.new] == ["c4", "c5", "c6", "c7"]
    session = StudySession(answering, [d], clock, CFG)
    order = [session.current.id]
    while session.current is not None:
        session.answer(Rating.Good, 1)
        if session.current:
            order.append(session.current.id)
    assert order[0] == "c3" and set(order[1:4]) == {"c0", "c1", "c2"}
    assert order[4:8] == ["c4", "c5", "c6", "c7"]  # then learning steps come back


def test_limits_count_per_study_day(answering: Answering, store: Store, clock: FakeClock) -> None:
    d = deck(n=20)
    cfg = Config(timezone="Asia/Almaty", new_per_day=3, reviews_per_day=2)
    s1 = StudySession(answering, [d], clock, cfg)
    assert s1.progress == (0, 3)
    s1.answer(Rating.Easy, 1)
    s2 = StudySession(answering, [d], clock, cfg)  # a second session the same day
    assert s2.remaining == 2
    for _ in range(2):
        s2.answer(Rating.Easy, 1)
    assert deck_counts(store, d, clock.now(), cfg).new == 0
    clock.advance(timedelta(days=1))
    c = deck_counts(store, d, clock.now(), cfg)
    assert c.new == 3
    clock.advance(timedelta(days=60))
    c = deck_counts(store, d, clock.now(), cfg)
    assert (c.due_now, c.due_today, c.learning, c.total) == (2, 2, 0, 20)  # review limit


def test_siblings_are_not_shown_the_same_day(
    answering: Answering, store: Store, clock: FakeClock
) -> None:
    d = deck(n=3, reverse=True)  # 6 items, 3 sibling pairs
    cfg = Config(timezone="Asia/Almaty", new_per_day=10)
    session = StudySession(answering, [d], clock, cfg)
    shown = study_all(session, clock, lambda item: Rating.Good)
    assert sorted(set(shown)) == ["c0", "c1", "c2"]
    clock.set(MORNING + timedelta(days=1))
    q = build_queue(store, [d], clock.now(), cfg)
    assert [it.id for it in q.new] == ["c0/reverse", "c1/reverse", "c2/reverse"]


def test_all_decks_interleave(answering: Answering, store: Store, clock: FakeClock) -> None:
    d1, d2 = deck("one", n=3), deck("two", n=3)
    session = StudySession(answering, [d1, d2], clock, CFG)
    keys = []
    while session.current is not None and len(keys) < 4:
        keys.append(session.current.deck_id)
        session.answer(Rating.Easy, 1)
    assert keys == ["one", "two", "one", "two"]


def test_undo_and_suspend_in_a_session(
    answering: Answering, store: Store, clock: FakeClock
) -> None:
    d = deck(n=3)
    session = StudySession(answering, [d], clock, CFG)
    first = session.current
    session.answer(Rating.Again, 1000)
    # issue 10: the counter counts cards finished, not answers: the Again card comes back, so
    # nothing is finished yet and the total stays (it was (1, 4))
    assert session.progress == (0, 3) and session.coming_back == 1
    assert session.undo() == first
    assert session.current == first and session.progress == (0, 3)
    assert store.state(first).is_new and not list(store.log())
    suspended = session.suspend()
    assert suspended == first and store.state(first).suspended
    assert session.current != first
    assert session.undo() == first and not store.state(first).suspended
    assert session.undo() is None


def test_preview_labels(answering: Answering, store: Store, clock: FakeClock) -> None:
    session = StudySession(answering, [deck(n=1)], clock, CFG)
    labels = session.preview()
    assert labels[1] == "<1m" and labels[3] == "<10m"


def test_cram_reschedules_nothing(answering: Answering, store: Store, clock: FakeClock) -> None:
    d = deck(n=4)
    answering.suspend(d.items()[3])  # suspended cards are not crammed either
    session = StudySession(answering, [d], clock, CFG, cram=True)
    assert session.preview() == {}
    shown = []
    while session.current is not None:
        shown.append(session.current.id)
        session.answer(Rating.Again if len(shown) == 1 else Rating.Good, 1)
    assert shown == ["c0", "c1", "c2", "c0"]
    assert all(store.state(it).is_new for it in d.items()[:3])
    assert {e.mode for e in store.log()} == {"cram"}


def test_summary_and_leech_notice(answering: Answering, store: Store, clock: FakeClock) -> None:
    d = deck(n=1)
    item = d.items()[0]
    for _ in range(60):  # make it lapse 7 times outside the session
        s = store.state(item)
        if s.lapses == 7 and s.state == State.Review:
            break
        clock.set(max(clock.now(), s.due or clock.now()))
        rating = Rating.Again if s.state == State.Review else Rating.Good
        answering.record_answer(item, rating, mode="study", duration_ms=1)
    clock.set(store.state(item).due)
    session = StudySession(answering, [d], clock, CFG)
    assert session.current == item
    clock.advance(2.5)  # the summary's time is the session's wall time (issue 10)
    result = session.answer(Rating.Again, 2500)
    assert result.became_leech and store.state(item).suspended
    assert session.current is None  # a suspended leech does not come back
    summary = session.summary()
    assert (summary.cards, summary.again, summary.time_ms) == (1, 1, 2500)
    assert summary.leeches == (item,)


def test_deck_edits_keep_progress_and_add_new_cards(
    answering: Answering, store: Store, clock: FakeClock
) -> None:
    cfg = Config(timezone="Asia/Almaty", new_per_day=10)
    old = deck(n=3)
    for item in old.items():
        answering.record_answer(item, Rating.Again, mode="study", duration_ms=1)
    clock.advance(timedelta(minutes=5))
    edited = Deck(
        "d",
        "d",
        "",
        [
            Card("c0", "basic", front="q0, reworded", back="a0"),  # text changed, same id
            Card("c2", "basic", front="q2", back="a2"),
            Card("c9", "basic", front="q9", back="a9"),  # new; c1 was removed
        ],
    )
    q = build_queue(store, [edited], clock.now(), cfg)
    assert [e.item.id for e in q.learning] == ["c0", "c2"]
    assert q.learning[0].item.prompt() == "q0, reworded" and q.learning[0].state.reps == 1
    assert [it.id for it in q.new] == ["c9"]
    assert store.state_of("d", "c1").reps == 1  # kept, only left out of the queue
    back = build_queue(store, [old], clock.now(), cfg)  # the card comes back: so does its state
    assert [e.item.id for e in back.learning] == ["c0", "c1", "c2"]


# --- what the session decides for the screens: questions, grading, proposals, the end ----

ANSWERED = load_deck_text(
    """
id: q
title: Questions
description: One plain card, one typed, one choice.
cards:
  - id: plain
    front: Capital of Armenia?
    back: Yerevan
  - id: typed
    type: typed
    question: Who led Kyrgyzstan in 2022?
    answer: Sadyr Japarov
  - id: pick
    type: choice
    question: Which is a member?
    choices: [Belarus, Georgia]
    answer: Belarus
"""
)


class CountingQuestioner(CardQuestioner):
    """The practice questioner, counting how often the session asks it for a question."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def question(self, item: Item, deck: Deck, seed: str) -> Question | None:
        self.asked.append(seed)
        return super().question(item, deck, seed)


def questioned(answering: Answering, clock: FakeClock) -> StudySession[Question, Verdict]:
    return StudySession(answering, [ANSWERED], clock, CFG, questioner=CardQuestioner())


def test_a_card_becomes_its_seeded_question(answering: Answering, clock: FakeClock) -> None:
    questioner = CountingQuestioner()
    session = StudySession(answering, [ANSWERED], clock, CFG, questioner=questioner)
    card = session.next_card()
    assert card is not None and card.item.id == "plain" and card.question is None
    assert card.prompt == "Capital of Armenia?" and card.answer_text == "Yerevan"
    assert card.progress == (0, 3) and set(card.preview) == {1, 2, 3, 4} and not card.can_undo
    session.rate(session.show_answer(card), None, 1000)
    card = session.next_card()
    assert card is not None and card.can_undo and card.question is not None
    assert questioner.asked == ["q/plain", "q/typed"]  # the seed is deck/item: a fixed shuffle
    item = card.item
    again = CardQuestioner().question(item, ANSWERED, question_seed(item))
    assert card.question == again and card.question.kind == "typed"


def test_grading_and_the_proposed_rating(
    answering: Answering, store: Store, clock: FakeClock
) -> None:
    session = questioned(answering, clock)
    plain = session.next_card()
    assert plain is not None
    shown = session.show_answer(plain)
    assert (shown.correct, shown.proposed, shown.default_rating, shown.note) == (
        None,
        None,
        Rating.Good,
        "",
    )
    session.rate(shown, None, 1000)  # Enter on a plain card: Good
    typed = session.next_card()
    assert typed is not None and typed.question is not None
    typo = session.respond(typed, "sadyr japarow")
    assert typo.correct and typo.proposed == Rating.Good
    assert typo.note == (
        "You answered: sadyr japarow. Right, with a typo: the spelling is Sadyr Japarov."
    )
    wrong = session.respond(typed, "Tbilisi")
    assert not wrong.correct and wrong.proposed == Rating.Again == wrong.default_rating
    assert wrong.note == "You answered: Tbilisi."
    unanswered = session.show_answer(typed)
    assert unanswered.correct is False and unanswered.proposed == Rating.Again
    assert unanswered.note == "Not answered."
    session.rate(wrong, None, 2000)  # the proposal: Again
    pick = session.next_card()
    assert pick is not None and pick.question is not None and pick.question.kind == "choice"
    chosen = pick.question.correct[0]
    right = session.respond(pick, chosen)
    assert right.correct and right.note == ""
    with pytest.raises(RuntimeError):
        session.rate(typo, None, 1)  # an outcome of another card
    session.rate(right, Rating.Hard, 500)  # the learner overrules the proposal
    log = [(e.item_id, e.rating, e.correct, e.answer) for e in store.log()]
    assert log == [
        ("plain", Rating.Good, None, None),
        ("typed", Rating.Again, False, "Tbilisi"),
        ("pick", Rating.Hard, True, f"{'AB'[chosen]}) Belarus"),
    ]


def test_end_says_how_it_went_and_ends_the_session(
    answering: Answering, store: Store, clock: FakeClock
) -> None:
    empty = StudySession(answering, [], clock, CFG)
    end = empty.end()
    assert end.started_empty and end.summary.cards == 0
    assert summary_lines(end, clock.now())[0] == "Nothing is due right now: well done."
    session = questioned(answering, clock)
    card = session.next_card()
    assert card is not None
    clock.advance(3)  # the summary's time is the session's wall time (issue 10)
    session.rate(session.show_answer(card), Rating.Again, 3000)
    end = session.end("a note")
    assert not end.started_empty and end.note == "a note" and end.learning_later == 0
    assert (end.summary.cards, end.summary.again, end.summary.time_ms) == (1, 1, 3000)
    assert summary_lines(end, clock.now())[:3] == ["Cards studied: 1", "Again: 1", "Time spent: 3s"]
    session.close()  # once only: already ended


def test_undo_is_possible_only_when_something_was_done(
    answering: Answering, store: Store, clock: FakeClock
) -> None:
    session = questioned(answering, clock)
    assert not session.can_undo
    session.suspend()
    assert session.can_undo
    session.undo()
    assert not session.can_undo


def test_an_answers_time_is_whole_milliseconds_never_negative() -> None:
    from quizapp.core.srs.study import answer_ms

    assert answer_ms(10.0, 11.25) == 1250
    assert answer_ms(10.0, 10.0004) == 0 and answer_ms(10.0, 10.0006) == 1  # rounded
    assert answer_ms(10.0, 9.5) == 0  # a clock read out of order
