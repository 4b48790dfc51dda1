"""What one answer writes: one durable commit (synchronous=FULL) that touches the card's row,
its log row and their indexes, nothing else; and the migration that made it so."""

from __future__ import annotations

import sqlite3
import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizapp.core.clock import FakeClock
from quizapp.core.decks.model import Card, Deck
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.store import MIGRATIONS, SCHEMA_VERSION, Store

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DECK = Deck("d", "D", "", [Card(f"c{i}", "basic", front="q", back="a") for i in range(300)])


def wal_pages(path: Path) -> list[tuple[int, bool]]:
    """(page number, commit frame?) of each frame in the database's WAL."""
    data = Path(f"{path}-wal").read_bytes()
    page_size = struct.unpack(">I", data[8:12])[0]
    out, offset = [], 32
    while offset + 24 + page_size <= len(data):
        page, commit = struct.unpack(">II", data[offset : offset + 8])
        out.append((page, commit != 0))
        offset += 24 + page_size
    return out


def written_trees(answering: Answering, answer: object) -> tuple[set[str], int]:
    """The tables and indexes one call writes, and how many commits it makes."""
    conn = answering.store.conn
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert callable(answer)
    answer()
    frames = wal_pages(answering.store.path)
    owners = {p: n for n, p in conn.execute("SELECT name, pageno FROM dbstat")}
    return {owners.get(p, "?") for p, _ in frames}, sum(1 for _, c in frames if c)


def test_an_answer_is_one_durable_commit_of_the_rows_it_changes(tmp_path: Path) -> None:
    clock = FakeClock(START)
    with Answering.open(path=tmp_path / "p.sqlite3", clock=clock) as answering:
        conn = answering.store.conn
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        items = DECK.items()
        for n, item in enumerate(items):  # a log long enough to have interior pages
            answering.record_answer(item, 1 + n % 4, mode="study", duration_ms=1)
            clock.advance(60)
        clock.advance(timedelta(days=30))
        trees, commits = written_trees(
            answering, lambda: answering.record_answer(items[7], 3, mode="study", duration_ms=1)
        )
    assert commits == 1
    # page 1 (sqlite_schema) holds the file's size: written when the file grows
    assert trees - {"sqlite_schema"} <= {
        "card_state",
        "card_state_active",
        "review_log",
        "review_log_item",
        "review_log_time",
    }


def test_migrating_to_version_4_keeps_the_log_and_its_ids(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 3")
    rows = [
        (n * 3 + 1, "d", f"c{n}", f"2026-03-0{1 + n % 2}T09:00:00.000000+00:00", 3, 5, "study", 1)
        for n in range(5)
    ]
    conn.executemany(
        "INSERT INTO review_log (id, deck_id, item_id, reviewed_at, rating, duration_ms, mode,"
        " rescheduled, prior_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new')",
        rows,
    )
    conn.commit()
    conn.close()
    with Store.open(path=path, clock=FakeClock(START)) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert [(e.id, e.item_id) for e in store.log()] == [
            (1, "c0"),
            (7, "c2"),
            (13, "c4"),
            (4, "c1"),
            (10, "c3"),
        ]
        indexes = {
            r[0]
            for r in store.conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'review_log'"
            )
        }
        assert indexes == {"review_log_item", "review_log_time"}
        sql = store.conn.execute(
            "SELECT sql FROM sqlite_schema WHERE name = 'review_log'"
        ).fetchone()[0]
        assert "AUTOINCREMENT" not in sql
        assert not store.conn.execute("SELECT * FROM sqlite_sequence").fetchall()
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
