"""`quizapp list`, `quizapp validate` and `quizapp paths`."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from quizapp.cli.output import json_text, say, warn
from quizapp.core import paths
from quizapp.core.decks.discovery import (
    DECK_SUFFIXES,
    DeckSet,
    DeckSource,
    deck_dirs,
    deck_files,
    discover,
    load_decks,
)
from quizapp.core.untrusted import safe_line


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "list",
        parents=[common],
        help="list the decks quizapp finds",
        description="List the decks with today's counts, fitted to the terminal's width"
        " (80 columns when it is not a terminal); --wide shows whole titles and each file.",
    )
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    p.add_argument(
        "--wide", action="store_true", help="whole titles and each deck's file (full path)"
    )
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser(
        "validate",
        parents=[common],
        help="check deck files and folders (default: every deck quizapp finds)",
        description="Check deck files. Exit 0 when all are valid, 1 when any is not,"
        " 2 for a usage error.",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="deck files or folders")
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("paths", parents=[common], help="show where quizapp keeps its files")
    p.set_defaults(handler=cmd_paths)


def cmd_list(args: argparse.Namespace) -> int:
    from quizapp.cli.profiles import add_list_counts  # the store: only when listing

    deckset = discover(args.decks)
    rows = [deck_row(d) for d in deckset.sorted()]
    add_list_counts(rows, deckset.sorted(), args.profile)
    broken = [{"path": str(b.path), "id": b.id, "problems": b.problems} for b in deckset.broken]
    if args.json:
        say(json_text({"decks": rows, "broken": broken}))
        return 1 if broken else 0
    if not rows and not broken:
        say(no_decks_message())
        return 0
    if rows:
        width = None if args.wide else shutil.get_terminal_size((80, 24)).columns
        table = format_table(rows, width=width)
        say(table)
        if width is not None and table != format_table(rows, width=sys.maxsize):
            say("(shortened to fit: quizapp list --wide shows whole titles and each file's path)")
    for b in deckset.broken:
        warn(f"broken: {b.first_problem}")
        if len(b.problems) > 1:
            warn(f"  (+{len(b.problems) - 1} more: quizapp validate {b.path})")
    return 1 if broken else 0


def deck_row(deck: Any) -> dict[str, Any]:
    """A deck's row; `cards` counts study cards (a reversed card is two, a cloze with two
    deletions is two), as the home screen and `quizapp stats` do. The counts of today are
    added by `add_list_counts`."""
    return {
        "id": deck.id,
        "title": deck.title,
        "cards": len(deck.item_ids()),
        "file": str(deck.path),
        "bundled": deck.bundled,
    }


COUNT_COLUMNS = [
    ("new", "NEW"),
    ("learning", "LEARN"),
    ("due", "DUE"),
    ("cards", "CARDS"),
    ("suspended", "SUSP"),
]


MIN_TITLE = 12  # a title is shortened (with "…") to fit, never below this
MIN_FILE = 12  # nor a file name below this (else the column is left out)


def format_table(rows: list[dict[str, Any]], width: int | None = None) -> str:
    """The list as a table; the columns of counts are the home screen's (New, Learn, Due,
    Cards), when the progress could be read.

    `width` None: every title whole, and each deck's file as its full path. Else the table fits
    in `width` columns: the file column holds the file's name only, there is no SUSP column
    when nothing is suspended, and what is still too wide is shortened with "…": the file
    names first (never below `MIN_FILE`), then the titles (never below `MIN_TITLE`); when
    even that is too wide, the file column is left out.
    """
    columns = [("id", "ID"), ("title", "TITLE")]
    if all("new" in r for r in rows):
        counts = COUNT_COLUMNS
        if width is not None and not any(r.get("suspended") for r in rows):
            counts = [c for c in counts if c[0] != "suspended"]
        columns += counts
    else:
        columns.append(("cards", "CARDS"))
    columns.append(("file", "FILE"))

    def shown(key: str, value: object) -> str:  # widths as shown: after safe_line
        text = str(value)
        return safe_line(Path(text).name if key == "file" and width is not None else text)

    cells = [[shown(k, r[k]) for k, _ in columns] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, (_, h) in enumerate(columns)]
    if width is not None:
        title, file = 1, len(columns) - 1
        gaps = 2 * (len(widths) - 1)
        if (over := sum(widths) + gaps - width) > 0 and widths[file] > MIN_FILE:
            widths[file] = max(widths[file] - over, MIN_FILE)
        if (over := sum(widths) + gaps - width) > 0 and widths[title] > MIN_TITLE:
            widths[title] = max(widths[title] - over, MIN_TITLE)
        if sum(widths) + gaps - width > 0:  # no room for the files at all: --wide shows them
            columns.pop()
            widths.pop()
            for c in cells:
                c.pop()
        for c in cells:
            c[title] = shorten(c[title], widths[title])
            if len(c) > file:
                c[file] = shorten(c[file], widths[file])
    lines = ["  ".join(h.ljust(w) for (_, h), w in zip(columns, widths, strict=True)).rstrip()]
    for c in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())
    return "\n".join(lines)


def shorten(text: str, width: int) -> str:
    """`text` in at most `width` characters, ending in "…" when it had to be cut."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def no_decks_message() -> str:
    return (
        "No decks found. Put deck files (.yaml) in "
        f"{paths.user_decks_dir()}, or pass --decks DIR, or set QUIZAPP_DECKS."
        " See docs/deck-format.md for the format."
    )


