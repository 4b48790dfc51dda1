"""open_profile: the one way a profile is opened (settings, store, answering, notes)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from store_helpers import unwritable

from quizapp.core import paths
from quizapp.core.clock import FakeClock
from quizapp.core.config import Config, ConfigError
from quizapp.core.decks.model import Card, Deck
from quizapp.core.srs.profiles import open_profile
from quizapp.core.srs.store import StoreError, profile_path

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ITEM = Deck("d", "D", "", [Card("a", "basic", front="q", back="a")]).items()[0]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


def write_config(text: str) -> None:
    paths.config_dir(create=True)
    paths.config_file().write_text(text, encoding="utf-8")


def test_settings_store_and_answering_agree(clock: FakeClock) -> None:
    write_config("retention: 0.85\nnew_per_day: 7\n")
    with open_profile("alice", clock) as opened:
        assert opened.notes == []
        assert (opened.config.retention, opened.config.new_per_day) == (0.85, 7)
        assert opened.store.path == profile_path("alice")
        assert opened.answering.store is opened.store
        assert opened.answering.scheduler.desired_retention == 0.85
        opened.answering.record_answer(ITEM, 3, mode="study", duration_ms=1)
        assert opened.store.state(ITEM).reps == 1


def test_bad_settings_give_the_defaults_and_a_note_or_stop_a_command(clock: FakeClock) -> None:
    write_config("retention: ninety\n")
    with open_profile("default", clock) as opened:
        assert opened.config == Config()
        [note] = opened.notes
        assert note.startswith("Settings ignored: ") and "retention must be a number" in note
    with pytest.raises(ConfigError, match="retention must be a number"):
        open_profile("default", clock, strict_config=True)


def test_a_risky_setting_is_a_warning_note(clock: FakeClock) -> None:
    write_config("retention: 0.98\n")
    with open_profile("default", clock) as opened:
        assert opened.notes == [
            "warning: retention 0.98 is very high: reviews will pile up"
            " (above 0.97 is rarely worth it)"
        ]


def test_a_given_config_is_used_as_is(clock: FakeClock) -> None:
    write_config("retention: ninety\n")  # not read
    with open_profile("default", clock, config=Config(retention=0.8)) as opened:
        assert opened.notes == [] and opened.answering.scheduler.desired_retention == 0.8


def test_a_damaged_database_is_moved_aside_with_a_note(clock: FakeClock) -> None:
    path = profile_path("default")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 1000)
    with open_profile("default", clock) as opened:
        moved = path.with_name("default.sqlite3.corrupt-20260302T090000Z")
        assert opened.store.recovered_from == moved and moved.read_bytes() == b"garbage" * 1000
        assert opened.notes == [
            f"The progress database {path} was damaged; it was moved to {moved}"
            " and a fresh one was started."
        ]


def test_a_read_only_database_is_read_with_a_note(clock: FakeClock) -> None:
    with open_profile("default", clock) as opened:
        opened.answering.record_answer(ITEM, 3, mode="study", duration_ms=1)
    path = profile_path("default")
    with unwritable(path.parent), open_profile("default", clock) as opened:
        assert opened.store.read_only and opened.store.state(ITEM).reps == 1
        assert opened.notes == [
            f"The progress database {path} is read-only: progress is shown but nothing"
            " can be saved."
        ]
        with pytest.raises(StoreError, match="is read-only: nothing was saved"):
            opened.answering.record_answer(ITEM, 1, mode="study", duration_ms=1)
        assert opened.store.state(ITEM).reps == 1


@pytest.mark.parametrize("name", ["alice\n", "alice\nbob", "../alice", "", ".hidden", "a" * 65])
def test_profile_names_must_match_whole(clock: FakeClock, name: str) -> None:
    with pytest.raises(StoreError, match="bad profile name"):
        open_profile(name, clock)
    assert not (paths.data_dir() / "profiles").exists()
