"""The progress store and answering on it: answers, undo, suspension, faults, migrations."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating, State

from quizapp.core import paths
from quizapp.core.clock import FakeClock
from quizapp.core.decks.model import Card, Deck
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.audit import integrity_check, stored_item_ids
from quizapp.core.srs.store import SCHEMA_VERSION, Store, StoreError, profile_path

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def make_deck(*cards: Card, deck_id: str = "d") -> Deck:
    return Deck(deck_id, deck_id.upper(), "", list(cards))


DECK = make_deck(
    Card("a", "basic", front="qa", back="aa", reverse=True),
    Card("b", "typed", question="qb", answer="ab"),
)
A, A_REV, B = DECK.items()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def answering(clock: FakeClock) -> Answering:
    s = Answering.open("default", clock)
    yield s
    s.close()


@pytest.fixture
def store(answering: Answering) -> Store:
    return answering.store


def test_profile_lives_in_the_data_dir_with_wal_and_version(store: Store) -> None:
    assert store.path == paths.data_dir() / "profiles" / "default.sqlite3"
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_answer_is_logged_and_scheduled(
    answering: Answering, store: Store, clock: FakeClock
) -> None:
    r = answering.record_answer(
        B, Rating.Good, mode="quiz", duration_ms=1234, answer="ab", correct=True
    )
    assert r.rescheduled and not r.became_leech
    assert r.due == START + timedelta(minutes=10)
    assert store.state(B).reps == 1 and store.state(B).state == State.Learning
    (entry,) = store.log()
    assert (entry.deck_id, entry.item_id, entry.rating, entry.duration_ms) == ("d", "b", 3, 1234)
    assert (entry.mode, entry.answer, entry.correct, entry.prior_kind) == (
        "quiz",
        "ab",
        True,
        "new",
    )
    assert entry.reviewed_at == START and entry.reviewed_at.tzinfo is not None


def test_cram_and_reschedule_false_log_without_changing_state(
    answering: Answering, store: Store
) -> None:
    answering.record_answer(A, 3, mode="cram", duration_ms=5)
    answering.record_answer(A, 1, mode="quiz", duration_ms=5, reschedule=False, correct=False)
    assert store.state(A).is_new
    assert [(e.mode, e.rescheduled) for e in store.log()] == [("cram", False), ("quiz", False)]


def test_bad_mode_is_refused(answering: Answering) -> None:
    with pytest.raises(ValueError, match="mode"):
        answering.record_answer(A, 3, mode="exam", duration_ms=1)


def test_undo_restores_state_and_deletes_the_log_row(
    answering: Answering, store: Store, clock: FakeClock
) -> None:
    answering.record_answer(A, 3, mode="study", duration_ms=1)
    before = store.state(A)
    clock.advance(timedelta(minutes=10))
    answering.record_answer(A, 1, mode="study", duration_ms=1)
    undone = answering.undo_last()
    assert undone is not None and undone.item_id == "a"
    assert store.state(A) == before == undone.restored
    assert len(list(store.log())) == 1
    assert answering.undo_last() is not None
    assert store.state(A).is_new
    assert answering.undo_last() is None


def test_undo_survives_reopening(clock: FakeClock) -> None:
    with Answering.open("p", clock) as s:
        sid = s.start_session("study", ["d"])
        s.record_answer(B, 3, mode="study", duration_ms=1, session_id=sid)
    with Answering.open("p", clock) as s:
        assert s.undo_last(session_id=sid) is not None
        assert s.state(B).is_new and not list(s.store.log())


def test_undo_refuses_when_answered_again_elsewhere(answering: Answering) -> None:
    s1 = answering.start_session("study", ["d"])
    answering.record_answer(A, 3, mode="study", duration_ms=1, session_id=s1)
    answering.record_answer(A, 3, mode="study", duration_ms=1)
    with pytest.raises(StoreError, match="answered again"):
        answering.undo_last(session_id=s1)


def test_suspend_unsuspend(answering: Answering, store: Store) -> None:
    answering.suspend(B)
    assert store.state(B).suspended and stored_item_ids(store, "d") == {"b"}
    answering.unsuspend(B)
    assert store.state(B).is_new and stored_item_ids(store, "d") == set()
    answering.record_answer(A, 3, mode="study", duration_ms=1)
    answering.suspend(A)
    assert store.state(A).suspended and store.state(A).reps == 1
    answering.unsuspend(A)  # (reset, used by nothing but this test, is gone)
    assert not store.state(A).suspended and store.state(A).reps == 1
    assert len(list(store.log())) == 1


def test_leech_is_suspended_and_reported(
    answering: Answering, store: Store, clock: FakeClock
) -> None:
    leech_at = []
    for n in range(40):
        s = store.state(B)
        if s.suspended:
            break
        if s.due:
            clock.set(max(clock.now(), s.due))
        rating = Rating.Again if s.state == State.Review else Rating.Good
        if answering.record_answer(B, rating, mode="study", duration_ms=1).became_leech:
            leech_at.append(n)
    s = store.state(B)
    assert s.leech and s.suspended and s.lapses == 8 and len(leech_at) == 1


def test_edited_decks_keep_progress(answering: Answering, store: Store) -> None:
    answering.record_answer(A, 3, mode="study", duration_ms=1)
    edited = make_deck(
        Card("a", "basic", front="qa, reworded", back="aa"), Card("c", "basic", front="q", back="a")
    )
    a2, c = edited.items()
    assert store.state(a2).reps == 1  # same id, text changed: progress kept
    assert store.state(c).is_new
    assert stored_item_ids(store, "d") == {"a"}  # the removed card's history is still there


def test_not_a_database_is_moved_aside(clock: FakeClock) -> None:
    path = profile_path("default")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not sqlite at all" * 100)
    with Answering.open("default", clock) as s:
        assert s.store.recovered_from is not None
        assert s.store.recovered_from.name == "default.sqlite3.corrupt-20260302T090000Z"
        assert s.store.recovered_from.read_bytes().startswith(b"this is not sqlite")
        s.record_answer(A, 3, mode="study", duration_ms=1)
        assert integrity_check(s.store) == ["ok"]


def test_corrupt_database_is_moved_aside_never_deleted(clock: FakeClock) -> None:
    with Answering.open("default", clock) as s:
        for item in (A, A_REV, B):
            s.record_answer(item, 3, mode="study", duration_ms=1)
        s.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = profile_path("default")
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * 8192  # smash pages 2 and 3 (table roots)
    path.write_bytes(bytes(data))
    with Store.open("default", clock) as s:
        assert s.recovered_from is not None and s.recovered_from.exists()
        assert s.recovered_from.read_bytes() == bytes(data)
        assert not list(s.log())


def test_unwritable_data_dir_is_a_store_error(tmp_path: Path, monkeypatch, clock) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(blocker / "data"))
    with pytest.raises(StoreError, match="cannot create the data folder"):
        Store.open("default", clock)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_data_dir(tmp_path: Path, monkeypatch, clock) -> None:
    data = tmp_path / "ro"
    (data / "profiles").mkdir(parents=True)
    data.chmod(0o500)
    (data / "profiles").chmod(0o500)
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(data))
    try:
        with pytest.raises(StoreError, match="cannot open"):
            Store.open("default", clock)
    finally:
        (data / "profiles").chmod(0o700)
        data.chmod(0o700)


def test_bad_profile_name(clock: FakeClock) -> None:
    with pytest.raises(StoreError, match="bad profile name"):
        Store.open("../etc", clock)


def test_newer_schema_is_refused_not_touched(clock: FakeClock) -> None:
    with Store.open("default", clock):
        pass
    conn = sqlite3.connect(profile_path("default"))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer quizapp"):
        Store.open("default", clock)


def test_migrates_from_an_empty_file(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "old.sqlite3"
    sqlite3.connect(path).close()  # version 0
    with Store.open(path=path, clock=clock) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master")}
        assert {"card_state", "review_log", "sessions"} <= tables


def test_sessions_are_recorded(store: Store, clock: FakeClock) -> None:
    sid = store.start_session("study", ["d"])
    clock.advance(60)
    store.end_session(sid)
    row = store.conn.execute("SELECT mode, deck_ids, started_at, ended_at FROM sessions").fetchone()
    assert row[0] == "study" and row[1] == '["d"]' and row[2] < row[3]


def test_migrates_version_1_keeping_progress(tmp_path: Path, clock: FakeClock) -> None:
    from quizapp.core.srs.store import MIGRATIONS

    path = tmp_path / "v1.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute(
        "INSERT INTO card_state (deck_id, item_id, state, step, stability, difficulty, due,"
        " last_review, reps) VALUES ('d', 'b', 2, NULL, 5.0, 5.0,"
        " '2026-03-05T09:00:00.000000+00:00', '2026-03-01T09:00:00.000000+00:00', 3)"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(path=path, clock=clock) as s:
        # 3: issue 10's index of suspended cards; 4: what an answer writes, cut (issue 11)
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        state = s.state(B)
        assert state.reps == 3 and state.state == State.Review and state.stability == 5.0


def test_sync_deck_keeps_progress_of_vanished_items(answering: Answering, store: Store) -> None:
    answering.record_answer(A, 3, mode="study", duration_ms=1)
    assert store.sync_deck("d", ["a", "a/reverse", "b"], "v1")
    assert not store.sync_deck("d", ["a", "a/reverse", "b"], "v1")  # unchanged: no write
    assert store.new_ids("d", 10) == ["a/reverse", "b"]
    assert store.sync_deck("d", ["b", "c"], "v2")  # 'a' and its reverse left the deck
    assert store.new_ids("d", 10) == ["b", "c"]
    assert store.state(A).reps == 1 and stored_item_ids(store, "d") == {"a"}
    assert store.learning_due("d", START + timedelta(days=1)) == []  # 'a' is not queued
    assert store.sync_deck("d", ["a", "b", "c"], "v3")  # back again, with its progress
    assert [s.item_id for s in store.learning_due("d", START + timedelta(days=1))] == ["a"]


def test_a_lock_held_too_long_is_a_store_error_and_saves_nothing(clock: FakeClock) -> None:
    with Store.open("default", clock) as first, Answering.open("default", clock) as second:
        second.store.conn.execute("PRAGMA busy_timeout = 50")
        first.conn.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="stayed locked"):
                second.record_answer(A, 3, mode="study", duration_ms=1)
        finally:
            first.conn.execute("ROLLBACK")
        assert not second.store.conn.in_transaction
        assert not list(second.store.log()) and second.state(A).is_new
        second.record_answer(A, 3, mode="study", duration_ms=1)  # works once the lock is gone
        assert len(list(first.log())) == 1
