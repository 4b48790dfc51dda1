"""Today's queue: what a study session shows, and the counts `quizapp list` prints.

Per deck, as in Anki: learning cards (shown when due), then reviews due this study day (lowest
retrievability first, up to the daily review limit), then new cards in file order (up to the
daily new limit). Limits count the answers already given this study day. Siblings are kept
apart: once one is answered or queued today, the others wait for another day. Siblings are
the items of one card and, across cards, the cards of a deck that name the same `fact`
(`Card.sibling_group`). Studying several decks interleaves them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest

from quizapp.core.config import Config
from quizapp.core.decks.model import Deck, Item, card_id_of
from quizapp.core.srs.scheduler import ItemState, day_bounds, make_scheduler, retrievability
from quizapp.core.srs.store import Store

_PAGE = 50  # extra rows fetched per page, for siblings and vanished items that are skipped


@dataclass(frozen=True, slots=True)
class Counts:
    """One deck's numbers for today: what the home table, `quizapp list` and `quizapp stats`
    show, computed here once (`deck_counts`) so the three always agree.

    The unit is the study card, one item of the deck (a reversed card is two study cards, a
    cloze with two deletions is two); each is scheduled on its own.

    new: new cards that can still be started today (after the daily new limit; siblings count
    once); learning: cards in (re)learning due this study day; due: reviews due this study
    day (after the daily review limit); cards: every study card of the deck, suspended ones
    included; suspended: the suspended ones; due_now: what can be studied right now (learning
    due now and today's reviews).
    """

    new: int
    learning: int
    due: int
    due_now: int
    cards: int
    suspended: int = 0

    @property
    def due_today(self) -> int:
        """Learning and reviews due before the study day ends."""
        return self.learning + self.due

    @property
    def total(self) -> int:
        return self.cards

    def to_dict(self) -> dict[str, int]:
        """The counts under the names every command uses."""
        return {
            "new": self.new,
            "learning": self.learning,
            "due": self.due,
            "cards": self.cards,
            "suspended": self.suspended,
            "due_now": self.due_now,
            "due_today": self.due_today,
        }


@dataclass(frozen=True, slots=True)
class Entry:
    item: Item
    state: ItemState
    sort_key: float = 0.0  # retrievability for reviews, due timestamp for learning


@dataclass(slots=True)
class Queue:
    learning: list[Entry] = field(default_factory=list)  # by due time
    review: list[Entry] = field(default_factory=list)  # lowest retrievability first
    new: list[Item] = field(default_factory=list)  # decks interleaved, file order within
    total: int = 0  # items in the decks
    suspended: int = 0  # of which suspended

    def __len__(self) -> int:
        return len(self.learning) + len(self.review) + len(self.new)


@dataclass(slots=True)
class DeckIndex:
    """A deck's item ids in file order and their fingerprint (what `Store.sync_deck` records);
    its items are built on first use (100,000 items cost far more than counting them)."""

    deck: Deck
    n_cards: int
    ids: list[str]
    fingerprint: str
    _by_id: dict[str, Item] | None = None
    _id_set: frozenset[str] | None = None
    _facts: dict[str, str] | None = None

    @property
    def fact_groups(self) -> dict[str, str]:
        """Card id -> sibling group of the cards that name a fact (the others are their own
        group, keyed by card id)."""
        if self._facts is None:
            self._facts = {c.id: c.sibling_group for c in self.deck.cards if c.fact}
        return self._facts

    def group_of(self, item_id: str) -> str:
        """The sibling group of an item: its card's fact, or its card."""
        card_id = card_id_of(item_id)
        return self.fact_groups.get(card_id, card_id)

    @property
    def by_id(self) -> dict[str, Item]:
        if self._by_id is None:
            self._by_id = {it.id: it for it in self.deck.items()}
        return self._by_id

    @property
    def id_set(self) -> frozenset[str]:
        if self._id_set is None:
            self._id_set = frozenset(self.ids)
        return self._id_set


# By deck id, so a reloaded deck replaces (and releases) the one loaded before: keyed by the
# Deck object, six home reloads of one 100k-card deck kept 600k cards alive (bench_cache.py).
_INDEX_CACHE: dict[str, DeckIndex] = {}
_INDEX_CACHE_SIZE = 256  # decks: a large library has a hundred or more


def deck_index(deck: Deck) -> DeckIndex:
    """The deck's index, kept while the same Deck object is used."""
    hit = _INDEX_CACHE.get(deck.id)
    if hit is not None and hit.deck is deck and hit.n_cards == len(deck.cards):
        return hit
    ids = deck.item_ids()
    digest = hashlib.blake2b(digest_size=16)
    digest.update("".join(f"{i}\n" for i in ids).encode())
    index = DeckIndex(deck, len(deck.cards), ids, digest.hexdigest())
    _INDEX_CACHE.pop(deck.id, None)
    if len(_INDEX_CACHE) >= _INDEX_CACHE_SIZE:
        _INDEX_CACHE.pop(next(iter(_INDEX_CACHE)))
    _INDEX_CACHE[deck.id] = index
    return index


def synced_index(store: Store, deck: Deck) -> DeckIndex:
    """The deck's index, after recording its items in the store (a no-op when unchanged)."""
    index = deck_index(deck)
    store.sync_deck(deck.id, index.ids, index.fingerprint)
    return index


@dataclass(slots=True)
class _Due:
    """Today's learning and reviews of a deck (item states, no items) and what is left for
    new cards: the sibling groups already taken today, and the room under the daily new
    limit."""

    learning: list[ItemState]
    review: list[tuple[ItemState, float]]  # with its retrievability
    taken: set[str]  # sibling groups (card ids, or "fact:<slug>")
    new_room: int


def _due_today(store: Store, index: DeckIndex, now: datetime, config: Config) -> _Due:
    """Needs the deck synced (every row the store returns is then an item of the deck)."""
    deck_id = index.deck.id
    start, end = day_bounds(now, config)
    in_deck = index.id_set  # (another process may sync another version of the deck)
    group_of = index.group_of
    answered_today = store.answered_since(deck_id, start) & in_deck
    answered_groups = {group_of(i) for i in answered_today}
    done = store.day_log_counts(deck_id, start)

    learning: list[ItemState] = []
    for s in store.learning_due(deck_id, end):
        if s.item_id not in in_deck:
            continue
        # a sibling answered today (and not this item) keeps it for another day
        if group_of(s.item_id) in answered_groups and s.item_id not in answered_today:
            continue
        learning.append(s)
    taken = {group_of(s.item_id) for s in learning} | answered_groups

    review: list[tuple[ItemState, float]] = []
    scheduler = make_scheduler(config)  # retrievability needs only FSRS' parameters
    review_room = max(0, config.reviews_per_day - done.get("review", 0))
    offset = 0
    while len(review) < review_room:
        page = store.reviews_due(deck_id, end, now, _PAGE + review_room, offset)
        offset += len(page)
        for s in page:
            group = group_of(s.item_id)
            if s.item_id not in in_deck or group in taken or len(review) >= review_room:
                continue
            taken.add(group)
            review.append((s, retrievability(scheduler, s, now)))
        if len(page) < _PAGE + review_room:
            break
    return _Due(learning, review, taken, _room(done, config))


def _room(done: dict[str, int], config: Config) -> int:
    """The room under the daily new limit, given today's answers by prior kind."""
    return max(0, config.new_per_day - done.get("new", 0))


def deck_queue(store: Store, deck: Deck, now: datetime, config: Config) -> Queue:
    """Today's queue for one deck."""
    index = synced_index(store, deck)
    due = _due_today(store, index, now, config)
    by_id = index.by_id
    queue = Queue(total=len(index.ids), suspended=store.count_suspended(deck.id))
    for s in due.learning:
        assert s.due is not None
        queue.learning.append(Entry(by_id[s.item_id], s, s.due.timestamp()))
    queue.review = [Entry(by_id[s.item_id], s, r) for s, r in due.review]
    queue.review.sort(key=lambda e: (e.sort_key, e.item.id))

    queue.new = [by_id[item_id] for item_id in _new_today(store, index, due)]
    return queue


def build_queue(store: Store, decks: list[Deck], now: datetime, config: Config) -> Queue:
    """Today's queue for several decks, interleaved (one deck is the same as deck_queue)."""
    parts = [deck_queue(store, d, now, config) for d in decks]
    if len(parts) == 1:
        return parts[0]
    out = Queue(total=sum(p.total for p in parts), suspended=sum(p.suspended for p in parts))
    out.learning = sorted(
        (e for p in parts for e in p.learning), key=lambda e: (e.sort_key, e.item.key)
    )
    out.review = sorted(
        (e for p in parts for e in p.review), key=lambda e: (e.sort_key, e.item.key)
    )
    out.new = [it for group in zip_longest(*(p.new for p in parts)) for it in group if it]
    return out


def counts_from_queue(queue: Queue, now: datetime) -> Counts:
    learning_now = sum(1 for e in queue.learning if e.state.due and e.state.due <= now)
    return Counts(
        new=len(queue.new),
        learning=len(queue.learning),
        due=len(queue.review),
        due_now=learning_now + len(queue.review),
        cards=queue.total,
        suspended=queue.suspended,
    )


def deck_counts(store: Store, deck: Deck, now: datetime, config: Config) -> Counts:
    """Today's counts of one deck (see `Counts`): those of its queue, without building the
    queue's items (new items are counted by id, each sibling group once). The home screen,
    `quizapp list` and `quizapp stats` all call this."""
    index = synced_index(store, deck)
    due = _due_today(store, index, now, config)
    learning_now = sum(1 for s in due.learning if s.due and s.due <= now)
    new = len(_new_today(store, index, due)) if due.new_room else 0
    return Counts(
        new=new,
        learning=len(due.learning),
        due=len(due.review),
        due_now=learning_now + len(due.review),
        cards=len(index.ids),
        suspended=store.count_suspended(deck.id),
    )


def new_room(store: Store, deck_id: str, now: datetime, config: Config) -> int:
    """How many more new cards of a deck may be started today (the daily new limit, less the
    new cards answered this study day in any mode that reschedules)."""
    start, _ = day_bounds(now, config)
    return _room(store.day_log_counts(deck_id, start), config)


def _new_today(store: Store, index: DeckIndex, due: _Due) -> list[str]:
    """The ids of today's new items, in file order: one per sibling group not taken yet (its
    first new item), up to the room left under the daily limit. The queue shows these and the
    counts count them, so the two always agree; the store is read a page at a time."""
    taken = set(due.taken)
    group_of = index.group_of
    in_deck = index.id_set
    room = due.new_room
    out: list[str] = []
    offset = 0
    while len(out) < room:
        ids = store.new_ids(index.deck.id, _PAGE + room, offset)
        offset += len(ids)
        for item_id in ids:
            if item_id not in in_deck or len(out) >= room:
                continue
            group = group_of(item_id)
            if group in taken:
                continue
            taken.add(group)
            out.append(item_id)
        if len(ids) < _PAGE + room:
            break
    return out
