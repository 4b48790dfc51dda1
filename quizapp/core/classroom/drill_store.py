"""Where drills are kept: ``drills.sqlite3`` in the data dir (WAL), apart from study progress.

Every drill is stored from its first question on: deck, start and end time, settings, the
whole drill state (so it can be resumed) and, per asked question per team, the answer,
right/wrong, time and points. The spaced-repetition store is never opened here: a drill
changes nobody's schedule.

Writes come from worker threads. A `DrillSnapshot` is taken on the thread that changed the
drill (`snapshot(drill)`), then written anywhere; a snapshot older than what is stored is
ignored, so two writes finishing out of order never bring back an old state.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from quizapp.core import paths
from quizapp.core.classroom.drill import Drill, ResultRow
from quizapp.core.clock import Clock

DB_NAME = "drills.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS drills (
    id INTEGER PRIMARY KEY,
    deck_id TEXT NOT NULL,
    deck_title TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    settings TEXT NOT NULL,
    state TEXT NOT NULL,
    revision INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS drill_answers (
    drill_id INTEGER NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    team TEXT NOT NULL,
    answer TEXT NOT NULL,
    answered INTEGER NOT NULL,
    right INTEGER NOT NULL,
    seconds REAL,
    confidence INTEGER NOT NULL,
    points INTEGER NOT NULL,
    PRIMARY KEY (drill_id, number, team)
);
"""


class DrillNotFound(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class DrillSnapshot:
    """A drill's state at one revision, safe to hand to another thread."""

    drill_id: int
    revision: int
    finished_at: str | None
    settings: str
    state: str
    rows: tuple[ResultRow, ...]


def snapshot(drill: Drill) -> DrillSnapshot:
    if drill.id is None:
        raise ValueError("the drill is not in the store yet: call DrillStore.create first")
    return DrillSnapshot(
        drill_id=drill.id,
        revision=drill.revision,
        finished_at=drill.finished_at.isoformat() if drill.finished_at else None,
        settings=json.dumps(drill.settings.to_dict()),
        state=json.dumps(drill.to_dict()),
        rows=tuple(drill.results()),
    )


@dataclass(frozen=True, slots=True)
class DrillSummary:
    id: int
    deck_id: str
    deck_title: str
    started_at: datetime
    finished_at: datetime | None
    teams: tuple[str, ...]
    scoring: str

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class DrillStore:
    """The drills database. Thread-safe: one connection behind a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a commit survives the app crashing (what resume needs), fsyncs less
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(SCHEMA)

    @classmethod
    def open(cls, path: Path | None = None) -> DrillStore:
        """Open (creating if needed) the drills database; default: in the data dir."""
        return cls(path or paths.data_dir(create=True) / DB_NAME)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> DrillStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def create(self, drill: Drill) -> int:
        """Store a new drill; sets and returns its id."""
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO drills (deck_id, deck_title, started_at, settings, state, revision)"
                " VALUES (?, ?, ?, ?, '{}', -1)",
                (
                    drill.deck_id,
                    drill.deck_title,
                    drill.started_at.isoformat(),
                    json.dumps(drill.settings.to_dict()),
                ),
            )
        assert cur.lastrowid is not None
        drill.id = cur.lastrowid
        self.save(snapshot(drill))
        return drill.id

    def save(self, snap: DrillSnapshot) -> bool:
        """Write a snapshot in one transaction. False when a newer one is already stored."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cur = self._db.execute(
                    "UPDATE drills SET state = ?, revision = ?, finished_at = ?, settings = ?"
                    " WHERE id = ? AND revision < ?",
                    (
                        snap.state,
                        snap.revision,
                        snap.finished_at,
                        snap.settings,
                        snap.drill_id,
                        snap.revision,
                    ),
                )
                if cur.rowcount == 0:
                    self._db.execute("ROLLBACK")
                    return False
                self._db.execute("DELETE FROM drill_answers WHERE drill_id = ?", (snap.drill_id,))
                self._db.executemany(
                    "INSERT INTO drill_answers (drill_id, number, team, answer, answered, right,"
                    " seconds, confidence, points) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            snap.drill_id,
                            r.number,
                            r.team,
                            r.answer,
                            int(r.answered),
                            int(r.right),
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

    def load(self, drill_id: int, clock: Clock) -> Drill:
        with self._lock:
            row = self._db.execute("SELECT state FROM drills WHERE id = ?", (drill_id,)).fetchone()
        if row is None:
            raise DrillNotFound(f"no drill number {drill_id}")
        return Drill.from_dict(json.loads(row[0]), clock, drill_id=drill_id)

    def latest_unfinished(self, deck_id: str | None = None) -> int | None:
        """The id of the most recent drill (on `deck_id`, if given) that was not finished."""
        where = "finished_at IS NULL" + (" AND deck_id = ?" if deck_id is not None else "")
        params = (deck_id,) if deck_id is not None else ()
        with self._lock:
            row = self._db.execute(
                f"SELECT id FROM drills WHERE {where} ORDER BY id DESC LIMIT 1", params
            ).fetchone()
        return int(row[0]) if row else None

    def summaries(self) -> list[DrillSummary]:
        """Every stored drill, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, deck_id, deck_title, started_at, finished_at, settings"
                " FROM drills ORDER BY id DESC"
            ).fetchall()
        out: list[DrillSummary] = []
        for drill_id, deck_id, title, started, finished, settings in rows:
            s: dict[str, Any] = json.loads(settings)
            out.append(
                DrillSummary(
                    id=int(drill_id),
                    deck_id=deck_id,
                    deck_title=title,
                    started_at=datetime.fromisoformat(started),
                    finished_at=datetime.fromisoformat(finished) if finished else None,
                    teams=tuple(s.get("teams", ())),
                    scoring=str(s.get("scoring", "accuracy")),
                )
            )
        return out

    def answer_rows(self, drill_id: int) -> list[ResultRow]:
        """The stored per-question per-team results of a drill, in question then team order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT number, team, answer, answered, right, seconds, confidence, points"
                " FROM drill_answers WHERE drill_id = ? ORDER BY number, rowid",
                (drill_id,),
            ).fetchall()
        return [
            ResultRow(n, team, answer, bool(answered), bool(right), seconds, conf, points)
            for n, team, answer, answered, right, seconds, conf, points in rows
        ]
