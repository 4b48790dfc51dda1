"""What the commands that read a profile share: opening it (its notes to stderr), picking the
decks asked for, today's counts for `quizapp list`, and one way a command fails (a message
and exit 1). Light on purpose: `list`, `suspended` and `unsuspend` import it, not the study
commands (whose module brings the grader and the study session)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from quizapp.cli.output import warn
from quizapp.core.clock import Clock, SystemClock
from quizapp.core.config import ConfigError
from quizapp.core.decks.discovery import DeckNotFound, DeckSet
from quizapp.core.decks.model import Deck
from quizapp.core.srs.profiles import OpenedProfile, open_profile
from quizapp.core.srs.store import StoreError
from quizapp.core.srs.study_queue import Counts, counts_for_decks


class Failure(Exception):
    """A user-fixable failure: its message goes to stderr and the command exits 1."""


def guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except (Failure, StoreError) as exc:
            warn(f"quizapp: {exc}")
            return 1
        except ConfigError as exc:
            for message in exc.messages():
                warn(message)
            return 1

    return wrapper


def open_user_profile(args: argparse.Namespace, clock: Clock) -> OpenedProfile:
    """The profile with the user's config (a bad config.yaml stops the command); prints the
    notes (config warnings, a damaged database moved aside) to stderr."""
    opened = open_profile(args.profile, clock, strict_config=True)
    for note in opened.notes:
        warn(f"quizapp: {note}")
    return opened


def pick_decks(deckset: DeckSet, deck_id: str | None) -> list[Deck]:
    if deck_id is None:
        decks = deckset.sorted()
        if not decks:
            raise Failure("no decks found (quizapp list shows where decks are looked for)")
        return decks
    try:
        return [deckset.find(deck_id)]
    except DeckNotFound as exc:
        raise Failure(str(exc)) from None


def list_counts(decks: list[Deck], profile: str, clock: Clock | None = None) -> dict[str, Counts]:
    """Per-deck counts for `quizapp list` (empty when the store cannot be read)."""
    clock = clock or SystemClock()
    try:
        with open_profile(profile, clock, strict_config=True) as opened:
            for note in opened.notes:
                warn(f"quizapp: {note}")
            now = clock.now()
            return counts_for_decks(opened.store, decks, now, opened.config)
    except (ConfigError, StoreError) as exc:
        warn(f"quizapp: counts not shown: {exc}")
        return {}


def add_list_counts(rows: list[dict[str, Any]], decks: list[Deck], profile: str) -> None:
    """Add today's counts (`Counts.to_dict`: new, learning, due, cards, suspended, due now,
    due today; the home screen's and `quizapp stats`' numbers) to `quizapp list` rows."""
    counts = list_counts(decks, profile)
    for row in rows:
        c = counts.get(row["id"])
        if c is not None:
            row.update(c.to_dict())
