"""Bare `quizapp`: opens the app (until the TUI exists, prints the deck list)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Bare `quizapp` has no subcommand of its own."""


def run_default(args: argparse.Namespace) -> int:
    from quizapp.cli.decks_cmd import cmd_list

    args.json = False
    return cmd_list(args)
