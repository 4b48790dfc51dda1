"""The rooms database: on the same SQLite layer as every store (recovery, one error type,
owner-only file), writing only the answer rows that changed."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from live_helpers import make_room, right_response

from quizapp.core import paths
from quizapp.core.classroom.room_store import DB_NAME, RoomStore, snapshot
from quizapp.core.database import StoreError


def rows(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(
            "SELECT number, player, answer, right, rowid FROM room_answers ORDER BY number, player"
        ).fetchall()


def test_a_room_round_trips_and_only_changed_answer_rows_are_written() -> None:
    room = make_room(count=2, types=("choice",))
    ana, ben = room.join("Ana"), room.join("Ben")
    with RoomStore.open() as store:
        store.create(room)
        room.advance()  # question 1
        for player in (ana, ben):
            room.answer(player.id, 1, right_response(room.question))
        room.advance()  # reveal
        store.save(snapshot(room))
        first = rows(store.path)
        room.advance()  # board
        room.advance()  # question 2
        for player in (ana, ben):
            room.answer(player.id, 2, right_response(room.question))
        room.advance()
        store.save(snapshot(room))
        second = rows(store.path)
        assert room.id is not None
        again = store.load(room.id, room.clock)
    assert again.to_dict() == room.to_dict()
    assert [(r[0], r[1]) for r in first] == [(1, "Ana"), (1, "Ben")]
    # question 1's rows are the very same rows (same rowids, untouched); question 2's are new
    assert [r for r in second if r[0] == 1] == first
    assert [(r[0], r[1]) for r in second if r[0] == 2] == [(2, "Ana"), (2, "Ben")]
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(paths.data_dir() / DB_NAME).st_mode) == 0o600


def test_a_damaged_rooms_file_is_moved_aside() -> None:
    where = paths.data_dir(create=True) / DB_NAME
    where.write_bytes(b"this is not a database" * 100)
    with RoomStore.open() as store:
        assert store.recovered_from is not None and store.recovered_from.exists()
        assert store.summaries() == []


def test_a_rooms_file_from_a_newer_quizapp_is_refused_untouched() -> None:
    where = paths.data_dir(create=True) / DB_NAME
    with closing(sqlite3.connect(where)) as db:
        db.execute("PRAGMA user_version = 99")
    before = where.read_bytes()
    with pytest.raises(StoreError, match="newer"):
        RoomStore.open()
    assert where.read_bytes() == before
