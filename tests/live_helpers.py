"""Helpers for live room tests: the fixture deck, a fixed clock, rooms and WebSocket students.

Not a conftest: import what you need (`from live_helpers import make_room, ...`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from quizapp.core.classroom.room import Room, RoomSettings, new_room
from quizapp.core.clock import Clock, FakeClock
from quizapp.core.decks.loader import load_deck_file
from quizapp.core.decks.model import Deck
from quizapp.core.practice.questions import Question

FIXTURES = Path(__file__).parent / "live_fixtures"
DECK_FILE = FIXTURES / "live-demo.yaml"
START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SEED = 11
CODE = "482913"
KEY = "h3k9m2qa"


def demo_deck() -> Deck:
    return load_deck_file(DECK_FILE)


def fake_clock() -> FakeClock:
    return FakeClock(START)


def make_settings(**changes: Any) -> RoomSettings:
    base: dict[str, Any] = {"count": 4, "timer": 20, "seed": SEED}
    base.update(changes)
    return RoomSettings(**base)


def make_room(clock: Clock | None = None, **changes: Any) -> Room:
    """A room on the fixture deck with a fixed code and key."""
    return new_room(
        demo_deck(), make_settings(**changes), clock or fake_clock(), code=CODE, key=KEY
    )


def right_response(q: Question) -> Any:
    """The right response to a question, as a device sends it."""
    if q.kind in ("choice", "truefalse"):
        return q.correct[0]
    if q.kind == "typed":
        return q.accepted[0]
    return list(q.correct)


def wrong_response(q: Question) -> Any:
    """A wrong response of the right shape."""
    if q.kind in ("choice", "truefalse"):
        return next(i for i in range(len(q.options)) if i not in q.correct)
    if q.kind == "typed":
        return "Zanzibar"
    if q.kind == "multi":
        return [next(i for i in range(len(q.options)) if i not in q.correct)]
    if q.kind == "order":
        return list(reversed(q.correct))
    return [(c + 1) % len(q.options) for c in q.correct]


@dataclass
class Student:
    """One simulated device on a real WebSocket."""

    ws: aiohttp.ClientWebSocketResponse
    frames: list[dict[str, Any]] = field(default_factory=list)
    token: str = ""
    name: str = ""

    async def send(self, **message: Any) -> None:
        await self.ws.send_str(json.dumps(message))

    async def recv(self, timeout: float = 5.0) -> dict[str, Any]:
        msg = await self.ws.receive(timeout=timeout)
        if msg.type != aiohttp.WSMsgType.TEXT:
            raise ConnectionError(f"expected a text frame, got {msg.type!r} {msg.data!r}")
        frame: dict[str, Any] = json.loads(msg.data)
        self.frames.append(frame)
        return frame

    async def until(self, timeout: float = 5.0, **match: Any) -> dict[str, Any]:
        """Read frames until one whose keys match (nested 'room.phase' as room_phase)."""
        while True:
            frame = await self.recv(timeout)
            if all(_get(frame, k) == v for k, v in match.items()):
                return frame

    async def collect(self, timeout: float = 5.0, **match: Any) -> list[dict[str, Any]]:
        """Every frame read up to and including the first that matches."""
        out: list[dict[str, Any]] = []
        while True:
            frame = await self.recv(timeout)
            out.append(frame)
            if all(_get(frame, k) == v for k, v in match.items()):
                return out


def _get(frame: dict[str, Any], key: str) -> Any:
    value: Any = frame
    for part in key.split("__"):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
