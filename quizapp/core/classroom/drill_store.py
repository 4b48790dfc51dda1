"""Where drills are kept: ``drills.sqlite3`` in the data dir (WAL), apart from study progress.

Every drill is stored from its first question on: deck, start and end time, settings, the
whole drill state (so it can be resumed) and, per asked question per team, the answer,
right/wrong, time and points. The spaced-repetition store is never opened here: a drill
changes nobody's schedule.

A `DrillStore` is a `quizapp.core.classroom.state_store.StateStore`, as the rooms database is:
a `DrillSnapshot` is taken on the thread that changed the drill (`snapshot(drill)`), then
written anywhere; a snapshot older than what is stored is ignored, so two writes finishing out
of order never bring back an old state.

The file is opened by the layer the progress store uses (`quizapp.core.database`): versioned
migrations, a damaged file moved aside (``drills.sqlite3.corrupt-<stamp>``, `recovered_from`
says where), a read-only file still listed, and `StoreError` for every failure. Like the
progress store it commits with ``synchronous=FULL``: a save is one fsync (well under a
millisecond to a few ms, see ``benchmarks/bench_drill_save.py``), and a drill saved before a
power cut is there afterwards, not only after a crash of the app.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizapp.core.classroom.drill import Drill, ResultRow
from quizapp.core.classroom.state_store import StateSnapshot, StateStore
from quizapp.core.clock import Clock
from quizapp.core.database import Schema, StoreError

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
class DrillSnapshot(StateSnapshot[ResultRow]):
    """A drill's state at one revision, safe to hand to another thread."""

    @property
    def drill_id(self) -> int:
        return self.id


def snapshot(drill: Drill) -> DrillSnapshot:
    if drill.id is None:
        raise ValueError("the drill is not in the store yet: call DrillStore.create first")
    return DrillSnapshot(
        id=drill.id,
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


class DrillStore(StateStore[Drill, DrillSnapshot]):
    """The drills database. Thread-safe: one connection behind a lock."""

    db_name = DB_NAME
    schema = SCHEMA
    what = "drill"
    table = "drills"
    answers_table = "drill_answers"
    owner_column = "drill_id"
    answer_columns = _ANSWER_KEYS
    not_found = DrillNotFound

    def summaries(self) -> list[DrillSummary]:
        """Every stored drill, newest first (a damaged row is listed with its `problem`)."""
        with self._lock:
            rows = self.db.rows(
                "SELECT id, deck_id, deck_title, started_at, finished_at, settings"
                " FROM drills ORDER BY id DESC"
            )
        return [_summary(*row) for row in rows]

    def _snapshot(self, item: Drill) -> DrillSnapshot:
        return snapshot(item)

    def _restore(self, data: dict[str, Any], clock: Clock, item_id: int) -> Drill:
        return Drill.from_dict(data, clock, drill_id=item_id)


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
