"""The teacher's screen of a live room (projected): join screen, question, answer, board, podium.

The screen serves the room itself: on mount it starts a `quizapp.live.server.LiveServer` on
Textual's own event loop (aiohttp's AppRunner/TCPSite: no thread, no second loop) and stops it
when it closes. The room (`quizapp.core.classroom.room.Room`) decides everything; the teacher's
keys call `LiveServer.act`, which changes the room and tells every device.

What the devices do reaches the screen as `RoomUpdated` messages, at most a few a second
(`REFRESH_SECONDS`); a new phase or question recomposes the screen, anything else updates the
counts in place. The countdown is redrawn from the room's clock ten times a second (display
only: the server locks the question at its deadline). The question fills the stage
(`BigPrompt`: big letters on a projector when it fits); teams have the colours of their slots
(`team_badges.TEAM_COLOURS`, theme variables) on the boards and in the player list.

Nicknames, team names and typed answers are data: they are shown as plain `Content`, never
parsed as markup.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Label, OptionList
from textual.widgets.option_list import Option

from quizapp.core.classroom.room import (
    Room,
    RoomError,
    RoomSettings,
    Standing,
    TeamStanding,
    TypedGroup,
    new_room,
    tiled,
)
from quizapp.core.classroom.room_export import saved_export_paths, write_export
from quizapp.core.classroom.room_store import RoomStore
from quizapp.core.database import StoreError
from quizapp.core.practice.questions import LETTERS as CORE_LETTERS
from quizapp.core.practice.questions import MAX_CHOICES
from quizapp.live.netinfo import AddressError, lan_address

if TYPE_CHECKING:
    # aiohttp (~300 ms to import) comes with the server only when a room is served: the help
    # screen imports every screen, this one included
    from quizapp.live.server import LiveServer, ServeOptions
from quizapp.core.classroom.scoring import SCORING_NAMES
from quizapp.core.text import ordinal
from quizapp.tui.context import AppContext
from quizapp.tui.loaders import find_decks
from quizapp.tui.widgets.big_text import BigPrompt
from quizapp.tui.widgets.choice_tile import SHAPES, ChoiceTile
from quizapp.tui.widgets.countdown import Countdown
from quizapp.tui.widgets.keys_footer import KeysFooter
from quizapp.tui.widgets.qr_code import QrCode
from quizapp.tui.widgets.question_area import QuestionArea
from quizapp.tui.widgets.share_bar import ShareBar
from quizapp.tui.widgets.team_badges import TeamCard, team_colour

REFRESH_SECONDS = 0.25  # the screen follows the devices at most four times a second
TICK_SECONDS = 0.1
CONFIRM_SECONDS = 4.0
PEEK_SECONDS = 4.0
BOARD_ROWS = 10
LETTERS = CORE_LETTERS[:MAX_CHOICES]  # the tiles: A-D
KIND_NOTES = {
    "typed": "Type the answer on your device.",
    "multi": "Select every right answer on your device.",
    "order": "Put these in order on your device:",
    "match": "Match each item on your device:",
}


def team_swatch(team: int | None, name: str) -> Content:
    """'■ Red' in the team's colour ('' without a team)."""
    if team is None or not name:
        return Content("")
    return Content.assemble(("■ ", team_colour(team)), Content(name))


