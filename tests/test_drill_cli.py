"""`quizapp drill`, `drills list` and `drill-export` through `quizapp.cli.main`."""

from __future__ import annotations

import csv
import json
import shutil
import time
from pathlib import Path

import pytest
from drill_helpers import FIXTURES, right, wrong

from quizapp.cli import drill_cmd, main, terminal
from quizapp.core.classroom.drill import Drill
from quizapp.core.classroom.drill_store import DrillStore, snapshot
from tests.test_terminal import Terminal, quizapp_command

DECKS = ["--decks", str(FIXTURES)]


def play_all(ctx, drill: Drill, store: DrillStore) -> None:
    """Stands in for the app: Red always right after 2 s, Blue wrong after 4 s."""
    clock = drill.clock
    while drill.phase != "finished":
        drill.start()
        clock.advance(2)
        drill.set_choice(0, right(drill))
        clock.advance(2)
        drill.set_choice(1, wrong(drill))
        drill.reveal()
        drill.advance()
        if drill.phase == "board":
            drill.advance()
        store.save(snapshot(drill))


def quit_after_one(ctx, drill: Drill, store: DrillStore) -> None:
    """Stands in for the app: one question, then ctrl+q while the second is open."""
    drill.start()
    drill.set_choice(0, right(drill))
    drill.reveal()
    drill.advance()
    drill.advance()
    drill.start()
    store.save(snapshot(drill))


@pytest.fixture(autouse=True)
def a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """`launch` is replaced by a stand-in for the app, run as if in a terminal (the check
    itself is tested in test_hostile_cli.py)."""
    monkeypatch.setattr(terminal, "has_terminal", lambda: True)


@pytest.fixture
def fake_clock_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    from drill_helpers import fake_clock

    monkeypatch.setattr(drill_cmd, "SystemClock", fake_clock)


def test_drill_runs_stores_and_exports_csv(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fake_clock_cli: None,
) -> None:
    monkeypatch.setattr(drill_cmd, "launch", play_all)
    out = tmp_path / "results.csv"
    settings = ["--teams", "Owls, Foxes", "--count", "3", "--seed", "5", "--scoring", "speed"]
    code = main(["drill", "drill-demo", *DECKS, *settings, "--timer", "10", "--export", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "Drill 1 on 'drill-demo': 3 of 3 questions asked, speed scoring." in printed
    assert "1. Owls: 3000 (3 right)" in printed  # 900, 900 + 100, 900 + 200
    assert f"Results written to {out}" in printed
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["row"], r["question"], r["team"], r["points"]) for r in rows] == [
        ("answer", "1", "Owls", "900"),
        ("answer", "1", "Foxes", "0"),
        ("answer", "2", "Owls", "1000"),
        ("answer", "2", "Foxes", "0"),
        ("answer", "3", "Owls", "1100"),
        ("answer", "3", "Foxes", "0"),
        ("total", "", "Owls", "3000"),
        ("total", "", "Foxes", "0"),
    ]
    assert [r["seconds"] for r in rows[:2]] == ["2.0", "4.0"]


def test_interrupted_drill_resumes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fake_clock_cli: None
) -> None:
    monkeypatch.setattr(drill_cmd, "launch", quit_after_one)
    assert main(["drill", "drill-demo", *DECKS, "--count", "2"]) == 0
    assert "Not finished: `quizapp drill --resume` continues it." in capsys.readouterr().out
    seen: list[tuple[int, str, bool]] = []

    def finish(ctx, drill: Drill, store: DrillStore) -> None:
        seen.append((drill.index, drill.phase, drill.paused))
        drill.resume()
        drill.set_choice(1, right(drill))
        drill.reveal()
        drill.advance()
        drill.advance()
        store.save(snapshot(drill))

    monkeypatch.setattr(drill_cmd, "launch", finish)
    assert main(["drill", "--resume", *DECKS]) == 0
    assert seen == [(1, "open", True)]
    printed = capsys.readouterr().out
    assert "2 of 2 questions asked" in printed
    assert main(["drill", "--resume"]) == 1
    assert "nothing to resume" in capsys.readouterr().err


def test_drills_list_and_export_of_a_past_drill(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fake_clock_cli: None,
) -> None:
    assert main(["drills", "list"]) == 0
    assert "No drills yet" in capsys.readouterr().out
    monkeypatch.setattr(drill_cmd, "launch", play_all)
    assert main(["drill", "drill-demo", *DECKS, "--count", "2"]) == 0
    capsys.readouterr()
    assert main(["drills", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "STARTED", "(UTC)", "DECK", "TEAMS", "SCORING", "STATUS"]
    expected = "1  2026-03-02 09:30  drill-demo  Red, Blue  accuracy  finished"
    assert lines[1].split() == expected.split()
    out = tmp_path / "past.json"
    assert main(["drill-export", "1", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(t["team"], t["points"]) for t in data["totals"]] == [("Red", 2), ("Blue", 0)]
    assert main(["drill-export", "7", str(out)]) == 1
    assert "no drill number 7" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["drill"], "give a DECK to drill"),
        (["drill", "drill-demo", "--resume"], "not both"),
        (["drill", "--resume", "--teams", "A,B"], "drop --teams"),
        (["drill", "drill-demo", "--scoring", "speed", "--timer", "0"], "needs a timer"),
        (["drill", "drill-demo", "--export", "out.xlsx"], ".csv or .json"),
        (["drill", "drill-demo", "--teams", "Red,red"], "same name"),
        (["drill", "drill-demo", "--types", "essay"], "unknown question type"),
        (["drill-export", "1", "out.txt"], ".csv or .json"),
        (["drills"], "required"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        code = main([*argv, *DECKS])
        raise SystemExit(code)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_unknown_deck_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drill", "no-such-deck", *DECKS]) == 1
    assert "no deck with id 'no-such-deck'" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_a_drill_in_a_real_terminal(tmp_path: Path) -> None:
    """`quizapp drill` opens the drill screen; ending it shows the podium; closing prints the
    summary and exits."""
    term = Terminal(tmp_path / "tmux.sock")
    data = tmp_path / "data"
    args = ["drill", "drill-demo", *DECKS, "--data-dir", str(data), "--count", "2", "--seed", "7"]
    env = {"TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none", "LANG": "C.UTF-8"}
    try:
        term.start([*quizapp_command(), *args], env)
        term.wait_for(lambda s: "Press space to show it" in s, "question 1, ready")
        term.keys("Space")
        term.wait_for(lambda s: "0 of 2 teams in" in s, "question 1, open")
        term.keys("e")
        term.wait_for(lambda s: "Press E again" in s, "the end asked")
        term.keys("e")
        term.wait_for(lambda s: "Final results" in s, "the podium")
        term.keys("Escape")
        shown = term.wait_for(lambda s: "Drill 1 on 'drill-demo'" in s, "the summary")
        assert "0 of 2 questions asked, accuracy scoring." in shown
        deadline = time.monotonic() + 15
        while not term.exited():
            assert time.monotonic() < deadline, f"still running:\n{term.screen()}"
            time.sleep(0.1)
    finally:
        term.tmux("kill-server")
