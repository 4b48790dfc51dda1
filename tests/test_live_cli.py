"""`quizapp host` and `quizapp join` through `quizapp.cli.main` and as real commands."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from live_helpers import FIXTURES, fake_clock, right_response, wrong_response

from quizapp.cli import live_cmd, main, terminal
from quizapp.core.classroom.room import Room
from quizapp.core.classroom.room_store import RoomStore, snapshot
from quizapp.live.server import ServeOptions

DECKS = ["--decks", str(FIXTURES)]


def quizapp(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=60,
    )


@pytest.fixture
def as_if_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terminal, "has_terminal", lambda: True)
    monkeypatch.setattr(live_cmd, "SystemClock", fake_clock)


def play_all(args: Any, room: Room, store: RoomStore, options: ServeOptions, decks: Any) -> int:
    """Stands in for the app: two students, one right and one wrong, to the end."""
    a, b = room.join("=HYPERLINK(1)"), room.join("Ben")
    room.start()
    while room.phase != "end":
        room.clock.advance(2)  # type: ignore[attr-defined]
        room.answer(a.id, room.number, right_response(room.question))
        room.answer(b.id, room.number, wrong_response(room.question))
        room.reveal()
        room.advance()
        room.advance()
    store.save(snapshot(room))
    return 0


def stop_after_one(
    args: Any, room: Room, store: RoomStore, options: ServeOptions, decks: Any
) -> int:
    """Stands in for the app: one question answered, then the teacher's laptop dies."""
    a = room.join("Ana")
    room.join("Ben")  # never answers: the question stays open
    room.start()
    room.answer(a.id, 1, right_response(room.question))
    room.port = 8999
    store.save(snapshot(room))
    return 0


def test_host_and_join_refuse_without_a_terminal(tmp_path: Path) -> None:
    host = quizapp("host", "live-demo", *DECKS, data=tmp_path)
    assert host.returncode == 2
    assert "not a terminal" in host.stderr and "\x1b" not in host.stdout
    join = quizapp("join", "http://127.0.0.1:8765/482913/h3k9m2qa", data=tmp_path)
    assert join.returncode == 2 and "not a terminal" in join.stderr


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["join", "not-a-url"]) == 2
    assert "not a room address" in capsys.readouterr().err
    assert main(["host"]) == 2
    assert "give a DECK" in capsys.readouterr().err
    assert main(["host", "--resume", "--timer", "5"]) == 2
    assert "--resume keeps the room's own settings; drop --timer" in capsys.readouterr().err
    assert main(["host", "live-demo", "--export", "out.xlsx"]) == 2
    assert ".csv, .json or .txt" in capsys.readouterr().err
    assert main(["host", "live-demo", "--teams", "Red"]) == 2
    assert "give 2 to 9 teams" in capsys.readouterr().err


def test_host_runs_stores_and_exports_with_neutralised_cells(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    as_if_a_terminal: None,
) -> None:
    monkeypatch.setattr(live_cmd, "launch", play_all)
    out = tmp_path / "results.csv"
    args = ["host", "live-demo", *DECKS, "--count", "2", "--types", "choice", "--seed", "3"]
    assert main([*args, "--scoring", "speed", "--timer", "30", "--export", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 of 2 questions asked, 2 players, speed scoring" in printed
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["row"], r["question"], r["player"], r["right"], r["points"]) for r in rows] == [
        ("answer", "1", "'=HYPERLINK(1)", "yes", "967"),
        ("answer", "1", "Ben", "no", "0"),
        ("answer", "2", "'=HYPERLINK(1)", "yes", "1067"),
        ("answer", "2", "Ben", "no", "0"),
        ("total", "", "'=HYPERLINK(1)", "2", "2034"),
        ("total", "", "Ben", "0", "0"),
    ]
    assert main(["host", "--list"]) == 0
    listing = capsys.readouterr().out
    assert "live-demo" in listing and "finished" in listing
    summaries = tmp_path / "students.txt"
    assert main(["host", "--room", "1", "--export", str(summaries)]) == 0
    text = summaries.read_text(encoding="utf-8")
    assert text.count("\f") == 1 and "Total: 2034 points" in text
    as_json = tmp_path / "results.json"
    assert main(["host", "--room", "1", "--export", str(as_json)]) == 0
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert data["totals"][0]["player"] == "=HYPERLINK(1)"  # JSON keeps the text as it is


