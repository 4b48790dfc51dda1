"""Live rooms: `quizapp host DECK` (the teacher's screen serves the room) and
`quizapp join URL` (a student's terminal).

Rooms are kept in their own database (`quizapp.core.classroom.room_store`); they never change
anyone's spaced-repetition schedule.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.cli import arguments
from quizapp.cli.output import say, warn
from quizapp.cli.terminal import require_terminal, run_app
from quizapp.core import paths
from quizapp.core.classroom.drill import parse_teams
from quizapp.core.classroom.room import (
    DEFAULT_LIVE_COUNT,
    DEFAULT_LIVE_TIMER,
    DEFAULT_LIVE_TYPES,
    LIVE_KINDS,
    MAX_PLAYERS,
    Room,
    RoomError,
    RoomSettings,
    new_room,
)
from quizapp.core.classroom.room_export import export_format, write_export
from quizapp.core.classroom.room_store import RoomNotFound, RoomStore
from quizapp.core.clock import SystemClock
from quizapp.core.database import StoreError
from quizapp.core.decks.discovery import discover
from quizapp.live.netinfo import (
    DEFAULT_PORT,
    LOCAL_HOST,
    AddressError,
    check_bind_address,
    lan_address,
    parse_room_url,
)

if TYPE_CHECKING:
    from quizapp.core.decks.discovery import DeckSet
    from quizapp.live.server import ServeOptions

SETTING_FLAGS = ("count", "timer", "scoring", "teams", "types", "seed", "max_players")
SETTING_SWITCHES = ("auto_teams", "projector_only", "no_late_join")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `host` and `join` to the command line."""
    p = sub.add_parser(
        "host",
        parents=[common],
        help="host a live room: every student answers on their own phone or terminal",
        description="Host a live classroom room on a deck: the teacher's screen shows a QR"
        " code and an address; students join from a phone browser or `quizapp join URL`, each"
        " answers on their own device, the server times and scores every answer. Serves on"
        " 127.0.0.1 unless --lan. Every room is saved; an interrupted one continues with"
        " --resume. Rooms never change anyone's review schedule.",
    )
    p.add_argument("deck", nargs="?", metavar="DECK", help="the deck id (see `quizapp list`)")
    arguments.add_count(p, DEFAULT_LIVE_COUNT)
    arguments.add_timer(p, DEFAULT_LIVE_TIMER, "S")
    arguments.add_scoring(p, ", each device's own time; confidence: each student bets 1-3")
    p.add_argument(
        "--teams",
        type=parse_teams,
        default=None,
        help="team names, comma-separated (2-9); students choose theirs (a team scores the"
        " average of its members)",
    )
    p.add_argument(
        "--auto-teams",
        action="store_true",
        help="put each student in the smallest team instead of letting them choose",
    )
    arguments.add_types(
        p,
        f"question kinds, comma-separated, of {','.join(LIVE_KINDS)}"
        f" (default {','.join(DEFAULT_LIVE_TYPES)})",
    )
    arguments.add_seed(p, "room")
    p.add_argument(
        "--projector-only",
        action="store_true",
        help="show the question's text on the teacher's screen only (phones show the options)",
    )
    p.add_argument(
        "--no-late-join",
        action="store_true",
        help="refuse students who arrive after the start (L toggles it in the room)",
    )
    p.add_argument(
        "--max-players",
        type=arguments.positive_int,
        default=None,
        metavar="N",
        help=f"at most N students (default {MAX_PLAYERS})",
    )
    p.add_argument(
        "--lan",
        nargs="?",
        const="auto",
        default=None,
        metavar="ADDRESS",
        help="serve on the local network (this machine's address, or the interface ADDRESS);"
        " without it only this computer can join",
    )
    p.add_argument(
        "--port",
        type=arguments.port,
        default=None,
        metavar="P",
        help=f"the port to serve on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    p.add_argument(
        "--public-url",
        default=None,
        metavar="URL",
        help="the address to show students when a reverse proxy serves the room"
        " (e.g. https://quiz.school.example)",
    )
    arguments.add_resume(p, "room")
    arguments.add_export(
        p,
        "when the room ends, write its results to FILE (.csv, .json, or .txt for a"
        " summary per student); with --room, write a saved room's results and exit",
    )
    p.add_argument("--list", action="store_true", help="list the saved rooms and exit")
    p.add_argument(
        "--room",
        type=arguments.positive_int,
        default=None,
        metavar="ID",
        help="a saved room (see --list), for --export",
    )
    p.set_defaults(handler=cmd_host)

    j = sub.add_parser(
        "join",
        parents=[common],
        help="join a live room from this terminal",
        description="Join a live room as a student: give the address shown on the teacher's"
        " screen (http://HOST:PORT/CODE/KEY).",
    )
    j.add_argument("url", metavar="URL", help="the room's address")
    j.add_argument("--name", default=None, help="your nickname (1-16 characters)")
    j.set_defaults(handler=cmd_join)


