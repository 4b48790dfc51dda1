"""Answering cards: the FSRS step, leeches, suspension and undo, over a progress `Store`.

`Answering` is what study and quiz sessions are given in place of the store: it records an
answer (py-fsrs computes the new state through `scheduler.review`, which also counts lapses and
marks leeches), takes the last one back, and suspends; every write is one transaction committed
before the method returns, so an answer the caller was told about survives a crash. The few
reads a session needs (an item's state, the next due time, suspended ids) and the sessions
themselves are passed through to the store; everything else is read from `Answering.store`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import fsrs
from fsrs import Rating

from quizapp.core.clock import Clock, SystemClock
from quizapp.core.config import Config
from quizapp.core.database import ClosesOnExit
from quizapp.core.decks.model import Item
from quizapp.core.srs.scheduler import ItemState, make_scheduler, review, to_rating
from quizapp.core.srs.store import Store, StoreError

MODES = ("study", "quiz", "drill", "cram")


@dataclass(frozen=True, slots=True)
class AnswerResult:
    review_id: int
    state: ItemState  # the state after the answer
    rescheduled: bool
    became_leech: bool  # True: the card just became a leech and was suspended

    @property
    def due(self) -> datetime | None:
        return self.state.due


@dataclass(frozen=True, slots=True)
class UndoResult:
    review_id: int
    deck_id: str
    item_id: str
    restored: ItemState  # the state now in force again (new when it had none)


class Answering(ClosesOnExit):
    """A profile's answers, scheduled by FSRS with the configured retention."""

    def __init__(
        self,
        store: Store,
        clock: Clock | None = None,
        config: Config | None = None,
        *,
        fuzz: bool = True,
    ) -> None:
        self.store = store
        self.clock = clock or store.clock
        self.config = config or Config()
        self.scheduler: fsrs.Scheduler = make_scheduler(self.config, fuzz=fuzz)

    @classmethod
    def open(
        cls,
        profile: str = "default",
        clock: Clock | None = None,
        *,
        path: Path | None = None,
        config: Config | None = None,
        fuzz: bool = True,
    ) -> Answering:
        """Open a profile's store (see `Store.open`) and answer on it."""
        clock = clock or SystemClock()
        return cls(Store.open(profile, clock, path=path), clock, config, fuzz=fuzz)

    def close(self) -> None:
        self.store.close()

    # --- answering ----------------------------------------------------------------------

    def record_answer(
        self,
        item: Item,
        rating: Rating | int,
        *,
        mode: str,
        duration_ms: int,
        answer: str | None = None,
        correct: bool | None = None,
        overridden: bool = False,
        reschedule: bool = True,
        session_id: int | None = None,
    ) -> AnswerResult:
        """Log one answer and (unless cram or reschedule=False) reschedule the item.

        One transaction, committed before returning.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        rating = to_rating(rating)
        reschedule = reschedule and mode != "cram"
        now = self.clock.now()
        store = self.store
        with store.transaction():
            stored = store.stored_state(item.deck_id, item.id)
            before = stored or ItemState.new(item.deck_id, item.id)
            after = review(self.scheduler, before, rating, now) if reschedule else before
            if reschedule:
                store.put_state(after)
            review_id = store.add_review(
                before,
                stored,
                reviewed_at=now,
                rating=int(rating),
                duration_ms=duration_ms,
                mode=mode,
                answer=answer,
                correct=correct,
                overridden=overridden,
                due_after=after.due if reschedule else None,
                rescheduled=reschedule,
                session_id=session_id,
            )
        return AnswerResult(review_id, after, reschedule, after.leech and not before.leech)

    def undo_last(self, *, session_id: int | None = None) -> UndoResult | None:
        """Take back the latest answer (of one session if given): restore the item's previous
        state and delete the log row. None when there is nothing to undo.

        Raises StoreError when the item was answered again later (by another session).
        """
        store = self.store
        with store.transaction():
            last = store.last_review(session_id)
            if last is None:
                return None
            deck_id, item_id = last.deck_id, last.item_id
            if last.rescheduled:
                if store.rescheduled_since(deck_id, item_id, last.id):
                    raise StoreError(
                        f"cannot undo: {deck_id}/{item_id} was answered again since then"
                    )
                store.put_state(last.prior or ItemState.new(deck_id, item_id))
            store.delete_review(last.id)
            restored = store.state_of(deck_id, item_id)
        return UndoResult(last.id, deck_id, item_id, restored)

    def suspend(self, item: Item) -> ItemState:
        return self._set_suspended(item, True)

    def unsuspend(self, item: Item) -> ItemState:
        return self._set_suspended(item, False)

    def bring_back(self, keys: Iterable[tuple[str, str]]) -> int:
        """Unsuspend the stored items with these (deck id, item id) keys and clear their leech
        flag (their lapses and schedule stay), in one transaction; returns how many were
        suspended. `quizapp.core.srs.suspension` decides which."""
        n = 0
        with self.store.transaction():
            for deck_id, item_id in keys:
                stored = self.store.stored_state(deck_id, item_id)
                if stored is None or not stored.suspended:
                    continue
                self.store.put_state(replace(stored, suspended=False, leech=False))
                n += 1
        return n

    def _set_suspended(self, item: Item, suspended: bool) -> ItemState:
        with self.store.transaction():
            updated = replace(self.store.state(item), suspended=suspended)
            self.store.put_state(updated)
        return updated

    # --- what sessions read and mark, passed to the store -------------------------------

    def state(self, item: Item) -> ItemState:
        return self.store.state(item)

    def next_due(self, deck_ids: list[str], after: datetime) -> datetime | None:
        return self.store.next_due(deck_ids, after)

    def suspended_ids(self, deck_id: str) -> set[str]:
        return self.store.suspended_ids(deck_id)

    def start_session(self, mode: str, deck_ids: list[str]) -> int:
        return self.store.start_session(mode, deck_ids)

    def end_session(self, session_id: int) -> None:
        self.store.end_session(session_id)
