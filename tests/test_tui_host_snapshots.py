"""Snapshots of the host screen at 80x24 and at projector size 160x45 (its server live)."""

from __future__ import annotations

from typing import Any

import pytest
from live_helpers import demo_deck, make_room, right_response, wrong_response
from textual.pilot import Pilot

from quizapp.core.classroom.room import Room
from quizapp.core.clock import FakeClock
from quizapp.core.decks.discovery import DeckSet
from quizapp.live.server import ServeOptions
from quizapp.tui.app import QuizApp
from quizapp.tui.context import AppContext
from quizapp.tui.screens.host import HostScreen

SIZES = [(80, 24), (160, 45)]
NAMES = ("Ana", "Ben", "[b]Cy[/b]", "Dee", "Eve", "Fox")
URL = "http://192.168.1.20:8765"  # shown instead of the random test port


def staged(stop: str) -> Room:
    """A room with six players (two teams) played through the core up to `stop`."""
    kinds = ("typed",) if stop == "locked-typed" else ("choice", "truefalse")
    room = make_room(count=2, types=kinds, scoring="speed", teams=("Red", "Blue"))
    clock = room.clock
    assert isinstance(clock, FakeClock)
    players = [room.join(n, ("Red", "Blue")[i % 2]) for i, n in enumerate(NAMES)]
    if stop == "lobby":
        return room
    room.start()
    for _ in range(room.total):
        clock.advance(3)
        for p in players[:4]:
            q = room.question
            response = right_response(q) if p.id % 3 else wrong_response(q)
            if stop == "locked-typed" and p.id == 2:
                response = "Cuzco"
            room.answer(p.id, room.number, response)
            clock.advance(1.5)
        if stop == "question":
            return room
        room.lock()
        if stop == "locked-typed":
            return room
        room.reveal()
        if stop == "reveal":
            return room
        room.advance()
        if stop == "board" and room.is_last:
            return room
        room.advance()
    return room


def host_app(room: Room) -> QuizApp:
    deck = demo_deck()
    ctx = AppContext(clock=room.clock, decks=DeckSet(decks={deck.id: deck}))
    return QuizApp(ctx, start=HostScreen(ctx, room, None, ServeOptions(port=0, public_url=URL)))


async def served(pilot: Pilot[None]) -> None:
    for _ in range(200):
        screen = pilot.app.screen
        ready = isinstance(screen, HostScreen) and screen.server and screen.server.port
        if ready and screen.query("#stage"):
            break
        await pilot.pause(0.05)
    await pilot.pause(0.3)  # the throttled refresh of the counts


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stop", ["lobby", "question", "locked-typed", "reveal", "board", "end"])
def test_host_screens(snap_compare: Any, stop: str, size: tuple[int, int]) -> None:
    room = staged(stop)
    expected = {"locked-typed": "locked", "end": "end"}.get(stop, stop)
    assert room.phase == expected
    assert snap_compare(host_app(room), terminal_size=size, run_before=served)