def _needs_terminal(what: str) -> None:
    """The shared terminal check (quizapp.cli.terminal): exit 2 without one."""
    require_terminal(f"`quizapp {what}` needs one (it is a full-screen app)")


# -- host --------------------------------------------------------------------------------------


def cmd_host(args: argparse.Namespace) -> int:
    from quizapp.cli import UsageError

    arguments.check_export(args.export, export_format, "--export: ")
    if args.list:
        return _list_rooms()
    if args.room is not None:
        if args.export is None:
            raise UsageError("--room ID goes with --export FILE")
        return _export_saved(args.room, args.export)
    given = arguments.given_flags(args, SETTING_FLAGS, SETTING_SWITCHES)
    arguments.check_deck_or_resume(args, given, "room", "open a room", "host")
    settings = _settings(args)
    problems = settings.problems()
    if problems and not args.resume:
        raise UsageError("; ".join(problems))
    _needs_terminal("host")
    try:
        host = _bind_host(args.lan)
    except AddressError as exc:
        raise UsageError(f"--lan: {exc}") from None
    if args.public_url is not None and not args.public_url.startswith(("http://", "https://")):
        raise UsageError("--public-url: give an http:// or https:// address")
    clock = SystemClock()
    deckset = discover(args.decks)
    if args.resume:
        loaded = _load_unfinished(clock)
        if loaded is None:
            return 1
        store, room = loaded
    else:
        made = arguments.on_deck(
            deckset, args.deck, lambda d: new_room(d, settings, clock), RoomError
        )
        if made is None:
            return 1
        room = made
        try:
            store = arguments.open_state_store(RoomStore)
            store.create(room)
        except (StoreError, OSError) as exc:
            warn(f"quizapp: cannot save rooms in {paths.data_dir()}: {exc}")
            return 1
    port = args.port if args.port is not None else (room.port or DEFAULT_PORT)
    from quizapp.live.server import ServeOptions

    options = ServeOptions(host=host, port=port, public_url=args.public_url)
    if host != LOCAL_HOST:
        warn(f"quizapp: serving room {room.code} on {host} port {port} (--lan)")
    with store:
        code = launch(args, room, store, options, deckset)
    if code:
        return code
    return _report(room.id, args.export)


def _settings(args: argparse.Namespace) -> RoomSettings:
    return RoomSettings(
        count=args.count or DEFAULT_LIVE_COUNT,
        timer=DEFAULT_LIVE_TIMER if args.timer is None else args.timer,
        scoring=args.scoring or "accuracy",
        teams=args.teams or (),
        auto_teams=args.auto_teams,
        types=args.types or DEFAULT_LIVE_TYPES,
        seed=args.seed,
        late_join=not args.no_late_join,
        projector_only=args.projector_only,
        max_players=args.max_players or MAX_PLAYERS,
    )


def _bind_host(lan: str | None) -> str:
    if lan is None:
        return LOCAL_HOST
    if lan == "auto":
        return lan_address()
    return check_bind_address(lan)


def _load_unfinished(clock: SystemClock) -> tuple[RoomStore, Room] | None:
    if not RoomStore.exists():
        warn("quizapp: there is no room to resume")
        return None
    try:
        store = arguments.open_state_store(RoomStore)
        room_id = store.latest_unfinished()
        if room_id is None:
            store.close()
            warn("quizapp: every saved room is finished; nothing to resume")
            return None
        return store, store.load(room_id, clock)
    except (StoreError, OSError, LookupError, ValueError, TypeError, KeyError) as exc:
        warn(f"quizapp: the last room cannot be resumed: {exc}")
        return None


