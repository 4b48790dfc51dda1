"""The progress store: one SQLite database per profile, in the data dir. Storing only.

Card states, the full review log and study sessions: SQL and rows, nothing else. What an answer
does to a card (the FSRS step, leeches, undo) is `quizapp.core.srs.answering`; what `quizapp
doctor` asks is `quizapp.core.srs.audit`. Opening, migrations, recovery of a damaged file,
read-only files and the one transaction helper are the shared layer, `quizapp.core.database`.

Each write is one `BEGIN IMMEDIATE` transaction (`Store.transaction()`), so two processes on one
profile queue up instead of losing reviews. A log row keeps the card's previous state, so an
answer can be undone even after a restart.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from fsrs import State

from quizapp.core import paths
from quizapp.core.clock import Clock, SystemClock
from quizapp.core.database import ClosesOnExit, Database, Schema, StoreError, Transaction
from quizapp.core.decks.model import Item
from quizapp.core.srs.scheduler import ItemState

__all__ = [
    "MIGRATIONS",
    "PROFILE_RE",
    "SCHEMA",
    "SCHEMA_VERSION",
    "DueRow",
    "LogEntry",
    "LoggedReview",
    "Store",
    "StoreError",
    "profile_path",
]

WAL_AUTOCHECKPOINT_PAGES = 10_000
# \Z, not $: "$" also matches before a trailing newline ("alice\n" would pass)
PROFILE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")

# Forward migrations: MIGRATIONS[n] takes the schema from version n to n + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE card_state (
        deck_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        state INTEGER NOT NULL,          -- py-fsrs State: 1 learning, 2 review, 3 relearning
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due TEXT,                        -- UTC ISO 8601; NULL while new
        last_review TEXT,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        leech INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (deck_id, item_id)
    ) WITHOUT ROWID;
    CREATE INDEX card_state_due ON card_state (deck_id, due);
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        mode TEXT NOT NULL,
        deck_ids TEXT NOT NULL,          -- JSON list
        started_at TEXT NOT NULL,
        ended_at TEXT
    );
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        deck_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,       -- UTC ISO 8601
        rating INTEGER NOT NULL,         -- 1 again, 2 hard, 3 good, 4 easy
        duration_ms INTEGER NOT NULL,
        mode TEXT NOT NULL,              -- study | quiz | drill | cram
        answer TEXT,                     -- what was typed or chosen (quizzes)
        correct INTEGER,                 -- 1/0 for graded answers, NULL otherwise
        overridden INTEGER NOT NULL DEFAULT 0,
        rescheduled INTEGER NOT NULL,    -- 0 when the card state was left alone (cram)
        prior_kind TEXT NOT NULL,        -- new | learning | review | relearning
        prior_state TEXT,                -- JSON of the state before; NULL when there was none
        due_after TEXT,
        session_id INTEGER REFERENCES sessions (id)
    );
    CREATE INDEX review_log_day ON review_log (deck_id, reviewed_at);
    CREATE INDEX review_log_item ON review_log (deck_id, item_id);
    CREATE INDEX review_log_time ON review_log (reviewed_at);
    """,
    # 2: every item of a deck gets a row with its file position (set by sync_deck), and the
    # last review as a julian day number (kept by the store), so today's new cards and the
    # reviews with the lowest retrievability come from indexes, not from Python loops.
    """
    ALTER TABLE card_state ADD COLUMN position INTEGER;  -- file order; NULL: not in the deck
    ALTER TABLE card_state ADD COLUMN last_review_jd REAL;  -- julianday(last_review)
    UPDATE card_state SET last_review_jd = julianday(last_review);
    CREATE INDEX card_state_new ON card_state (deck_id, position)
        WHERE reps = 0 AND suspended = 0 AND position IS NOT NULL;
    CREATE INDEX card_state_active
        ON card_state (deck_id, state, due, last_review_jd, stability, suspended, reps, position);
    DROP INDEX card_state_due;  -- card_state_active serves its queries
    CREATE TABLE deck_sync (
        deck_id TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,       -- hash of the deck's item ids in file order
        synced_at TEXT NOT NULL
    );
    """,
    # 3: the suspended items of a deck from an index of their own (they are few), so that the
    # home screen and `quizapp list` count them without reading every row of the deck.
    """
    CREATE INDEX card_state_suspended ON card_state (deck_id, position) WHERE suspended = 1;
    """,
    # 4: what each answer writes, cut (WAL pages per answer, issue 11): the log's ids without
    # AUTOINCREMENT (its sqlite_sequence row was rewritten by every answer; an id freed by
    # undoing the last answer may now be given again) and without review_log_day (today's
    # rows of a deck are found by time through review_log_time; review_log_item serves
    # "the rows of a deck"). The table is rebuilt, its rows and ids kept.
    """
    CREATE TABLE review_log_rebuilt (
        id INTEGER PRIMARY KEY,
        deck_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,       -- UTC ISO 8601
        rating INTEGER NOT NULL,         -- 1 again, 2 hard, 3 good, 4 easy
        duration_ms INTEGER NOT NULL,
        mode TEXT NOT NULL,              -- study | quiz | drill | cram
        answer TEXT,                     -- what was typed or chosen (quizzes)
        correct INTEGER,                 -- 1/0 for graded answers, NULL otherwise
        overridden INTEGER NOT NULL DEFAULT 0,
        rescheduled INTEGER NOT NULL,    -- 0 when the card state was left alone (cram)
        prior_kind TEXT NOT NULL,        -- new | learning | review | relearning
        prior_state TEXT,                -- JSON of the state before; NULL when there was none
        due_after TEXT,
        session_id INTEGER REFERENCES sessions (id)
    );
    INSERT INTO review_log_rebuilt (id, deck_id, item_id, reviewed_at, rating, duration_ms, mode,
        answer, correct, overridden, rescheduled, prior_kind, prior_state, due_after, session_id)
        SELECT id, deck_id, item_id, reviewed_at, rating, duration_ms, mode, answer, correct,
        overridden, rescheduled, prior_kind, prior_state, due_after, session_id FROM review_log;
    DROP TABLE review_log;
    ALTER TABLE review_log_rebuilt RENAME TO review_log;
    DELETE FROM sqlite_sequence WHERE name IN ('review_log', 'review_log_rebuilt');
    CREATE INDEX review_log_item ON review_log (deck_id, item_id);
    CREATE INDEX review_log_time ON review_log (reviewed_at);
    -- today's new items read from the index alone (it did not hold reps and suspended)
    DROP INDEX card_state_new;
    CREATE INDEX card_state_new ON card_state (deck_id, position, reps, suspended)
        WHERE reps = 0 AND suspended = 0 AND position IS NOT NULL;
    """,
)

