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
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest
from typing import TypeVar

from quizapp.core.config import Config
from quizapp.core.decks.model import Deck, Item, card_id_of
from quizapp.core.srs.scheduler import ItemState, day_bounds, make_scheduler, retrievability
from quizapp.core.srs.store import DueRow, Store

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
    plain: bool = False  # every item is a card of its own (no '/' in an item id)
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

    def groups(self, item_ids: Iterable[str]) -> set[str]:
        """The sibling groups of some items (each item its own group in a plain deck)."""
        if not self.fact_groups:  # card_id_of, inline: 100,000 calls cost ~30 ms (bench_launch)
            return set(item_ids) if self.plain else {i.partition("/")[0] for i in item_ids}
        group_of = self.group_of
        return {group_of(i) for i in item_ids}

    @property
    def by_id(self) -> dict[str, Item]:
        if self._by_id is None:
            self._by_id = {it.id: it for it in self.deck.items()}
        return self._by_id

    def has(self, item_id: str, position: int) -> bool:
        """Whether a store row (item id at its file position) is an item of this version of
        the deck: the item at that position has that id."""
        return 0 <= position < len(self.ids) and self.ids[position] == item_id

    def has_id(self, item_id: str) -> bool:
        """Whether `item_id` is an item of the deck (wherever it is)."""
        return item_id in self.id_set

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
    known = deck.kept_ids()
    n_cards = known.n_cards if known is not None else len(deck.cards)
    hit = _INDEX_CACHE.get(deck.id)
    if hit is not None and hit.deck is deck and hit.n_cards == n_cards:
        return hit
    ids = deck.item_ids()
    listed = "".join(f"{i}\n" for i in ids)
    digest = hashlib.blake2b(listed.encode(), digest_size=16)
    # kept by the deck cache: the cards need not be read (a listing's deck has none yet)
    facts = dict(known.facts) if known is not None else None
    index = DeckIndex(deck, n_cards, ids, digest.hexdigest(), "/" not in listed, _facts=facts)
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


R = TypeVar("R")


def _kept_learning(
    rows: Iterable[R], id_of: Callable[[R], str], index: DeckIndex, answered: set[str]
) -> list[R]:
    """Learning items due today, but not one whose sibling (and not itself) was answered
    today: that one waits for another day."""
    group_of = index.group_of
    answered_groups = {group_of(i) for i in answered}
    return [
        r for r in rows if not (group_of(id_of(r)) in answered_groups and id_of(r) not in answered)
    ]


def _take(
    rows: Iterable[R],
    id_of: Callable[[R], str],
    index: DeckIndex,
    taken: set[str],
    room: int,
    out: list[R],
) -> None:
    """Append the rows of sibling groups not taken yet, one per group, until `out` holds
    `room`; marks their groups taken. (Today's reviews, then today's new items.)"""
    group_of = index.group_of
    for r in rows:
        if len(out) >= room:
            return
        group = group_of(id_of(r))
        if group in taken:
            continue
        taken.add(group)
        out.append(r)


