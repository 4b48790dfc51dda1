"""The drill store (SQLite, apart from study progress) and the CSV/JSON export."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from drill_helpers import fake_clock, make_drill, right, wrong
from store_helpers import quizapp

from quizapp.core import paths
from quizapp.core.classroom.drill import ResultRow, option_letters
from quizapp.core.classroom.drill_store import (
    MIGRATIONS,
    DrillNotFound,
    DrillStore,
    StoreError,
    snapshot,
)
from quizapp.core.classroom.export import export_format, to_csv, to_json, write_export


def answer_rows(store: DrillStore, drill_id: int) -> list[ResultRow]:
    """The drill's rows of `drill_answers`, read as a teacher would (docs/drills.md)."""
    rows = store.db.conn.execute(
        "SELECT number, team, answer, answered, right, seconds, confidence, points"
        " FROM drill_answers WHERE drill_id = ? ORDER BY number, rowid",
        (drill_id,),
    )
    return [
        ResultRow(n, team, answer, bool(answered), bool(right), seconds, conf, points)
        for n, team, answer, answered, right, seconds, conf, points in rows
    ]


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
        rows = answer_rows(store, drill_id)
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


# --- the shared layer: migrations, only what changed is written, damaged files ------------


def test_a_file_from_before_versions_is_adopted_with_its_drills(tmp_path: Path) -> None:
    path = tmp_path / "drills.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])  # the unversioned schema (user_version 0)
    conn.execute(
        "INSERT INTO drills (deck_id, deck_title, started_at, settings, state, revision)"
        " VALUES ('d', 'D', '2026-03-02T09:30:00+00:00', '{\"teams\": [\"A\"]}', '{}', 0)"
    )
    conn.commit()
    conn.close()
    with DrillStore.open(path) as store:
        assert store.db.row("PRAGMA user_version") == (1,)
        [summary] = store.summaries()
        assert (summary.id, summary.teams, summary.problem) == (1, ("A",), None)


def test_drill_answers_mirrors_the_results_writing_only_what_changed() -> None:
    clock = fake_clock()
    drill = make_drill(clock, count=3, teams=("Red", "Blue", "Green"))
    with DrillStore.open() as store:
        drill_id = store.create(drill)
        conn = store.db.conn

        def save() -> int:
            """Rows written by the save of the drill as it is now."""
            before = conn.total_changes
            assert store.save(snapshot(drill))
            assert answer_rows(store, drill_id) == drill.results()
            return conn.total_changes - before - 1  # the drills row itself

        drill.start()
        clock.advance(3)
        drill.set_choice(0, right(drill))
        assert save() == 0  # an open question has no result rows yet
        drill.set_choice(1, wrong(drill))
        drill.reveal()
        assert save() == 3  # the question closed: one row per team
        drill.set_choice(2, right(drill))  # Green's late answer: its row alone changes
        assert save() == 1
        drill.set_choice(1, right(drill))  # Blue corrected
        assert save() == 1
        drill.advance()
        assert save() == 0  # the leaderboard changes no result
        drill.advance()
        drill.start()
        clock.advance(2)
        if option_letters(drill.question):
            drill.set_choice(0, right(drill))
        else:
            drill.mark(0, True)  # a typed question
        drill.reveal()
        assert save() == 3
        fewer = replace(snapshot(drill), revision=drill.revision + 1, rows=drill.results()[:4])
        assert store.save(fewer)  # rows no longer in the snapshot are deleted
        assert answer_rows(store, drill_id) == drill.results()[:4]


def test_every_failure_is_a_store_error(tmp_path: Path) -> None:
    folder = tmp_path / "drills.sqlite3"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a folder, not a database"):
        DrillStore.open(folder)
    path = tmp_path / "ok.sqlite3"
    drill = make_drill()
    with DrillStore.open(path) as store:
        drill_id = store.create(drill)
        store.db.conn.execute(
            "UPDATE drills SET state = '{\"deck_id\": 1' WHERE id = ?", (drill_id,)
        )
        with pytest.raises(StoreError, match=f"drill {drill_id} in .* cannot be read"):
            store.load(drill_id, drill.clock)
        store.db.conn.execute("UPDATE drills SET state = '[]' WHERE id = ?", (drill_id,))
        with pytest.raises(StoreError, match="its saved state is damaged"):
            store.load(drill_id, drill.clock)


