"""The progress store: one SQLite database per profile, in the data dir.

Card state, the full review log and study sessions. Every answer is one `BEGIN IMMEDIATE`
transaction committed before `record_answer` returns, so an answer the caller was told about
survives a crash, and two processes on one profile queue up instead of losing reviews. The log
row keeps the card's previous state, so an answer can be undone even after a restart.

A file that is not a database, or a corrupt one, is moved aside to
``<name>.corrupt-<UTC timestamp>`` (never deleted) and a fresh database is started;
`Store.recovered_from` says where the old file went.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fsrs
from fsrs import Rating, State

from quizapp.core import paths
from quizapp.core.clock import Clock, SystemClock
from quizapp.core.config import Config
from quizapp.core.decks.model import Item
from quizapp.core.srs.scheduler import ItemState, make_scheduler, review, to_rating

MODES = ("study", "quiz", "drill", "cram")
BUSY_TIMEOUT_MS = 15_000
WAL_AUTOCHECKPOINT_PAGES = 10_000
PROFILE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

# Forward migrations: MIGRATIONS[n] takes the schema from version n to n + 1.
MIGRATIONS: list[str] = [
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
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """A problem the user can fix (unwritable folder, bad profile name, newer schema...)."""


@dataclass(frozen=True, slots=True)
class AnswerResult:
    review_id: int
    state: ItemState  # the state after the answer
    rescheduled: bool
    became_leech: bool  # True: the card just became a leech and was suspended

    @property
    def due(self) -> datetime | None:
        return self.state.due


@dataclass(frozen=True, slots=True)
class UndoResult:
    review_id: int
    deck_id: str
    item_id: str
    restored: ItemState  # the state now in force again (new when it had none)


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


def to_db_time(when: datetime) -> str:
    """UTC text that sorts like the times it stands for (always microseconds, +00:00)."""
    if when.tzinfo is None:
        raise ValueError("naive datetime given to the store; use timezone-aware UTC")
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def from_db_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def profile_path(profile: str) -> Path:
    """Where a profile's database lives (nothing is created)."""
    return paths.data_dir() / "profiles" / f"{profile}.sqlite3"


def _utc_stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
        return True
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


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
# An item's card id: the item id up to its '/suffix' (card ids are slugs, see model.card_id_of).
_CARD_ID = "substr(item_id, 1, instr(item_id || '/', '/') - 1)"


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


def _state_params(s: ItemState) -> tuple[Any, ...]:
    return (
        s.deck_id,
        s.item_id,
        int(s.state),
        s.step,
        s.stability,
        s.difficulty,
        to_db_time(s.due) if s.due else None,
        to_db_time(s.last_review) if s.last_review else None,
        s.reps,
        s.lapses,
        int(s.suspended),
        int(s.leech),
    )


def _put_params(s: ItemState) -> tuple[Any, ...]:
    params = _state_params(s)
    return (*params, params[7])  # last_review again, for last_review_jd


