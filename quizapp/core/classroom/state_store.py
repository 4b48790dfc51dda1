"""What the drills database and the rooms database have in common: one row per drill or room
holding its whole state as JSON with a revision, plus one row per asked question per team or
student (the table teachers query).

`DrillStore` (``drills.sqlite3``) and `RoomStore` (``rooms.sqlite3``) are this `StateStore`,
each naming its file, schema, tables and columns and how its state is rebuilt:

- opened by the layer every store uses (`quizapp.core.database`): versioned migrations, a
  damaged file moved aside (`recovered_from` says where), `StoreError` for every failure;
- thread-safe: one connection behind a lock. Writes come from worker threads: a snapshot is
  taken on the thread that changed the drill or room, then written anywhere;
- `save` writes a snapshot in one transaction unless a newer revision is stored already, so
  two writes finishing out of order never bring back an old state; of the answer rows only
  those that changed are written (`sync_rows`);
- `load` rebuilds one from its state (`StoreError` when that state is damaged), and
  `latest_unfinished` finds the one to resume.
"""

from __future__ import annotations

import json
import threading
from abc import abstractmethod
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

from quizapp.core import paths
from quizapp.core.clock import Clock, SystemClock
from quizapp.core.database import ClosesOnExit, Database, Schema, StoreError, sync_rows

RowT = TypeVar("RowT")


@dataclass(frozen=True, slots=True)
class StateSnapshot(Generic[RowT]):
    """A drill's or a room's state at one revision, safe to hand to another thread."""

    id: int
    revision: int
    finished_at: str | None
    settings: str  # JSON
    state: str  # JSON: what resuming needs
    rows: tuple[RowT, ...]  # the results, one per asked question per team or student

    def columns(self) -> dict[str, object]:
        """The values `save` writes to the drill's or room's row, by column."""
        return {
            "state": self.state,
            "revision": self.revision,
            "finished_at": self.finished_at,
            "settings": self.settings,
        }


class _Settings(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


class Stored(Protocol):
    """What the store reads of a drill or a room (`create` sets its id)."""

    id: int | None

    @property
    def deck_id(self) -> str: ...

    @property
    def deck_title(self) -> str: ...

    @property
    def started_at(self) -> datetime: ...

    @property
    def settings(self) -> _Settings: ...


ItemT = TypeVar("ItemT", bound=Stored)
SnapT = TypeVar("SnapT", bound=StateSnapshot[Any])


class StateStore(ClosesOnExit, Generic[ItemT, SnapT]):
    """A database of drills or of rooms. Thread-safe: one connection behind a lock."""

    db_name: ClassVar[str]  # the file in the data dir
    schema: ClassVar[Schema]
    what: ClassVar[str]  # "drill": how messages name one
    table: ClassVar[str]  # one row per drill or room: its state, revision, settings, times
    answers_table: ClassVar[str]
    owner_column: ClassVar[str]  # the answer rows' column naming their drill or room
    answer_columns: ClassVar[tuple[str, ...]]  # after the owner; the first two are a row's key
    not_found: ClassVar[type[LookupError]]

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
    def default_path(cls) -> Path:
        return paths.data_dir() / cls.db_name

    @classmethod
    def exists(cls) -> bool:
        """Whether the database is in the data dir (nothing is created to find out)."""
        return cls.default_path().exists()

    @classmethod
    def open(cls, path: Path | None = None, clock: Clock | None = None) -> Self:
        """Open (creating, migrating or recovering) the database; default: in the data dir.
        Raises StoreError (see `quizapp.core.database`)."""
        now = (clock or SystemClock()).now()
        return cls(Database.open(path or cls.default_path(), cls.schema, now=now))

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def create(self, item: ItemT) -> int:
        """Store a new drill or room; sets and returns its id."""
        values = self._new_row(item)
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self._lock, self.db.transaction():
            cur = self.db.execute(
                f"INSERT INTO {self.table} ({names}, state, revision) VALUES ({marks}, '{{}}', -1)",
                tuple(values.values()),
            )
        assert cur.lastrowid is not None
        item.id = cur.lastrowid
        self.save(self._snapshot(item))
        return item.id

    def save(self, snap: SnapT) -> bool:
        """Write a snapshot in one transaction. False when a newer one is already stored.

        Of the answer rows, only those that changed are written (a key press changes one row,
        or adds a question's rows): upserted, and those no longer in the results (a question
        taken back) deleted.
        """
        columns = snap.columns()
        sets = ", ".join(f"{name} = ?" for name in columns)
        answers = [self._answer_values(row) for row in snap.rows]
        db = self.db
        with self._lock, db.transaction():
            cur = db.execute(
                f"UPDATE {self.table} SET {sets} WHERE id = ? AND revision < ?",
                (*columns.values(), snap.id, snap.revision),
            )
            if cur.rowcount == 0:
                return False
            owner = (self.owner_column, snap.id)
            sync_rows(db, self.answers_table, owner, self.answer_columns, 2, answers)
        return True

    def load(self, item_id: int, clock: Clock) -> ItemT:
        """The stored drill or room. Raises `not_found`, or StoreError when its row is damaged."""
        with self._lock:
            row = self.db.row(f"SELECT state FROM {self.table} WHERE id = ?", (item_id,))
        if row is None:
            raise self.not_found(f"no {self.what} number {item_id}")
        try:
            return self._restore(json.loads(row[0]), clock, item_id)
        except (ValueError, TypeError, LookupError, AttributeError) as exc:
            raise StoreError(
                f"{self.what} {item_id} in {self.path} cannot be read: its saved state is damaged"
                f" ({type(exc).__name__}: {exc})"
            ) from None

    def latest_unfinished(self, deck_id: str | None = None) -> int | None:
        """The id of the most recent one (on `deck_id`, if given) that was not finished."""
        where = "finished_at IS NULL" + (" AND deck_id = ?" if deck_id is not None else "")
        params = (deck_id,) if deck_id is not None else ()
        with self._lock:
            row = self.db.row(
                f"SELECT id FROM {self.table} WHERE {where} ORDER BY id DESC LIMIT 1", params
            )
        return int(row[0]) if row else None

    # -- what each kind says --------------------------------------------------------------------

    def _new_row(self, item: ItemT) -> dict[str, object]:
        """The columns of a new drill's or room's row, besides its state and revision."""
        return {
            "deck_id": item.deck_id,
            "deck_title": item.deck_title,
            "started_at": item.started_at.isoformat(),
            "settings": json.dumps(item.settings.to_dict()),
        }

    def _answer_values(self, row: Any) -> tuple[Any, ...]:
        """A result row's values for `answer_columns` (flags as 0/1, as SQLite keeps them)."""
        values = (getattr(row, column) for column in self.answer_columns)
        return tuple(int(v) if isinstance(v, bool) else v for v in values)

    @abstractmethod
    def _snapshot(self, item: ItemT) -> SnapT: ...

    @abstractmethod
    def _restore(self, data: dict[str, Any], clock: Clock, item_id: int) -> ItemT: ...
