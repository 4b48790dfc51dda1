"""Today's queue: what a study session shows, and the counts `quizapp list` prints.

Per deck, as in Anki: learning cards (shown when due), then reviews due this study day (lowest
retrievability first, up to the daily review limit), then new cards in file order (up to the
daily new limit). Limits count the answers already given this study day. Siblings (items of
one card) are kept apart: once one is answered or queued today, the others wait for another
day. Studying several decks interleaves them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest

from fsrs import State

from quizapp.core.config import Config
from quizapp.core.model import Deck, Item
from quizapp.core.scheduler import ItemState, day_bounds, retrievability
from quizapp.core.store import Store


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


def deck_queue(store: Store, deck: Deck, now: datetime, config: Config) -> Queue:
    """Today's queue for one deck."""
    start, end = day_bounds(now, config)
    items = deck.items()
    by_id = {it.id: it for it in items}
    answered_today = store.answered_since(deck.id, start)
    answered_cards = {by_id[i].card.id for i in answered_today if i in by_id}
    done = store.day_log_counts(deck.id, start)

    def kept_apart(item: Item) -> bool:
        """A sibling of this item was answered today (and this item was not)."""
        return item.card.id in answered_cards and item.id not in answered_today

    queue = Queue(total=len(items))
    reviews: list[Entry] = []
    for s in store.due_states(deck.id, end):
        item = by_id.get(s.item_id)
        if item is None or kept_apart(item):
            continue
        if s.state == State.Review:
            reviews.append(Entry(item, s, retrievability(store.scheduler, s, now)))
        else:
            assert s.due is not None
            queue.learning.append(Entry(item, s, s.due.timestamp()))
    queue.learning.sort(key=lambda e: (e.sort_key, e.item.id))
    taken = {e.item.card.id for e in queue.learning} | answered_cards
    reviews.sort(key=lambda e: (e.sort_key, e.item.id))
    review_room = max(0, config.reviews_per_day - done.get("review", 0))
    for e in reviews:
        if len(queue.review) >= review_room:
            break
        if e.item.card.id in taken:
            continue
        taken.add(e.item.card.id)
        queue.review.append(e)
    new_room = max(0, config.new_per_day - done.get("new", 0))
    if new_room:
        seen = store.seen_ids(deck.id)
        for item in items:
            if item.id in seen or item.card.id in taken:
                continue
            taken.add(item.card.id)
            queue.new.append(item)
            if len(queue.new) >= new_room:
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