def cmd_validate(args: argparse.Namespace) -> int:
    from quizapp.cli import UsageError

    if args.paths:
        missing = [p for p in args.paths if not p.exists()]
        if missing:
            raise UsageError(f"no such file or folder: {', '.join(map(str, missing))}")
        sources = deck_files(DeckSource(p) for p in args.paths)
        explicit = {p.resolve() for p in args.paths if p.is_file()}
        sources = [s for s in sources if s.path.resolve() in explicit or _is_deck(s.path)]
    else:
        sources = deck_files(deck_dirs(args.decks))
    from quizapp.core.decks.loader import load_deck_file

    warnings: dict[Path, list[str]] = {}

    def load(path: Path) -> Any:
        found: list[Any] = []
        deck = load_deck_file(path, warnings=found)
        warnings[path] = [str(w) for w in found]
        return deck

    deckset = load_decks(sources, load)
    report = validation_report(sources, deckset)
    for f, src in zip(report["files"], sources, strict=True):
        f["warnings"] = warnings.get(src.path, [])
    if args.json:
        say(json_text(report))
    else:
        for f in report["files"]:
            for problem in [*f["problems"], *f["warnings"]]:
                say(problem)
        n_bad = sum(1 for f in report["files"] if f["problems"])
        n = len(report["files"])
        n_warn = sum(len(f["warnings"]) for f in report["files"])
        warned = f", {n_warn} warning{'s' if n_warn != 1 else ''}" if n_warn else ""
        if n == 0:
            warn("no deck files found")
        elif n_bad:
            warn(f"{n_bad} of {n} deck files have problems{warned}")
        else:
            cards = sum(f["cards"] for f in report["files"])
            say(f"{n} deck file{'s' if n != 1 else ''} valid ({cards} cards){warned}")
    return 0 if report["valid"] else 1


def _is_deck(path: Path) -> bool:
    return path.suffix.lower() in DECK_SUFFIXES


def validation_report(sources: list[DeckSource], deckset: DeckSet) -> dict[str, Any]:
    broken = {b.path: b for b in deckset.broken}
    loaded = {d.path: d for d in deckset.decks.values()}
    files = []
    for src in sources:
        b = broken.get(src.path)
        d = loaded.get(src.path)
        files.append(
            {
                "path": str(src.path),
                "deck_id": d.id if d else (b.id if b else ""),
                "cards": len(d.cards) if d else 0,
                "problems": b.problems if b else [],
            }
        )
    return {"valid": not deckset.broken, "files": files}


def cmd_paths(args: argparse.Namespace) -> int:
    say(f"data:    {paths.data_dir()}")
    say(f"config:  {paths.config_file()}")
    say(f"cache:   {paths.cache_dir()}")
    say(f"logs:    {paths.log_dir()}")
    say(f"decks:   {paths.user_decks_dir()}")
    say(f"bundled: {paths.bundled_decks_dir()}")
    for src in deck_dirs(args.decks)[2:]:
        say(f"extra:   {src.path}")
    return 0
