"""Bare `quizapp`: opens the app on the home screen."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Bare `quizapp` has no subcommand of its own."""


def run_default(args: argparse.Namespace) -> int:
    from quizapp.cli.terminal import require_terminal, run_app

    require_terminal("the app runs full screen; `quizapp --help` lists the commands")
    from quizapp.tui.app import QuizApp
    from quizapp.tui.context import AppContext

    return run_app(QuizApp(AppContext(profile=args.profile, deck_dirs=list(args.decks))))
