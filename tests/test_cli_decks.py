"""`quizapp list`, `validate` and `paths` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.cli import main

DECK = """\
id: {id}
title: {title}
description: A test deck.
cards:
  - id: one
    front: Capital of Armenia?
    back: Yerevan
  - id: two
    type: truefalse
    statement: Baku is the capital of Azerbaijan.
    answer: true
"""


def deck(folder: Path, name: str, deck_id: str = "test-deck", title: str = "Test deck") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(DECK.format(id=deck_id, title=title), encoding="utf-8")
    return path


def test_validate_a_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = deck(tmp_path, "a.yaml")
    assert main(["validate", str(path)]) == 0
    assert "1 deck file valid (2 cards)" in capsys.readouterr().out


def test_validate_reports_every_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = deck(tmp_path, "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        DECK.format(id="bad", title="Bad")
        .replace("back:", "bak:")
        .replace("answer: true", "answer: maybe"),
        encoding="utf-8",
    )
    assert main(["validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{bad}:7:5: card 'one': unknown key 'bak' (did you mean 'back'?)" in out
    assert f"{bad}:11:13: card 'two': 'answer' should be true or false, not 'maybe'" in out
    assert f"{bad}:5:5: card 'one': basic card is missing 'back'" in out


def test_validate_a_folder_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck(tmp_path / "d", "a.yaml", "deck-a")
    (tmp_path / "d" / "notes.txt").write_text("not a deck")
    (tmp_path / "d" / "b.yml").write_text("id: [\n")
    assert main(["validate", "--json", str(tmp_path / "d")]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert set(by_name) == {"a.yaml", "b.yml"}
    assert by_name["a.yaml"]["problems"] == [] and by_name["a.yaml"]["cards"] == 2
    assert by_name["b.yml"]["problems"][0].startswith(f"{tmp_path / 'd' / 'b.yml'}:2:1: YAML")


def test_validate_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--no-such-flag"])
    assert exc.value.code == 2


def test_validate_default_checks_every_deck_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    deck(tmp_path / "mine", "mine.yaml", "mine")
    assert main(["validate", "--decks", str(tmp_path / "mine")]) == 0
    out = capsys.readouterr().out
    assert "valid" in out


def test_duplicate_deck_ids_across_files_are_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = deck(tmp_path / "x", "a.yaml", "same")
    b = deck(tmp_path / "y", "b.yaml", "same")
    assert main(["validate", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert f"{a}:1:1: deck id 'same' is also used by {b}" in out
    assert f"{b}:1:1: deck id 'same' is also used by {a}" in out


def test_list_finds_user_env_and_flag_decks(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    isolated_data_dir: Path,
) -> None:
    deck(isolated_data_dir / "decks", "user.yaml", "from-user", "User deck")
    deck(tmp_path / "env1", "e.yaml", "from-env", "Env deck")
    deck(tmp_path / "env2", "e2.yaml", "from-env2", "Env deck 2")
    deck(tmp_path / "flag", "f.yaml", "from-flag", "Flag deck")
    monkeypatch.setenv(
        "QUIZAPP_DECKS", os.pathsep.join([str(tmp_path / "env1"), str(tmp_path / "env2")])
    )
    assert main(["list", "--json", "--decks", str(tmp_path / "flag")]) == 0
    listing = json.loads(capsys.readouterr().out)
    ids = {d["id"] for d in listing["decks"]}
    assert {"from-user", "from-env", "from-env2", "from-flag"} <= ids
    assert any(d["bundled"] for d in listing["decks"]), "bundled decks are listed too"
    row = next(d for d in listing["decks"] if d["id"] == "from-flag")
    assert row["cards"] == 2 and row["file"] == str(tmp_path / "flag" / "f.yaml")


def test_list_reports_duplicate_ids_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck(tmp_path / "a", "one.yaml", "twin")
    deck(tmp_path / "b", "two.yaml", "twin")
    assert main(["list", "--decks", str(tmp_path / "a"), "--decks", str(tmp_path / "b")]) == 1
    captured = capsys.readouterr()
    assert "deck id 'twin' is also used by" in captured.err
    assert "twin" not in captured.out


def test_list_with_no_decks_explains_where_to_put_them(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from quizapp.core import paths

    monkeypatch.setattr(paths, "bundled_decks_dir", lambda: tmp_path / "none")
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "No decks found" in out and str(paths.user_decks_dir()) in out


def test_data_dir_flag_overrides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", "--data-dir", str(tmp_path / "dd")]) == 0
    out = capsys.readouterr().out
    assert f"data:    {tmp_path / 'dd'}" in out
    assert not (tmp_path / "dd").exists(), "nothing is created just by asking"


def test_real_command_validates_bundled_decks(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "quizapp", "validate"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "valid" in proc.stdout
    assert "Traceback" not in proc.stderr


LONG_TITLE = "A deck whose title is far too long to fit in a table of eighty columns at all"


def test_real_list_fits_80_columns_and_wide_shows_the_files(tmp_path: Path) -> None:
    """COLUMNS=80: the table fits 80 columns, the file column holds the file's name; --wide
    shows whole titles and the full path of each file (here in a folder with a long name)."""
    folder = tmp_path / ("a-folder-with-a-rather-long-name-" * 3)
    path = deck(folder, "long.yaml", "long-deck", LONG_TITLE)
    env = {**os.environ, "COLUMNS": "80", "QUIZAPP_DECKS": str(folder)}

    def run(*flags: str) -> list[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "quizapp", "list", *flags],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout.splitlines()

    lines = run()
    assert max(len(line) for line in lines) <= 80, "\n".join(lines)
    assert lines[0].split()[:3] == ["ID", "TITLE", "NEW"]
    row = next(line for line in lines if line.startswith("long-deck"))
    assert "A deck whose title" in row and "…" in row  # shortened, and says so
    assert lines[0].split()[-1] == "FILE" and row.endswith("long.yaml")
    assert str(folder) not in "\n".join(lines)
    assert "quizapp list --wide" in lines[-1]

    wide = run("--wide")
    assert wide[0].split()[-1] == "FILE"
    row = next(line for line in wide if line.startswith("long-deck"))
    assert LONG_TITLE in row and row.endswith(str(path))


def test_installed_wheel_finds_bundled_decks_from_another_dir(tmp_path: Path) -> None:
    """`pip install .` (not editable) then `quizapp list` elsewhere finds the bundled decks."""
    repo = Path(__file__).resolve().parents[1]
    wheel_dir = tmp_path / "wheel"
    wheel_cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir)]
    # Offline-friendly first (hatchling already installed); else let pip fetch the backend.
    for isolation in (["--no-build-isolation"], []):
        build = subprocess.run(
            [*wheel_cmd, *isolation, str(repo)], capture_output=True, text=True, timeout=300
        )
        if build.returncode == 0 or "hatchling" not in build.stderr:
            break
    assert build.returncode == 0, build.stderr
    wheel = next(wheel_dir.glob("quizapp-*.whl"))
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, quizapp.cli; sys.exit(quizapp.cli.main(['list', '--json']))",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    listing = json.loads(proc.stdout)
    assert len(listing["decks"]) >= 4
    assert all(str(target) in d["file"] for d in listing["decks"])


def test_command_table_matches_what_modules_register() -> None:
    import argparse

    from quizapp.cli import COMMANDS, MODULE_NAMES, command_module, common_parser

    for name in MODULE_NAMES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        command_module(name).register(sub, common_parser())
        registered = set(sub.choices)
        assert registered == {c for c, m in COMMANDS.items() if m == name}, name


def test_validate_does_not_import_the_scheduler_or_textual(tmp_path: Path) -> None:
    path = deck(tmp_path, "a.yaml")
    code = (
        "import sys; from quizapp.cli import main; rc = main(['validate', sys.argv[1]]);"
        " heavy = [m for m in ('textual', 'fsrs', 'rapidfuzz', 'sqlite3') if m in sys.modules];"
        " print(heavy); sys.exit(rc)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_a_profile_named_like_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--profile", "study", "paths"]) == 0
    assert "data:" in capsys.readouterr().out


def test_list_does_not_import_the_grader() -> None:
    """`quizapp list` (and suspended/unsuspend) share the profile helpers, not the study
    commands' module with the grader and the study session (~60-75 ms of imports)."""
    code = (
        "import sys\n"
        "import quizapp.cli.cards_cmd, quizapp.cli.decks_cmd, quizapp.cli.profiles\n"
        "print(sorted(m for m in sys.modules if m.startswith(('rapidfuzz', 'quizapp.core.practice',"
        " 'quizapp.cli.srs_cmd'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
