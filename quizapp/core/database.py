"""The SQLite layer the progress store and the drill store share (stdlib sqlite3).

`Database.open(path, schema)` gives one connection, set up the same way for every store:

- WAL, ``synchronous=FULL`` (a commit that returned survives a crash or a power cut), a busy
  timeout (two processes on one file queue up), foreign keys on.
- Migrations by ``PRAGMA user_version``: `Schema.migrations[n]` takes the file from version n to
  n + 1, all in one transaction. A file from a newer quizapp is refused before anything is
  written to it: its version is read first, by a read-only connection, with nothing else done
  (not even the journal mode set).
- A file that is not a database, or a damaged one, is moved aside to
  ``<name>.corrupt-<UTC stamp>`` with its -wal/-shm (never deleted) and a fresh file is started;
  `Database.recovered_from` tells the caller where the old one went. The checks run on that
  read-only connection too, so a damaged file is moved exactly as it was found (a read-write
  connection would checkpoint its WAL into it, or delete the WAL, when it closes).
- A file that cannot be written (the file or its folder is read-only) is opened read-only
  (``mode=ro``): reading commands work, and every write raises a `StoreError` saying so.
- New files are the user's alone on POSIX: the database 0600 (SQLite gives its -wal and -shm
  the same mode), the folders created for it 0700.
- One transaction helper (`Database.transaction`: BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any
  error) and one error type, `StoreError`, whose message a user can act on. No sqlite3.Error
  leaves this module's methods.

When the integrity check runs. ``PRAGMA quick_check`` reads the whole file (23 ms for 100,000
cards, more on a slow disk), so it does not run on every open, only when there is a reason:

1. The last session did not end cleanly. SQLite deletes a WAL database's ``-wal`` and ``-shm``
   files when the last connection to it closes; if either exists before we open, a process
   was killed, crashed or lost power with the file open (or another process has it open right
   now, when the check is merely redundant). This is SQLite's own marker, set on the first
   open and cleared on the last clean close, so two processes on one file cannot clear each
   other's, and it needs no write of ours (a read-only command stays read-only). A read-only
   connection cannot delete them: after one, the next writable open checks once, needlessly.
2. A query found the file damaged (``SQLITE_CORRUPT``) while it was in use: the error is
   raised as a `StoreError`, and a ``<name>.needs-check`` file is left so that the next open
   checks the file (and moves it aside when the check fails).
3. `quizapp doctor` asks (`Database.quick_check`); a failed check leaves the marker of 2.

Without a reason, an open still reads page 1 (the header and the schema) and the first row of
every table, so a file that is not a database or whose tables cannot be read is found at once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

BUSY_TIMEOUT_MS = 15_000
FILE_MODE = 0o600
FOLDER_MODE = 0o700
CHECK_MARKER = ".needs-check"  # appended to the database's name


class StoreError(Exception):
    """A problem the user can fix (unwritable folder, bad profile name, newer schema...)."""


class ClosesOnExit:
    """``with thing: ...`` closes it on the way out: the stores, and what holds one open."""

    __slots__ = ()

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class Schema:
    """A store's tables: `what` names the file in messages ("progress database")."""

    what: str
    migrations: tuple[str, ...]

    @property
    def version(self) -> int:
        return len(self.migrations)


class _Damaged(Exception):
    """(internal) The file is not a sound database: move it aside."""


