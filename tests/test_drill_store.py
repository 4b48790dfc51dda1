"""The drill store (SQLite, apart from study progress) and the CSV/JSON export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from drill_helpers import fake_clock, make_drill, right, wrong

from quizapp.core import paths
from quizapp.core.classroom.drill_store import DrillNotFound, DrillStore, snapshot
from quizapp.core.classroom.export import export_format, to_csv, to_json, write_export


def test_store_lives_in_the_data_dir_in_wal_mode() -> None:
    with DrillStore.open() as store:
        assert store.path == paths.data_dir() / "drills.sqlite3"
        mode = store.db.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    # nothing else is created: a drill never opens the spaced-repetition store
    assert {p.name for p in paths.data_dir().iterdir()} <= {
        "drills.sqlite3",
        "drills.sqlite3-wal",
        "drills.sqlite3-shm",
    }


def test_every_change_is_stored_and_reloads() -> None:
    clock = fake_clock()
    drill = make_drill(clock)
    with DrillStore.open() as store:
        drill_id = store.create(drill)
        drill.start()
        clock.advance(4)
        drill.set_choice(0, right(drill))
        drill.set_choice(1, wrong(drill))
        drill.reveal()
        store.save(snapshot(drill))
        again = store.load(drill_id, clock)
        assert again.results() == drill.results()
        rows = store.answer_rows(drill_id)
        assert [(r.team, r.right, r.seconds, r.points) for r in rows] == [
            ("Red", True, 4.0, 1),
            ("Blue", False, 4.0, 0),
        ]
        assert store.latest_unfinished() == drill_id
        drill.end()
        store.save(snapshot(drill))
        assert store.latest_unfinished() is None
        [summary] = store.summaries()
        assert summary.finished and summary.teams == ("Red", "Blue")
        with pytest.raises(DrillNotFound):
            store.load(99, clock)


def test_an_older_snapshot_never_overwrites_a_newer_one() -> None:
    drill = make_drill()
    with DrillStore.open() as store:
        store.create(drill)
        drill.start()
        old = snapshot(drill)
        drill.reveal()
        assert store.save(snapshot(drill))
        assert not store.save(old)
        assert store.load(drill.id or 0, drill.clock).phase == "revealed"


def finished_drill():
    clock = fake_clock()
    drill = make_drill(clock, count=2, scoring="speed")
    drill.id = 12
    drill.start()
    clock.advance(10)
    drill.set_choice(0, right(drill))
    drill.reveal()
    drill.advance()
    drill.advance()
    drill.start()
    clock.advance(2)
    drill.set_choice(1, right(drill))
    clock.advance(2)
    drill.set_choice(0, wrong(drill))
    drill.reveal()
    drill.advance()
    drill.advance()
    return drill


def test_csv_has_a_row_per_team_per_question_and_totals() -> None:
    drill = finished_drill()
    rows = list(csv.DictReader(io.StringIO(to_csv(drill))))
    picked = [
        (r["row"], r["question"], r["team"], r["right"], r["seconds"], r["points"], r["rank"])
        for r in rows
    ]
    assert picked == [
        ("answer", "1", "Red", "yes", "10.0", "750", ""),
        ("answer", "1", "Blue", "no", "", "0", ""),
        ("answer", "2", "Red", "no", "4.0", "0", ""),
        ("answer", "2", "Blue", "yes", "2.0", "950", ""),
        ("total", "", "Blue", "1", "", "950", "1"),
        ("total", "", "Red", "1", "", "750", "2"),
    ]
    first = rows[0]
    assert first["drill"] == "12" and first["deck"] == "drill-demo"
    assert first["prompt"] == drill.questions[0].prompt
    assert first["answer"].startswith(right_letter_of(drill, 0) + ": ")
    assert rows[1]["answer"] == ""


def right_letter_of(drill, index: int) -> str:
    return "ABCD"[drill.questions[index].correct[0]]


def test_json_export_and_file_formats(tmp_path: Path) -> None:
    drill = finished_drill()
    data = json.loads(to_json(drill))
    assert data["drill"]["settings"]["scoring"] == "speed"
    assert [q["status"] for q in data["questions"]] == ["done", "done"]
    assert len(data["rows"]) == 4
    assert [(t["team"], t["points"]) for t in data["totals"]] == [("Blue", 950), ("Red", 750)]
    assert write_export(drill, tmp_path / "r.JSON") == "json"
    assert json.loads((tmp_path / "r.JSON").read_text())["drill"]["id"] == 12
    with pytest.raises(ValueError, match=r"\.csv or \.json"):
        export_format(tmp_path / "r.xlsx")
