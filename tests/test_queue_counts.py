"""deck_counts (what the home screen and `quizapp list` show) agree with today's queue, and
counting neither re-syncs an unchanged deck nor builds its items."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from quizapp.core.clock import FakeClock
from quizapp.core.config import Config
from quizapp.core.decks.model import Card, Deck, card_id_of
from quizapp.core.srs import study_queue as queue
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.store import Store
from quizapp.core.srs.study_queue import counts_from_queue, deck_counts, deck_queue

MORNING = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 09:00 in Almaty


def sibling_deck() -> Deck:
    """Plain cards, reversed cards (two items) and clozes of one to three deletions."""
    cards = []
    for i in range(30):
        if i % 3 == 0:
            cards.append(Card(f"b{i}", "basic", front=f"q{i}", back=f"a{i}", reverse=i % 2 == 0))
        elif i % 3 == 1:
            text = " ".join(f"{{{{c{n}::w{i}-{n}}}}}" for n in range(1, i % 4 + 2))
            cards.append(Card(f"z{i}", "cloze", text=text))
        else:
            cards.append(Card(f"t{i}", "typed", question=f"q{i}", answer=f"a{i}"))
    return Deck("d", "d", "", cards)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MORNING)


@pytest.mark.parametrize("seed", range(4))
def test_counts_match_the_queue_over_simulated_days(clock: FakeClock, seed: int) -> None:
    rng = random.Random(seed)
    cfg = Config(timezone="Asia/Almaty", new_per_day=rng.choice([3, 8, 50]), reviews_per_day=6)
    d = sibling_deck()
    items = d.items()
    with Answering.open("default", clock, config=cfg) as answering:
        store = answering.store
        for _day in range(12):
            for _ in range(3):
                q = deck_queue(store, d, clock.now(), cfg)
                assert deck_counts(store, d, clock.now(), cfg) == counts_from_queue(q, clock.now())
                todo = [e.item for e in q.learning + q.review] + q.new
                for item in rng.sample(todo, min(len(todo), rng.randint(0, 4))):
                    rating = rng.choice([Rating.Again, Rating.Good, Rating.Good, Rating.Easy])
                    answering.record_answer(item, rating, mode="study", duration_ms=1)
                if rng.random() < 0.3:  # a cram answer leaves the card as it was
                    answering.record_answer(
                        rng.choice(items), Rating.Good, mode="cram", duration_ms=1, reschedule=False
                    )
                if rng.random() < 0.2:
                    answering.suspend(rng.choice(items))
                clock.advance(timedelta(hours=rng.choice([1, 3, 7])))
            clock.advance(timedelta(days=1))


def test_counting_does_not_build_items_or_resync_an_unchanged_deck(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = Config(timezone="Asia/Almaty")
    d = sibling_deck()
    with Store.open("default", clock) as store:
        first = deck_counts(store, d, clock.now(), cfg)
        synced: list[str] = []
        sync = store.sync_deck

        def counted_sync(deck_id: str, item_ids: list[str], fingerprint: str) -> bool:
            synced.append(deck_id)
            return sync(deck_id, item_ids, fingerprint)

        monkeypatch.setattr(store, "sync_deck", counted_sync)
        monkeypatch.setattr(Deck, "items", lambda self: pytest.fail("items built"))
        again = Deck(d.id, d.title, d.description, list(d.cards))  # as loaded by a new process
        writes = store.conn.total_changes
        assert deck_counts(store, again, clock.now(), cfg) == first
        # its fingerprint is read with every deck's: an unchanged deck is not synced again
        assert synced == [] and store.conn.total_changes == writes
        assert not sync("d", queue.deck_index(again).ids, queue.deck_index(again).fingerprint)


def test_card_id_of_an_item() -> None:
    d = sibling_deck()
    assert all(card_id_of(it.id) == it.card.id for it in d.items())
    assert d.item_ids() == [it.id for it in d.items()]


def fact_deck() -> Deck:
    """The sibling deck, with runs of cards naming one fact (some reversed or cloze, so a fact
    spans several cards of several items), and cards without a fact between them."""
    cards = []
    for i, c in enumerate(sibling_deck().cards):
        fact = f"f{i // 4}" if i % 8 < 4 else ""
        cards.append(replace(c, fact=fact))
    return Deck("facts", "facts", "", cards)


def test_fact_siblings_share_a_day_at_most(clock: FakeClock) -> None:
    cfg = Config(timezone="Asia/Almaty", new_per_day=50)
    d = fact_deck()
    with Answering.open("default", clock, config=cfg) as answering:
        store = answering.store
        q = deck_queue(store, d, clock.now(), cfg)
        groups = [it.card.sibling_group for it in q.new]
        assert len(groups) == len(set(groups))
        # one new item per fact, one per card without a fact
        assert len(q.new) == len({c.sibling_group for c in d.cards})
        first = q.new[0]
        assert first.card.fact == "f0"
        answering.record_answer(first, Rating.Good, mode="study", duration_ms=1)
        later = deck_queue(store, d, clock.now(), cfg)
        assert not [it for it in later.new if it.card.fact == "f0"]  # the fact is done today
        assert deck_counts(store, d, clock.now(), cfg) == counts_from_queue(later, clock.now())
        clock.advance(timedelta(days=1))
        tomorrow = deck_queue(store, d, clock.now(), cfg)
        f0 = [e.item for e in tomorrow.learning + tomorrow.review] + tomorrow.new
        assert len([it for it in f0 if it.card.fact == "f0"]) == 1


@pytest.mark.parametrize("seed", range(4))
def test_counts_match_the_queue_with_fact_siblings(clock: FakeClock, seed: int) -> None:
    rng = random.Random(seed)
    cfg = Config(timezone="Asia/Almaty", new_per_day=rng.choice([3, 8, 50]), reviews_per_day=6)
    d = fact_deck()
    items = d.items()
    with Answering.open("default", clock, config=cfg) as answering:
        store = answering.store
        for _day in range(12):
            shown: dict[str, set[str]] = {}
            for _ in range(3):
                q = deck_queue(store, d, clock.now(), cfg)
                assert deck_counts(store, d, clock.now(), cfg) == counts_from_queue(q, clock.now())
                todo = [e.item for e in q.learning + q.review] + q.new
                for item in rng.sample(todo, min(len(todo), rng.randint(0, 4))):
                    shown.setdefault(item.card.sibling_group, set()).add(item.id)
                    rating = rng.choice([Rating.Again, Rating.Good, Rating.Good, Rating.Easy])
                    answering.record_answer(item, rating, mode="study", duration_ms=1)
                if rng.random() < 0.2:
                    answering.suspend(rng.choice(items))
                clock.advance(timedelta(hours=rng.choice([1, 3])))
            assert all(len(ids) == 1 for ids in shown.values()), shown
            clock.advance(timedelta(days=1))
            clock.set(clock.now().replace(hour=4))


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("page", [1, 50])
def test_counts_of_many_decks_at_once_match_each_queue(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch, seed: int, page: int
) -> None:
    """The home screen counts every deck in a handful of statements; each deck's counts are
    still those of its own queue. A page of 1 makes siblings use up the first page, so the
    decks that need more read on alone."""
    monkeypatch.setattr(queue, "_PAGE", page)
    rng = random.Random(seed)
    cfg = Config(timezone="Asia/Almaty", new_per_day=rng.choice([2, 5, 40]), reviews_per_day=4)
    decks = [
        sibling_deck(),
        fact_deck(),
        replace(fact_deck(), id="more", cards=fact_deck().cards[5:]),
    ]
    items = [it for d in decks for it in d.items()]
    with Answering.open("default", clock, config=cfg) as answering:
        store = answering.store
        for _day in range(8):
            for _ in range(3):
                now = clock.now()
                expected = {
                    d.id: counts_from_queue(deck_queue(store, d, now, cfg), now) for d in decks
                }
                assert queue.counts_for_decks(store, decks, now, cfg) == expected
                for item in rng.sample(items, rng.randint(0, 8)):
                    rating = rng.choice([Rating.Again, Rating.Good, Rating.Easy])
                    answering.record_answer(item, rating, mode="study", duration_ms=1)
                if rng.random() < 0.2:
                    answering.suspend(rng.choice(items))
                clock.advance(timedelta(hours=rng.choice([1, 3, 7])))
            clock.advance(timedelta(days=1))


def test_counting_a_library_takes_a_handful_of_statements(clock: FakeClock) -> None:
    cfg = Config(timezone="Asia/Almaty")
    decks = [replace(sibling_deck(), id=f"d{n}") for n in range(30)]
    with Answering.open("default", clock, config=cfg) as answering:
        for d in decks:
            answering.record_answer(d.items()[0], Rating.Good, mode="study", duration_ms=1)
        store = answering.store
        queue.counts_for_decks(store, decks, clock.now(), cfg)  # records the decks' items
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        try:
            queue.counts_for_decks(store, decks, clock.now(), cfg)
        finally:
            store.conn.set_trace_callback(None)
    # BEGIN, the fingerprints, today's answers, the learning due, each deck's cards, the
    # suspended items of all decks, COMMIT
    assert len(statements) == 7, statements


def test_a_reloaded_deck_releases_the_index_of_the_one_before() -> None:
    """The index cache holds one entry per deck id: reloading a deck (a new Deck object, as
    the home screen makes on every reload) lets the old one and its cards go."""
    import gc

    first = sibling_deck()
    assert queue.deck_index(first).deck is first
    second = sibling_deck()
    assert queue.deck_index(second).deck is second
    gc.collect()
    holders = [r for r in gc.get_referrers(first) if isinstance(r, queue.DeckIndex)]
    assert holders == []