def _utc_stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _is_corruption(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name == "SQLITE_NOTADB" or name.startswith("SQLITE_CORRUPT"):
        return True
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def make_private_folder(folder: Path) -> None:
    """Create `folder` and its missing parents, each user-only (0700). Raises OSError."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for part in reversed(missing):
        try:
            part.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            if not part.is_dir():
                raise
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")


def _create_private_file(path: Path) -> None:
    """An empty file, user-only, for SQLite to fill (an empty file is an empty database)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    os.close(fd)


def _side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm")]


def _writable(path: Path) -> bool:
    """Whether SQLite can write the file (and the -wal/-shm beside it)."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _statements(script: str) -> list[str]:
    """Split an SQL script into statements (semicolons in strings or comments are fine).

    Not ``executescript``: it commits first, and a migration runs inside its transaction.
    """
    out: list[str] = []
    start = 0
    for end, char in enumerate(script):
        if char == ";" and sqlite3.complete_statement(script[start : end + 1]):
            statement = script[start : end + 1].strip()
            if statement.strip(";").strip():
                out.append(statement)
            start = end + 1
    rest = script[start:].strip()
    if rest and not all(
        line.strip().startswith("--") or not line.strip() for line in rest.splitlines()
    ):
        out.append(rest)
    return out


class Database:
    """One open SQLite file of one `Schema`. Open with `Database.open(...)`."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        schema: Schema,
        *,
        read_only: bool,
        checked: bool,
    ) -> None:
        self.conn = conn
        self.path = path
        self.schema = schema
        self.read_only = read_only  # the file or its folder cannot be written
        self.checked = checked  # quick_check ran while opening (see the module's docstring)
        self.recovered_from: Path | None = None  # where a damaged file was moved, if one was

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, schema: Schema, *, now: datetime, pragmas: Iterable[str] = ()
    ) -> Database:
        """Open (creating, migrating or recovering) the file at `path`. Raises StoreError.

        `now` stamps the name a damaged file is moved to; `pragmas` are extra
        ``PRAGMA ...`` statements for this store (cache size...), run after the common ones.
        """
        path = Path(path)
        pragmas = tuple(pragmas)
        try:
            make_private_folder(path.parent)
        except OSError as exc:
            raise StoreError(
                f"cannot create the data folder {path.parent}: {exc.strerror or exc};"
                " choose another with --data-dir or QUIZAPP_DATA_DIR"
            ) from None
        if path.is_dir():
            raise StoreError(
                f"the {schema.what} {path} is a folder, not a database: move it away,"
                " or choose another data folder with --data-dir"
            )
        try:
            return cls._connect(path, schema, pragmas)
        except _Damaged:
            pass
        if not _writable(path):
            raise StoreError(
                f"the {schema.what} {path} is damaged and cannot be moved aside (read-only);"
                " make its folder writable, or move it away yourself"
            )
        moved = _move_aside(path, now, schema)
        try:
            db = cls._connect(path, schema, pragmas)
        except _Damaged:
            raise StoreError(f"cannot start a fresh {schema.what} at {path}") from None
        db.recovered_from = moved
        return db

    @classmethod
    def _connect(cls, path: Path, schema: Schema, pragmas: tuple[str, ...]) -> Database:
        """Probe, check, then open and migrate. _Damaged when the file is not sound.

        The probe is a read-only connection: a read-only connection never writes the file,
        never checkpoints and never deletes the -wal, so a file refused (newer) or found
        damaged is left exactly as it was, WAL included, for the caller to move aside.
        """
        marker = path.with_name(path.name + CHECK_MARKER)
        needs_check = marker.exists() or any(p.exists() for p in _side_files(path))
        read_only = not _writable(path)
        if not read_only and not path.exists():
            try:
                _create_private_file(path)
            except FileExistsError:
                pass  # another process created it first
            except OSError as exc:
                raise _open_error(schema, path, exc) from None
        probe: sqlite3.Connection | None = None
        try:
            probe = _connect_read_only(path, immutable_fallback=read_only)
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            if version > schema.version:
                raise StoreError(
                    f"{path} was written by a newer quizapp (schema {version}, this one knows"
                    f" {schema.version}); upgrade quizapp"
                )
            if read_only and version < schema.version:
                raise StoreError(
                    f"the {schema.what} {path} is read-only and needs upgrading"
                    f" (schema {version} to {schema.version}); make it writable once"
                )
            if needs_check:
                result = [r[0] for r in probe.execute("PRAGMA quick_check")]
                if result != ["ok"]:
                    raise _Damaged(result)
            else:
                _read_every_table(probe)
        except sqlite3.Error as exc:
            if probe is not None:
                probe.close()
            if _is_corruption(exc):
                raise _Damaged(str(exc)) from None
            raise _open_error(schema, path, exc) from None
        except BaseException:
            if probe is not None:
                probe.close()
            raise
        if read_only:
            conn = probe
        else:
            probe.close()
            conn = _connect_read_write(path)
        try:
            if not read_only:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            for pragma in pragmas:
                conn.execute(pragma)
            if version < schema.version:
                _migrate(conn, schema)
        except sqlite3.Error as exc:
            conn.close()
            if _is_corruption(exc):
                raise _Damaged(str(exc)) from None
            raise _open_error(schema, path, exc) from None
        except BaseException:
            conn.close()
            raise
        if needs_check and not read_only:
            marker.unlink(missing_ok=True)
        return cls(conn, path, schema, read_only=read_only, checked=needs_check)

    def close(self) -> None:
        """Checkpoint what the WAL holds (when no one else is busy) and close."""
        try:
            if not self.read_only:
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            pass  # another process holds it, or the file is damaged: SQLite checkpoints later
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    # --- reading and writing ------------------------------------------------------------

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """All rows of a query. Raises StoreError."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self.error(exc, reading=True) from None

    def row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of a query, or None. Raises StoreError."""
        try:
            row: tuple[Any, ...] | None = self.conn.execute(sql, params).fetchone()
            return row
        except sqlite3.Error as exc:
            raise self.error(exc, reading=True) from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """One statement (inside `transaction()` when it writes). Raises StoreError."""
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise self.error(exc) from None

    def executemany(self, sql: str, params: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        try:
            return self.conn.executemany(sql, params)
        except sqlite3.Error as exc:
            raise self.error(exc) from None

    def transaction(self) -> Transaction:
        """``with db.transaction(): ...``: one writer at a time, all or nothing."""
        return Transaction(self)

    def quick_check(self) -> list[str]:
        """SQLite's quick integrity check: ['ok'] when the file is sound. A failed check
        leaves the marker: the next open checks again and moves the file aside."""
        try:
            result = [r[0] for r in self.conn.execute("PRAGMA quick_check")]
            if result != ["ok"]:
                self._mark_for_check()
            return result
        except sqlite3.Error as exc:
            if _is_corruption(exc):
                self._mark_for_check()
                return [str(exc)]
            raise self.error(exc, reading=True) from None

    def error(self, exc: sqlite3.Error, *, reading: bool = False) -> StoreError:
        """The StoreError a user reads for a failed statement."""
        what = self.schema.what
        text = str(exc)
        name = getattr(exc, "sqlite_errorname", "") or ""
        if _is_corruption(exc):
            self._mark_for_check()
            return StoreError(
                f"the {what} {self.path} is damaged ({text}); nothing was saved."
                " Next time it is opened it is checked and, if it fails, moved aside"
                " (`quizapp doctor` checks it now)"
            )
        if "locked" in text or "busy" in text:
            return StoreError(
                f"the {what} stayed locked for {BUSY_TIMEOUT_MS // 1000} s"
                " (another quizapp is writing); nothing was saved, try again"
            )
        if self.read_only or name.startswith("SQLITE_READONLY"):
            return StoreError(
                f"the {what} {self.path} is read-only: nothing was saved"
                " (make the file and its folder writable, or choose another --data-dir)"
            )
        if name == "SQLITE_FULL":
            return StoreError(f"the disk is full: nothing was saved to the {what} {self.path}")
        verb = "read" if reading else "save to"
        return StoreError(f"could not {verb} the {what} {self.path}: {text}")

    def _mark_for_check(self) -> None:
        try:
            self.path.with_name(self.path.name + CHECK_MARKER).touch(mode=FILE_MODE)
        except OSError:
            pass  # read-only: the damage is reported again on the next read


def sync_rows(
    db: Database,
    table: str,
    owner: tuple[str, object],
    columns: Sequence[str],
    key_length: int,
    rows: Iterable[Sequence[Any]],
) -> None:
    """Make one owner's rows of `table` equal to `rows`, writing only what changed.

    `owner` is (column, value), e.g. ("drill_id", 3); each row gives the values of `columns`,
    whose first `key_length` are the row's key within the owner. Rows that are new or differ
    are upserted, rows no longer given are deleted, identical rows are left alone (a key press
    changes one row: the page writes stay small). Call inside `db.transaction()`; `table` and
    the column names are the store's own constants, never outside text.
    """
    owner_column, owner_id = owner
    keys = columns[:key_length]
    names = ", ".join(columns)
    stored = {
        tuple(r[:key_length]): tuple(r)
        for r in db.rows(f"SELECT {names} FROM {table} WHERE {owner_column} = ?", (owner_id,))
    }
    changed: list[tuple[Any, ...]] = []
    for row in rows:
        values = tuple(row)
        if stored.pop(values[:key_length], None) != values:
            changed.append((owner_id, *values))
    if changed:
        marks = ", ".join("?" for _ in range(len(columns) + 1))
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[key_length:])
        db.executemany(
            f"INSERT INTO {table} ({owner_column}, {names}) VALUES ({marks})"
            f" ON CONFLICT ({owner_column}, {', '.join(keys)}) DO UPDATE SET {updates}",
            changed,
        )
    if stored:
        where = " AND ".join(f"{c} = ?" for c in (owner_column, *keys))
        db.executemany(f"DELETE FROM {table} WHERE {where}", [(owner_id, *k) for k in stored])


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error); SQLite errors come out as StoreError."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def __enter__(self) -> None:
        if self.db.read_only:
            raise self.db.error(sqlite3.OperationalError("read-only"))
        try:
            self.db.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self.db.error(exc) from None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn = self.db.conn
        if exc_type is None:
            try:
                conn.execute("COMMIT")
                return
            except sqlite3.Error as commit_exc:
                self._rollback()
                raise self.db.error(commit_exc) from None
        self._rollback()
        if isinstance(exc, sqlite3.Error):
            raise self.db.error(exc) from None

    def _rollback(self) -> None:
        try:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite rolled back already (a failed COMMIT can)


