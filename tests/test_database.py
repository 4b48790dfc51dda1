"""The SQLite layer both stores share: migrations, refusal of a newer file, recovery of a
damaged one, read-only files, user-only modes, one error type, one transaction helper, and
when the integrity check runs."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from store_helpers import REPO, unwritable

from quizapp.core.classroom import drill_store
from quizapp.core.database import (
    CHECK_MARKER,
    Database,
    Schema,
    StoreError,
)
from quizapp.core.srs import store as progress_store
from quizapp.core.srs.store import Store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOTES = Schema(
    "notes database",
    (
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);",
        "ALTER TABLE notes ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;"
        " CREATE INDEX notes_text ON notes (text);",
    ),
)


def open_notes(path: Path, schema: Schema = NOTES) -> Database:
    return Database.open(path, schema, now=NOW)


def add_note(db: Database, text: str) -> None:
    with db.transaction():
        db.execute("INSERT INTO notes (text) VALUES (?)", (text,))


def texts(db: Database) -> list[str]:
    return [r[0] for r in db.rows("SELECT text FROM notes ORDER BY id")]


# --- migrations ---------------------------------------------------------------------------


def test_a_new_file_gets_every_migration(tmp_path: Path) -> None:
    db = open_notes(tmp_path / "n.sqlite3")
    try:
        assert db.row("PRAGMA user_version") == (2,)
        assert db.row("PRAGMA journal_mode") == ("wal",)
        assert db.row("PRAGMA synchronous") == (2,)  # FULL
        assert db.row("PRAGMA foreign_keys") == (1,)
        assert db.row("PRAGMA busy_timeout")[0] >= 5000  # type: ignore[index]
        add_note(db, "hello")
        assert db.row("SELECT seen FROM notes") == (0,)
    finally:
        db.close()


def test_an_old_file_is_migrated_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(NOTES.migrations[0])
    conn.execute("INSERT INTO notes (text) VALUES ('kept')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    db = open_notes(path)
    try:
        assert db.row("PRAGMA user_version") == (2,)
        assert texts(db) == ["kept"]
        assert db.row("SELECT name FROM sqlite_schema WHERE name = 'notes_text'") is not None
    finally:
        db.close()


def test_a_failing_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite3"
    open_notes(path, Schema("notes database", NOTES.migrations[:1])).close()
    broken = Schema("notes database", (NOTES.migrations[0], "ALTER TABLE nope ADD COLUMN x;"))
    with pytest.raises(StoreError, match="cannot open the notes database"):
        open_notes(path, broken)
    db = open_notes(path, Schema("notes database", NOTES.migrations[:1]))
    try:
        assert db.row("PRAGMA user_version") == (1,)
    finally:
        db.close()


def test_each_store_has_its_list_of_migrations() -> None:
    # 3: issue 10's index of suspended cards; 4: what an answer writes, cut (issue 11)
    assert progress_store.SCHEMA.version == len(progress_store.MIGRATIONS) == 4
    assert drill_store.SCHEMA.version == len(drill_store.MIGRATIONS) == 1


# --- a newer file -------------------------------------------------------------------------


@pytest.mark.parametrize("schema", [progress_store.SCHEMA, drill_store.SCHEMA, NOTES])
def test_a_newer_file_is_refused_and_left_byte_identical(tmp_path: Path, schema: Schema) -> None:
    path = tmp_path / "future.sqlite3"
    open_notes(path, schema).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.version + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")  # what a newer quizapp might have chosen
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer quizapp"):
        open_notes(path, schema)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.sqlite3"]


# --- damaged files ------------------------------------------------------------------------


def test_garbage_is_moved_aside_with_its_side_files(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite3"
    path.write_bytes(b"not a database at all " * 300)
    (tmp_path / "n.sqlite3-wal").write_bytes(b"old wal")
    (tmp_path / "n.sqlite3-shm").write_bytes(b"old shm")
    db = open_notes(path)
    try:
        moved = db.recovered_from
        assert moved is not None and moved.name == "n.sqlite3.corrupt-20260302T090000Z"
        assert moved.read_bytes() == b"not a database at all " * 300
        assert (tmp_path / "n.sqlite3.corrupt-20260302T090000Z-wal").read_bytes() == b"old wal"
        # the -shm is SQLite's index of the -wal (rebuilt from it): moved along, not kept as is
        assert (tmp_path / "n.sqlite3.corrupt-20260302T090000Z-shm").exists()
        add_note(db, "fresh")
        assert texts(db) == ["fresh"]
    finally:
        db.close()
    again = open_notes(tmp_path / "other.sqlite3")
    again.close()
    (tmp_path / "n.sqlite3").write_bytes(b"garbage again" * 300)
    second = open_notes(path)  # the same second: the first file aside is never overwritten
    try:
        assert second.recovered_from is not None
        assert second.recovered_from.name == "n.sqlite3.corrupt-20260302T090000Z-2"
        assert moved.read_bytes() == b"not a database at all " * 300
    finally:
        second.close()


def test_a_folder_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "n.sqlite3").mkdir()
    with pytest.raises(StoreError, match=r"n\.sqlite3 is a folder, not a database"):
        open_notes(tmp_path / "n.sqlite3")


def smash_index(path: Path, index: str) -> None:
    """Overwrite the root page of an index of a cleanly closed file with garbage."""
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (index,)).fetchone()
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xff" * page_size)


def test_damage_found_in_use_is_checked_at_the_next_open_and_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite3"
    db = open_notes(path)
    for n in range(50):
        add_note(db, f"note {n}")
    db.close()
    smash_index(path, "notes_text")
    db = open_notes(path)  # the tables read fine: not checked, not moved
    assert db.recovered_from is None and not db.checked
    with pytest.raises(StoreError, match=r"is damaged .*nothing was saved"):
        db.rows("SELECT id FROM notes INDEXED BY notes_text WHERE text > ''")
    db.close()
    assert (tmp_path / f"n.sqlite3{CHECK_MARKER}").exists()
    db = open_notes(path)
    try:
        assert db.recovered_from is not None and db.recovered_from.exists()
        assert texts(db) == []
        assert not (tmp_path / f"n.sqlite3{CHECK_MARKER}").exists()
    finally:
        db.close()


# --- when the integrity check runs ---------------------------------------------------------


def test_a_clean_reopen_skips_the_check_and_a_killed_process_gets_one(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    Store.open(path=path).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.sqlite3"]  # no -wal, no -shm
    with Store.open(path=path) as store:
        assert not store.db.checked
    code = (
        "import os, signal, sys\n"
        "from quizapp.core.srs.store import Store\n"
        "s = Store.open(path=sys.argv[1])\n"
        "s.start_session('study', ['d'])\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code, str(path)], env=env, timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert (tmp_path / "p.sqlite3-wal").exists()
    with Store.open(path=path) as store:
        assert store.db.checked and store.recovered_from is None
        assert store.db.row("SELECT count(*) FROM sessions") == (1,)  # the commit survived
    with Store.open(path=path) as store:
        assert not store.db.checked  # closed cleanly again


# --- read-only files ----------------------------------------------------------------------


def filled(path: Path) -> None:
    db = open_notes(path)
    add_note(db, "one")
    add_note(db, "two")
    db.close()


@pytest.mark.parametrize("what", ["folder", "file"])
def test_an_unwritable_file_is_read_and_writes_say_why(tmp_path: Path, what: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "n.sqlite3"
    filled(path)
    before = path.read_bytes()
    with unwritable(folder if what == "folder" else path):
        db = open_notes(path)
        try:
            assert db.read_only
            assert texts(db) == ["one", "two"]
            with pytest.raises(StoreError, match=r"n\.sqlite3 is read-only: nothing was saved"):
                add_note(db, "three")
            assert texts(db) == ["one", "two"]
        finally:
            db.close()
    assert path.read_bytes() == before


def test_an_unwritable_folder_without_the_file_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with unwritable(folder), pytest.raises(StoreError, match="cannot open the notes database"):
        open_notes(folder / "n.sqlite3")


# --- user-only files ----------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_new_files_and_folders_are_the_users_alone(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "a" / "b" / "n.sqlite3"
        db = open_notes(path)
        add_note(db, "private")
        modes = {
            p.name: stat.S_IMODE(p.stat().st_mode)
            for p in (tmp_path / "a", tmp_path / "a" / "b", *path.parent.iterdir())
        }
        db.close()
    finally:
        os.umask(old)
    assert modes == {
        "a": 0o700,
        "b": 0o700,
        "n.sqlite3": 0o600,
        "n.sqlite3-wal": 0o600,
        "n.sqlite3-shm": 0o600,
    }


# --- one error type, one transaction helper -----------------------------------------------


def test_both_stores_raise_the_one_error_type() -> None:
    assert progress_store.StoreError is StoreError is drill_store.StoreError


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    db = open_notes(tmp_path / "n.sqlite3")
    try:
        add_note(db, "kept")
        with pytest.raises(ValueError, match="changed my mind"), db.transaction():
            db.execute("INSERT INTO notes (text) VALUES ('dropped')")
            raise ValueError("changed my mind")
        assert not db.conn.in_transaction
        failed = pytest.raises(StoreError, match="could not save to the notes database")
        with failed, db.transaction():
            db.execute("INSERT INTO notes (text) VALUES ('dropped too')")
            db.execute("INSERT INTO notes (text) VALUES (NULL)")  # NOT NULL
        assert not db.conn.in_transaction
        assert texts(db) == ["kept"]
    finally:
        db.close()


def test_a_lock_held_too_long_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite3"
    first, second = open_notes(path), open_notes(path)
    try:
        second.conn.execute("PRAGMA busy_timeout = 50")
        first.conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="stayed locked"):
            add_note(second, "waits")
        first.conn.execute("ROLLBACK")
        add_note(second, "then goes in")
        assert texts(first) == ["then goes in"]
    finally:
        first.close()
        second.close()