class Store:
    """A profile's progress. Open with `Store.open(...)`; use as a context manager or close()."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        clock: Clock,
        config: Config,
        scheduler: fsrs.Scheduler,
        recovered_from: Path | None = None,
    ) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self.config = config
        self.scheduler = scheduler
        self.recovered_from = recovered_from  # where a corrupt file was moved, if one was

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        profile: str = "default",
        clock: Clock | None = None,
        *,
        path: Path | None = None,
        config: Config | None = None,
        fuzz: bool = True,
    ) -> Store:
        """Open (creating or migrating) a profile's store; `path=` overrides where it lives.

        `config` gives the retention (default: Anki's defaults; pass `load_config()`).
        Raises StoreError when the folder cannot be written or the database is too new.
        """
        clock = clock or SystemClock()
        config = config or Config()
        if path is None:
            if not PROFILE_RE.match(profile):
                raise StoreError(
                    f"bad profile name {profile!r}: use letters, digits, '-', '_' or '.'"
                )
            path = profile_path(profile)
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the data folder {path.parent}: {exc.strerror or exc};"
                " choose another with --data-dir or QUIZAPP_DATA_DIR"
            ) from None
        recovered: Path | None = None
        try:
            conn = _connect(path)
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                raise _open_error(path, exc) from None
            recovered = _move_aside(path, clock.now())
            try:
                conn = _connect(path)
            except sqlite3.DatabaseError as exc2:
                raise _open_error(path, exc2) from None
        return cls(conn, path, clock, config, make_scheduler(config, fuzz=fuzz), recovered)

    def close(self) -> None:
        try:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            pass  # another process holds it: SQLite checkpoints later
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading ------------------------------------------------------------------------

    def state(self, item: Item) -> ItemState:
        """The item's progress (a new state when it was never answered)."""
        return self.state_of(item.deck_id, item.id)

    def state_of(self, deck_id: str, item_id: str) -> ItemState:
        row = self.conn.execute(
            f"SELECT {_STATE_COLUMNS} FROM card_state WHERE deck_id = ? AND item_id = ?",
            (deck_id, item_id),
        ).fetchone()
        return _row_to_state(row) if row else ItemState.new(deck_id, item_id)

    def states(self, deck_id: str) -> dict[str, ItemState]:
        """Every stored state of a deck, by item id (orphans included)."""
        rows = self.conn.execute(
            f"SELECT {_STATE_COLUMNS} FROM card_state WHERE deck_id = ?", (deck_id,)
        )
        return {r[1]: _row_to_state(r) for r in rows}

    def learning_due(self, deck_id: str, before: datetime) -> list[ItemState]:
        """Items of a deck in (re)learning due before `before`, soonest first."""
        rows = self.conn.execute(
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
        rows = self.conn.execute(
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
        rows = self.conn.execute(
            "SELECT item_id FROM card_state WHERE deck_id = ? AND reps = 0 AND suspended = 0"
            " AND position IS NOT NULL ORDER BY position LIMIT ? OFFSET ?",
            (deck_id, limit, offset),
        )
        return [r[0] for r in rows]

    def count_new_cards(self, deck_id: str, skip_cards: set[str], limit: int) -> int:
        """How many cards of a deck have a new, unsuspended item, leaving out `skip_cards`
        (card ids), at most `limit`: siblings count once (needs sync_deck)."""
        rows = self.conn.execute(
            f"SELECT COUNT(DISTINCT {_CARD_ID}) FROM card_state"
            " WHERE deck_id = ? AND reps = 0 AND suspended = 0 AND position IS NOT NULL"
            f" AND {_CARD_ID} NOT IN (SELECT value FROM json_each(?))",
            (deck_id, json.dumps(sorted(skip_cards))),
        )
        return min(limit, int(rows.fetchone()[0]))

    def sync_deck(self, deck_id: str, item_ids: list[str], fingerprint: str) -> bool:
        """Record the deck's items in file order, once per change of `fingerprint`.

        Items no longer in the deck keep their state and history (position NULL: reported
        by `quizapp doctor`, left out of queues); new items get a new state. Returns True
        when something was written.
        """
        if self.deck_fingerprint(deck_id) == fingerprint:
            return False
        with self._write():
            if self.deck_fingerprint(deck_id) == fingerprint:  # another process did it
                return False
            self.conn.execute("UPDATE card_state SET position = NULL WHERE deck_id = ?", (deck_id,))
            self.conn.executemany(
                "INSERT INTO card_state (deck_id, item_id, state, step, position)"
                " VALUES (?, ?, 1, 0, ?)"
                " ON CONFLICT (deck_id, item_id) DO UPDATE SET position = excluded.position",
                ((deck_id, item_id, n) for n, item_id in enumerate(item_ids)),
            )
            self.conn.execute(
                "DELETE FROM card_state WHERE deck_id = ? AND position IS NULL"
                " AND reps = 0 AND suspended = 0",
                (deck_id,),
            )
            self.conn.execute(
                "INSERT OR REPLACE INTO deck_sync (deck_id, fingerprint, synced_at)"
                " VALUES (?, ?, ?)",
                (deck_id, fingerprint, to_db_time(self.clock.now())),
            )
        return True

    def deck_fingerprint(self, deck_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT fingerprint FROM deck_sync WHERE deck_id = ?", (deck_id,)
        ).fetchone()
        return row[0] if row else None

    def suspended_ids(self, deck_id: str) -> set[str]:
        rows = self.conn.execute(
            "SELECT item_id FROM card_state WHERE deck_id = ? AND suspended = 1", (deck_id,)
        )
        return {r[0] for r in rows}

    def deck_ids(self) -> set[str]:
        """Every deck id with stored progress or history."""
        rows = self.conn.execute(
            "SELECT deck_id FROM card_state WHERE reps > 0 OR suspended = 1"
            " UNION SELECT deck_id FROM review_log"
        )
        return {r[0] for r in rows}

    def item_ids(self, deck_id: str) -> set[str]:
        """Item ids of a deck with progress (answered or suspended) or history."""
        rows = self.conn.execute(
            "SELECT item_id FROM card_state WHERE deck_id = ? AND (reps > 0 OR suspended = 1)"
            " UNION SELECT item_id FROM review_log WHERE deck_id = ?",
            (deck_id, deck_id),
        )
        return {r[0] for r in rows}

    def log(
        self,
        *,
        deck_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Iterator[LogEntry]:
        """Review log entries, oldest first, optionally for one deck and a time range."""
        where, params = ["1"], []
        if deck_id is not None:
            where.append("deck_id = ?")
            params.append(deck_id)
        if since is not None:
            where.append("reviewed_at >= ?")
            params.append(to_db_time(since))
        if until is not None:
            where.append("reviewed_at < ?")
            params.append(to_db_time(until))
        rows = self.conn.execute(
            "SELECT id, deck_id, item_id, reviewed_at, rating, duration_ms, mode, answer,"
            " correct, overridden, rescheduled, prior_kind, session_id FROM review_log"
            f" WHERE {' AND '.join(where)} ORDER BY reviewed_at, id",
            params,
        )
        for r in rows:
            yield LogEntry(
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

    def count_states(
        self, deck_id: str, now: datetime, today_end: datetime, tomorrow_end: datetime
    ) -> dict[str, int]:
        """Items of a deck (as of its last sync) by kind: new, learning, review, relearning,
        suspended; and due_now / due_today / due_tomorrow among the unsuspended ones."""
        row = self.conn.execute(
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
        ).fetchone()
        keys = "new learning review relearning suspended due_now due_today due_tomorrow"
        return {k: int(v or 0) for k, v in zip(keys.split(), row, strict=True)}

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
            "SELECT count(*), sum(rating > 1) FROM review_log"
            f" WHERE deck_id IN ({marks}) AND reviewed_at >= ? AND rescheduled = 1"
        )
        params: list[Any] = [*deck_ids, to_db_time(since)]
        if until is not None:
            sql += " AND reviewed_at < ?"
            params.append(to_db_time(until))
        if prior_kind is not None:
            sql += " AND prior_kind = ?"
            params.append(prior_kind)
        total, passed = self.conn.execute(sql, params).fetchone()
        return int(total), int(passed or 0)

    def day_log_counts(self, deck_id: str, since: datetime) -> dict[str, int]:
        """Rescheduled answers since `since` by the kind the item had before: new, review..."""
        rows = self.conn.execute(
            "SELECT prior_kind, count(*) FROM review_log"
            " WHERE deck_id = ? AND reviewed_at >= ? AND rescheduled = 1 GROUP BY prior_kind",
            (deck_id, to_db_time(since)),
        )
        return {r[0]: r[1] for r in rows}

    def answered_since(self, deck_id: str, since: datetime) -> set[str]:
        """Item ids answered (and rescheduled) since `since`: for keeping siblings apart."""
        rows = self.conn.execute(
            "SELECT DISTINCT item_id FROM review_log"
            " WHERE deck_id = ? AND reviewed_at >= ? AND rescheduled = 1",
            (deck_id, to_db_time(since)),
        )
        return {r[0] for r in rows}

    def next_due(self, deck_ids: list[str], after: datetime) -> datetime | None:
        """The earliest due time after `after` among the decks' unsuspended items."""
        marks = ", ".join("?" for _ in deck_ids)
        row = self.conn.execute(
            f"SELECT min(due) FROM card_state WHERE deck_id IN ({marks})"
            " AND due > ? AND reps > 0 AND suspended = 0",
            (*deck_ids, to_db_time(after)),
        ).fetchone()
        return from_db_time(row[0]) if row else None

    def integrity_check(self) -> list[str]:
        """SQLite's integrity check: ['ok'] when the file is sound."""
        return [r[0] for r in self.conn.execute("PRAGMA integrity_check")]

    # --- writing ------------------------------------------------------------------------

    def record_answer(
        self,
        item: Item,
        rating: Rating | int,
        *,
        mode: str,
        duration_ms: int,
        answer: str | None = None,
        correct: bool | None = None,
        overridden: bool = False,
        reschedule: bool = True,
        session_id: int | None = None,
    ) -> AnswerResult:
        """Log one answer and (unless cram or reschedule=False) reschedule the item.

        One transaction, committed before returning.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        rating = to_rating(rating)
        reschedule = reschedule and mode != "cram"
        now = self.clock.now()
        with self._write():
            prior = self._stored_state(item.deck_id, item.id)
            before = prior or ItemState.new(item.deck_id, item.id)
            after = review(self.scheduler, before, rating, now) if reschedule else before
            if reschedule:
                self._put_state(after)
            cur = self.conn.execute(
                "INSERT INTO review_log (deck_id, item_id, reviewed_at, rating, duration_ms,"
                " mode, answer, correct, overridden, rescheduled, prior_kind, prior_state,"
                " due_after, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    item.deck_id,
                    item.id,
                    to_db_time(now),
                    int(rating),
                    max(0, int(duration_ms)),
                    mode,
                    answer,
                    None if correct is None else int(correct),
                    int(overridden),
                    int(reschedule),
                    before.kind,
                    json.dumps(prior.to_dict()) if prior else None,
                    to_db_time(after.due) if reschedule and after.due else None,
                    session_id,
                ),
            )
            review_id = int(cur.lastrowid or 0)
        return AnswerResult(review_id, after, reschedule, after.leech and not before.leech)

    def undo_last(self, *, session_id: int | None = None) -> UndoResult | None:
        """Take back the latest answer (of one session if given): restore the item's previous
        state and delete the log row. None when there is nothing to undo.

        Raises StoreError when the item was answered again later (by another session).
        """
        with self._write():
            where, params = ("session_id = ?", (session_id,)) if session_id else ("1", ())
            row = self.conn.execute(
                "SELECT id, deck_id, item_id, rescheduled, prior_state FROM review_log"
                f" WHERE {where} ORDER BY id DESC LIMIT 1",
                params,
            ).fetchone()
            if row is None:
                return None
            review_id, deck_id, item_id, rescheduled, prior_json = row
            if rescheduled:
                later = self.conn.execute(
                    "SELECT 1 FROM review_log WHERE deck_id = ? AND item_id = ? AND id > ?"
                    " AND rescheduled = 1",
                    (deck_id, item_id, review_id),
                ).fetchone()
                if later:
                    raise StoreError(
                        f"cannot undo: {deck_id}/{item_id} was answered again since then"
                    )
                if prior_json:
                    self._put_state(ItemState.from_dict(json.loads(prior_json)))
                else:
                    self._put_state(ItemState.new(deck_id, item_id))
            self.conn.execute("DELETE FROM review_log WHERE id = ?", (review_id,))
            restored = self._stored_state(deck_id, item_id) or ItemState.new(deck_id, item_id)
        return UndoResult(review_id, deck_id, item_id, restored)

    def suspend(self, item: Item) -> ItemState:
        return self._set_suspended(item, True)

    def unsuspend(self, item: Item) -> ItemState:
        return self._set_suspended(item, False)

    def reset(self, item: Item) -> ItemState:
        """Forget the item's progress (it is new again); its review history is kept."""
        fresh = ItemState.new(item.deck_id, item.id)
        with self._write():
            self._put_state(fresh)
        return fresh

    def put_states(self, states: Iterable[ItemState]) -> int:
        """Store many states in one transaction (imports, benchmarks); returns how many."""
        with self._write():
            cur = self.conn.executemany(_PUT_STATE, (_put_params(s) for s in states))
            return cur.rowcount

    def start_session(self, mode: str, deck_ids: list[str]) -> int:
        with self._write():
            cur = self.conn.execute(
                "INSERT INTO sessions (mode, deck_ids, started_at) VALUES (?, ?, ?)",
                (mode, json.dumps(deck_ids), to_db_time(self.clock.now())),
            )
            return int(cur.lastrowid or 0)

    def end_session(self, session_id: int) -> None:
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ?",
                (to_db_time(self.clock.now()), session_id),
            )

    # --- internals ----------------------------------------------------------------------

    def _write(self) -> _Transaction:
        return _Transaction(self.conn)

    def _stored_state(self, deck_id: str, item_id: str) -> ItemState | None:
        row = self.conn.execute(
            f"SELECT {_STATE_COLUMNS} FROM card_state WHERE deck_id = ? AND item_id = ?",
            (deck_id, item_id),
        ).fetchone()
        return _row_to_state(row) if row else None

    def _put_state(self, s: ItemState) -> None:
        self.conn.execute(_PUT_STATE, _put_params(s))

    def _set_suspended(self, item: Item, suspended: bool) -> ItemState:
        with self._write():
            current = self._stored_state(item.deck_id, item.id) or ItemState.new(
                item.deck_id, item.id
            )
            updated = replace(current, suspended=suspended)
            self._put_state(updated)
        return updated


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): one writer at a time, waiting politely.

    SQLite failures that a user can act on (locked too long, read-only, disk full) come out
    as StoreError; nothing is half-written.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _write_error(exc) from None

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return
            except sqlite3.OperationalError as commit_exc:
                self._rollback()
                raise _write_error(commit_exc) from None
        self._rollback()
        if isinstance(exc, sqlite3.OperationalError):
            raise _write_error(exc) from None

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


def _write_error(exc: sqlite3.OperationalError) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(
            f"the progress database stayed locked for {BUSY_TIMEOUT_MS // 1000} s"
            " (another quizapp is writing); nothing was saved, try again"
        )
    return StoreError(f"could not save progress: {text}")


def _connect(path: Path) -> sqlite3.Connection:
    """Open, check and migrate; sqlite3.DatabaseError when the file is not a sound database."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: big decks' indexes stay in memory
        conn.execute("PRAGMA mmap_size = 268435456")
        # Checkpoint when the store closes (end of a session), not in the middle of answering
        # (a checkpoint syncs the whole file); this cap only bounds the WAL (about 40 MiB).
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
        result = conn.execute("PRAGMA quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed: {result}")
        _migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"{path} was written by a newer quizapp (schema {version}, this one knows"
            f" {SCHEMA_VERSION}); upgrade quizapp"
        )
    if version == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process?
        for number in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split an SQL script into statements (semicolons in comments are fine)."""
    out: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        out.append(pending.strip())
    return out


def _move_aside(path: Path, now: datetime) -> Path:
    """Rename a bad database (and its -wal/-shm) to <name>.corrupt-<stamp>; never delete."""
    target = path.with_name(f"{path.name}.corrupt-{_utc_stamp(now)}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{_utc_stamp(now)}-{n}")
    try:
        os.replace(path, target)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
    except OSError as exc:
        raise StoreError(f"{path} is damaged and could not be moved aside: {exc}") from None
    return target


def _open_error(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    return StoreError(
        f"cannot open the progress database {path}: {exc};"
        " check the folder can be written, or choose another with --data-dir"
    )
