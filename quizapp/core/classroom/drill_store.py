"""Where drills are kept: ``drills.sqlite3`` in the data dir (WAL), apart from study progress.

Every drill is stored from its first question on: deck, start and end time, settings, the
whole drill state (so it can be resumed) and, per asked question per team, the answer,
right/wrong, time and points. The spaced-repetition store is never opened here: a drill
changes nobody's schedule.

Writes come from worker threads. A `DrillSnapshot` is taken on the thread that changed the
drill (`snapshot(drill)`), then written anywhere; a snapshot older than what is stored is
ignored, so two writes finishing out of order never bring back an old state.

The file is opened by the layer the progress store uses (`quizapp.core.database`): versioned
migrations, a damaged file moved aside (``drills.sqlite3.corrupt-<stamp>``, `recovered_from`
says where), a read-only file still listed, and `StoreError` for every failure. Like the
progress store it commits with ``synchronous=FULL``: a save is one fsync (well under a
millisecond to a few ms, see ``benchmarks/bench_drill_save.py``), and a drill saved before a
power cut is there afterwards, not only after a crash of the app.
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
from quizapp.core.classroom.drill import Drill, ResultRow
from quizapp.core.clock import Clock, SystemClock
from quizapp.core.database import Database, Schema, StoreError, sync_rows

__all__ = [
    "DB_NAME",
    "SCHEMA",
    "DrillNotFound",
    "DrillSnapshot",
    "DrillStore",
    "DrillSummary",
    "StoreError",
    "snapshot",
]

DB_NAME = "drills.sqlite3"

# MIGRATIONS[n] takes the file from version n to n + 1. The first one is the schema the drill
# store had before it was versioned (IF NOT EXISTS: such files are adopted as they are).
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS drills (
        id INTEGER PRIMARY KEY,
        deck_id TEXT NOT NULL,
        deck_title TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        settings TEXT NOT NULL,      -- JSON, DrillSettings.to_dict()
        state TEXT NOT NULL,         -- JSON, Drill.to_dict(): what resuming needs
        revision INTEGER NOT NULL    -- of the state; an older snapshot never overwrites it
    );
    -- one row per asked question per team: the table teachers query (docs/drills.md)
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
    """,
)
SCHEMA = Schema("drills database", MIGRATIONS)

# The columns of a drill_answers row after drill_id; the first two are its key.
_ANSWER_KEYS = ("number", "team", "answer", "answered", "right", "seconds", "confidence", "points")


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
    started_at: datetime | None  # None only when the row is damaged
    finished_at: datetime | None
    teams: tuple[str, ...]
    scoring: str
    problem: str | None = None  # why the row cannot be read (it is listed, not loaded)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


def _answer_values(row: ResultRow) -> tuple[Any, ...]:
    return (
        row.number,
        row.team,
        row.answer,
        int(row.answered),
        int(row.right),
        row.seconds,
        row.confidence,
        row.points,
    )


class DrillStore:
    """The drills database. Thread-safe: one connection behind a lock."""

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
    def open(cls, path: Path | None = None, clock: Clock | None = None) -> DrillStore:
        """Open (creating, migrating or recovering) the drills database; default: in the data
        dir. Raises StoreError (see `quizapp.core.database`)."""
        now = (clock or SystemClock()).now()
        return cls(Database.open(path or paths.data_dir() / DB_NAME, SCHEMA, now=now))

    def close(self) -> None:
        with self._lock:
            self.db.close()

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
        with self._lock, self.db.transaction():
            cur = self.db.execute(
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
        """Write a snapshot in one transaction. False when a newer one is already stored.

        Of `drill_answers`, only the rows that changed are written (a key press changes one
        team's row, or adds a question's rows): upserted, and those no longer in the drill
        (a question taken back) deleted.
        """
        db = self.db
        with self._lock, db.transaction():
            cur = db.execute(
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
                return False
            answers = [_answer_values(row) for row in snap.rows]
            sync_rows(db, "drill_answers", ("drill_id", snap.drill_id), _ANSWER_KEYS, 2, answers)
        return True

    def load(self, drill_id: int, clock: Clock) -> Drill:
        """The stored drill. Raises DrillNotFound, or StoreError when its row is damaged."""
        with self._lock:
            row = self.db.row("SELECT state FROM drills WHERE id = ?", (drill_id,))
        if row is None:
            raise DrillNotFound(f"no drill number {drill_id}")
        try:
            return Drill.from_dict(json.loads(row[0]), clock, drill_id=drill_id)
        except (ValueError, TypeError, LookupError, AttributeError) as exc:
            raise StoreError(
                f"drill {drill_id} in {self.path} cannot be read: its saved state is damaged"
                f" ({type(exc).__name__}: {exc})"
            ) from None

    def latest_unfinished(self, deck_id: str | None = None) -> int | None:
        """The id of the most recent drill (on `deck_id`, if given) that was not finished."""
        where = "finished_at IS NULL" + (" AND deck_id = ?" if deck_id is not None else "")
        params = (deck_id,) if deck_id is not None else ()
        with self._lock:
            row = self.db.row(
                f"SELECT id FROM drills WHERE {where} ORDER BY id DESC LIMIT 1", params
            )
        return int(row[0]) if row else None

    def summaries(self) -> list[DrillSummary]:
        """Every stored drill, newest first (a damaged row is listed with its `problem`)."""
        with self._lock:
            rows = self.db.rows(
                "SELECT id, deck_id, deck_title, started_at, finished_at, settings"
                " FROM drills ORDER BY id DESC"
            )
        return [_summary(*row) for row in rows]


def _summary(
    drill_id: int,
    deck_id: Any,
    title: Any,
    started: Any,
    finished: Any,
    settings: Any,
) -> DrillSummary:
    try:
        s = json.loads(settings)
        if not isinstance(s, dict):
            raise TypeError("the settings are not an object")
        return DrillSummary(
            id=int(drill_id),
            deck_id=str(deck_id),
            deck_title=str(title),
            started_at=datetime.fromisoformat(started),
            finished_at=datetime.fromisoformat(finished) if finished else None,
            teams=tuple(str(t) for t in s.get("teams", ())),
            scoring=str(s.get("scoring", "accuracy")),
        )
    except (ValueError, TypeError) as exc:
        return DrillSummary(
            id=int(drill_id),
            deck_id=str(deck_id),
            deck_title=str(title),
            started_at=None,
            finished_at=None,
            teams=(),
            scoring="",
            problem=f"{type(exc).__name__}: {exc}",
        )