def launch(
    args: argparse.Namespace,
    room: Room,
    store: RoomStore,
    options: ServeOptions,
    decks: DeckSet,
) -> int:
    """Run the app on the host screen until the teacher closes it (tests replace this)."""
    from quizapp.tui.app import QuizApp
    from quizapp.tui.context import AppContext
    from quizapp.tui.screens.host import HostScreen

    ctx = AppContext(profile=args.profile, deck_dirs=list(args.decks), decks=decks)
    return run_app(QuizApp(ctx, start=HostScreen(ctx, room, store, options)))


def _report(room_id: int | None, export: Path | None) -> int:
    assert room_id is not None
    with arguments.open_state_store(RoomStore) as results:  # what was saved, read back fresh
        saved = results.load(room_id, SystemClock())
    say(summary(saved))
    if not saved.finished_at:
        say("Not finished: `quizapp host --resume` continues it (phones reconnect).")
    if export is not None:
        return _export(saved, export)
    return 0


def summary(room: Room) -> str:
    standings = room.standings()
    lines = [
        f"Room {room.id} on '{room.deck_id}' (code {room.code}): {room.asked()} of"
        f" {room.total} questions asked, {len(standings)} players,"
        f" {room.settings.scoring} scoring."
    ]
    for t in room.team_standings(standings):
        lines.append(f"  team {t.rank}. {_printable(t.team)}: {t.score}")
    for s in standings[:10]:
        lines.append(f"  {s.rank}. {_printable(s.name)}: {s.total} ({s.right} right)")
    if len(standings) > 10:
        lines.append(f"  ... and {len(standings) - 10} more (export for all)")
    return "\n".join(lines)


def _printable(text: str) -> str:
    """Nicknames never hold control characters (the room refuses them); belt and braces."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _export(room: Room, path: Path) -> int:
    return arguments.write_results(write_export, room, path)


def _export_saved(room_id: int, path: Path) -> int:
    missing = f"quizapp: no room number {room_id} (see `quizapp host --list`)"
    if not RoomStore.exists():
        warn(missing)
        return 1
    try:
        with arguments.open_state_store(RoomStore) as store:
            room = store.load(room_id, SystemClock())
    except RoomNotFound:
        warn(missing)
        return 1
    except (StoreError, OSError, ValueError, TypeError, KeyError) as exc:
        warn(f"quizapp: room {room_id} cannot be read: {exc}")
        return 1
    return _export(room, path)


def _list_rooms() -> int:
    if not RoomStore.exists():
        say("No rooms yet. Open one with `quizapp host DECK`.")
        return 0
    try:
        with arguments.open_state_store(RoomStore) as store:
            summaries = store.summaries()
            recovered = store.recovered_from is not None
    except (StoreError, OSError) as exc:
        warn(f"quizapp: the rooms cannot be read: {exc}")
        return 1
    if not summaries:
        say("No rooms yet. Open one with `quizapp host DECK`.")
        return 1 if recovered else 0
    rows = [("ID", "STARTED (UTC)", "DECK", "CODE", "PLAYERS", "SCORING", "STATUS")]
    for s in summaries:
        rows.append(
            (
                str(s.id),
                s.started_at.strftime("%Y-%m-%d %H:%M") if s.started_at else "?",
                _printable(s.deck_id),
                s.code,
                str(s.players),
                s.scoring,
                "damaged" if s.problem else "finished" if s.finished else "unfinished",
            )
        )
    arguments.print_table(rows)
    damaged = [s for s in summaries if s.problem]
    for s in damaged:
        warn(f"quizapp: room {s.id} cannot be read: {s.problem}")
    return 1 if damaged or recovered else 0


# -- join --------------------------------------------------------------------------------------


def cmd_join(args: argparse.Namespace) -> int:
    from quizapp.cli import UsageError

    try:
        address = parse_room_url(args.url)
    except AddressError as exc:
        raise UsageError(str(exc)) from None
    _needs_terminal("join")
    from quizapp.tui.app import QuizApp
    from quizapp.tui.context import AppContext
    from quizapp.tui.screens.join import JoinScreen

    ctx = AppContext(profile=args.profile, deck_dirs=list(args.decks))
    return run_app(QuizApp(ctx, start=JoinScreen(address, args.name)))
