"""Classroom drills: `quizapp drill DECK`, `quizapp drill --resume`, `quizapp drills list` and
`quizapp drill-export ID FILE`.

Drills are kept in their own database (see `quizapp.core.classroom.drill_store`); they never change
anyone's spaced-repetition schedule.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.cli import arguments
from quizapp.cli.output import say, warn
from quizapp.cli.terminal import NoTerminal, require_terminal, run_app
from quizapp.core import paths
from quizapp.core.classroom.drill import (
    DEFAULT_COUNT,
    DEFAULT_TEAMS,
    DEFAULT_TIMER,
    DEFAULT_TYPES,
    Drill,
    DrillError,
    DrillSettings,
    new_drill,
    parse_teams,
)
from quizapp.core.classroom.drill_store import DB_NAME, DrillNotFound, DrillStore
from quizapp.core.classroom.export import export_format, write_export
from quizapp.core.clock import Clock, SystemClock
from quizapp.core.database import StoreError
from quizapp.core.decks.discovery import DeckSet, discover

if TYPE_CHECKING:
    from quizapp.tui.context import AppContext

SETTING_FLAGS = ("teams", "timer", "count", "seed", "scoring", "types")
NEEDS_TERMINAL = "a drill runs full screen: start it in a terminal (it shows on a projector)"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `drill`, `drills list` and `drill-export` to the command line."""
    p = sub.add_parser(
        "drill",
        parents=[common],
        help="run a timed classroom drill for teams",
        description="Run a classroom drill on a deck: the teacher starts each question, the"
        " teams answer (the teacher enters each team's letter), the answer and a leaderboard"
        " follow, a podium ends it. Every drill is saved; an interrupted one continues with"
        " --resume. Drills never change anyone's review schedule.",
    )
    p.add_argument("deck", nargs="?", metavar="DECK", help="the deck id (see `quizapp list`)")
    p.add_argument(
        "--teams",
        type=_teams,
        default=None,
        help=f'team names, comma-separated, up to 9 (default "{",".join(DEFAULT_TEAMS)}")',
    )
    arguments.add_timer(p, DEFAULT_TIMER, "SECONDS")
    arguments.add_count(p, DEFAULT_COUNT)
    arguments.add_seed(p, "drill")
    arguments.add_scoring(p, "; confidence: teams bet 1-3 (right +1/+2/+3, wrong 0/-2/-6)")
    arguments.add_types(
        p,
        f"question kinds, comma-separated (default {','.join(DEFAULT_TYPES)}; typed"
        " answers are marked right or wrong by the teacher)",
    )
    p.add_argument("--hide-board", action="store_true", help="show the leaderboard only at the end")
    arguments.add_resume(p, "drill")
    arguments.add_export(p, "when the drill ends, write its results to FILE (.csv or .json)")
    p.set_defaults(handler=cmd_drill)

    drills = sub.add_parser(
        "drills",
        parents=[common],
        help="past classroom drills",
        description="Past classroom drills.",
    )
    drills_sub = drills.add_subparsers(dest="drills_command", metavar="COMMAND", required=True)
    ls = drills_sub.add_parser(
        "list", parents=[common], help="list every saved drill", description="List saved drills."
    )
    ls.set_defaults(handler=cmd_drills_list)

    ex = sub.add_parser(
        "drill-export",
        parents=[common],
        help="write a past drill's results to CSV or JSON",
        description="Write a saved drill's results: one row per team per question, plus each"
        " team's total. The format follows the file name: .csv or .json.",
    )
    ex.add_argument(
        "drill_id", type=arguments.positive_int, metavar="ID", help="see `quizapp drills list`"
    )
    ex.add_argument("file", type=Path, metavar="FILE", help="results.csv or results.json")
    ex.set_defaults(handler=cmd_drill_export)


# -- argument types ----------------------------------------------------------------------------


def _teams(text: str) -> tuple[str, ...]:
    teams = parse_teams(text)
    problems = DrillSettings(teams=teams).problems()
    if problems:
        raise argparse.ArgumentTypeError(problems[0].removeprefix("teams: "))
    return teams


# -- commands ----------------------------------------------------------------------------------


def cmd_drill(args: argparse.Namespace) -> int:
    from quizapp.cli import UsageError

    arguments.check_export(args.export, export_format, "--export: ")
    given = arguments.given_flags(args, SETTING_FLAGS, ("hide_board",))
    arguments.check_deck_or_resume(args, given, "drill", "start a drill", "drill")
    clock = SystemClock()
    if args.resume:
        return _resume(args, clock)
    settings = DrillSettings(
        teams=args.teams or DEFAULT_TEAMS,
        timer=DEFAULT_TIMER if args.timer is None else args.timer,
        count=args.count or DEFAULT_COUNT,
        seed=args.seed,
        scoring=args.scoring or "accuracy",
        hide_board=args.hide_board,
        types=args.types or DEFAULT_TYPES,
    )
    problems = settings.problems()
    if problems:
        raise UsageError("; ".join(problems))
    deckset = discover(args.decks)
    drill = arguments.on_deck(
        deckset, args.deck, lambda d: new_drill(d, settings, clock), DrillError
    )
    if drill is None:
        return 1
    require_terminal(NEEDS_TERMINAL)  # before the drill is saved: nothing is left to resume
    if drill.note:
        warn(f"quizapp: {drill.note}")
    try:
        store = _open_store(clock)
        store.create(drill)
    except (StoreError, OSError) as exc:
        warn(f"quizapp: cannot save drills in {paths.data_dir()}: {exc}")
        return 1
    return _run_and_report(args, store, drill, clock, deckset)


