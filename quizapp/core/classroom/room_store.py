"""Where live rooms are kept: ``rooms.sqlite3`` in the data dir (WAL), apart from study progress.

The drill store's pattern: every room is stored from its creation on (deck, code, start and end
time, settings, the whole room state so it can be resumed) and, per asked question per student,
the answer, right/wrong, time and points (`room_answers`, only the rows that changed written).
A `RoomSnapshot` is taken on the thread that changed the room (the server's event loop), then
written from a worker thread; a snapshot older than what is stored is ignored, so two writes
finishing out of order never bring back an old state.

The file is opened by the layer every store uses (`quizapp.core.database`): versioned
migrations, a damaged file moved aside, `StoreError` for every failure, and the file readable
by its owner only (the state holds the students' resume tokens). The spaced-repetition store is
never opened here: a room changes nobody's schedule.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from quizapp.core import paths
from quizapp.core.classroom.room import ResultRow, Room
from quizapp.core.clock import Clock, SystemClock
from quizapp.core.database import Database, Schema, StoreError, sync_rows

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
class RoomSnapshot:
    """A room's state at one revision, safe to hand to another thread."""

    room_id: int
    revision: int
    finished_at: str | None
    settings: str
    players: int
    state: str
    rows: tuple[ResultRow, ...]


def snapshot(room: Room) -> RoomSnapshot:
    if room.id is None:
        raise ValueError("the room is not in the store yet: call RoomStore.create first")
    return RoomSnapshot(
        room_id=room.id,
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
    started_at: datetime
    finished_at: datetime | None
    players: int
    scoring: str

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


def _answer_values(r: ResultRow) -> tuple[Any, ...]:
    return (
        r.number,
        r.player_id,
        r.player,
        r.team,
        r.answer,
        int(r.answered),
        int(r.right),
        int(r.overridden),
        r.seconds,
        r.confidence,
        r.points,
    )


class RoomStore:
    """The rooms database. Thread-safe: one connection behind a lock."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def recovered_from(self) -> Path | None:
        """Where a damaged file was moved when this store was opened (None: it was sound)."""
        return self.db.recovered_from

    @classmethod
    def open(cls, path: Path | None = None, clock: Clock | None = None) -> RoomStore:
        """Open (creating, migrating or recovering) the rooms database; default: in the data
        dir. Raises StoreError (see `quizapp.core.database`)."""
        now = (clock or SystemClock()).now()
        return cls(Database.open(path or paths.data_dir() / DB_NAME, SCHEMA, now=now))

    @staticmethod
    def exists() -> bool:
        return (paths.data_dir() / DB_NAME).exists()

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> RoomStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def create(self, room: Room) -> int:
        """Store a new room; sets and returns its id."""
        with self._lock, self.db.transaction():
            cur = self.db.execute(
                "INSERT INTO rooms (deck_id, deck_title, code, started_at, settings, state,"
                " revision) VALUES (?, ?, ?, ?, ?, '{}', -1)",
                (
                    room.deck_id,
                    room.deck_title,
                    room.code,
                    room.started_at.isoformat(),
                    json.dumps(room.settings.to_dict()),
                ),
            )
        assert cur.lastrowid is not None
        room.id = cur.lastrowid
        self.save(snapshot(room))
        return room.id

    def save(self, snap: RoomSnapshot) -> bool:
        """Write a snapshot in one transaction. False when a newer one is already stored."""
        db = self.db
        with self._lock, db.transaction():
            cur = db.execute(
                "UPDATE rooms SET state = ?, revision = ?, finished_at = ?, settings = ?,"
                " players = ? WHERE id = ? AND revision < ?",
                (
                    snap.state,
                    snap.revision,
                    snap.finished_at,
                    snap.settings,
                    snap.players,
                    snap.room_id,
                    snap.revision,
                ),
            )
            if cur.rowcount == 0:
                return False
            answers = [_answer_values(r) for r in snap.rows]
            sync_rows(db, "room_answers", ("room_id", snap.room_id), _ANSWER_KEYS, 2, answers)
        return True

    def load(self, room_id: int, clock: Clock) -> Room:
        """The stored room. Raises RoomNotFound, or StoreError when its row is damaged."""
        with self._lock:
            row = self.db.row("SELECT state FROM rooms WHERE id = ?", (room_id,))
        if row is None:
            raise RoomNotFound(f"no room number {room_id}")
        try:
            return Room.from_dict(json.loads(row[0]), clock, room_id=room_id)
        except (ValueError, TypeError, LookupError, AttributeError) as exc:
            raise StoreError(
                f"room {room_id} in {self.path} cannot be read: its saved state is damaged"
                f" ({type(exc).__name__}: {exc})"
            ) from None

    def latest_unfinished(self) -> int | None:
        """The id of the most recent room that was not finished."""
        with self._lock:
            row = self.db.row(
                "SELECT id FROM rooms WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1"
            )
        return int(row[0]) if row else None

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
            except ValueError:
                s = None
            if not isinstance(s, dict):
                s = {"scoring": "?"}  # a damaged row is still listed
            out.append(
                RoomSummary(
                    id=int(room_id),
                    deck_id=deck_id,
                    deck_title=title,
                    code=code,
                    started_at=datetime.fromisoformat(started),
                    finished_at=datetime.fromisoformat(finished) if finished else None,
                    players=int(players),
                    scoring=str(s.get("scoring", "accuracy")),
                )
            )
        return out
