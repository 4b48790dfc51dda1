"""Where live rooms are kept: ``rooms.sqlite3`` in the data dir (WAL), apart from study progress.

The drill store's pattern, through the same `quizapp.core.classroom.state_store.StateStore`:
every room is stored from its creation on (deck, code, start and end time, settings, the whole
room state so it can be resumed) and, per asked question per student, the answer, right/wrong,
time and points (`room_answers`, only the rows that changed written). A `RoomSnapshot` is taken
on the thread that changed the room (the server's event loop), then written from a worker
thread; a snapshot older than what is stored is ignored, so two writes finishing out of order
never bring back an old state.

The file is opened by the layer every store uses (`quizapp.core.database`): versioned
migrations, a damaged file moved aside, `StoreError` for every failure, and the file readable
by its owner only (the state holds the students' resume tokens). The spaced-repetition store is
never opened here: a room changes nobody's schedule.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizapp.core.classroom.room import ResultRow, Room
from quizapp.core.classroom.state_store import StateSnapshot, StateStore
from quizapp.core.clock import Clock
from quizapp.core.database import Schema, StoreError

__all__ = ["DB_NAME", "RoomNotFound", "RoomSnapshot", "RoomStore", "RoomSummary", "StoreError"]

DB_NAME = "rooms.sqlite3"

# MIGRATIONS[n] takes the file from version n to n + 1. The first one is the schema the room
# store had before it was versioned (IF NOT EXISTS: such files are adopted as they are).
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS rooms (
        id INTEGER PRIMARY KEY,
        deck_id TEXT NOT NULL,
        deck_title TEXT NOT NULL,
        code TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        settings TEXT NOT NULL,      -- JSON, RoomSettings.to_dict()
        players INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL,         -- JSON, Room.to_dict(): what resuming needs
        revision INTEGER NOT NULL    -- of the state; an older snapshot never overwrites it
    );
    -- one row per asked question per student (docs/live.md)
    CREATE TABLE IF NOT EXISTS room_answers (
        room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        player_id INTEGER NOT NULL,
        player TEXT NOT NULL,
        team TEXT NOT NULL,
        answer TEXT NOT NULL,
        answered INTEGER NOT NULL,
        right INTEGER NOT NULL,
        overridden INTEGER NOT NULL,
        seconds REAL,
        confidence INTEGER NOT NULL,
        points INTEGER NOT NULL,
        PRIMARY KEY (room_id, number, player_id)
    );
    """,
)
SCHEMA = Schema("rooms database", MIGRATIONS)

# The columns of a room_answers row after room_id; the first two are its key.
_ANSWER_KEYS = (
    "number",
    "player_id",
    "player",
    "team",
    "answer",
    "answered",
    "right",
    "overridden",
    "seconds",
    "confidence",
    "points",
)


class RoomNotFound(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class RoomSnapshot(StateSnapshot[ResultRow]):
    """A room's state at one revision, safe to hand to another thread."""

    players: int  # the students in the room (listed with the room)

    @property
    def room_id(self) -> int:
        return self.id

    def columns(self) -> dict[str, object]:
        return {**StateSnapshot.columns(self), "players": self.players}


def snapshot(room: Room) -> RoomSnapshot:
    if room.id is None:
        raise ValueError("the room is not in the store yet: call RoomStore.create first")
    return RoomSnapshot(
        id=room.id,
        revision=room.revision,
        finished_at=room.finished_at.isoformat() if room.finished_at else None,
        settings=json.dumps(room.settings.to_dict()),
        players=len(room.active_players()),
        state=json.dumps(room.to_dict(), ensure_ascii=False),
        rows=tuple(room.results()),
    )


@dataclass(frozen=True, slots=True)
class RoomSummary:
    id: int
    deck_id: str
    deck_title: str
    code: str
    started_at: datetime | None  # None only when the row is damaged
    finished_at: datetime | None
    players: int
    scoring: str
    problem: str | None = None  # why the row cannot be read (it is listed, not loaded)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class RoomStore(StateStore[Room, RoomSnapshot]):
    """The rooms database. Thread-safe: one connection behind a lock."""

    db_name = DB_NAME
    schema = SCHEMA
    what = "room"
    table = "rooms"
    answers_table = "room_answers"
    owner_column = "room_id"
    answer_columns = _ANSWER_KEYS
    not_found = RoomNotFound

    def summaries(self) -> list[RoomSummary]:
        """Every stored room, newest first."""
        with self._lock:
            rows = self.db.rows(
                "SELECT id, deck_id, deck_title, code, started_at, finished_at, players, settings"
                " FROM rooms ORDER BY id DESC"
            )
        out: list[RoomSummary] = []
        for room_id, deck_id, title, code, started, finished, players, settings in rows:
            try:
                s = json.loads(settings)
                if not isinstance(s, dict):
                    raise TypeError("the settings are not an object")
                summary = RoomSummary(
                    id=int(room_id),
                    deck_id=str(deck_id),
                    deck_title=str(title),
                    code=str(code),
                    started_at=datetime.fromisoformat(started),
                    finished_at=datetime.fromisoformat(finished) if finished else None,
                    players=int(players),
                    scoring=str(s.get("scoring", "accuracy")),
                )
            except (ValueError, TypeError) as exc:  # a damaged row is still listed
                summary = RoomSummary(
                    id=int(room_id),
                    deck_id=str(deck_id),
                    deck_title=str(title),
                    code=str(code),
                    started_at=None,
                    finished_at=None,
                    players=0,
                    scoring="",
                    problem=f"{type(exc).__name__}: {exc}",
                )
            out.append(summary)
        return out

    def _new_row(self, item: Room) -> dict[str, object]:
        return {**super()._new_row(item), "code": item.code}

    def _snapshot(self, item: Room) -> RoomSnapshot:
        return snapshot(item)

    def _restore(self, data: dict[str, Any], clock: Clock, item_id: int) -> Room:
        return Room.from_dict(data, clock, room_id=item_id)