def _open_store(clock: Clock | None = None) -> DrillStore:
    return arguments.open_state_store(DrillStore, clock)


def _resume(args: argparse.Namespace, clock: Clock) -> int:
    if not (paths.data_dir() / DB_NAME).exists():
        warn("quizapp: there is no drill to resume")
        return 1
    try:
        store = _open_store(clock)
        drill_id = store.latest_unfinished()
        if drill_id is None:
            store.close()
            nothing = (
                "no drill is left" if store.recovered_from else "every saved drill is finished"
            )
            warn(f"quizapp: {nothing}; nothing to resume")
            return 1
        drill = store.load(drill_id, clock)
    except (StoreError, OSError, LookupError) as exc:
        warn(f"quizapp: the last drill cannot be resumed: {exc}")
        return 1
    try:
        require_terminal(NEEDS_TERMINAL)  # after the checks that need none
    except NoTerminal:
        store.close()
        raise
    return _run_and_report(args, store, drill, clock, discover(args.decks))


def _run_and_report(
    args: argparse.Namespace, store: DrillStore, drill: Drill, clock: Clock, decks: DeckSet
) -> int:
    from quizapp.tui.context import AppContext

    ctx = AppContext(profile=args.profile, deck_dirs=list(args.decks), clock=clock, decks=decks)
    with store:
        code = launch(ctx, drill, store)
    assert drill.id is not None
    try:
        with DrillStore.open(clock=clock) as results:  # what was saved, read back fresh
            saved = results.load(drill.id, clock)
    except (StoreError, LookupError) as exc:
        warn(f"quizapp: the drill cannot be read back: {exc}")
        return 1
    say(summary(saved))
    if not saved.finished_at:
        say("Not finished: `quizapp drill --resume` continues it.")
    if args.export is not None:
        return _export(saved, args.export) or code
    return code


def launch(ctx: AppContext, drill: Drill, store: DrillStore) -> int:
    """Run the app on the drill until the teacher closes it; its exit code (tests replace
    this)."""
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.drill import DrillScreen

    return run_app(QuizApp(ctx, start=DrillScreen(ctx, drill, store)))


def summary(drill: Drill) -> str:
    lines = [
        f"Drill {drill.id} on '{drill.deck_id}': {drill.asked()} of {drill.total} questions"
        f" asked, {drill.settings.scoring} scoring."
    ]
    for s in drill.standings():
        lines.append(f"  {s.rank}. {s.team}: {s.total} ({s.right} right)")
    return "\n".join(lines)


def _export(drill: Drill, path: Path) -> int:
    return arguments.write_results(write_export, drill, path)


def cmd_drills_list(args: argparse.Namespace) -> int:
    if not (paths.data_dir() / DB_NAME).exists():
        say("No drills yet. Start one with `quizapp drill DECK`.")
        return 0
    try:
        with _open_store() as store:
            summaries = store.summaries()
            recovered = store.recovered_from is not None
    except StoreError as exc:
        warn(f"quizapp: {exc}")
        return 1
    if not summaries:
        say("No drills yet. Start one with `quizapp drill DECK`.")
        return 1 if recovered else 0
    rows = [("ID", "STARTED (UTC)", "DECK", "TEAMS", "SCORING", "STATUS")]
    for s in summaries:
        rows.append(
            (
                str(s.id),
                s.started_at.strftime("%Y-%m-%d %H:%M") if s.started_at else "?",
                s.deck_id,
                ", ".join(s.teams),
                s.scoring,
                "damaged" if s.problem else "finished" if s.finished else "unfinished",
            )
        )
    arguments.print_table(rows)
    damaged = [s for s in summaries if s.problem]
    for s in damaged:
        warn(f"quizapp: drill {s.id} cannot be read: {s.problem}")
    return 1 if damaged or recovered else 0


def cmd_drill_export(args: argparse.Namespace) -> int:
    arguments.check_export(args.file, export_format, "")
    missing = f"quizapp: no drill number {args.drill_id} (see `quizapp drills list`)"
    if not (paths.data_dir() / DB_NAME).exists():
        warn(missing)
        return 1
    try:
        with _open_store() as store:
            drill = store.load(args.drill_id, SystemClock())
    except DrillNotFound:
        warn(missing)
        return 1
    except StoreError as exc:
        warn(f"quizapp: {exc}")
        return 1
    return _export(drill, args.file)