@pytest.mark.parametrize(
    "change", [{"index": 99}, {"phase": "bogus"}, {"states": []}], ids=["index", "phase", "states"]
)
def test_a_saved_drill_in_an_impossible_place_is_damaged(
    tmp_path: Path, change: dict[str, object]
) -> None:
    """A state that parses but names no place the drill can be in (a question it does not
    have, a phase it does not know, a state per question missing) is refused on load, as a
    room's is, instead of failing at the first question shown."""
    drill = make_drill()
    with DrillStore.open(tmp_path / "d.sqlite3") as store:
        drill_id = store.create(drill)
        state = {**drill.to_dict(), **change}
        store.db.conn.execute(
            "UPDATE drills SET state = ? WHERE id = ?", (json.dumps(state), drill_id)
        )
        with pytest.raises(StoreError, match="its saved state is damaged"):
            store.load(drill_id, drill.clock)


def store_with_three_drills() -> Path:
    """Drills 1 (settings not JSON), 2 (state not JSON) and 3 (sound), in the data dir."""
    with DrillStore.open() as store:
        for _ in range(3):
            drill = make_drill()
            store.create(drill)
            drill.start()
            drill.set_choice(0, right(drill))
            drill.reveal()
            store.save(snapshot(drill))
        store.db.conn.execute("UPDATE drills SET settings = '{teams' WHERE id = 1")
        store.db.conn.execute("UPDATE drills SET state = 'not json' WHERE id = 2")
        return store.path


def test_drills_list_and_export_with_a_damaged_row(tmp_path: Path) -> None:
    store_with_three_drills()
    listed = quizapp("drills", "list")
    assert listed.returncode == 1 and "Traceback" not in listed.stderr
    statuses = {line.split()[0]: line.split()[-1] for line in listed.stdout.splitlines()[1:]}
    assert statuses == {"3": "unfinished", "2": "unfinished", "1": "damaged"}
    assert "quizapp: drill 1 cannot be read: JSONDecodeError:" in listed.stderr
    out = tmp_path / "r.csv"
    bad = quizapp("drill-export", "2", str(out))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert (
        "drill 2 in " in bad.stderr and "cannot be read: its saved state is damaged" in bad.stderr
    )
    assert not out.exists()
    good = quizapp("drill-export", "3", str(out))
    assert good.returncode == 0, good.stderr
    assert out.read_text(encoding="utf-8").startswith("row,")


@pytest.mark.parametrize(
    "argv", [("drills", "list"), ("drill-export", "1", "out.csv"), ("drill", "--resume")]
)
def test_a_folder_in_place_of_the_database(argv: tuple[str, ...], tmp_path: Path) -> None:
    (paths.data_dir() / "drills.sqlite3").mkdir(parents=True, exist_ok=False)
    done = quizapp(*argv)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "drills.sqlite3 is a folder, not a database: move it away" in done.stderr


@pytest.mark.parametrize(
    ("argv", "then"),
    [
        (("drills", "list"), "No drills yet"),
        (("drill-export", "1", "out.csv"), "no drill number 1"),
        (("drill", "--resume"), "no drill is left; nothing to resume"),
    ],
)
def test_garbage_is_moved_aside_and_said(argv: tuple[str, ...], then: str) -> None:
    data = paths.data_dir()
    data.mkdir(parents=True, exist_ok=True)
    (data / "drills.sqlite3").write_bytes(b"\x00garbage, not SQLite\xff" * 500)
    done = quizapp(*argv)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "the drills database" in done.stderr and "was damaged; it was moved to" in done.stderr
    assert then in done.stdout + done.stderr
    [moved] = [p for p in data.iterdir() if ".corrupt-" in p.name and not p.name.endswith("shm")]
    assert moved.read_bytes() == b"\x00garbage, not SQLite\xff" * 500
