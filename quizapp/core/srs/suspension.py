"""Suspended cards: which they are, and bringing them back.

A study card is suspended by the learner (`s` while studying) or by the scheduler when it
becomes a leech (see `scheduler.review`). A suspended card is left out of every queue and
count until it is brought back: by `quizapp unsuspend` or by U on the home screen, which both
call `unsuspend` here.

Rewriting a card does not bring it back. The store keeps no card text, so it cannot tell a
rewritten card from an unchanged one, and a card suspended on purpose must not come back by
surprise: after rewriting a leech, bring it back with the command (its id is shown by
`quizapp suspended`). Bringing a leech back clears its leech flag and keeps its lapses and
schedule, so it becomes a leech again only after 4 more lapses (as in Anki).

A card is named ``DECK/ITEM``: the deck id, then the item id (the card's id, with ``/reverse``
or ``/c2`` for the other items of a card), as `quizapp suspended` prints it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizapp.core.decks.model import Deck
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.store import Store
from quizapp.core.srs.study_queue import synced_index


class UnknownCard(LookupError):
    """Some names given to `find_suspended` are not suspended cards; `problems` says why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class SuspendedCard:
    deck_id: str
    item_id: str
    prompt: str  # what the card asks, as studying shows it
    leech: bool  # suspended by the scheduler because it lapsed too often
    lapses: int
    since: datetime | None  # when it was suspended, when known (a leech: its last answer)

    @property
    def name(self) -> str:
        """How commands name the card: ``DECK/ITEM``."""
        return f"{self.deck_id}/{self.item_id}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "card": self.name,
            "deck_id": self.deck_id,
            "item_id": self.item_id,
            "prompt": self.prompt,
            "leech": self.leech,
            "lapses": self.lapses,
            "since": self.since.isoformat() if self.since else None,
        }


def suspended_cards(
    store: Store, decks: Sequence[Deck], *, leeches_only: bool = False
) -> list[SuspendedCard]:
    """The suspended cards of `decks` (deck by deck, in file order); cards no longer in their
    deck are left out (`quizapp doctor` reports those)."""
    out: list[SuspendedCard] = []
    for deck in decks:
        index = synced_index(store, deck)
        for s in store.suspended_states(deck.id):
            item = index.by_id.get(s.item_id)
            if item is None or (leeches_only and not s.leech):
                continue
            since = s.last_review if s.leech else None
            out.append(SuspendedCard(deck.id, s.item_id, item.prompt(), s.leech, s.lapses, since))
    return out


def split_name(name: str) -> tuple[str, str]:
    """``DECK/ITEM`` -> (deck id, item id); ValueError when it is not of that form."""
    deck_id, sep, item_id = name.strip().partition("/")
    if not sep or not deck_id or not item_id:
        raise ValueError(f"'{name}' is not a card name: give DECK/CARD, as `quizapp suspended`")
    return deck_id, item_id


def find_suspended(
    store: Store, decks: Sequence[Deck], names: Iterable[str]
) -> list[SuspendedCard]:
    """The suspended cards with these names (``DECK/ITEM``), in the order given.

    Raises UnknownCard naming every name that is not a suspended card of `decks` (not of that
    form, no such deck, no such card, or not suspended), so that nothing is done by halves.
    """
    by_deck = {d.id: d for d in decks}
    listed: dict[str, dict[str, SuspendedCard]] = {}
    found: list[SuspendedCard] = []
    problems: list[str] = []
    for name in dict.fromkeys(names):
        try:
            deck_id, item_id = split_name(name)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        deck = by_deck.get(deck_id)
        if deck is None:
            problems.append(f"'{name}': no deck with id '{deck_id}'")
            continue
        if deck_id not in listed:
            listed[deck_id] = {c.item_id: c for c in suspended_cards(store, [deck])}
        card = listed[deck_id].get(item_id)
        if card is not None:
            found.append(card)
        elif item_id in synced_index(store, deck).id_set:
            problems.append(f"'{name}' is not suspended")
        else:
            problems.append(f"'{name}': deck '{deck_id}' has no card '{item_id}'")
    if problems:
        raise UnknownCard(problems)
    return found


def unsuspend(answering: Answering, cards: Iterable[SuspendedCard]) -> int:
    """Bring the cards back (leeches lose their leech flag), in one transaction; returns how
    many were brought back."""
    return answering.bring_back((c.deck_id, c.item_id) for c in cards)


def unsuspend_deck(answering: Answering, deck: Deck) -> int:
    """Bring back every suspended card of `deck` (what the home screen's U does)."""
    return unsuspend(answering, suspended_cards(answering.store, [deck]))
