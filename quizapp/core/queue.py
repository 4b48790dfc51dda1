"""Today's queue: what a study session shows, and the counts `quizapp list` prints.

Per deck, as in Anki: learning cards (shown when due), then reviews due this study day (lowest
retrievability first, up to the daily review limit), then new cards in file order (up to the
daily new limit). Limits count the answers already given this study day. Siblings (items of
one card) are kept apart: once one is answered or queued today, the others wait for another
day. Studying several decks interleaves them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest

from quizapp.core.config import Config
from quizapp.core.model import Deck, Item
from quizapp.core.scheduler import ItemState, day_bounds, retrievability
from quizapp.core.store import Store

_PAGE = 50  # extra rows fetched per page, for siblings and vanished items that are skipped


@dataclass(frozen=True, slots=True)
class Counts:
    """One deck's numbers for today (after the daily limits).

    new: new items that can still be started today; learning: items in (re)learning due
    this study day; due_now: what can be studied right now (learning due now + today's
    reviews); due_today: learning and reviews due before the study day ends; total: items.
    """

    new: int
    learning: int
    due_now: int
    due_today: int
    total: int


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

    def __len__(self) -> int:
        return len(self.learning) + len(self.review) + len(self.new)


@dataclass(slots=True)
class DeckIndex:
    deck: Deck
    n_cards: int
    items: list[Item]
    ids: list[str]
    by_id: dict[str, Item]
    fingerprint: str


_INDEX_CACHE: dict[int, DeckIndex] = {}
_INDEX_CACHE_SIZE = 64


def deck_index(deck: Deck) -> DeckIndex:
    """The deck's items by id and their fingerprint, kept while the same Deck object is used
    (building 100,000 items costs far more than a queue)."""
    hit = _INDEX_CACHE.get(id(deck))
    if hit is not None and hit.deck is deck and hit.n_cards == len(deck.cards):
        return hit
    items = deck.items()
    digest = hashlib.blake2b(digest_size=16)
    for it in items:
        digest.update(it.id.encode() + b"\n")
    ids = [it.id for it in items]
    by_id = dict(zip(ids, items, strict=True))
    index = DeckIndex(deck, len(deck.cards), items, ids, by_id, digest.hexdigest())
    if len(_INDEX_CACHE) >= _INDEX_CACHE_SIZE:
        _INDEX_CACHE.pop(next(iter(_INDEX_CACHE)))
    _INDEX_CACHE[id(deck)] = index
    return index


def synced_index(store: Store, deck: Deck) -> DeckIndex:
    """The deck's index, after recording its items in the store (a no-op when unchanged)."""
    index = deck_index(deck)
    store.sync_deck(deck.id, index.ids, index.fingerprint)
    return index


def deck_queue(store: Store, deck: Deck, now: datetime, config: Config) -> Queue:
    """Today's queue for one deck."""
    start, end = day_bounds(now, config)
    index = synced_index(store, deck)
    by_id = index.by_id
    answered_today = store.answered_since(deck.id, start)
    answered_cards = {by_id[i].card.id for i in answered_today if i in by_id}
    done = store.day_log_counts(deck.id, start)
    queue = Queue(total=len(index.items))

    for s in store.learning_due(deck.id, end):
        item = by_id.get(s.item_id)
        # a sibling answered today (and not this item) keeps it for another day
        if item is None or (item.card.id in answered_cards and item.id not in answered_today):
            continue
        assert s.due is not None
        queue.learning.append(Entry(item, s, s.due.timestamp()))
    taken = {e.item.card.id for e in queue.learning} | answered_cards

    review_room = max(0, config.reviews_per_day - done.get("review", 0))
    offset = 0
    while len(queue.review) < review_room:
        page = store.reviews_due(deck.id, end, now, _PAGE + review_room, offset)
        offset += len(page)
        for s in page:
            item = by_id.get(s.item_id)
            if item is None or item.card.id in taken or len(queue.review) >= review_room:
                continue
            taken.add(item.card.id)
            queue.review.append(Entry(item, s, retrievability(store.scheduler, s, now)))
        if len(page) < _PAGE + review_room:
            break
    queue.review.sort(key=lambda e: (e.sort_key, e.item.id))

    new_room = max(0, config.new_per_day - done.get("new", 0))
    offset = 0
    while len(queue.new) < new_room:
        ids = store.new_ids(deck.id, _PAGE + new_room, offset)
        offset += len(ids)
        for item_id in ids:
            item = by_id.get(item_id)
            if item is None or item.card.id in taken or len(queue.new) >= new_room:
                continue
            taken.add(item.card.id)
            queue.new.append(item)
        if len(ids) < _PAGE + new_room:
            break
    return queue


def build_queue(store: Store, decks: list[Deck], now: datetime, config: Config) -> Queue:
    """Today's queue for several decks, interleaved (one deck is the same as deck_queue)."""
    parts = [deck_queue(store, d, now, config) for d in decks]
    if len(parts) == 1:
        return parts[0]
    out = Queue(total=sum(p.total for p in parts))
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
        due_now=learning_now + len(queue.review),
        due_today=len(queue.learning) + len(queue.review),
        total=queue.total,
    )


def deck_counts(store: Store, deck: Deck, now: datetime, config: Config) -> Counts:
    """The counts `quizapp list` shows for one deck."""
    return counts_from_queue(deck_queue(store, deck, now, config), now)
