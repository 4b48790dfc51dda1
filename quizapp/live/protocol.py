"""The live room's JSON protocol (version 1), both directions. `docs/live.md` lists every message.

Every frame is one JSON object with a ``type``. A device sends ``hello`` first (join with a
nickname, or resume with its token), then ``answer`` messages. The server sends ``welcome``
or ``refused`` to a hello, ``state`` whenever the room moves (one per device: the room's public
view plus what concerns that device), ``ack`` for an accepted answer, ``error`` for a message it
did not accept, and ``removed`` before it closes a removed player's connection.

What a device can see is built here and nowhere else: before the reveal a ``state`` frame holds
the question's kind, text and options but never which option is right, the accepted answers, the
explanation or the card's id; an ``ack`` says only that the answer arrived and its time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.core.classroom.room import (
    Player,
    PlayerAnswer,
    ResultRow,
    Room,
    Standing,
    gradable,
)
from quizapp.core.practice.questions import describe_response

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 2048
BOARD_TOP = 10

# WebSocket close codes (4000-4999 are the application's)
CLOSE_VERSION = 4000  # the device speaks another protocol version
CLOSE_REMOVED = 4001  # the teacher removed the player
CLOSE_REPLACED = 4002  # the same player connected from another tab or device
CLOSE_TOO_MANY_ERRORS = 4003
CLOSE_ROOM_CLOSED = 4004  # the teacher closed the room


class ProtocolError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Hello:
    version: int
    name: object  # checked by the room (nickname rules)
    team: object
    resume: str | None


@dataclass(frozen=True, slots=True)
class Answer:
    number: object  # checked by the room
    response: object
    sure: object


ClientMessage = Hello | Answer


def parse_client(text: str) -> ClientMessage:
    """A device's message, or ProtocolError('bad_message') saying what is wrong with it."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ProtocolError("bad_message", "not JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError("bad_message", "a message is a JSON object")
    kind = data.get("type")
    if kind == "hello":
        version = data.get("v")
        if isinstance(version, bool) or not isinstance(version, int):
            raise ProtocolError("bad_message", "hello needs the protocol version v")
        resume = data.get("resume")
        if resume is not None and not isinstance(resume, str):
            raise ProtocolError("bad_message", "resume is a token (text)")
        return Hello(version, data.get("name"), data.get("team"), resume or None)
    if kind == "answer":
        if "q" not in data or "response" not in data:
            raise ProtocolError("bad_message", "answer needs q and response")
        return Answer(data["q"], data["response"], data.get("sure"))
    raise ProtocolError("bad_message", f"unknown message type {str(kind)[:20]!r}")


