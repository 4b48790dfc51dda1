"""`quizapp study --plain`, `stats`, `export-log`, `doctor` and list counts, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import quizapp, unwritable

from quizapp.cli import main
from quizapp.core.decks.loader import load_deck_text
from quizapp.core.practice.card_questions import CardQuestioner
from quizapp.core.practice.questions import Question
from quizapp.core.srs.store import Store, profile_path
from quizapp.core.srs.study import question_seed

DECK = """\
id: tiny
title: Tiny deck
description: Three cards for tests.
cards:
  - id: one
    front: First question?
    back: First answer
  - id: two
    type: choice
    question: Pick the second
    choices: [alpha, beta, gamma]
    answer: beta
  - id: three
    front: Third question?
    back: Third answer
"""


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(DECK, encoding="utf-8")
    return folder


def run_study(decks: Path, text: str, monkeypatch, capsys, *extra: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    rc = main(["study", "tiny", "--plain", "--decks", str(decks), *extra])
    out, err = capsys.readouterr()
    return rc, out, err


def tiny_question(card_id: str) -> Question | None:
    """The question the study session makes of a card of the tiny deck (the TUI's too)."""
    deck = load_deck_text(DECK)
    (item,) = [it for it in deck.items() if it.id == card_id]
    return CardQuestioner().question(item, deck, question_seed(item))


def log_rows() -> list[tuple]:
    with Store.open("default") as s:
        return [(e.item_id, e.rating, e.mode) for e in s.log()]


def test_piped_session_from_the_issue() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.run(
        [sys.executable, "-m", "quizapp", "study", "csto-founding", "--plain"],
        input="\n3\n\n1\nq\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Cards studied: 2\nAgain: 1\n" in proc.stdout  # the summary screen's lines
    assert [r[1:] for r in log_rows()] == [(3, "study"), (1, "study")]


def test_ends_cleanly_at_end_of_input(decks: Path, monkeypatch, capsys) -> None:
    rc, out, _ = run_study(decks, "\n", monkeypatch, capsys)
    assert rc == 0
    assert "First question?" in out and "First answer" in out
    assert "Cards studied: 0" in out
    assert log_rows() == []


def test_ratings_words_undo_suspend(decks: Path, monkeypatch, capsys) -> None:
    text = "\ngood\n\nmaybe\nu\n\neasy\ns\n"
    rc, out, _ = run_study(decks, text, monkeypatch, capsys)
    assert rc == 0
    # u undoes the last answer (to 'one', shown again); s suspends the card on screen
    assert "type 1-4" in out and "Undone." in out and "Suspended tiny/two." in out
    # the choice card is the study screen's question: its options, in its order, lettered
    question = tiny_question("two")
    assert question is not None and question.kind == "choice"
    assert sorted(question.options) == ["alpha", "beta", "gamma"]
    listed = "\n".join(f"  {'ABC'[i]}) {option}" for i, option in enumerate(question.options))
    assert listed in out
    assert "1 again <1m   2 hard <6m   3 good <10m" in out
    assert log_rows() == [("one", 4, "study")]
    with Store.open("default") as s:
        assert s.state_of("tiny", "two").suspended


def test_cram_logs_cram_and_schedules_nothing(decks: Path, monkeypatch, capsys) -> None:
    rc, out, _ = run_study(decks, "\n1\n", monkeypatch, capsys, "--cram")
    assert rc == 0 and "Cramming" in out
    assert log_rows() == [("one", 1, "cram")]
    with Store.open("default") as s:
        assert s.state_of("tiny", "one").is_new


def test_study_without_a_terminal_points_to_plain(capsys) -> None:
    assert main(["study"]) == 2
    assert "not a terminal: use `quizapp study --plain`" in capsys.readouterr().err


def test_unknown_deck(decks: Path, capsys) -> None:
    assert main(["study", "nope", "--plain", "--decks", str(decks)]) == 1
    err = capsys.readouterr().err
    assert "no deck with id 'nope'" in err and "tiny" in err


def test_bad_config_is_a_clear_error(decks: Path, capsys) -> None:
    cfg = Path(os.environ["QUIZAPP_DATA_DIR"]) / "config" / "config.yaml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("retention: ninety\n", encoding="utf-8")
    assert main(["stats", "--decks", str(decks)]) == 1
    err = capsys.readouterr().err
    assert f"{cfg}:1:12: retention must be a number" in err and "Traceback" not in err


def test_corrupt_database_is_moved_aside_and_user_told(decks: Path, monkeypatch, capsys) -> None:
    path = profile_path("default")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 1000)
    rc, _out, err = run_study(decks, "\n3\n", monkeypatch, capsys)
    assert rc == 0
    assert "was damaged; it was moved to" in err
    moved = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(moved) == 1 and moved[0].read_bytes() == b"garbage" * 1000
    assert log_rows() == [("one", 3, "study")]


def test_unwritable_data_dir_exits_1(tmp_path: Path, decks: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    rc = main(["stats", "--data-dir", str(blocker / "sub"), "--decks", str(decks)])
    err = capsys.readouterr().err
    assert rc == 1 and "cannot create the data folder" in err and "Traceback" not in err


def test_stats_json_and_text(decks: Path, monkeypatch, capsys) -> None:
    run_study(decks, "\n3\n\n1\n", monkeypatch, capsys)
    assert main(["stats", "tiny", "--json", "--decks", str(decks)]) == 0
    data = json.loads(capsys.readouterr().out)
    (tiny,) = data["decks"]
    assert (tiny["new"], tiny["learning"], tiny["reviews_today"], tiny["streak_days"]) == (
        1,
        2,
        2,
        1,
    )
    assert data["overall"]["learning"] == 2 and tiny["true_retention"] is None
    assert main(["stats", "--decks", str(decks)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["DECK", "NEW", "LEARN"]


def test_export_log_csv(tmp_path: Path, decks: Path, monkeypatch, capsys) -> None:
    run_study(decks, "\n3\n\n1\n", monkeypatch, capsys)
    run_study(decks, "\n2\n", monkeypatch, capsys, "--cram")
    target = tmp_path / "log.csv"
    assert main(["export-log", "--csv", str(target)]) == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert list(rows[0]) == [
        "card_id",
        "review_rating",
        "review_time",
        "review_duration",
        "deck_id",
        "item_id",
        "mode",
    ]
    assert [(r["item_id"], r["review_rating"], r["mode"]) for r in rows] == [
        ("one", "3", "study"),
        ("two", "1", "study"),
    ]
    assert rows[0]["review_time"].endswith("+00:00") and int(rows[0]["card_id"]) > 0
    assert main(["export-log", "--all", "--csv", str(target)]) == 0
    assert len(list(csv.DictReader(target.open(encoding="utf-8")))) == 3


def test_doctor_reports_orphans_and_broken_decks(decks: Path, monkeypatch, capsys) -> None:
    run_study(decks, "\n3\n\n3\n", monkeypatch, capsys)
    assert main(["doctor", "--decks", str(decks)]) == 0
    out = capsys.readouterr().out
    assert "integrity check: ok" in out and "orphaned progress: none" in out
    # the card 'one' is removed from the deck: its progress is kept and reported
    (decks / "tiny.yaml").write_text(DECK.replace("id: one", "id: uno"), encoding="utf-8")
    (decks / "broken.yaml").write_text("id: broken\ncards: 3\n", encoding="utf-8")
    assert main(["doctor", "--decks", str(decks)]) == 1
    out = capsys.readouterr().out
    assert "deck 'tiny': 1 item(s) no longer in the deck, progress kept: one" in out
    assert "broken deck:" in out
    with Store.open("default") as s:
        assert s.state_of("tiny", "one").reps == 1


def test_list_shows_counts(decks: Path, monkeypatch, capsys) -> None:
    run_study(decks, "\n3\n", monkeypatch, capsys)
    assert main(["list", "--json", "--decks", str(decks)]) == 0
    data = json.loads(capsys.readouterr().out)
    (tiny,) = [d for d in data["decks"] if d["id"] == "tiny"]
    assert (tiny["new"], tiny["learning"], tiny["due_now"], tiny["due_today"]) == (2, 1, 0, 1)


def test_plain_study_offers_a_hint(tmp_path: Path, monkeypatch, capsys) -> None:
    folder = tmp_path / "hinted"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(
        DECK.replace("    back: First answer", "    back: First answer\n    hint: Think first."),
        encoding="utf-8",
    )
    rc, out, _ = run_study(folder, "?\n\n3\nq\n", monkeypatch, capsys)
    assert rc == 0
    assert "(Enter: show answer, ?: hint) > Hint: Think first." in out.replace("\n", " ")
    assert "--- answer ---" in out and [r[0] for r in log_rows()] == ["one"]


# --- the store's faults, as a user meets them ---------------------------------------------


def test_a_profile_name_with_a_newline_is_refused(decks: Path, capsys) -> None:
    assert main(["stats", "--profile", "alice\n", "--decks", str(decks)]) == 1
    err = capsys.readouterr().err
    assert "bad profile name 'alice\\n'" in err and "Traceback" not in err
    assert not profile_path("default").parent.exists()  # no file, no folder


def test_a_read_only_database_serves_stats_and_list_but_not_study(
    decks: Path, monkeypatch, capsys
) -> None:
    run_study(decks, "\n3\n\n1\n", monkeypatch, capsys)
    path = profile_path("default")
    before = path.read_bytes()
    with unwritable(path.parent):
        stats = quizapp("stats", "tiny", "--json", "--decks", str(decks))
        listed = quizapp("list", "--json", "--decks", str(decks))
        study = quizapp("study", "tiny", "--plain", "--decks", str(decks))
    assert stats.returncode == 0, stats.stderr
    (tiny,) = json.loads(stats.stdout)["decks"]
    assert (tiny["new"], tiny["learning"], tiny["reviews_today"]) == (1, 2, 2)
    assert f"quizapp: The progress database {path} is read-only" in stats.stderr
    assert listed.returncode == 0, listed.stderr
    (row,) = [d for d in json.loads(listed.stdout)["decks"] if d["id"] == "tiny"]
    assert (row["new"], row["learning"]) == (1, 2)
    assert study.returncode == 1 and "Traceback" not in study.stderr
    assert f"quizapp: the progress database {path} is read-only: nothing was saved" in study.stderr
    assert path.read_bytes() == before


def test_doctor_checks_the_file_and_the_next_open_moves_a_bad_one_aside(
    decks: Path, monkeypatch, capsys
) -> None:
    run_study(decks, "\n3\n\n3\n", monkeypatch, capsys)
    path = profile_path("default")
    conn = sqlite3.connect(path)
    (root,) = conn.execute(
        "SELECT rootpage FROM sqlite_schema WHERE name = 'review_log_time'"
    ).fetchone()
    conn.close()
    with path.open("r+b") as f:  # an index page: the tables still read, the check fails
        f.seek((root - 1) * 4096)
        f.write(b"\xff" * 4096)
    assert main(["doctor", "--decks", str(decks)]) == 1
    out = capsys.readouterr().out
    assert "integrity check FAILED:" in out
    assert main(["stats", "--decks", str(decks)]) == 0
    err = capsys.readouterr().err
    assert "was damaged; it was moved to" in err
    assert [p.name for p in path.parent.iterdir() if ".corrupt-" in p.name]