def test_an_interrupted_room_resumes_on_its_port(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    as_if_a_terminal: None,
) -> None:
    monkeypatch.setattr(live_cmd, "launch", stop_after_one)
    assert main(["host", "live-demo", *DECKS, "--count", "2"]) == 0
    assert "Not finished: `quizapp host --resume` continues it" in capsys.readouterr().out
    seen: dict[str, Any] = {}

    def resumed(args: Any, room: Room, store: RoomStore, options: ServeOptions, decks: Any) -> int:
        seen.update(phase=room.phase, paused=room.paused, port=options.port, host=options.host)
        seen["players"] = [p.name for p in room.active_players()]
        room.end()
        store.save(snapshot(room))
        return 0

    monkeypatch.setattr(live_cmd, "launch", resumed)
    assert main(["host", "--resume", *DECKS]) == 0
    assert seen == {
        "phase": "question",
        "paused": True,
        "port": 8999,
        "host": "127.0.0.1",
        "players": ["Ana", "Ben"],
    }
    assert main(["host", "--resume", *DECKS]) == 1
    assert "nothing to resume" in capsys.readouterr().err


def test_host_list_and_export_of_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["host", "--list"]) == 0
    assert "No rooms yet" in capsys.readouterr().out
    assert main(["host", "--room", "4", "--export", str(tmp_path / "x.csv")]) == 1
    assert "no room number 4" in capsys.readouterr().err


def test_host_flags_reach_the_server_and_the_room(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], as_if_a_terminal: None
) -> None:
    """--lan (an interface, or this machine's address), --public-url and the room's switches
    arrive where they act: the address served on, the URL shown, the room's settings."""
    seen: dict[str, Any] = {}

    def record(args: Any, room: Room, store: RoomStore, options: ServeOptions, decks: Any) -> int:
        seen.update(host=options.host, url=options.public_url, settings=room.settings)
        room.end()
        store.save(snapshot(room))
        return 0

    monkeypatch.setattr(live_cmd, "launch", record)
    flags = ["--projector-only", "--no-late-join", "--max-players", "12"]
    flags += ["--teams", "Red,Blue", "--auto-teams"]
    url = ["--public-url", "https://quiz.school.example"]
    assert main(["host", "live-demo", *DECKS, "--lan", "10.1.2.3", *url, *flags]) == 0
    assert "serving room" in capsys.readouterr().err and seen["host"] == "10.1.2.3"
    assert seen["url"] == "https://quiz.school.example"
    s = seen["settings"]
    assert (s.projector_only, s.late_join, s.max_players) == (True, False, 12)
    assert (s.teams, s.auto_teams) == (("Red", "Blue"), True)
    monkeypatch.setattr(live_cmd, "lan_address", lambda: "192.168.7.9")
    assert main(["host", "live-demo", *DECKS, "--lan"]) == 0
    assert seen["host"] == "192.168.7.9"
    assert main(["host", "live-demo", *DECKS]) == 0
    assert seen["host"] == "127.0.0.1"  # without --lan, only this computer


def test_a_bad_address_is_a_usage_error_that_leaves_no_room(
    capsys: pytest.CaptureFixture[str], as_if_a_terminal: None
) -> None:
    assert main(["host", "live-demo", *DECKS, "--public-url", "ftp://x"]) == 2
    assert "--public-url: give an http:// or https:// address" in capsys.readouterr().err
    assert main(["host", "live-demo", *DECKS, "--lan", "not-an-ip"]) == 2
    assert "--lan: 'not-an-ip' is not an IP address" in capsys.readouterr().err
    assert main(["host", "--list"]) == 0
    assert "No rooms yet" in capsys.readouterr().out


def test_a_damaged_rooms_database_is_moved_aside_and_said(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from quizapp.core import paths
    from quizapp.core.classroom.room_store import DB_NAME

    paths.data_dir().mkdir(parents=True, exist_ok=True)
    (paths.data_dir() / DB_NAME).write_bytes(b"not a database at all" * 100)
    assert main(["host", "--list"]) == 1  # as `drills list` does
    err = capsys.readouterr().err
    assert "the rooms database" in err and "was damaged; it was moved to" in err


def test_a_damaged_room_row_is_listed_with_the_others(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], as_if_a_terminal: None
) -> None:
    monkeypatch.setattr(live_cmd, "launch", play_all)
    for _ in range(2):
        assert main(["host", "live-demo", *DECKS, "--count", "1"]) == 0
    with RoomStore.open() as store:
        store.db.conn.execute("UPDATE rooms SET started_at = 'yesterday' WHERE id = 1")
    capsys.readouterr()
    assert main(["host", "--list"]) == 1
    out, err = capsys.readouterr()
    statuses = {line.split()[0]: line.split()[-1] for line in out.splitlines()[1:]}
    assert statuses == {"2": "finished", "1": "damaged"}
    assert "quizapp: room 1 cannot be read: ValueError:" in err