def _state_id(s: ItemState) -> str:
    return s.item_id


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
    done = store.day_log_counts(deck_id, start)

    due_learning = [s for s in store.learning_due(deck_id, end) if s.item_id in in_deck]
    learning = _kept_learning(due_learning, _state_id, index, answered_today)
    taken = {group_of(s.item_id) for s in learning} | {group_of(i) for i in answered_today}

    reviews: list[ItemState] = []
    review_room = max(0, config.reviews_per_day - done.get("review", 0))
    offset = 0
    while len(reviews) < review_room:
        page = store.reviews_due(deck_id, end, now, _PAGE + review_room, offset)
        offset += len(page)
        _take(
            (s for s in page if s.item_id in in_deck), _state_id, index, taken, review_room, reviews
        )
        if len(page) < _PAGE + review_room:
            break
    scheduler = make_scheduler(config)  # retrievability needs only FSRS' parameters
    review = [(s, retrievability(scheduler, s, now)) for s in reviews]
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
    queue's items. The home screen (for all its decks at once: `counts_for_decks`), `quizapp
    list` and `quizapp stats` all count this way."""
    return counts_for_decks(store, [deck], now, config)[deck.id]


def counts_for_decks(
    store: Store, decks: list[Deck], now: datetime, config: Config
) -> dict[str, Counts]:
    """Each deck's counts, by deck id: those of its queue (`deck_queue`), without building
    the queue's items or states, from a handful of statements for all the decks at once.

    In one snapshot of the store: every deck's fingerprint, today's answers, the learning
    due, and for each deck the cards of its due reviews and of its first new items (each
    deck's read stops at its LIMIT). Counting reviews needs no order while their sibling
    groups fit in the day's room (each one is taken); a deck with more, or whose new items
    ran out on siblings, is read in the queue's order, alone. Decks that changed are synced
    first; a deck the store keeps another version of (a read-only store) is counted as its
    queue is, item by item."""
    indexes = [deck_index(d) for d in decks]
    for attempt in (1, 2):
        with store.reading():
            known = store.deck_fingerprints()
            stale = {i.deck.id for i in indexes if known.get(i.deck.id) != i.fingerprint}
            if not stale or attempt == 2 or store.read_only:
                exact = {i.deck.id for i in indexes} - stale
                return _counts_in_snapshot(store, indexes, exact, now, config)
        for index in indexes:
            if index.deck.id in stale:
                store.sync_deck(index.deck.id, index.ids, index.fingerprint)
    raise AssertionError("unreachable: the second attempt returns")


def _counts_in_snapshot(
    store: Store, indexes: list[DeckIndex], exact: set[str], now: datetime, config: Config
) -> dict[str, Counts]:
    """`counts_for_decks` once the fingerprints are read: `exact` are the decks whose
    recorded version is the one indexed (every row of theirs is an item of it)."""
    start, end = day_bounds(now, config)
    answered: dict[str, set[str]] = {}
    done: dict[str, Counter[str]] = {}
    for deck_id, item_id, prior_kind in store.answers_since(start):
        answered.setdefault(deck_id, set()).add(item_id)
        done.setdefault(deck_id, Counter())[prior_kind] += 1
    ids = [index.deck.id for index in indexes if index.deck.id in exact]
    learning_rows: dict[str, list[DueRow]] = {}
    for row in store.learning_due_many(ids, end) if ids else ():
        learning_rows.setdefault(row.deck_id, []).append(row)
    no_answers: Counter[str] = Counter()
    review_room = {
        i: max(0, config.reviews_per_day - done.get(i, no_answers)["review"]) for i in ids
    }
    new_room = {i: max(0, config.new_per_day - done.get(i, no_answers)["new"]) for i in ids}
    review_limit = max(review_room.values(), default=0) + _PAGE
    new_limit = max(new_room.values(), default=0) + _PAGE
    items = store.items_today_many(ids, end, review_limit, new_limit) if ids else {}
    suspended = store.count_suspended_many(ids) if ids else {}

    out: dict[str, Counts] = {}
    for index in indexes:
        deck_id = index.deck.id
        if deck_id not in exact:
            out[deck_id] = _counts_one_by_one(store, index, now, config)
            continue
        answered_today = {i for i in answered.get(deck_id, ()) if index.has_id(i)}
        due_learning = [
            r for r in learning_rows.get(deck_id, ()) if index.has(r.item_id, r.position)
        ]
        learning = _kept_learning(due_learning, _row_id, index, answered_today)
        group_of = index.group_of
        taken = {group_of(r.item_id) for r in learning} | {group_of(i) for i in answered_today}
        due_items, new_items = items.get(deck_id, ([], []))
        room = review_room[deck_id]
        reviews = _count_reviews(store, index, due_items, review_limit, taken, room, end, now)
        new = _count_new(store, index, new_items, new_limit, taken, new_room[deck_id])
        learning_now = sum(1 for r in learning if r.due and r.due <= now)
        out[deck_id] = Counts(
            new=new,
            learning=len(learning),
            due=reviews,
            due_now=learning_now + reviews,
            cards=len(index.ids),
            suspended=suspended.get(deck_id, 0),
        )
    return out


def _counts_one_by_one(store: Store, index: DeckIndex, now: datetime, config: Config) -> Counts:
    """A deck's counts from its queue's own reads (`_due_today`, `_new_today`)."""
    due = _due_today(store, index, now, config)
    new = _new_today(store, index, due) if due.new_room else []
    learning_now = sum(1 for s in due.learning if s.due and s.due <= now)
    return Counts(
        new=len(new),
        learning=len(due.learning),
        due=len(due.review),
        due_now=learning_now + len(due.review),
        cards=len(index.ids),
        suspended=store.count_suspended(index.deck.id),
    )


def _count_reviews(
    store: Store,
    index: DeckIndex,
    due: list[str],
    limit: int,
    taken: set[str],
    room: int,
    end: datetime,
    now: datetime,
) -> int:
    """How many reviews `_due_today` takes (one per sibling group not taken, lowest
    retrievability first, up to `room`), from the deck's due review items; marks their
    groups taken. While every group left fits in the room each one is taken, in any order;
    otherwise the reviews are read in the queue's order."""
    if room == 0:
        return 0
    left = index.groups(due) - taken
    if len(due) < limit and len(left) <= room:  # all the due reviews came back
        taken |= left
        return len(left)
    chosen: list[str] = []
    offset, full = 0, True
    while full and len(chosen) < room:
        page = store.reviews_due(index.deck.id, end, now, room + _PAGE, offset)
        offset, full = offset + len(page), len(page) == room + _PAGE
        _take((s.item_id for s in page), str, index, taken, room, chosen)
    return len(chosen)


def _count_new(
    store: Store, index: DeckIndex, first: list[str], limit: int, taken: set[str], room: int
) -> int:
    """How many new items `_new_today` takes (the first new item of each sibling group not
    taken, in file order, up to `room`), from the deck's first new items: the groups among
    them not taken, when that settles it; otherwise read on in file order."""
    if room == 0:
        return 0
    left = index.groups(first) - taken
    if len(left) >= room or len(first) < limit:
        return min(room, len(left))
    chosen: list[str] = []
    offset, full = 0, True
    while full and len(chosen) < room:
        ids = store.new_ids(index.deck.id, room + _PAGE, offset)
        offset, full = offset + len(ids), len(ids) == room + _PAGE
        _take(ids, str, index, taken, room, chosen)
    return len(chosen)


def _row_id(row: DueRow) -> str:
    return row.item_id


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
    in_deck = index.id_set
    room = due.new_room
    out: list[str] = []
    offset = 0
    while len(out) < room:
        ids = store.new_ids(index.deck.id, _PAGE + room, offset)
        offset += len(ids)
        _take((i for i in ids if i in in_deck), str, index, taken, room, out)
        if len(ids) < _PAGE + room:
            break
    return out
