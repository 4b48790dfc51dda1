"""What `quizapp doctor` asks of a progress store: is the file sound, and which stored progress
no loaded deck has any more (kept, never deleted: the card may come back)."""

from __future__ import annotations

from quizapp.core.decks.discovery import DeckSet
from quizapp.core.srs.store import Store


def integrity_check(store: Store) -> list[str]:
    """SQLite's quick check of the whole file: ['ok'] when it is sound (a check that ran
    while the store was opened, after an unclean exit, counts)."""
    return ["ok"] if store.db.checked else store.db.quick_check()


def stored_deck_ids(store: Store) -> set[str]:
    """Every deck id with stored progress or history."""
    rows = store.db.rows(
        "SELECT deck_id FROM card_state WHERE reps > 0 OR suspended = 1"
        " UNION SELECT deck_id FROM review_log"
    )
    return {r[0] for r in rows}


def stored_item_ids(store: Store, deck_id: str) -> set[str]:
    """Item ids of a deck with progress (answered or suspended) or history."""
    rows = store.db.rows(
        "SELECT item_id FROM card_state WHERE deck_id = ? AND (reps > 0 OR suspended = 1)"
        " UNION SELECT item_id FROM review_log WHERE deck_id = ?",
        (deck_id, deck_id),
    )
    return {r[0] for r in rows}


def orphaned_progress(store: Store, deckset: DeckSet) -> dict[str, set[str]]:
    """Stored item ids (with state or history) that no loaded deck has, by deck id."""
    out: dict[str, set[str]] = {}
    for deck_id in stored_deck_ids(store):
        deck = deckset.get(deck_id)
        known = {it.id for it in deck.items()} if deck else set()
        missing = stored_item_ids(store, deck_id) - known
        if missing:
            out[deck_id] = missing
    return out
