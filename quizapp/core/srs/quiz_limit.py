"""How many new cards a scheduled quiz may start: no more than the day's new-card limit.

A quiz whose answers feed FSRS starts every never-answered card it asks: on a deck with 20 new
cards left today and 50 never seen, a quiz on the whole deck would start 50. So, before the
quiz starts, `limit_new_cards` goes through its questions in order and lets the first new
ones be scheduled while the deck's room for new cards today lasts (`study_queue.new_room`: the
daily limit, less the new cards already answered today in any mode); the others are asked and
logged all the same, but unscheduled (they stay new, for a study day with room). Cards already
learned are always scheduled. The TUI quiz screen and `quizapp quiz` both call this and hand
the result to practice's `QuizSession` (practice knows nothing of spaced repetition).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from quizapp.core.config import Config
from quizapp.core.decks.model import Item
from quizapp.core.srs.store import Store
from quizapp.core.srs.study_queue import new_room


@dataclass(frozen=True, slots=True)
class NewCardLimit:
    """Which of a quiz's items are asked without scheduling, and why."""

    unscheduled: frozenset[tuple[str, str]]  # (deck id, item id) of the new items left new
    new: int  # new (never answered) items in the quiz
    room: int  # new cards the quiz's decks could still start today

    @property
    def note(self) -> str:
        """What to tell the learner before the quiz ("" when the limit changes nothing)."""
        if not self.unscheduled:
            return ""
        n = len(self.unscheduled)
        room = "no new card" if self.room == 0 else f"room for {self.room} new card"
        room += "s" if self.room > 1 else ""
        return (
            f"Today's new-card limit leaves {room}: {n} of the quiz's {self.new} new cards"
            " are asked without scheduling (they stay new for another day)."
        )


def limit_new_cards(
    store: Store, items: Sequence[Item], now: datetime, config: Config
) -> NewCardLimit:
    """The new items of a scheduled quiz (in its order) beyond today's room, per deck."""
    rooms: dict[str, int] = {}
    unscheduled: set[tuple[str, str]] = set()
    new = 0
    for item in items:
        state = store.stored_state(item.deck_id, item.id)
        if state is not None and state.reps > 0:
            continue
        new += 1
        if item.deck_id not in rooms:
            rooms[item.deck_id] = new_room(store, item.deck_id, now, config)
        left = rooms[item.deck_id]
        if left > 0:
            rooms[item.deck_id] = left - 1
        else:
            unscheduled.add(item.key)
    total_room = sum(new_room(store, d, now, config) for d in rooms)
    return NewCardLimit(frozenset(unscheduled), new, total_room)