SCHEMA = Schema("progress database", MIGRATIONS)
SCHEMA_VERSION = SCHEMA.version
_PRAGMAS = (
    "PRAGMA cache_size = -65536",  # 64 MiB: big decks' indexes stay in memory
    "PRAGMA mmap_size = 268435456",
    # Checkpoint when the store closes (end of a session), not in the middle of answering
    # (a checkpoint syncs the whole file); this cap only bounds the WAL (about 40 MiB).
    f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}",
)


@dataclass(frozen=True, slots=True)
class LogEntry:
    id: int
    deck_id: str
    item_id: str
    reviewed_at: datetime
    rating: int
    duration_ms: int
    mode: str
    answer: str | None
    correct: bool | None
    overridden: bool
    rescheduled: bool
    prior_kind: str
    session_id: int | None


@dataclass(frozen=True, slots=True)
class LoggedReview:
    """What undoing a log row needs: the row and the state the item had before it."""

    id: int
    deck_id: str
    item_id: str
    rescheduled: bool
    prior: ItemState | None  # None: the item had no stored state


@dataclass(frozen=True, slots=True)
class DueRow:
    """An item due for learning, without its state (what counting needs)."""

    deck_id: str
    item_id: str
    position: int
    due: datetime | None


class Reading:
    """BEGIN ... COMMIT around reads: one snapshot (see `Store.reading`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.db.execute("COMMIT")
        except StoreError:
            if exc is None:
                raise


def _words(text: str | None) -> list[str]:
    return text.split(" ") if text else []


def to_db_time(when: datetime) -> str:
    """UTC text that sorts like the times it stands for (always microseconds, +00:00)."""
    if when.tzinfo is None:
        raise ValueError("naive datetime given to the store; use timezone-aware UTC")
    # isoformat: the same text as strftime("%Y-%m-%dT%H:%M:%S.%f+00:00") in UTC, faster
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def from_db_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def profile_path(profile: str) -> Path:
    """Where a profile's database lives (nothing is created)."""
    return paths.data_dir() / "profiles" / f"{profile}.sqlite3"