def dumps(frame: Mapping[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


# -- frames the server sends -------------------------------------------------------------------


def welcome(room: Room, player: Player) -> str:
    return dumps(
        {
            "type": "welcome",
            "v": PROTOCOL_VERSION,
            "resume": player.token,
            "player": {"id": player.id, "name": player.name, "team": room.team_name(player)},
            "room": room_info(room),
        }
    )


def room_info(room: Room) -> dict[str, Any]:
    """What a device learns about the room before joining (the join form needs the teams)."""
    return {
        "code": room.code,
        "title": room.deck_title,
        "scoring": room.settings.scoring,
        "teams": list(room.teams),
        "choose_team": bool(room.teams) and not room.settings.auto_teams,
        "total": room.total,
    }


def refused(code: str, message: str) -> str:
    return dumps({"type": "refused", "code": code, "message": message})


def error(code: str, message: str) -> str:
    return dumps({"type": "error", "code": code, "message": message})


def ack(number: int, answer: PlayerAnswer) -> str:
    """An answer arrived in time: its question and time, nothing about right or wrong."""
    return dumps({"type": "ack", "q": number, "seconds": answer.seconds})


def removed() -> str:
    return dumps({"type": "removed", "message": "The teacher removed you from the room."})


def lobby_info(room: Room) -> str:
    """The room before joining, for a device that has not said hello yet."""
    return dumps({"type": "room", "v": PROTOCOL_VERSION, "room": room_info(room)})


@dataclass(slots=True)
class StateContext:
    """What every device's state frame shares at one moment, computed once per broadcast."""

    room: Room
    public: str  # the room's public view, already JSON
    standings: dict[int, Standing]
    rows: dict[int, ResultRow]  # this question's rows by player id (reveal and after)
    of: int  # how many players are ranked


def state_context(room: Room) -> StateContext:
    standings: dict[int, Standing] = {}
    rows: dict[int, ResultRow] = {}
    ranked: list[Standing] = []
    if room.phase in ("reveal", "board", "end"):
        ranked = room.standings()
        standings = {s.player_id: s for s in ranked}
        if room.phase == "reveal":
            rows = {r.player_id: r for r in room.results() if r.number == room.number}
    return StateContext(room, dumps(public_view(room, ranked)), standings, rows, len(ranked))


def state_frame(ctx: StateContext, player: Player) -> str:
    """One device's state frame: the shared view plus its own part (spliced, not re-encoded)."""
    return '{"type":"state","room":' + ctx.public + ',"you":' + dumps(you_view(ctx, player)) + "}"


def public_view(room: Room, ranked: list[Standing]) -> dict[str, Any]:
    """The room as every device sees it. Before the reveal: never the right answer."""
    q = room.question
    prompt = None if room.settings.projector_only else q.prompt
    view: dict[str, Any] = {
        "phase": room.phase,
        "title": room.deck_title,
        "number": room.number,
        "total": room.total,
        "scoring": room.settings.scoring,
    }
    if room.phase == "question":
        remaining = room.remaining()
        view.update(
            kind=q.kind,
            prompt=prompt,
            options=list(q.options),
            lefts=list(q.lefts),
            limit=room.limit,
            remaining=None if remaining is None else round(remaining, 2),
            paused=room.paused,
        )
    elif room.phase == "locked":
        view.update(kind=q.kind, prompt=prompt)
    elif room.phase == "reveal":
        view.update(
            kind=q.kind,
            prompt=prompt,
            options=list(q.options),
            lefts=list(q.lefts),
            correct=list(q.correct),
            answer_text=q.answer_text,
            explain=q.explain,
            counts=room.option_counts(),
        )
    elif room.phase in ("board", "end"):
        view.update(
            final=room.phase == "end" or room.is_last,
            top=[
                {"rank": s.rank, "name": s.name, "team": s.team, "total": s.total}
                for s in ranked[:BOARD_TOP]
            ],
            teams=[
                {"rank": t.rank, "team": t.team, "score": t.score}
                for t in room.team_standings(ranked)
            ],
            asked=room.asked(),
        )
    return view


def you_view(ctx: StateContext, player: Player) -> dict[str, Any]:
    """What concerns one device: whether it may answer, then its own result and place."""
    room = ctx.room
    you: dict[str, Any] = {"id": player.id, "name": player.name, "team": room.team_name(player)}
    if room.phase in ("question", "locked"):
        you["eligible"] = player.id in room.state.eligible
        you["answered"] = room.answer_of(player.id) is not None
        you["can_answer"] = room.can_answer(player.id)
    elif room.phase == "reveal":
        row = ctx.rows.get(player.id)
        answer = room.answer_of(player.id)
        you["eligible"] = row is not None
        you["answered"] = answer is not None
        you["right"] = bool(row and row.right)
        you["points"] = row.points if row else 0
        you["answer"] = (
            describe_response(room.question, gradable(room.question, answer.response))
            if answer
            else ""
        )
    if room.phase in ("reveal", "board", "end"):
        s = ctx.standings.get(player.id)
        you["total"] = s.total if s else 0
        you["rank"] = s.rank if s else None
        you["of"] = ctx.of
        you["streak"] = s.streak if s else 0
    return you
