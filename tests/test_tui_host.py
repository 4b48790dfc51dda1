"""The host screen driven by keys, with its server live and simulated students answering."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from live_helpers import Student, demo_deck, fake_clock, make_room, right_response
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Label
from tui_helpers import record_notifications

from quizapp.core.classroom.room import Room, RoomSettings
from quizapp.core.classroom.room_store import RoomStore
from quizapp.core.decks.discovery import DeckSet
from quizapp.live.server import Limits, LiveServer, ServeOptions
from quizapp.tui.app import QuizApp
from quizapp.tui.context import AppContext
from quizapp.tui.messages import OpenHost
from quizapp.tui.screens.host import HostScreen
from quizapp.tui.widgets.countdown import Countdown

SIZE = (120, 36)
OPTIONS = ServeOptions(port=0, limits=Limits(join_burst=100, join_refill_seconds=0))


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


def host_app(room: Room, store: RoomStore | None = None) -> tuple[QuizApp, HostScreen]:
    deck = demo_deck()
    ctx = AppContext(clock=room.clock, decks=DeckSet(decks={deck.id: deck}))
    screen = HostScreen(ctx, room, store, OPTIONS)
    return QuizApp(ctx, start=screen), screen


async def student(session: aiohttp.ClientSession, screen: HostScreen, name: str) -> Student:
    assert screen.server is not None
    s = Student(await session.ws_connect(screen.server.url + "/ws"))
    await s.until(type="room")
    await s.send(type="hello", v=1, name=name)
    welcome = await s.until(type="welcome")
    s.token, s.name = welcome["resume"], name
    return s


async def wait_for(pilot: object, check: object, what: str, timeout: float = 5.0) -> None:
    """Let the screen catch up (its refreshes are throttled) until `check()` holds."""
    assert callable(check)
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)  # type: ignore[attr-defined]


async def serving(pilot: object, screen: HostScreen) -> None:
    """Wait until the room is served and the screen shows it."""
    await wait_for(
        pilot,
        lambda: screen.server is not None and screen.server.port and screen.query("#stage"),
        "the room served and shown",
    )


def players_shown(screen: HostScreen) -> list[str]:
    ol = screen.query_one("#players")
    return [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]  # type: ignore[attr-defined]


def footer_keys(app: QuizApp) -> dict[str, str]:
    return {
        b.binding.description: k
        for k, b in app.active_bindings.items()
        if b.enabled and b.binding.show
    }


async def test_a_room_from_the_join_screen_to_the_podium(session: aiohttp.ClientSession) -> None:
    room = make_room(count=2, types=("choice",), scoring="speed", timer=20)
    clock = room.clock
    app, screen = host_app(room)
    async with app.run_test(size=SIZE) as pilot:
        await serving(pilot, screen)
        assert screen.query_one("#join-url").content == screen.server.url  # type: ignore[union-attr]
        ana = await student(session, screen, "Ana")
        ben = await student(session, screen, "[b]Ben[/b]")
        await wait_for(pilot, lambda: len(players_shown(screen)) == 2, "two players")
        assert any("[b]Ben[/b]" in p for p in players_shown(screen))  # shown as text
        assert screen.query_one("#player-count").value == "2"  # type: ignore[attr-defined]
        assert "Start" in footer_keys(app)

        await pilot.press("space")
        assert room.phase == "question"
        await ana.until(type="state", room__phase="question")
        clock.advance(4)  # type: ignore[attr-defined]
        await ana.send(type="answer", q=1, response=right_response(room.question))
        await ana.until(type="ack")
        await wait_for(pilot, lambda: screen.query_one("#answered").value == "1", "1 answered")  # type: ignore[attr-defined]
        assert "of 2 answered" in str(screen.query_one("#answered-label").content)  # type: ignore[attr-defined]
        await wait_for(
            pilot,
            lambda: screen.query_one(Countdown).query_one("Digits").value == "16",  # type: ignore[attr-defined]
            "the countdown at 16",
        )

        await pilot.press("p")  # paused: answers are refused
        await ben.until(type="state", room__paused=True)
        await ben.send(type="answer", q=1, response=right_response(room.question))
        assert (await ben.until(type="error"))["code"] == "paused"
        await pilot.press("p")
        await ben.until(type="state", room__paused=False)
        await ben.send(type="answer", q=1, response=right_response(room.question))
        await ben.until(type="ack")
        await wait_for(
            pilot, lambda: room.phase == "locked" and "Reveal" in footer_keys(app), "locked"
        )

        await pilot.press("space")
        reveal = await ana.until(type="state", room__phase="reveal")
        assert reveal["you"]["points"] == 900  # 4 s of 20 s
        assert [str(lbl.content) for lbl in screen.query(".count-n")] == [
            str(c) for c in room.option_counts()
        ]
        await pilot.press("space")
        assert room.phase == "board"
        assert "Next question" in footer_keys(app)
        names = [str(lbl.content) for lbl in screen.query(".standing .name")]
        assert names == ["Ana", "[b]Ben[/b]"]

        await pilot.press("space")
        await ana.until(type="state", room__phase="question", room__number=2)
        await pilot.press("space")  # stop answers early
        await pilot.press("space")  # reveal
        await pilot.press("space")  # the last board
        assert room.phase == "board" and room.is_last
        keys = footer_keys(app)
        assert "Final results" in keys and "Next question" not in keys
        await pilot.press("space")
        end = await ana.until(type="state", room__phase="end")
        assert end["you"]["rank"] == 1
        assert "Save results" in footer_keys(app)
        await pilot.press("escape")
        await pilot.pause()
    assert screen.server is None  # closing the screen closed the room


async def test_typed_answers_overrides_and_the_private_peek(
    session: aiohttp.ClientSession,
) -> None:
    room = make_room(count=1, types=("typed",))
    app, screen = host_app(room)
    async with app.run_test(size=SIZE) as pilot:
        await serving(pilot, screen)
        a = await student(session, screen, "a")
        b = await student(session, screen, "b")
        await wait_for(pilot, lambda: len(players_shown(screen)) == 2, "two players")
        await pilot.press("space")
        await pilot.press("k")
        peek = screen.query_one("#peek")
        assert "Lima" in str(peek.content) and "not on the phones" in str(peek.content)  # type: ignore[attr-defined]
        await pilot.press("k")  # K again hides it at once
        assert not peek.display and "Lima" not in str(peek.content)  # type: ignore[attr-defined]
        await a.until(type="state", room__phase="question")
        await a.send(type="answer", q=1, response="Cuzco")
        await b.send(type="answer", q=1, response="lima")
        await wait_for(pilot, lambda: screen.query("#typed-groups"), "the typed answers")
        groups = screen.query_one("#typed-groups")
        await wait_for(pilot, lambda: groups.option_count == 1, "one refused answer")  # type: ignore[attr-defined]
        listed = str(groups.get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        assert "Cuzco" in listed and "lima" not in listed.lower()  # the right one stays hidden
        groups.focus()
        await pilot.pause()
        await pilot.press("o")
        assert room.state.overrides == {"cuzco"}
        await pilot.press("space")
        reveal = await a.until(type="state", room__phase="reveal")
        assert reveal["you"]["right"] is True and reveal["you"]["points"] == 1


async def test_the_teacher_removes_a_player_and_closes_the_door(
    session: aiohttp.ClientSession,
) -> None:
    room = make_room(count=2, types=("choice",))
    app, screen = host_app(room)
    async with app.run_test(size=SIZE) as pilot:
        await serving(pilot, screen)
        await student(session, screen, "Nice")
        rude = await student(session, screen, "Rude")
        await wait_for(pilot, lambda: len(players_shown(screen)) == 2, "two players")
        players = screen.query_one("#players")
        players.focus()
        await pilot.pause()
        await pilot.press("down", "r", "r")
        assert (await rude.until(type="removed"))["type"] == "removed"
        await wait_for(pilot, lambda: len(players_shown(screen)) == 1, "one player left")
        assert "Nice" in players_shown(screen)[0]
        await pilot.press("space", "l")  # start, then close the door
        assert not room.settings.late_join
        late = Student(await session.ws_connect(screen.server.url + "/ws"))  # type: ignore[union-attr]
        await late.until(type="room")
        await late.send(type="hello", v=1, name="Late")
        assert (await late.until(type="refused"))["code"] == "late_join_off"


async def test_the_room_is_saved_as_it_goes(session: aiohttp.ClientSession) -> None:
    room = make_room(count=2, types=("choice",))
    store = RoomStore.open()
    store.create(room)
    app, screen = host_app(room, store)
    async with app.run_test(size=SIZE) as pilot:
        await serving(pilot, screen)
        assert screen.server is not None
        served_on = screen.server.port
        a = await student(session, screen, "a")
        await pilot.press("space")
        await a.until(type="state", room__phase="question")
        await a.send(type="answer", q=1, response=right_response(room.question))
        await a.until(type="ack")
        await pilot.press("space")
    store.close()
    assert room.id is not None
    with RoomStore.open() as fresh:
        saved = fresh.load(room.id, fake_clock())
    assert saved.phase == "reveal" and saved.answer_of(1) is not None
    assert saved.port == served_on  # the port it served on (asked: 0, any free one)


class Blank(Screen[None]):
    """Stands in for the home screen: it posts OpenHost as a key would."""

    def compose(self) -> ComposeResult:
        yield Label("home")


async def test_open_host_from_the_app_builds_and_serves_a_room() -> None:
    deck = demo_deck()
    ctx = AppContext(clock=fake_clock(), decks=DeckSet(decks={deck.id: deck}))
    app = QuizApp(ctx, start=Blank())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.post_message(OpenHost(deck.id, RoomSettings(count=2, types=("choice",))))
        await wait_for(pilot, lambda: isinstance(app.screen, HostScreen), "the host screen")
        screen = app.screen
        assert isinstance(screen, HostScreen)
        await serving(pilot, screen)
        assert screen.room is not None
        assert screen.room.deck_id == deck.id and screen.room.id is not None
        assert screen.options.host == "127.0.0.1"
        assert "Only this computer can join" in str(screen.query_one("#local-note").content)  # type: ignore[attr-defined]
    with RoomStore.open() as store:
        assert [s.deck_id for s in store.summaries()] == [deck.id]


async def test_a_room_from_the_app_that_cannot_be_served_goes_back_to_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Opened from the app (home, a drill's setup), a room that cannot be served says why and
    the app goes back to where it was, instead of ending as `quizapp host` does."""

    async def refused(self: LiveServer) -> None:
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(LiveServer, "start", refused)
    deck = demo_deck()
    ctx = AppContext(clock=fake_clock(), decks=DeckSet(decks={deck.id: deck}))
    app = QuizApp(ctx, start=Blank())
    notified = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.post_message(OpenHost(deck.id, RoomSettings(count=2, types=("choice",))))
        await wait_for(pilot, lambda: any("cannot serve" in n for n in notified), "the error")
        await wait_for(pilot, lambda: isinstance(app.screen, Blank), "the screen it came from")
        assert app.is_running and app.return_code is None


async def test_a_port_in_use_ends_the_app_with_a_message() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        room = make_room()
        deck = demo_deck()
        ctx = AppContext(clock=room.clock, decks=DeckSet(decks={deck.id: deck}))
        screen = HostScreen(ctx, room, None, ServeOptions(port=port))
        app = QuizApp(ctx, start=screen)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: bool(screen.error), "the error")
        assert app.return_code == 1
        assert f"cannot serve the room on 127.0.0.1 port {port}" in screen.error