def check_profile_name(profile: str) -> None:
    """Raises StoreError unless `profile` is a whole valid name (no newline, no path)."""
    if not PROFILE_RE.fullmatch(profile):
        raise StoreError(f"bad profile name {profile!r}: use letters, digits, '-', '_' or '.'")


_STATE_COLUMNS = (
    "deck_id, item_id, state, step, stability, difficulty, due, last_review,"
    " reps, lapses, suspended, leech"
)

_PUT_STATE = (
    f"INSERT INTO card_state ({_STATE_COLUMNS}, last_review_jd)"
    f" VALUES ({', '.join('?' for _ in _STATE_COLUMNS.split(','))}, julianday(?))"
    " ON CONFLICT (deck_id, item_id) DO UPDATE SET "
    + ", ".join(
        f"{c} = excluded.{c}"
        for c in [*_STATE_COLUMNS.replace(" ", "").split(",")[2:], "last_review_jd"]
    )
)
# Present (in the deck at the last sync), answered and not suspended.
_ACTIVE = "deck_id = ? AND position IS NOT NULL AND reps > 0 AND suspended = 0"


def _row_to_state(row: tuple[Any, ...]) -> ItemState:
    return ItemState(
        deck_id=row[0],
        item_id=row[1],
        state=State(row[2]),
        step=row[3],
        stability=row[4],
        difficulty=row[5],
        due=from_db_time(row[6]),
        last_review=from_db_time(row[7]),
        reps=row[8],
        lapses=row[9],
        suspended=bool(row[10]),
        leech=bool(row[11]),
    )


def _put_params(s: ItemState) -> tuple[Any, ...]:
    last_review = to_db_time(s.last_review) if s.last_review else None
    return (
        s.deck_id,
        s.item_id,
        int(s.state),
        s.step,
        s.stability,
        s.difficulty,
        to_db_time(s.due) if s.due else None,
        last_review,
        s.reps,
        s.lapses,
        int(s.suspended),
        int(s.leech),
        last_review,  # again, for last_review_jd
    )


