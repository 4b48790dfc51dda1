"""`quizapp quiz DECK --plain` with piped stdin, as a learner or a script would run it."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.decks.discovery import discover
from quizapp.core.practice.questions import LETTERS, Question, build_quiz
from quizapp.core.srs.store import Store, profile_path

DECK = """
id: cli-quiz
title: CLI quiz deck
description: One card of each kind.
cards:
  - {type: typed, id: capital, question: Capital of Armenia?, answer: Yerevan}
  - {id: year, front: Treaty year?, back: "1992", kind: year, distractors: ["1991", "1994"]}
  - type: choice
    id: single
    question: Which member backed the invasion?
    choices: [Belarus, Kazakhstan, Armenia, Tajikistan]
    answer: Belarus
  - type: choice
    id: multi
    question: Which are members?
    choices: [Armenia, Belarus, Azerbaijan, Georgia]
    answer: [Armenia, Belarus]
  - {type: truefalse, id: tf, statement: The CSTO dates from 2002., answer: true, hint: 10 years on}
  - {type: order, id: order, question: Order them., items: [One, Two, Three]}
  - type: match
    id: match
    question: Match.
    pairs: {Japarov: Kyrgyzstan, Pashinyan: Armenia}
"""


@pytest.fixture
def decks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("QUIZAPP_DECKS", raising=False)
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "cli-quiz.yaml").write_text(DECK, encoding="utf-8")
    return folder


def quiz_for(
    folder: Path, seed: int, count: int | None = None, types: set[str] | None = None
) -> list[Question]:
    """The quiz `quizapp quiz cli-quiz --seed SEED` will ask."""
    deck = discover([folder]).decks["cli-quiz"]
    return build_quiz(deck, count=count, types=types, seed=seed)


def right_line(q: Question) -> str:
    """What a learner who knows everything types."""
    if q.kind == "typed":
        return q.accepted[0].lower()
    if q.kind in ("choice", "truefalse"):
        return LETTERS[q.correct[0]]
    if q.kind == "multi":
        return " ".join(LETTERS[i] for i in q.correct)
    if q.kind == "order":
        return " ".join(str(i + 1) for i in q.correct)
    return " ".join(f"{LETTERS[n]}{i + 1}" for n, i in enumerate(q.correct))


def wrong_line(q: Question) -> str:
    if q.kind == "typed":
        return "Baku"
    if q.kind in ("choice", "truefalse"):
        return LETTERS[(q.correct[0] + 1) % len(q.options)]
    if q.kind == "multi":
        return LETTERS[q.correct[0]]
    if q.kind == "order":
        return " ".join(str(i + 1) for i in reversed(q.correct))
    return " ".join(f"{LETTERS[n]}{i + 1}" for n, i in enumerate(reversed(q.correct)))


def run(
    args: list[str], stdin: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def store_log(deck_id: str = "cli-quiz") -> list[tuple[str, int, bool | None, bool, bool]]:
    with Store.open(path=profile_path("default")) as store:
        return [
            (e.item_id, e.rating, e.correct, e.overridden, e.rescheduled)
            for e in store.log(deck_id=deck_id)
        ]


def test_every_kind_answered_right(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    qs = quiz_for(decks, 11)
    assert {q.kind for q in qs} >= {"typed", "choice", "multi", "truefalse", "order", "match"}
    stdin = "".join(right_line(q) + "\n" for q in qs)
    code, out, err = run(
        ["quiz", "cli-quiz", "--plain", "--seed", "11", "--decks", str(decks)],
        stdin,
        capsys,
        monkeypatch,
    )
    assert code == 0, err
    assert f"Score: {len(qs)}/{len(qs)} (100%)" in out
    assert "Missed:" not in out
    assert out.count("✔") == len(qs)
    log = store_log()
    assert len(log) == len(qs) and all(rating == 3 and ok for _, rating, ok, _, _ in log)


def test_wrong_answers_override_and_missed_list(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    qs = quiz_for(decks, 3)
    lines = [wrong_line(qs[0]), "!", wrong_line(qs[1]), *(right_line(q) for q in qs[2:])]
    code, out, _ = run(
        ["quiz", "cli-quiz", "--plain", "--seed", "3", "--decks", str(decks)],
        "\n".join(lines) + "\nn\n",
        capsys,
        monkeypatch,
    )
    assert code == 0
    assert f"Score: {len(qs) - 1}/{len(qs)}" in out
    assert "✘ Wrong" in out and "Counted as right" in out
    missed = out.split("Missed:")[1]
    assert qs[1].prompt in missed and f"right answer: {qs[1].answer_text}" in missed
    assert qs[0].prompt not in missed
    assert "Retry the 1 missed?" in out
    log = store_log()
    assert log[0][1:4] == (3, True, True)  # overridden: logged right, as overridden
    assert log[1][1:4] == (1, False, False)


def test_retry_missed_in_line_mode(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    qs = quiz_for(decks, 5, count=2)
    stdin = f"{wrong_line(qs[0])}\n{right_line(qs[1])}\ny\n{right_line(qs[0])}\n"
    code, out, _ = run(
        ["quiz", "cli-quiz", "--plain", "--seed", "5", "--count", "2", "--decks", str(decks)],
        stdin,
        capsys,
        monkeypatch,
    )
    assert code == 0
    assert "Score: 1/2" in out and "Score: 1/1 (100%)" in out
    assert len(store_log()) == 3


def test_eof_midway_ends_cleanly(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    qs = quiz_for(decks, 8)
    code, out, err = run(
        ["quiz", "cli-quiz", "--plain", "--seed", "8", "--decks", str(decks)],
        right_line(qs[0]) + "\n",
        capsys,
        monkeypatch,
    )
    assert code == 0 and "Traceback" not in err
    assert f"Score: 1/{len(qs)}" in out and f"({len(qs) - 1} not answered)" in out


def test_hint_override_and_unreadable_answers_ask_again(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    qs = quiz_for(decks, 2, types={"truefalse"})
    code, out, _ = run(
        [
            "quiz",
            "cli-quiz",
            "--plain",
            "--seed",
            "2",
            "--types",
            "truefalse",
            "--decks",
            str(decks),
        ],
        "maybe\n?\n!\nt\n",
        capsys,
        monkeypatch,
    )
    assert code == 0 and len(qs) == 1
    assert "answer t (true) or f (false)" in out
    assert "? for a hint" in out and "Hint: 10 years on" in out
    assert "only counts right an answer graded wrong" in out
    assert "Score: 1/1" in out


def test_no_schedule_logs_without_rescheduling(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, _ = run(
        [
            "quiz",
            "cli-quiz",
            "--plain",
            "--no-schedule",
            "--types",
            "truefalse",
            "--decks",
            str(decks),
        ],
        "t\n",
        capsys,
        monkeypatch,
    )
    assert code == 0
    assert store_log() == [("tf", 3, True, False, False)]


def test_bad_types_is_a_usage_error(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit) as exc:
        run(["quiz", "cli-quiz", "--types", "choice,essay"], "", capsys, monkeypatch)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "essay" in err and "choice, multi, typed, truefalse, order, match" in err


def test_unknown_deck_lists_the_known_ones(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(["quiz", "nope", "--plain", "--decks", str(decks)], "", capsys, monkeypatch)
    assert code == 1
    assert "no deck with id 'nope'" in err and "cli-quiz" in err


def test_no_question_of_the_kinds_asked(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (decks / "cli-quiz.yaml").write_text(DECK.split("  - type: choice")[0], encoding="utf-8")
    code, _, err = run(
        ["quiz", "cli-quiz", "--plain", "--types", "match", "--decks", str(decks)],
        "",
        capsys,
        monkeypatch,
    )
    assert code == 1 and "no cards that can be asked as match" in err


def test_real_command_with_a_pipe(decks: Path, tmp_path: Path) -> None:
    qs = quiz_for(decks, 4)
    env = {**os.environ, "QUIZAPP_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "quizapp",
            "quiz",
            "cli-quiz",
            "--plain",
            "--seed",
            "4",
            "--decks",
            str(decks),
        ],
        input="\n".join(right_line(q) for q in qs[:3]),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"Score: 3/{len(qs)}" in proc.stdout


def test_a_broken_deck_says_why(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (decks / "cli-quiz.yaml").write_text(DECK.replace("answer: Belarus", "answer: Poland"))
    code, _, err = run(
        ["quiz", "cli-quiz", "--plain", "--decks", str(decks)], "", capsys, monkeypatch
    )
    assert code == 1
    assert "deck 'cli-quiz' does not load" in err and "cli-quiz.yaml:" in err
    assert "Traceback" not in err


def test_end_of_input_mid_quiz_still_ends_the_session(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    qs = quiz_for(decks, 11)
    code, out, _ = run(
        ["quiz", "cli-quiz", "--plain", "--seed", "11", "--decks", str(decks)],
        right_line(qs[0]) + "\n",  # one answer, then the input ends
        capsys,
        monkeypatch,
    )
    assert code == 0 and f"Score: 1/{len(qs)}" in out
    with closing(sqlite3.connect(profile_path("default"))) as db:
        rows = db.execute("SELECT mode, ended_at IS NOT NULL FROM sessions").fetchall()
    assert rows == [("quiz", 1)]
