"""What the command modules share on the command line: argument types and, for the classroom
commands (`quizapp drill`, `quizapp host`), the settings' flags, the DECK-or---resume check,
results tables and exports.

Not a command module (no subcommand lives here): `drill_cmd` and `live_cmd` build on it, so a
drill and a room read and report their settings the same way.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from quizapp.cli.output import say, warn
from quizapp.core.classroom.scoring import SCORING_PRESETS
from quizapp.core.classroom.state_store import StateStore
from quizapp.core.clock import Clock
from quizapp.core.decks.discovery import DeckNotFound, DeckSet
from quizapp.core.decks.model import Deck
from quizapp.core.practice.questions import parse_types

T = TypeVar("T")

# -- argument types ----------------------------------------------------------------------------


def whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


def positive_int(text: str) -> int:
    value = whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def seconds(text: str) -> int:
    value = whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (no timer) or more")
    return value


def port(text: str) -> int:
    value = whole(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("a port is 0 to 65535")
    return value


def seed(text: str) -> int | str:
    """A seed: a whole number, or any other text as it is."""
    return int(text) if text.lstrip("-").isdigit() else text


def kinds(text: str) -> tuple[str, ...]:
    """'typed,choice' -> ('choice', 'typed'): question kinds, sorted."""
    try:
        return tuple(sorted(parse_types(text)))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# -- the settings' flags -----------------------------------------------------------------------


def add_count(p: argparse.ArgumentParser, default: int) -> None:
    p.add_argument(
        "--count",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"ask at most N questions (default {default})",
    )


def add_timer(p: argparse.ArgumentParser, default: int, metavar: str) -> None:
    p.add_argument(
        "--timer",
        type=seconds,
        default=None,
        metavar=metavar,
        help=f"seconds per question, 0 for no timer (default {default})",
    )


def add_scoring(p: argparse.ArgumentParser, tail: str) -> None:
    """--scoring; `tail` ends the help: how speed and confidence work for these players."""
    p.add_argument(
        "--scoring",
        choices=SCORING_PRESETS,
        default=None,
        help="accuracy: 1 point per right answer (default); speed: Kahoot's points for fast"
        f" right answers plus streaks{tail}",
    )


def add_types(p: argparse.ArgumentParser, help: str) -> None:
    p.add_argument("--types", type=kinds, default=None, metavar="KINDS", help=help)


def add_seed(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--seed", type=whole, default=None, help=f"the same seed gives the same {what}")


def add_resume(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--resume", action="store_true", help=f"continue the last unfinished {what}")


def add_export(p: argparse.ArgumentParser, help: str) -> None:
    p.add_argument("--export", type=Path, default=None, metavar="FILE", help=help)


# -- checks ------------------------------------------------------------------------------------


def check_export(path: Path | None, export_format: Callable[[Path], str], flag: str) -> None:
    """UsageError when `path` is not a file name the export writes (`flag` prefixes it)."""
    from quizapp.cli import UsageError

    if path is None:
        return
    try:
        export_format(path)
    except ValueError as exc:
        raise UsageError(f"{flag}{exc}") from None


def given_flags(
    args: argparse.Namespace, values: Sequence[str], switches: Sequence[str] = ()
) -> list[str]:
    """The settings' flags given on the command line (`--max-players`), values then switches."""
    given = [_flag(f) for f in values if getattr(args, f) is not None]
    return given + [_flag(f) for f in switches if getattr(args, f)]


def _flag(dest: str) -> str:
    return f"--{dest.replace('_', '-')}"


def check_deck_or_resume(
    args: argparse.Namespace, given: Sequence[str], what: str, start: str, command: str
) -> None:
    """UsageError unless exactly one of DECK and --resume is given, and --resume with no
    setting. `what` names one ("drill"), `start` says what DECK does ("start a drill"),
    `command` what the teacher does with one ("drill", "host")."""
    from quizapp.cli import UsageError

    if args.resume:
        if args.deck:
            raise UsageError(f"give a DECK to {start}, or --resume, not both")
        if given:
            raise UsageError(f"--resume keeps the {what}'s own settings; drop {', '.join(given)}")
    elif not args.deck:
        raise UsageError(f"give a DECK to {command} (see `quizapp list`), or --resume")


def on_deck(
    decks: DeckSet, deck_id: str, make: Callable[[Deck], T], refused: type[Exception]
) -> T | None:
    """`make` (a drill, a room) on the deck `deck_id`; None, said, when there is no such deck
    or `make` raises `refused` (bad settings for this deck)."""
    try:
        deck = decks.find(deck_id)
    except DeckNotFound as exc:
        warn(f"quizapp: {exc}")
        return None
    try:
        return make(deck)
    except refused as exc:
        warn(f"quizapp: {exc}")
        return None


# -- output ------------------------------------------------------------------------------------


def print_table(rows: Sequence[Sequence[str]]) -> None:
    """Rows of cells in left-aligned columns (the first row is the header)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        say("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())


def write_results(write_export: Callable[[T, Path], object], results: T, path: Path) -> int:
    """Write a drill's or room's results to `path` and say so; 1 when it cannot be written."""
    try:
        write_export(results, path)
    except OSError as exc:
        warn(f"quizapp: cannot write {path}: {exc.strerror or exc}")
        return 1
    say(f"Results written to {path}")
    return 0


StoreT = TypeVar("StoreT", bound=StateStore[Any, Any])


def open_state_store(kind: type[StoreT], clock: Clock | None = None) -> StoreT:
    """The drills or rooms database; tells the user when a damaged one was moved aside."""
    store = kind.open(clock=clock)
    if store.recovered_from is not None:
        warn(
            f"quizapp: the {store.what}s database {store.path} was damaged; it was moved to"
            f" {store.recovered_from} and a fresh one was started"
        )
    return store