class Store(ClosesOnExit):
    """A profile's progress. Open with `Store.open(...)`; use as a context manager or close()."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock  # stamps sessions, deck syncs and the name of a damaged file

    @property
    def conn(self) -> sqlite3.Connection:  # tests and benchmarks read it directly
        return self.db.conn

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def recovered_from(self) -> Path | None:
        """Where a damaged file was moved when this store was opened (None: it was sound)."""
        return self.db.recovered_from

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(
        cls, profile: str = "default", clock: Clock | None = None, *, path: Path | None = None
    ) -> Store:
        """Open (creating or migrating) a profile's store; `path=` overrides where it lives.

        Raises StoreError when the name is bad, the folder cannot be written or the database
        is too new (see `quizapp.core.database`).
        """
        clock = clock or SystemClock()
        if path is None:
            check_profile_name(profile)
            path = profile_path(profile)
        return cls(Database.open(Path(path), SCHEMA, now=clock.now(), pragmas=_PRAGMAS), clock)

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> Transaction:
        """``with store.transaction(): ...``: the writes inside commit together or not at all."""
        return self.db.transaction()

    # --- card states --------------------------------------------------------------------

    def state(self, item: Item) -> ItemState:
        """The item's progress (a new state when it was never answered)."""
        return self.state_of(item.deck_id, item.id)

    def state_of(self, deck_id: str, item_id: str) -> ItemState:
        return self.stored_state(deck_id, item_id) or ItemState.new(deck_id, item_id)

    def stored_state(self, deck_id: str, item_id: str) -> ItemState | None:
        """The item's stored row, or None when it has none."""
        row = self.db.row(
            f"SELECT {_STATE_COLUMNS} FROM card_state WHERE deck_id = ? AND item_id = ?",
            (deck_id, item_id),
        )
        return _row_to_state(row) if row else None

    def put_state(self, s: ItemState) -> None:
        """Store one state (inside `transaction()`)."""
        self.db.execute(_PUT_STATE, _put_params(s))

    def put_states(self, states: Iterable[ItemState]) -> int:
        """Store many states in one transaction (imports, benchmarks); returns how many."""
        with self.transaction():
            return self.db.executemany(_PUT_STATE, (_put_params(s) for s in states)).rowcount

    def suspended_ids(self, deck_id: str) -> set[str]:
        rows = self.db.rows(
            "SELECT item_id FROM card_state WHERE deck_id = ? AND suspended = 1", (deck_id,)
        )
        return {r[0] for r in rows}

    # --- suspension ---------------------------------------------------------------------

    def count_suspended(self, deck_id: str) -> int:
        """Suspended items of a deck (as of its last sync)."""
        row = self.db.row(
            "SELECT count(*) FROM card_state INDEXED BY card_state_suspended"
            " WHERE deck_id = ? AND suspended = 1 AND position IS NOT NULL",
            (deck_id,),
        )
        return int(row[0]) if row else 0

    def count_suspended_many(self, deck_ids: Sequence[str]) -> dict[str, int]:
        """`count_suspended` of several decks in one statement (decks with none left out)."""
        rows = self.db.rows(
            "SELECT deck_id, count(*) FROM card_state INDEXED BY card_state_suspended"
            " WHERE deck_id IN (SELECT value FROM json_each(?)) AND suspended = 1"
            " AND position IS NOT NULL GROUP BY deck_id",
            (json.dumps(list(deck_ids)),),
        )
        return {r[0]: int(r[1]) for r in rows}

    def suspended_states(self, deck_id: str) -> list[ItemState]:
        """The suspended items of a deck (as of its last sync), in file order."""
        rows = self.db.rows(
            f"SELECT {_STATE_COLUMNS} FROM card_state INDEXED BY card_state_suspended"
            " WHERE deck_id = ? AND suspended = 1 AND position IS NOT NULL ORDER BY position",
            (deck_id,),
        )
        return [_row_to_state(r) for r in rows]

    # --- today's queue and counts ------------------------------------------------------

    def learning_due(self, deck_id: str, before: datetime) -> list[ItemState]:
        """Items of a deck in (re)learning due before `before`, soonest first."""
        rows = self.db.rows(
            f"SELECT {_STATE_COLUMNS} FROM card_state INDEXED BY card_state_active"
            f" WHERE {_ACTIVE} AND state IN (?, ?) AND due < ? ORDER BY due, item_id",
            (deck_id, int(State.Learning), int(State.Relearning), to_db_time(before)),
        )
        return [_row_to_state(r) for r in rows]

    def reviews_due(
        self, deck_id: str, before: datetime, now: datetime, limit: int, offset: int = 0
    ) -> list[ItemState]:
        """Review items due before `before`, lowest retrievability first (one page).

        Ordered by elapsed days / stability, the order of py-fsrs' retrievability.
        """
        columns = ", ".join(f"s.{c.strip()}" for c in _STATE_COLUMNS.split(","))
        rows = self.db.rows(
            # the page is picked from the covering index alone, then its rows are read
            "WITH page AS (SELECT item_id,"
            " CAST(julianday(?) - last_review_jd AS INTEGER) / stability AS late"
            f" FROM card_state INDEXED BY card_state_active WHERE {_ACTIVE}"
            " AND state = ? AND due < ? ORDER BY late DESC, item_id LIMIT ? OFFSET ?)"
            f" SELECT {columns} FROM page JOIN card_state AS s"
            " ON s.deck_id = ? AND s.item_id = page.item_id ORDER BY page.late DESC, s.item_id",
            (
                to_db_time(now),
                deck_id,
                int(State.Review),
                to_db_time(before),
                limit,
                offset,
                deck_id,
            ),
        )
        return [_row_to_state(r) for r in rows]

    def new_ids(self, deck_id: str, limit: int, offset: int = 0) -> list[str]:
        """New, unsuspended item ids of a deck in file order (one page; needs sync_deck)."""
        rows = self.db.rows(
            "SELECT item_id FROM card_state WHERE deck_id = ? AND reps = 0 AND suspended = 0"
            " AND position IS NOT NULL ORDER BY position LIMIT ? OFFSET ?",
            (deck_id, limit, offset),
        )
        return [r[0] for r in rows]

    # --- the same for many decks at once (the home screen's counts: a handful of statements
    # for a whole library, not a few per deck). Rows come with their `position`, so that the
    # caller can tell the items of the deck version it holds (ids[position] == item_id).

    def learning_due_many(self, deck_ids: Sequence[str], before: datetime) -> list[DueRow]:
        """`learning_due` of several decks in one statement: (deck_id, item_id, position, due)
        rows, by deck, then soonest first."""
        rows = self.db.rows(
            "SELECT deck_id, item_id, position, due FROM card_state INDEXED BY card_state_active"
            " WHERE deck_id IN (SELECT value FROM json_each(?)) AND position IS NOT NULL"
            " AND reps > 0 AND suspended = 0 AND state IN (?, ?) AND due < ?"
            " ORDER BY deck_id, due, item_id",
            (
                json.dumps(list(deck_ids)),
                int(State.Learning),
                int(State.Relearning),
                to_db_time(before),
            ),
        )
        return [DueRow(r[0], r[1], r[2], from_db_time(r[3])) for r in rows]

    def items_today_many(
        self, deck_ids: Sequence[str], before: datetime, review_limit: int, new_limit: int
    ) -> dict[str, tuple[list[str], list[str]]]:
        """For each deck, in one statement: its review items due before `before` (at most
        `review_limit`, in no particular order: when fewer come back, they are all), and its
        first `new_limit` new items in file order. Item ids have no spaces (card ids are
        slugs), so each list travels as one string."""
        rows = self.db.rows(
            "SELECT d.value,"
            " (SELECT group_concat(item_id, ' ') FROM (SELECT item_id"
            "  FROM card_state INDEXED BY card_state_active WHERE deck_id = d.value"
            "  AND position IS NOT NULL AND reps > 0 AND suspended = 0 AND state = ?"
            "  AND due < ? LIMIT ?)),"
            " (SELECT group_concat(item_id, ' ') FROM (SELECT item_id"
            "  FROM card_state INDEXED BY card_state_new WHERE deck_id = d.value"
            "  AND reps = 0 AND suspended = 0 AND position IS NOT NULL"
            "  ORDER BY position LIMIT ?))"
            " FROM json_each(?) AS d",
            (
                int(State.Review),
                to_db_time(before),
                review_limit,
                new_limit,
                json.dumps(list(deck_ids)),
            ),
        )
        return {r[0]: (_words(r[1]), _words(r[2])) for r in rows}

    def reading(self) -> Reading:
        """``with store.reading(): ...``: the reads inside see one snapshot of the file (a
        deferred transaction), whatever other processes commit meanwhile."""
        return Reading(self.db)

    def answers_since(self, since: datetime) -> list[tuple[str, str, str]]:
        """(deck_id, item_id, prior_kind) of every answer that rescheduled an item since
        `since`, in every deck: `answered_since` and `day_log_counts` of all decks at once."""
        rows = self.db.rows(
            "SELECT deck_id, item_id, prior_kind FROM review_log"
            " WHERE reviewed_at >= ? AND rescheduled = 1",
            (to_db_time(since),),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def deck_fingerprints(self) -> dict[str, str]:
        """Every deck's fingerprint as last synced (see `sync_deck`)."""
        return {r[0]: r[1] for r in self.db.rows("SELECT deck_id, fingerprint FROM deck_sync")}

    def sync_deck(self, deck_id: str, item_ids: list[str], fingerprint: str) -> bool:
        """Record the deck's items in file order, once per change of `fingerprint`.

        Items no longer in the deck keep their state and history (position NULL: reported
        by `quizapp doctor`, left out of queues); new items get a new state. Returns True
        when something was written. A read-only store writes nothing: its queues and counts
        are those of the deck as it was last recorded.
        """
        if self.deck_fingerprint(deck_id) == fingerprint or self.read_only:
            return False
        with self.transaction():
            if self.deck_fingerprint(deck_id) == fingerprint:  # another process did it
                return False
            db = self.db
            db.execute("UPDATE card_state SET position = NULL WHERE deck_id = ?", (deck_id,))
            db.executemany(
                "INSERT INTO card_state (deck_id, item_id, state, step, position)"
                " VALUES (?, ?, 1, 0, ?)"
                " ON CONFLICT (deck_id, item_id) DO UPDATE SET position = excluded.position",
                ((deck_id, item_id, n) for n, item_id in enumerate(item_ids)),
            )
            db.execute(
                "DELETE FROM card_state WHERE deck_id = ? AND position IS NULL"
                " AND reps = 0 AND suspended = 0",
                (deck_id,),
            )
            db.execute(
                "INSERT OR REPLACE INTO deck_sync (deck_id, fingerprint, synced_at)"
                " VALUES (?, ?, ?)",
                (deck_id, fingerprint, to_db_time(self.clock.now())),
            )
        return True

    def deck_fingerprint(self, deck_id: str) -> str | None:
        row = self.db.row("SELECT fingerprint FROM deck_sync WHERE deck_id = ?", (deck_id,))
        return row[0] if row else None

    def count_states(
        self, deck_id: str, now: datetime, today_end: datetime, tomorrow_end: datetime
    ) -> dict[str, int]:
        """Items of a deck (as of its last sync) by kind: new, learning, review, relearning,
        suspended; and due_now / due_today / due_tomorrow among the unsuspended ones."""
        row = self.db.row(
            "SELECT sum(suspended = 0 AND reps = 0), sum(suspended = 0 AND reps > 0 AND state = 1),"
            " sum(suspended = 0 AND reps > 0 AND state = 2),"
            " sum(suspended = 0 AND reps > 0 AND state = 3), sum(suspended = 1),"
            " sum(suspended = 0 AND reps > 0 AND due <= ?),"
            " sum(suspended = 0 AND reps > 0 AND due < ?),"
            " sum(suspended = 0 AND reps > 0 AND due >= ? AND due < ?)"
            " FROM card_state WHERE deck_id = ? AND position IS NOT NULL",
            (
                to_db_time(now),
                to_db_time(today_end),
                to_db_time(today_end),
                to_db_time(tomorrow_end),
                deck_id,
            ),
        )
        assert row is not None  # an aggregate always has a row
        keys = "new learning review relearning suspended due_now due_today due_tomorrow"
        return {k: int(v or 0) for k, v in zip(keys.split(), row, strict=True)}

    def next_due(self, deck_ids: list[str], after: datetime) -> datetime | None:
        """The earliest due time after `after` among the decks' unsuspended items: the first
        entry after `after` of each deck and state in card_state_active (one seek each)."""
        row = self.db.row(
            "SELECT min((SELECT due FROM card_state INDEXED BY card_state_active"
            " WHERE deck_id = d.value AND state = s.value AND due > ? AND reps > 0"
            " AND suspended = 0 ORDER BY due LIMIT 1))"
            " FROM json_each(?) AS d, json_each(?) AS s",
            (
                to_db_time(after),
                json.dumps(deck_ids),
                json.dumps([int(State.Learning), int(State.Review), int(State.Relearning)]),
            ),
        )
        return from_db_time(row[0]) if row else None

    # --- the review log -----------------------------------------------------------------

    def add_review(
        self,
        state_before: ItemState,
        stored_before: ItemState | None,
        *,
        reviewed_at: datetime,
        rating: int,
        duration_ms: int,
        mode: str,
        answer: str | None,
        correct: bool | None,
        overridden: bool,
        due_after: datetime | None,
        rescheduled: bool,
        session_id: int | None,
    ) -> int:
        """Log one answer (inside `transaction()`); returns the log row's id.

        `stored_before` is what the item's row held (None: no row), kept so that undo can put
        it back; `state_before` gives the kind the item had (new, review...).
        """
        cur = self.db.execute(
            "INSERT INTO review_log (deck_id, item_id, reviewed_at, rating, duration_ms,"
            " mode, answer, correct, overridden, rescheduled, prior_kind, prior_state,"
            " due_after, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                state_before.deck_id,
                state_before.item_id,
                to_db_time(reviewed_at),
                rating,
                max(0, int(duration_ms)),
                mode,
                answer,
                None if correct is None else int(correct),
                int(overridden),
                int(rescheduled),
                state_before.kind,
                json.dumps(stored_before.to_dict()) if stored_before else None,
                to_db_time(due_after) if due_after else None,
                session_id,
            ),
        )
        return int(cur.lastrowid or 0)

    def last_review(self, session_id: int | None = None) -> LoggedReview | None:
        """The latest log row (of one session, if given), or None."""
        where, params = ("session_id = ?", (session_id,)) if session_id else ("1", ())
        row = self.db.row(
            "SELECT id, deck_id, item_id, rescheduled, prior_state FROM review_log"
            f" WHERE {where} ORDER BY id DESC LIMIT 1",
            params,
        )
        if row is None:
            return None
        review_id, deck_id, item_id, rescheduled, prior_json = row
        prior = ItemState.from_dict(json.loads(prior_json)) if prior_json else None
        return LoggedReview(review_id, deck_id, item_id, bool(rescheduled), prior)

    def rescheduled_since(self, deck_id: str, item_id: str, review_id: int) -> bool:
        """Whether a later log row than `review_id` rescheduled the item."""
        row = self.db.row(
            "SELECT 1 FROM review_log WHERE deck_id = ? AND item_id = ? AND id > ?"
            " AND rescheduled = 1",
            (deck_id, item_id, review_id),
        )
        return row is not None

    def delete_review(self, review_id: int) -> None:
        """Remove one log row (inside `transaction()`)."""
        self.db.execute("DELETE FROM review_log WHERE id = ?", (review_id,))

    def log(
        self,
        *,
        deck_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[LogEntry]:
        """Review log entries, oldest first, optionally for one deck and a time range."""
        where, params = ["1"], []
        if deck_id is not None:
            # by time when a time is given (review_log_time), else by deck (review_log_item)
            where.append("deck_id = ?" if since is None and until is None else "+deck_id = ?")
            params.append(deck_id)
        if since is not None:
            where.append("reviewed_at >= ?")
            params.append(to_db_time(since))
        if until is not None:
            where.append("reviewed_at < ?")
            params.append(to_db_time(until))
        rows = self.db.rows(
            "SELECT id, deck_id, item_id, reviewed_at, rating, duration_ms, mode, answer,"
            " correct, overridden, rescheduled, prior_kind, session_id FROM review_log"
            f" WHERE {' AND '.join(where)} ORDER BY reviewed_at, id",
            params,
        )
        return [
            LogEntry(
                id=r[0],
                deck_id=r[1],
                item_id=r[2],
                reviewed_at=datetime.fromisoformat(r[3]),
                rating=r[4],
                duration_ms=r[5],
                mode=r[6],
                answer=r[7],
                correct=None if r[8] is None else bool(r[8]),
                overridden=bool(r[9]),
                rescheduled=bool(r[10]),
                prior_kind=r[11],
                session_id=r[12],
            )
            for r in rows
        ]

    def count_answers(
        self,
        deck_ids: list[str],
        since: datetime,
        until: datetime | None = None,
        prior_kind: str | None = None,
    ) -> tuple[int, int]:
        """(answers, answers not rated Again) that rescheduled items of the decks in
        [since, until), optionally only for items that were of `prior_kind` before."""
        marks = ", ".join("?" for _ in deck_ids)
        sql = (
            "SELECT count(*), sum(rating > 1) FROM review_log"  # by time: review_log_time
            f" WHERE +deck_id IN ({marks}) AND reviewed_at >= ? AND rescheduled = 1"
        )
        params: list[Any] = [*deck_ids, to_db_time(since)]
        if until is not None:
            sql += " AND reviewed_at < ?"
            params.append(to_db_time(until))
        if prior_kind is not None:
            sql += " AND prior_kind = ?"
            params.append(prior_kind)
        row = self.db.row(sql, params)
        assert row is not None  # an aggregate always has a row
        return int(row[0]), int(row[1] or 0)

    def answer_totals(self, since: datetime) -> tuple[int, int]:
        """(answers given since `since` in every deck and mode, of which rated Again)."""
        row = self.db.row(
            "SELECT count(*), sum(rating = 1) FROM review_log WHERE reviewed_at >= ?",
            (to_db_time(since),),
        )
        assert row is not None  # an aggregate always has a row
        return int(row[0]), int(row[1] or 0)

    def days_answered(
        self, spans: Sequence[tuple[int, int]], deck_ids: Sequence[str] | None = None
    ) -> list[bool]:
        """For each span [start, end) of UTC unix seconds, whether an answer rescheduled an
        item in it (of any deck, or of `deck_ids`): one statement, one seek in
        review_log_time per span."""
        decks = "" if deck_ids is None else " AND +deck_id IN (SELECT value FROM json_each(?))"
        args: list[Any] = [json.dumps([[a, b] for a, b in spans])]
        if deck_ids is not None:
            args.append(json.dumps(list(deck_ids)))
        rows = self.db.rows(
            "SELECT CAST(s.key AS INTEGER) FROM json_each(?) AS s WHERE EXISTS (SELECT 1"
            " FROM review_log WHERE reviewed_at >= strftime('%Y-%m-%dT%H:%M:%S',"
            " json_extract(s.value, '$[0]'), 'unixepoch') || '.000000+00:00'"
            " AND reviewed_at < strftime('%Y-%m-%dT%H:%M:%S',"
            f" json_extract(s.value, '$[1]'), 'unixepoch') || '.000000+00:00'"
            f" AND rescheduled = 1{decks})",
            args,
        )
        found = {r[0] for r in rows}
        return [n in found for n in range(len(spans))]

    def day_log_counts(self, deck_id: str, since: datetime) -> dict[str, int]:
        """Rescheduled answers since `since` by the kind the item had before: new, review..."""
        rows = self.db.rows(
            "SELECT prior_kind, count(*) FROM review_log"  # by time: review_log_time
            " WHERE +deck_id = ? AND reviewed_at >= ? AND rescheduled = 1 GROUP BY prior_kind",
            (deck_id, to_db_time(since)),
        )
        return {r[0]: r[1] for r in rows}

    def answered_since(self, deck_id: str, since: datetime) -> set[str]:
        """Item ids answered (and rescheduled) since `since`: for keeping siblings apart."""
        rows = self.db.rows(
            "SELECT DISTINCT item_id FROM review_log"  # by time: review_log_time
            " WHERE +deck_id = ? AND reviewed_at >= ? AND rescheduled = 1",
            (deck_id, to_db_time(since)),
        )
        return {r[0] for r in rows}

    # --- sessions -----------------------------------------------------------------------

    def start_session(self, mode: str, deck_ids: list[str]) -> int:
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO sessions (mode, deck_ids, started_at) VALUES (?, ?, ?)",
                (mode, json.dumps(deck_ids), to_db_time(self.clock.now())),
            )
            return int(cur.lastrowid or 0)

    def end_session(self, session_id: int) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ?",
                (to_db_time(self.clock.now()), session_id),
            )
