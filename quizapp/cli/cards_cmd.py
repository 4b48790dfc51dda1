"""`quizapp suspended` and `quizapp unsuspend`: the suspended cards, and bringing them back.

Which cards are suspended and what bringing one back does (a leech loses its leech flag) is
decided in `quizapp.core.srs.suspension`; these commands only print and dispatch.
"""

from __future__ import annotations

import argparse
from typing import Any

from quizapp.cli.output import json_text, say
from quizapp.cli.profiles import Failure, guarded, open_user_profile, pick_decks
from quizapp.core.clock import SystemClock
from quizapp.core.decks.discovery import discover
from quizapp.core.srs.suspension import (
    SuspendedCard,
    UnknownCard,
    find_suspended,
    suspended_cards,
    unsuspend,
)
from quizapp.core.untrusted import safe_text


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "suspended",
        parents=[common],
        help="list the suspended cards (of a deck, or of every deck)",
        description="List the suspended cards: deck, card (the name `quizapp unsuspend`"
        " takes), whether it is a leech, since when (for a leech: its last answer; unknown"
        " for a card suspended by hand) and what it asks.",
    )
    p.add_argument("deck", nargs="?", help="deck id (default: every deck)")
    p.add_argument("--leeches", action="store_true", help="only the leeches")
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    p.set_defaults(handler=cmd_suspended)

    p = sub.add_parser(
        "unsuspend",
        parents=[common],
        help="bring suspended cards back into study",
        description="Bring suspended cards back: the named cards (DECK/CARD, as `quizapp"
        " suspended` prints them), every suspended card of a deck (--deck), or every leech"
        " (--leeches, with --deck: of that deck). A leech brought back loses its leech flag;"
        " its schedule and lapses stay. Rewriting a card does not bring it back: this does.",
    )
    p.add_argument("cards", nargs="*", metavar="CARD", help="DECK/CARD, as `suspended` shows")
    p.add_argument("--deck", metavar="DECK", help="every suspended card of this deck")
    p.add_argument("--leeches", action="store_true", help="every leech")
    p.set_defaults(handler=cmd_unsuspend)


def shown(text: str) -> str:
    """Deck text on one line (made safe by the one rule, quizapp.core.untrusted)."""
    return " ".join(safe_text(text).split())


def format_suspended(cards: list[SuspendedCard]) -> str:
    """A table: DECK, CARD, LEECH, SINCE, PROMPT."""
    header = ("DECK", "CARD", "LEECH", "SINCE", "PROMPT")
    rows = [
        (
            c.deck_id,
            c.name,
            "leech" if c.leech else "-",
            c.since.strftime("%Y-%m-%d %H:%M UTC") if c.since else "-",
            shown(c.prompt),
        )
        for c in cards
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header[:-1])]
    lines = []
    for row in (header, *rows):
        cells = [v.ljust(w) for v, w in zip(row[:-1], widths, strict=True)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


@guarded
def cmd_suspended(args: argparse.Namespace) -> int:
    decks = pick_decks(discover(args.decks), args.deck)
    with open_user_profile(args, SystemClock()) as opened:
        cards = suspended_cards(opened.store, decks, leeches_only=args.leeches)
    if args.json:
        say(json_text({"suspended": [c.to_dict() for c in cards]}))
        return 0
    if not cards:
        what = "leech" if args.leeches else "suspended card"
        where = f" in '{args.deck}'" if args.deck else ""
        say(f"No {what}{where}.")
        return 0
    say(format_suspended(cards))
    return 0


@guarded
def cmd_unsuspend(args: argparse.Namespace) -> int:
    from quizapp.cli import UsageError

    if args.cards and (args.deck or args.leeches):
        raise UsageError("give CARD names, or --deck / --leeches, not both")
    if not args.cards and not args.deck and not args.leeches:
        raise UsageError(
            "give the CARD names to unsuspend (see `quizapp suspended`),"
            " or --deck DECK, or --leeches"
        )
    deckset = discover(args.decks)
    decks = pick_decks(deckset, args.deck)
    with open_user_profile(args, SystemClock()) as opened:
        if args.cards:
            try:
                cards = find_suspended(opened.store, decks, args.cards)
            except UnknownCard as exc:
                raise Failure(
                    "nothing was unsuspended: "
                    + "; ".join(exc.problems)
                    + " (`quizapp suspended` lists the suspended cards)"
                ) from None
        else:
            cards = suspended_cards(opened.store, decks, leeches_only=args.leeches)
        n = unsuspend(opened.answering, cards)
    for c in cards:
        say(f"unsuspended {c.name}{' (was a leech)' if c.leech else ''}")
    if n == 0:
        say("No card to unsuspend.")
    return 0
