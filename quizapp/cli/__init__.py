"""The `quizapp` command. Each group of subcommands lives in its own module of this package.

Exit codes: 0 success, 1 a failure the user can fix (bad deck, unwritable data dir...),
2 a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from quizapp import __version__
from quizapp.cli import tui_cmd
from quizapp.cli.output import say, warn
from quizapp.cli.terminal import EXIT_NO_TERMINAL, NoTerminal
from quizapp.core.paths import DATA_DIR_ENV

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# Which module defines each subcommand. Only the module a command needs is imported, so that
# `quizapp validate` does not pay for the scheduler, the quiz engine or Textual. A test checks
# that this table matches what the modules register.
COMMANDS: dict[str, str] = {
    "list": "decks_cmd",
    "validate": "decks_cmd",
    "paths": "decks_cmd",
    "study": "srs_cmd",
    "stats": "srs_cmd",
    "export-log": "srs_cmd",
    "doctor": "srs_cmd",
    "suspended": "cards_cmd",
    "unsuspend": "cards_cmd",
    "quiz": "quiz_cmd",
    "drill": "drill_cmd",
    "drills": "drill_cmd",
    "drill-export": "drill_cmd",
    "export": "export_cmd",
    "host": "live_cmd",
    "join": "live_cmd",
}
MODULE_NAMES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"quizapp.cli.{name}")


class UsageError(Exception):
    """A usage error found after parsing: printed like argparse's and exit 2."""


class Parser(argparse.ArgumentParser):
    """argparse, printing through the output helper: its errors quote the command line."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            say(message, end="", file=sys.stderr if file is None else file)


def common_parser() -> argparse.ArgumentParser:
    """Options every subcommand takes (also accepted before the subcommand)."""
    common = Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="keep progress, config and cache here (default: the platform's user dirs;"
        f" also {DATA_DIR_ENV})",
    )
    common.add_argument(
        "--profile",
        default=argparse.SUPPRESS,
        help="whose progress to use (default: 'default')",
    )
    common.add_argument(
        "--decks",
        action="append",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="also load decks from DIR (repeatable; also QUIZAPP_DECKS)",
    )
    return common


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (with `only`) one with just that module's subcommands."""
    common = common_parser()
    parser = Parser(
        prog="quizapp",
        description="Study YAML decks in the terminal: flashcards with FSRS spaced repetition,"
        " quizzes and classroom drills. With no command, opens the app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (only,) if only else MODULE_NAMES:
        command_module(name).register(sub, common)
    return parser


def _requested_module(argv: Sequence[str]) -> str | None:
    """The module of the first word of argv that names a command (None: unknown or help)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--data-dir", "--profile", "--decks"):
            skip = True  # the next word is this option's value, not a command
        elif arg in COMMANDS:
            return COMMANDS[arg]
    return None


def _opens_the_app(argv: Sequence[str]) -> bool:
    """Bare `quizapp` (common options only, no help): only the app's module is needed."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--data-dir", "--profile", "--decks"):
            skip = True
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return False
    return True


class CommonError(Exception):
    """A common option that cannot be used: a bad profile name, a missing folder (exit 1)."""


def check_common(args: argparse.Namespace) -> None:
    """The options every command takes: a profile name matches the rule in full (no trailing
    newline), and each --decks folder exists."""
    if args.profile != "default":  # the store (and its imports) only when a name is given
        from quizapp.core.srs.store import PROFILE_RE

        if not PROFILE_RE.fullmatch(args.profile):
            raise CommonError(
                f"bad profile name {args.profile!r}: a profile name is up to 64 letters,"
                " digits, '-', '_' or '.', starting with a letter or digit"
            )
    from quizapp.core.decks.discovery import missing_folders

    missing = missing_folders(args.decks)
    if missing:
        raise CommonError("; ".join(missing))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    only = _requested_module(argv) or ("tui_cmd" if _opens_the_app(argv) else None)
    parser = build_parser(only)
    args = parser.parse_args(argv)
    args.profile = getattr(args, "profile", None) or "default"
    args.decks = getattr(args, "decks", None) or []
    data_dir = getattr(args, "data_dir", None)
    if data_dir is not None:
        os.environ[DATA_DIR_ENV] = str(Path(data_dir).expanduser().resolve())
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = tui_cmd.run_default
    try:
        check_common(args)
        return int(handler(args) or 0)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        warn(f"quizapp: error: {exc}")
        return 2
    except CommonError as exc:
        warn(f"quizapp: {exc}")
        return 1
    except NoTerminal as exc:
        warn(f"quizapp: {exc}")
        return EXIT_NO_TERMINAL
    except KeyboardInterrupt:
        warn("")
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error worth a traceback.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        return 0