def _connect_read_write(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )


def _connect_read_only(path: Path, *, immutable_fallback: bool) -> sqlite3.Connection:
    """A ``mode=ro`` connection (it reads, and it may create the -shm index, nothing else)."""
    uri = path.resolve().as_uri()
    timeout = BUSY_TIMEOUT_MS / 1000
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
    )
    if not immutable_fallback:
        return conn
    try:
        conn.execute("PRAGMA user_version").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    # A WAL file in a read-only folder without its -shm: SQLite cannot share memory with
    # writers there, but there are none (nobody may write the folder): read the file as is.
    return sqlite3.connect(
        f"{uri}?mode=ro&immutable=1",
        uri=True,
        timeout=timeout,
        isolation_level=None,
        check_same_thread=False,
    )


def _read_every_table(conn: sqlite3.Connection) -> None:
    """Read the first row of every table: raises when a table's root pages are damaged."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for name in tables:
        quoted = '"' + name.replace('"', '""') + '"'
        conn.execute(f"SELECT * FROM {quoted} LIMIT 1").fetchall()


def _migrate(conn: sqlite3.Connection, schema: Schema) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process?
        for number in range(version, schema.version):
            for statement in _statements(schema.migrations[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _move_aside(path: Path, now: datetime, schema: Schema) -> Path:
    """Rename a bad database (and its -wal/-shm) to <name>.corrupt-<stamp>; never delete."""
    target = path.with_name(f"{path.name}.corrupt-{_utc_stamp(now)}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{_utc_stamp(now)}-{n}")
    try:
        os.replace(path, target)
        for side in _side_files(path):
            if side.exists():
                os.replace(side, target.with_name(target.name + side.name[len(path.name) :]))
        path.with_name(path.name + CHECK_MARKER).unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(
            f"the {schema.what} {path} is damaged and could not be moved aside: {exc}"
        ) from None
    return target


def _open_error(schema: Schema, path: Path, exc: sqlite3.Error | OSError) -> StoreError:
    return StoreError(
        f"cannot open the {schema.what} {path}: {exc};"
        " check the folder can be written, or choose another with --data-dir"
    )