class HostScreen(Screen[None]):
    """A live room, from the join screen to the podium. Closing it closes the room."""

    CSS_PATH = "host.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-small"), (120, "-large")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "start", "Start", key_display="space"),
        Binding("space", "lock", "Stop answers", key_display="space"),
        Binding("space", "reveal", "Reveal", key_display="space"),
        Binding("space", "board", "Leaderboard", key_display="space"),
        Binding("space", "next", "Next question", key_display="space"),
        Binding("space", "final", "Final results", key_display="space"),
        Binding("p", "pause", "Pause"),
        Binding("s", "skip", "Skip"),
        Binding("left", "back", "Back", key_display="←"),
        Binding("o", "override", "Count as right"),
        Binding("k", "peek", "Peek"),
        Binding("w", "players", "Players"),
        Binding("r", "remove", "Remove player"),
        Binding("t", "team", "Change team"),
        Binding("l", "late_join", "Late join"),
        Binding("x", "export", "Save results"),
        Binding("e", "end", "End"),
        Binding("escape", "close", "Close"),
    ]

    view_key: reactive[str] = reactive("", recompose=True)
    peeking: reactive[bool] = reactive(False)
    show_players: reactive[bool] = reactive(False)

    class RoomUpdated(Message):
        """Something changed in the room (a device joined, answered, left...)."""

    class RoomReady(Message):
        """The worker built the room to serve (opened from the app, not the command line)."""

        def __init__(self, room: Room, store: RoomStore, options: ServeOptions) -> None:
            super().__init__()
            self.room = room
            self.store = store
            self.options = options

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Exported(Message):
        def __init__(self, text: str, ok: bool) -> None:
            super().__init__()
            self.text = text
            self.ok = ok

    def __init__(
        self,
        ctx: AppContext,
        room: Room | None,
        store: RoomStore | None,
        options: ServeOptions,
        *,
        deck_id: str | None = None,
        settings: RoomSettings | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.room = room
        self.store = store
        self.options = options
        self.deck_id = deck_id
        self.settings = settings or RoomSettings()
        self.server: LiveServer | None = None
        self.error = ""  # why the room could not be served (the command line prints it)
        self._pending = False
        self._last_refresh = -1e9
        self._asked: dict[str, float] = {}
        self._players_shown: tuple[object, ...] = ()
        self._groups_shown: tuple[object, ...] = ()
        self._owns_store = False  # a store the screen opened itself (from the app) it closes
        self._peek_timer: Timer | None = None

    @classmethod
    def for_deck(
        cls,
        ctx: AppContext,
        deck_id: str,
        settings: RoomSettings | None = None,
        *,
        lan: bool = False,
        port: int = 0,
    ) -> HostScreen:
        """A room on `deck_id` built by the screen itself (from the home screen or a setup)."""
        from quizapp.live.server import ServeOptions

        return cls(
            ctx,
            None,
            None,
            ServeOptions(port=port, lan=lan),
            deck_id=deck_id,
            settings=settings,
        )

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        room = self.room
        if room is None or self.server is None:
            yield Label("Opening the room…", id="host-opening")
            yield KeysFooter()
            return
        yield Label(self.top_line(), id="host-bar", markup=False)
        phase = room.phase
        with Horizontal(id="host-body"):
            with QuestionArea(id="stage", classes=f"-{phase}"):
                if phase == "lobby":
                    yield from self.compose_lobby(room)
                elif phase in ("question", "locked"):
                    yield from self.compose_question(room)
                elif phase == "reveal":
                    yield from self.compose_reveal(room)
                elif phase == "board":
                    yield from self.compose_board(room)
                else:
                    yield from self.compose_end(room)
            if phase != "lobby":
                with Vertical(id="side"):
                    yield Label("Players", classes="side-title")
                    yield OptionList(id="players", markup=False)
        yield Label("", id="host-hint", markup=False)
        yield KeysFooter()

    def compose_lobby(self, room: Room) -> ComposeResult:
        assert self.server is not None
        url = self.server.url
        with Horizontal(id="join-line"):
            yield Label("Join: scan the code or open ", classes="muted")
            yield Label(url, id="join-url", markup=False)
        if self.options.host == "127.0.0.1" and not self.options.public_url:
            yield Label(
                "Only this computer can join: start with --lan for phones on this network.",
                id="local-note",
            )
        with Horizontal(id="lobby"):
            yield QrCode(url, id="qr")
            with Vertical(id="join-info"):
                yield Label(f"Room code {room.code}", id="room-code-text", markup=False)
                with Vertical(id="room-code-box"):
                    yield Label("Room code", classes="muted")
                    yield Digits(f"{room.code[:3]} {room.code[3:]}", id="room-code")
                with Horizontal(id="count-row"):
                    yield Digits("0", id="player-count")
                    yield Label("players", id="player-label")
                yield OptionList(id="players", markup=False)

    def compose_question(self, room: Room) -> ComposeResult:
        q = room.question
        with Horizontal(id="timer-row"):
            if room.phase == "question":
                yield Countdown(id="countdown")
            else:
                yield Label("Time's up: answers are closed.", id="locked-note")
            yield Digits("0", id="answered")
            yield Label("", id="answered-label")
        yield BigPrompt(q.prompt, id="prompt")
        if tiled(q):
            with Grid(id="choices"):
                for letter, text in zip(LETTERS, q.options, strict=False):
                    yield ChoiceTile(letter, text, id=f"choice-{letter.lower()}")
        else:
            yield Label(KIND_NOTES.get(q.kind, ""), id="kind-note", markup=False)
            if q.kind == "order":
                yield Label("\n".join(f"· {o}" for o in q.options), id="items", markup=False)
            elif q.kind == "match":
                lines = [f"· {left}" for left in q.lefts] + [""]
                lines += [f"  {chr(97 + i)}) {o}" for i, o in enumerate(q.options)]
                yield Label("\n".join(lines), id="items", markup=False)
        if q.kind == "typed":
            yield Label("", id="peek", markup=False)
            if room.phase == "locked":
                yield Label(
                    "Answers the grader refused (the accepted ones stay hidden until the"
                    " reveal): pick one and press O to count it right.",
                    id="groups-note",
                )
                yield OptionList(id="typed-groups", markup=False)

    def compose_reveal(self, room: Room) -> ComposeResult:
        q = room.question
        yield Label(q.prompt, id="prompt", markup=False)
        counts = room.option_counts()
        most = max(counts, default=0)
        if tiled(q):
            with Vertical(id="counts"):
                for i, (letter, text) in enumerate(zip(LETTERS, q.options, strict=False)):
                    right = i in q.correct
                    yield Horizontal(
                        Label(
                            f"{SHAPES[letter]} {letter}",
                            classes=f"count-key -{letter.lower()}",
                            markup=False,
                        ),
                        Label(text, classes="count-text", markup=False),
                        ShareBar(counts[i] / most if most else 0.0, classes="count-bar"),
                        Label(str(counts[i]), classes="count-n", markup=False),
                        Label("✔ right" if right else "", classes="count-mark", markup=False),
                        classes="count-row -right" if right else "count-row",
                    )
        yield Label(f"✔ {q.answer_text}", id="answer", markup=False)
        if q.kind == "typed":
            yield OptionList(id="typed-groups", markup=False)
        elif q.kind in ("order", "match"):
            said = f"{room.right_count()} of {room.answered_count()} answers right"
            yield Label(said, id="right-count", markup=False)
        if q.explain:
            yield Label(q.explain, id="explain", markup=False)

    def compose_board(self, room: Room) -> ComposeResult:
        standings = room.standings()
        title = "Final leaderboard" if room.is_last else "Leaderboard"
        yield Label(
            f"{title} after question {room.number} of {room.total}", id="board-title", markup=False
        )
        with Horizontal(id="boards"):
            yield from self.player_board(room, standings)
            teams = room.team_standings(standings)
            if teams:
                yield from self.team_board(room, teams)

    def player_board(self, room: Room, standings: list[Standing]) -> ComposeResult:
        best = max((s.total for s in standings), default=0)
        with VerticalScroll(id="board"):
            for s in standings[:BOARD_ROWS]:
                team = room.teams.index(s.team) if s.team else None
                yield Horizontal(
                    Label(ordinal(s.rank), classes="rank", markup=False),
                    Label(Content(s.name), classes="name"),
                    Label(team_swatch(team, s.team), classes="team", markup=False),
                    ShareBar(max(s.total, 0) / best if best > 0 else 0.0, classes="bar"),
                    Label(str(s.total), classes="total", markup=False),
                    Label(f"{s.last:+d}", classes="last", markup=False),
                    classes=f"standing -rank-{min(s.rank, 4)}",
                )
            if len(standings) > BOARD_ROWS:
                yield Label(
                    f"… and {len(standings) - BOARD_ROWS} more", classes="muted", markup=False
                )

    def team_board(self, room: Room, teams: list[TeamStanding]) -> ComposeResult:
        best = max((t.score for t in teams), default=0)
        with VerticalScroll(id="team-board"):
            yield Label("Teams (average of members)", classes="muted")
            for t in teams:
                share = max(t.score, 0) / best if best > 0 else 0.0
                yield TeamCard(room.teams.index(t.team), t.team, ordinal(t.rank), t.score, share)

    def compose_end(self, room: Room) -> ComposeResult:
        standings = room.standings()
        yield Label("Final results", id="podium-title")
        with Horizontal(id="podium"):
            for i in (1, 0, 2):  # second, first, third
                if i < len(standings):
                    s = standings[i]
                    yield Vertical(
                        Label(Content(s.name), classes="step-name"),
                        Label(f"{s.total} points", classes="step-points", markup=False),
                        Vertical(Digits(str(s.rank), classes="step-rank"), classes="step-block"),
                        classes=f"step -place-{min(s.rank, 3)}",
                    )
        teams = room.team_standings(standings)
        if teams:
            line = Content(" · ").join(
                Content.assemble(
                    f"{ordinal(t.rank)} ", team_swatch(room.teams.index(t.team), t.team)
                )
                + Content(f" {t.score}")
                for t in teams
            )
            yield Label(line, id="team-line", markup=False)
        saved = f" Room {room.id} is saved." if room.id is not None else ""
        yield Label(
            f"{room.asked()} of {room.total} questions asked · {len(standings)} players.{saved}"
            " X writes the results (CSV, JSON and a summary per student).",
            id="saved-note",
            markup=False,
        )

    # -- life -------------------------------------------------------------------------------

    async def on_mount(self) -> None:
        if self.room is None:
            self.build_room()
            return
        await self.serve()

    @work(thread=True, exclusive=True, group="host-build")
    def build_room(self) -> None:
        try:
            decks, missing = find_decks(self.ctx, [self.deck_id or ""])
            if missing or not decks:
                raise RoomError(f"no deck '{self.deck_id}'")
            options = self.options
            if options.lan:
                options = replace(options, host=lan_address())
            room = new_room(decks[0], self.settings, self.ctx.clock)
            store = RoomStore.open()
            store.create(room)
        except (RoomError, AddressError, StoreError, OSError) as exc:
            self.post_message(self.Failed(f"The room could not open: {exc}"))
            return
        self.post_message(self.RoomReady(room, store, options))

    async def on_host_screen_room_ready(self, message: RoomReady) -> None:
        self.room, self.store, self.options = message.room, message.store, message.options
        self._owns_store = True
        await self.serve()

    def on_host_screen_failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=10, markup=False)
        self.dismiss(None)

    async def serve(self) -> None:
        from quizapp.live.server import LiveServer

        assert self.room is not None
        o = self.options
        self.server = LiveServer(
            self.room,
            host=o.host,
            port=o.port,
            store=self.store,
            limits=o.limits,
            public_url=o.public_url,
        )
        try:
            await self.server.start()
        except OSError as exc:
            self.error = f"cannot serve the room on {o.host} port {o.port}: {exc.strerror or exc}"
            self.server = None
            self.notify(self.error, severity="error", timeout=10, markup=False)
            if self._owns_store:  # opened from the app (home, a drill's setup): back to it
                self.dismiss(None)
            else:  # `quizapp host`: the room was the whole run
                self.app.exit(return_code=1, message=Text(f"quizapp: {self.error}"))
            return
        self.server.listeners.append(self._room_changed)
        self.server.problems.append(self._problem)
        self.view_key = self.key_of(self.room)
        self.call_after_refresh(self.refresh_live)
        self.set_interval(TICK_SECONDS, self.tick)

    async def on_unmount(self) -> None:
        await self.shut_down()

    async def shut_down(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            await server.stop()
        if self._owns_store and self.store is not None:
            store, self.store = self.store, None
            await asyncio.to_thread(store.close)

    # -- following the room -----------------------------------------------------------------

    @staticmethod
    def key_of(room: Room) -> str:
        return f"{room.phase}:{room.index}"

    def _room_changed(self) -> None:
        """The server's listener (same loop): ask for one refresh, however many changes."""
        if not self._pending:
            self._pending = True
            self.post_message(self.RoomUpdated())

    def on_host_screen_room_updated(self, message: RoomUpdated) -> None:
        wait = REFRESH_SECONDS - (self.ctx.clock.monotonic() - self._last_refresh)
        if wait > 0:
            self.set_timer(wait, self.sync)
        else:
            self.sync()

    def _problem(self, text: str) -> None:
        self.notify(text, severity="error", timeout=10, markup=False)

    def sync(self) -> None:
        """Show the room as it is now: recompose for a new phase or question, else update."""
        self._pending = False
        self._last_refresh = self.ctx.clock.monotonic()
        if self.room is None or self.server is None:
            return
        key = self.key_of(self.room)
        if key != self.view_key:
            self.peeking = False
            self.view_key = key
            self.call_after_refresh(self.refresh_live)
        else:
            self.refresh_live()

    def tick(self) -> None:
        room = self.room
        if room is None or room.phase != "question":
            return
        for countdown in self.query(Countdown):
            if countdown.query("#countdown-digits"):  # mounted with its parts (after recompose)
                countdown.show(room.remaining(), room.paused)

    def refresh_live(self) -> None:
        """Update what changes within a phase: counts, players, typed answers, the hint."""
        room, server = self.room, self.server
        if room is None or server is None:
            return
        for bar in self.query("#host-bar").results(Label):
            bar.update(self.top_line())
        active = room.active_players()
        for digits in self.query("#player-count").results(Digits):
            digits.update(str(len(active)))
        if room.phase in ("question", "locked"):
            for digits in self.query("#answered").results(Digits):
                digits.update(str(room.answered_count()))
            for label in self.query("#answered-label").results(Label):
                label.update(f"of {room.eligible_count()} answered")
            self.tick()
            self.set_class(room.paused, "-paused")
        else:
            self.set_class(False, "-paused")
        self.refresh_players()
        self.refresh_groups()
        self.refresh_peek()
        for hint in self.query("#host-hint").results(Label):
            hint.update(self.hint())
        self.refresh_bindings()

    def refresh_players(self) -> None:
        room, server = self.room, self.server
        lists = list(self.query("#players").results(OptionList))
        if room is None or server is None or not lists:
            return
        players = room.active_players()
        shown = tuple(
            (p.id, p.name, p.team, p.id in server.by_player, room.answer_of(p.id) is not None)
            for p in players
        )
        if shown == self._players_shown and lists[0].option_count == len(players):
            return
        self._players_shown = shown
        in_question = room.phase in ("question", "locked")
        options: list[Option] = []
        for p in players:
            mark = "●" if p.id in server.by_player else "○"
            if in_question:
                mark += " ✓" if room.answer_of(p.id) is not None else "  "
            prompt = Content.assemble(f"{mark} ", Content(p.name))
            if p.team is not None:
                prompt += Content("  ") + team_swatch(p.team, room.teams[p.team])
            options.append(Option(prompt, id=f"p{p.id}"))
        for ol in lists:
            highlighted = ol.highlighted
            ol.set_options(options)
            if options:
                ol.highlighted = min(highlighted or 0, len(options) - 1)

    def refresh_groups(self) -> None:
        room = self.room
        lists = list(self.query("#typed-groups").results(OptionList))
        if room is None or not lists:
            return
        groups = self.typed_groups()
        shown = tuple((g.key, g.count, g.correct, g.overridden) for g in groups)
        if shown == self._groups_shown and lists[0].option_count == len(groups):
            return
        self._groups_shown = shown
        options: list[Option] = []
        for g in groups:
            mark = "✔*" if g.overridden else ("✔ " if g.correct else "✘ ")
            note = "  (counted right)" if g.overridden else ""
            text = Content.assemble(f"{mark} ", Content(g.text or "(blank)"), f"  ×{g.count}{note}")
            options.append(Option(text, id=f"g{len(options)}"))
        for ol in lists:
            highlighted = ol.highlighted
            ol.set_options(options)
            if options:
                ol.highlighted = min(highlighted or 0, len(options) - 1)

    def typed_groups(self) -> list[TypedGroup]:
        """The typed answers listed: before the reveal only those the grader refused (the
        projector must not show the right one early), all of them after."""
        room = self.room
        if room is None:
            return []
        groups = room.typed_groups()
        if room.phase == "locked":
            groups = [g for g in groups if not g.correct]
        return groups

    def refresh_peek(self) -> None:
        room = self.room
        for label in self.query("#peek").results(Label):
            if room is not None and self.peeking:
                label.update(
                    f"Expected answer (on this screen only, not on the phones):"
                    f" {room.question.answer_text}"
                )
                label.display = True
            else:
                label.update("")
                label.display = False

    def watch_show_players(self, show: bool) -> None:
        self.set_class(show, "-show-players")

    def top_line(self) -> str:
        room, server = self.room, self.server
        if room is None or server is None:
            return ""
        parts = [f"Live · {room.deck_title} · room {room.code}"]
        if room.phase not in ("lobby", "end"):
            parts.append(f"question {room.number} of {room.total}")
        parts.append(SCORING_NAMES[room.settings.scoring])
        parts.append(f"{len(room.active_players())} players ({server.connected_count()} here)")
        parts.append("late join on" if room.settings.late_join else "late join off")
        if room.settings.projector_only:
            parts.append("question on this screen only")
        return " · ".join(parts)

    def hint(self) -> str:
        room = self.room
        if room is None:
            return ""
        phase = room.phase
        if phase == "lobby":
            if not room.active_players():
                return "Waiting for players to join…"
            return "Press space to start when everyone is in."
        if phase == "question":
            if room.paused:
                return "Paused: answers are refused until you press P again."
            return "Answers are coming in. Space stops answers early; P pauses."
        if phase == "locked":
            if room.question.kind == "typed":
                return "Check the typed answers (K peeks at the expected one), then space reveals."
            return "Press space to reveal the answer."
        if phase == "reveal":
            return "Press space for the leaderboard."
        if phase == "board":
            if room.is_last:
                return "That was the last question: space shows the final results."
            return "Press space for the next question."
        return "X saves the results; Escape closes the room."

    # -- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        room = self.room
        if room is None or self.server is None:
            return action == "close"
        phase = room.phase
        typed = room.question.kind == "typed"
        allowed = {
            "start": phase == "lobby",
            "lock": phase == "question",
            "reveal": phase == "locked",
            "board": phase == "reveal",
            "next": phase == "board" and not room.is_last,
            "final": phase == "board" and room.is_last,
            "pause": phase == "question",
            "skip": phase in ("question", "locked"),
            "back": phase not in ("lobby", "end"),
            "override": typed and phase in ("locked", "reveal"),
            "peek": typed and phase in ("question", "locked"),
            "players": phase != "lobby",
            "remove": phase != "end",
            "team": bool(room.teams) and phase != "end",
            "late_join": phase != "end",
            "export": phase == "end",
            "end": phase != "end",
            "close": phase in ("lobby", "end"),
        }
        return allowed.get(action, True)

    def act(self, action: object) -> None:
        server = self.server
        if server is None or not callable(action):
            return
        problem = server.act(action)
        if problem:
            self.notify(problem, severity="warning", timeout=3, markup=False)
        self.sync()

    def action_start(self) -> None:
        assert self.room is not None
        self.act(self.room.start)

    def action_lock(self) -> None:
        assert self.room is not None
        self.act(self.room.lock)

    def action_reveal(self) -> None:
        assert self.room is not None
        self.act(self.room.reveal)

    def action_board(self) -> None:
        assert self.room is not None
        self.act(self.room.advance)

    def action_next(self) -> None:
        assert self.room is not None
        self.act(self.room.advance)

    def action_final(self) -> None:
        assert self.room is not None
        self.act(self.room.advance)

    def action_pause(self) -> None:
        assert self.room is not None
        self.act(self.room.toggle_pause)

    def action_skip(self) -> None:
        assert self.room is not None
        self.act(self.room.skip)

    def action_back(self) -> None:
        assert self.room is not None
        self.act(self.room.back)

    def action_late_join(self) -> None:
        room = self.room
        assert room is not None
        allowed = not room.settings.late_join
        self.act(lambda: room.set_late_join(allowed))
        self.notify(
            "Late joiners are welcome." if allowed else "The door is closed to late joiners.",
            markup=False,
        )

    def action_end(self) -> None:
        """E asks; E again within a few seconds ends the room."""
        assert self.room is not None
        if self._confirmed("end", "Press E again to end the room and show the podium."):
            self.act(self.room.end)

    def action_players(self) -> None:
        self.show_players = not self.show_players
        if self.show_players:
            for ol in self.query("#players").results(OptionList):
                ol.focus()

    def selected_player(self) -> int | None:
        for ol in self.query("#players").results(OptionList):
            if ol.highlighted is not None and ol.option_count:
                option_id = ol.get_option_at_index(ol.highlighted).id or ""
                if option_id.startswith("p"):
                    return int(option_id[1:])
        return None

    def action_remove(self) -> None:
        room, server = self.room, self.server
        pid = self.selected_player()
        if room is None or server is None or pid is None:
            self.notify("Pick a player in the list first (W shows it).", timeout=3, markup=False)
            return
        name = room.players[pid].name
        if not self._confirmed(f"remove-{pid}", f"Press R again to remove {name}."):
            return
        problem = server.remove(pid)
        if problem:
            self.notify(problem, severity="warning", timeout=3, markup=False)
        else:
            self.notify(f"{name} was removed.", timeout=3, markup=False)
        self.sync()

    def action_team(self) -> None:
        room = self.room
        pid = self.selected_player()
        if room is None or pid is None:
            self.notify("Pick a player in the list first (W shows it).", timeout=3, markup=False)
            return
        self.act(lambda: room.next_team(pid))

    def action_override(self) -> None:
        room = self.room
        lists = list(self.query("#typed-groups").results(OptionList))
        if room is None or not lists or lists[0].highlighted is None:
            return
        groups = self.typed_groups()
        if not groups:
            return
        group = groups[min(lists[0].highlighted, len(groups) - 1)]
        if group.correct:
            self.notify("The grader already counts that answer right.", timeout=3, markup=False)
            return
        self.act(lambda: room.toggle_override(group.key))

    def action_peek(self) -> None:
        """Show the expected answer on the teacher's screen for a few seconds (never sent);
        K again hides it at once, as in a drill (one timer: a second K is not cut short by
        the first one's)."""
        if self._peek_timer is not None:
            self._peek_timer.stop()
            self._peek_timer = None
        self.peeking = not self.peeking
        if self.peeking:
            self._peek_timer = self.set_timer(PEEK_SECONDS, self._end_peek)
        self.refresh_peek()

    def _end_peek(self) -> None:
        self._peek_timer = None
        self.peeking = False
        self.refresh_peek()

    def action_export(self) -> None:
        self.export()

    @work(thread=True, exclusive=True, group="host-export")
    def export(self) -> None:
        room = self.room
        if room is None:
            return
        try:
            written = []
            for path in saved_export_paths(room):
                write_export(room, path)
                written.append(str(path))
        except OSError as exc:
            self.post_message(self.Exported(f"The results were not saved: {exc}", ok=False))
            return
        self.post_message(self.Exported("Results saved: " + ", ".join(written), ok=True))

    def on_host_screen_exported(self, message: Exported) -> None:
        if message.ok:
            self.notify(message.text, timeout=10, markup=False)
        else:
            self.notify(message.text, severity="error", timeout=10, markup=False)

    async def action_close(self) -> None:
        """Close the room: devices are told, the room is saved, the screen goes. Before the
        start, Escape asks first (the room stays saved and `quizapp host --resume` reopens it)."""
        room = self.room
        if room is not None and room.phase == "lobby" and room.active_players():
            prompt = "Press Escape again to close the room (quizapp host --resume reopens it)."
            if not self._confirmed("close", prompt):
                return
        await self.shut_down()
        self.dismiss(None)

    def _confirmed(self, what: str, prompt: str) -> bool:
        now = self.ctx.clock.monotonic()
        asked = self._asked.get(what)
        if asked is None or now - asked > CONFIRM_SECONDS:
            self._asked = {what: now}
            self.notify(prompt, timeout=4, markup=False)
            return False
        self._asked = {}
        return True
