"""`quizapp export DECK`: a printable quiz and its answer key, in Markdown or HTML."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from quizapp.cli import arguments
from quizapp.cli.output import say, warn
from quizapp.core.decks.discovery import DeckNotFound, discover
from quizapp.core.decks.model import Deck
from quizapp.core.practice.printable import (
    FORMATS,
    MAX_VERSIONS,
    Format,
    make_sheets,
    render_combined,
    render_files,
)

STDOUT = "-"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `export` to the command line."""
    p = sub.add_parser(
        "export",
        parents=[common],
        help="write a printable quiz and its answer key",
        description="Write a printable quiz of a deck (numbered questions, lettered choices,"
        " space to write answers) and a separate answer key. By default each version's quiz"
        " and key go to their own files, DECK-quiz[-A].md and DECK-key[-A].md; with -o FILE"
        " everything goes into one document, the keys after the quizzes.",
    )
    p.add_argument("deck", metavar="DECK", help="the deck id (see `quizapp list`)")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="markdown (renders on GitHub/GitLab) or html (one file with a print stylesheet);"
        " default: html when -o ends in .html, else markdown",
    )
    p.add_argument("--count", type=_positive_int, default=None, help="at most N questions")
    p.add_argument(
        "--seed", type=arguments.seed, default=None, help="the same seed gives the same quiz"
    )
    p.add_argument(
        "--versions",
        type=_version_count,
        default=1,
        metavar="N",
        help="make N versions (A, B...) with the questions and choices in different orders",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="write the files in DIR (default: .)"
    )
    where.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="FILE",
        help=f"write one document with everything to FILE ('{STDOUT}' for standard output)",
    )
    p.set_defaults(handler=cmd_export)


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def _version_count(text: str) -> int:
    value = _positive_int(text)
    if value > MAX_VERSIONS:
        raise argparse.ArgumentTypeError(f"at most {MAX_VERSIONS} versions (A-Z)")
    return value


def cmd_export(args: argparse.Namespace) -> int:
    deck = _find_deck(args)
    if deck is None:
        return 1
    fmt: Format = args.format or _format_of(args.output)
    sheets = make_sheets(deck, count=args.count, seed=args.seed, versions=args.versions)
    if args.output == STDOUT:
        say(render_combined(sheets, fmt), end="")
        return 0
    if args.output is not None:
        files = [(Path(args.output), render_combined(sheets, fmt))]
    else:
        folder = args.out or Path(".")
        files = [(folder / name, text) for name, text in render_files(sheets, fmt)]
    for path, text in files:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            warn(f"quizapp: cannot write {path}: {exc.strerror or exc}")
            return 1
        say(f"wrote {path}")
    return 0


def _format_of(output: str | None) -> Format:
    if output and Path(output).suffix.lower() in (".html", ".htm"):
        return "html"
    return "markdown"


def _find_deck(args: argparse.Namespace) -> Deck | None:
    """The deck named on the command line; print why and return None when there is none."""
    try:
        return discover(args.decks).find(args.deck)
    except DeckNotFound as exc:
        warn(f"quizapp: {exc}")
        return None
