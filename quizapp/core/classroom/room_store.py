"""Where live rooms are kept: ``rooms.sqlite3`` in the data dir (WAL), apart from study progress.

The drill store's pattern: every room is stored from its creation on (deck, code, start and end
time, settings, the whole room state so it can be resumed) and, per asked question per student,
the answer, right/wrong, time and points. A `RoomSnapshot` is taken on the thread that changed
the room (the server's event loop), then written from a worker thread; a snapshot older than
what is stored is ignored, so two writes finishing out of order never bring back an old state.

The state holds the students' resume tokens, so the file is created readable by its owner only.
The spaced-repetition store is never opened here: a room changes nobody's schedule.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from quizapp.core import paths
from quizapp.core.classroom.room import ResultRow, Room
from quizapp.core.clock import Clock

DB_NAME = "rooms.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    id INTEGER PRIMARY KEY,
    deck_id TEXT NOT NULL,
    deck_title TEXT NOT NULL,
    code TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    settings TEXT NOT NULL,
    players INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    revision INTEGER NOT NULL
);
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
"""


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


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only (it holds resume tokens)."""
    if path.exists():
        return
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


class RoomStore:
    """The rooms database. Thread-safe: one connection behind a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        _create_private(path)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(SCHEMA)

    @classmethod
    def open(cls, path: Path | None = None) -> RoomStore:
        """Open (creating if needed) the rooms database; default: in the data dir."""
        return cls(path or paths.data_dir(create=True) / DB_NAME)

    @staticmethod
    def exists() -> bool:
        return (paths.data_dir() / DB_NAME).exists()

    def close(self) -> None:
        with self._lock:
            self._db.close()

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
        with self._lock:
            cur = self._db.execute(
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
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cur = self._db.execute(
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
                    self._db.execute("ROLLBACK")
                    return False
                self._db.execute("DELETE FROM room_answers WHERE room_id = ?", (snap.room_id,))
                self._db.executemany(
                    "INSERT INTO room_answers (room_id, number, player_id, player, team, answer,"
                    " answered, right, overridden, seconds, confidence, points)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            snap.room_id,
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
                        for r in snap.rows
                    ],
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return True

    def load(self, room_id: int, clock: Clock) -> Room:
        with self._lock:
            row = self._db.execute("SELECT state FROM rooms WHERE id = ?", (room_id,)).fetchone()
        if row is None:
            raise RoomNotFound(f"no room number {room_id}")
        return Room.from_dict(json.loads(row[0]), clock, room_id=room_id)

    def latest_unfinished(self) -> int | None:
        """The id of the most recent room that was not finished."""
        with self._lock:
            row = self._db.execute(
                "SELECT id FROM rooms WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return int(row[0]) if row else None

    def summaries(self) -> list[RoomSummary]:
        """Every stored room, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, deck_id, deck_title, code, started_at, finished_at, players, settings"
                " FROM rooms ORDER BY id DESC"
            ).fetchall()
        out: list[RoomSummary] = []
        for room_id, deck_id, title, code, started, finished, players, settings in rows:
            s: dict[str, Any] = json.loads(settings)
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

    def answer_rows(self, room_id: int) -> list[ResultRow]:
        """The stored per-question per-student results of a room, in question order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT number, player_id, player, team, answer, answered, right, overridden,"
                " seconds, confidence, points FROM room_answers WHERE room_id = ?"
                " ORDER BY number, rowid",
                (room_id,),
            ).fetchall()
        return [
            ResultRow(n, pid, p, t, a, bool(ans), bool(r), bool(o), s, c, pts)
            for n, pid, p, t, a, ans, r, o, s, c, pts in rows
        ]
