"""A shared deck cannot harm, on the command line: the real `quizapp` command on hostile
decks, its stdout and stderr captured as bytes from a pipe. No escape sequence, C1 control
or bidi override of a deck (or of a file name, a typed answer, a team name) reaches them;
the text shows literally. Also: CSV cells that would run as formulas, the commands that need
a terminal, --decks and --profile checks, links out of a deck folder, byte limits.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizapp.core.classroom.drill import DrillSettings, new_drill
from quizapp.core.classroom.drill_store import DrillStore
from quizapp.core.clock import SystemClock
from quizapp.core.decks.loader import load_deck_file
from quizapp.core.practice.printable import md
from tests.hostile_helpers import (
    BIDI,
    BROKEN_KEY,
    CLICK_QUIT,
    CSI,
    FORMULA,
    LINK,
    MARKUP,
    OSC0,
    OSC52,
    TYPED_UNBALANCED,
    UNBALANCED,
    assert_no_raw_payload,
    hostile_deck,
    shown,
    write_hostile_decks,
)
from tests.test_terminal import quizapp_command

ESC = b"\x1b"


class Run:
    """One finished `quizapp` process: exit code, and stdout/stderr as bytes and text."""

    def __init__(self, proc: subprocess.CompletedProcess[bytes]) -> None:
        self.code = proc.returncode
        self.out_bytes, self.err_bytes = proc.stdout, proc.stderr
        self.out = proc.stdout.decode("utf-8")
        self.err = proc.stderr.decode("utf-8")

    def assert_clean(self) -> None:
        """Not one ESC byte (nor any other payload) in either stream."""
        for name, data in (("stdout", self.out_bytes), ("stderr", self.err_bytes)):
            assert ESC not in data, f"an ESC byte reached {name}: {data[:400]!r}"
            assert_no_raw_payload(data, name)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    data = tmp_path / "data"
    base = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    return {**base, "QUIZAPP_DATA_DIR": str(data), "LANG": "C.UTF-8", "COLUMNS": "120"}


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    victim = tmp_path / "victim"
    victim.mkdir()
    return write_hostile_decks(tmp_path / "decks", victim)


def quizapp(env: dict[str, str], *args: str, stdin: bytes | None = b"", timeout: float = 60) -> Run:
    """Run the real command with stdin from a pipe (or /dev/null when `stdin` is None)."""
    proc = subprocess.run(
        [*quizapp_command(), *args],
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        env=env,
        timeout=timeout,
    )
    return Run(proc)


def test_list_shows_hostile_titles_literally(env: dict[str, str], decks: Path) -> None:
    # --wide: whole titles (the fitted table shortens long ones, after making them safe)
    run = quizapp(env, "list", "--wide", "--decks", str(decks))
    run.assert_clean()
    assert run.code == 1  # the broken deck
    for literal in (CLICK_QUIT, LINK, UNBALANCED, shown(OSC0), shown(OSC52), shown(BIDI)):
        assert literal in run.out, literal
    assert shown(BROKEN_KEY) in run.err

    run = quizapp(env, "list", "--decks", str(decks))  # fitted: still clean, codes the same
    run.assert_clean()
    assert run.code == 1

    run = quizapp(env, "list", "--json", "--decks", str(decks))
    run.assert_clean()
    data = json.loads(run.out)
    titles = {d["id"]: d["title"] for d in data["decks"]}
    assert titles["quitter"] == CLICK_QUIT
    assert titles["unbalanced"] == shown(f"{UNBALANCED} {OSC0} {OSC52} {CSI} {BIDI}")


def test_validate_echoes_hostile_lines_and_file_names_safely(
    env: dict[str, str], decks: Path, tmp_path: Path
) -> None:
    run = quizapp(env, "validate", str(decks))
    run.assert_clean()
    assert run.code == 1
    assert f"unknown key '{shown(BROKEN_KEY)}'" in run.out
    # a file name is outside text too: a deck named with an escape sequence
    named = tmp_path / "named"
    named.mkdir()
    evil = named / f"{OSC0}{BIDI}.yaml"
    evil.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    for args in (
        ["validate", str(named)],
        ["validate", str(evil)],
        ["list", "--decks", str(named)],
    ):
        run = quizapp(env, *args)
        run.assert_clean()
        assert run.code == 1
        assert shown(f"{OSC0}{BIDI}.yaml") in run.out + run.err
    run = quizapp(env, "validate", "--json", str(named))
    run.assert_clean()
    assert json.loads(run.out)["files"][0]["path"] == str(evil)  # the same data for machines


def test_study_plain_shows_hostile_cards_literally(env: dict[str, str], decks: Path) -> None:
    # the hint of the first card, its answer, rate; the typed card answered; then the rest
    lines = ["?", "", "3", TYPED_UNBALANCED, "3", *["", "3"] * 6, "q"]
    run = quizapp(env, "study", "quitter", "--plain", "--decks", str(decks), stdin=_lines(lines))
    run.assert_clean()
    assert run.code == 0, run.err
    for literal in (
        "front [@click=app.quit]QUIT[/] [link=https://example.com]x[/link] closing [/] tag",
        "Hint: hint [@click=app.quit]QUIT[/]",
        "Answer: back [@click=app.quit]QUIT[/]",
        f"You answered: {TYPED_UNBALANCED}.",
        "  B) [@click=app.quit]QUIT[/]",
        f"  D) {shown(BIDI)}",
        shown(OSC52),
        shown(CSI),
        "<script>alert(1)</script>",
    ):
        assert literal in run.out, literal


def _lines(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_quiz_plain_typed_answers_show_literally(env: dict[str, str], decks: Path) -> None:
    lines = [TYPED_UNBALANCED, CSI + "typed", "", "n"]  # the cloze, then the typed card
    run = quizapp(
        env,
        *["quiz", "unbalanced", "--plain", "--types", "typed", "--seed", "1"],
        *["--decks", str(decks)],
        stdin=_lines(lines),
    )
    run.assert_clean()
    assert run.code == 0, run.err
    assert "Quiz: closing [/] tag " + shown(OSC0) in run.out
    assert f"> {shown(CSI)}typed\n" in run.out  # the typed line, echoed
    assert f"    your answer: {TYPED_UNBALANCED}\n" in run.out
    assert f"    your answer: {shown(CSI)}typed\n" in run.out
    assert "typed-question [@click=app.quit]QUIT[/]" in run.out


def test_quiz_plain_every_kind_on_a_hostile_deck(env: dict[str, str], decks: Path) -> None:
    stdin = _lines(["a", "", "1 2 3", "A1 B2", "t", TYPED_UNBALANCED] * 4)
    run = quizapp(
        env, "quiz", "quitter", "--plain", "--seed", "3", "--decks", str(decks), stdin=stdin
    )
    run.assert_clean()
    assert run.code == 0, run.err
    for literal in (CLICK_QUIT, LINK, shown(OSC52 + "c"), shown(BIDI), "choice-question"):
        assert literal in run.out, literal


def hostile_drill_store(decks: Path) -> int:
    """A finished drill on the hostile deck, saved with team names written raw (as an old
    or tampered drills.sqlite3 may hold them), answers given; its id."""
    deck = load_deck_file(decks / "quitter.yaml")
    teams = (f"{CLICK_QUIT}{OSC0}", f"{FORMULA}", f"-2+3{BIDI}")
    settings = DrillSettings(teams=teams, timer=20, count=3, seed=1, types=("choice",))
    drill = new_drill(deck, settings, SystemClock())
    with DrillStore.open() as store:
        drill_id = store.create(drill)
        from quizapp.core.classroom.drill_store import snapshot

        while drill.phase != "finished":
            drill.start()
            for team in range(len(teams)):
                drill.set_choice(team, "A")
            drill.reveal()
            drill.advance()
            if drill.phase == "board":
                drill.advance()
            store.save(snapshot(drill))
    return drill_id


def test_drills_list_and_drill_export_are_safe(
    env: dict[str, str], decks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZAPP_DATA_DIR", env["QUIZAPP_DATA_DIR"])
    drill_id = hostile_drill_store(decks)
    run = quizapp(env, "drills", "list")
    run.assert_clean()
    assert run.code == 0, run.err
    assert f"{CLICK_QUIT}{shown(OSC0)}" in run.out and shown(BIDI) in run.out

    out_csv, out_json = tmp_path / "r.csv", tmp_path / "r.json"
    for out in (out_csv, out_json):
        run = quizapp(env, "drill-export", str(drill_id), str(out))
        run.assert_clean()
        assert run.code == 0, run.err
        assert_no_raw_payload(out.read_bytes(), out.name)
        assert ESC not in out.read_bytes()
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    teams = {r["team"] for r in rows}
    assert teams == {f"{CLICK_QUIT}{shown(OSC0)}", f"'{FORMULA}", f"'-2+3{shown(BIDI)}"}
    for row in rows:
        for key, cell in row.items():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (key, cell)
            if cell.startswith("-"):
                assert cell.lstrip("-").isdigit(), (key, cell)  # a negative number, not text
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert {t["team"] for t in data["totals"]} == {
        f"{CLICK_QUIT}{shown(OSC0)}",
        FORMULA,  # JSON is data: no apostrophe
        f"-2+3{shown(BIDI)}",
    }


def test_export_md_and_html_show_hostile_text_literally(
    env: dict[str, str], decks: Path, tmp_path: Path
) -> None:
    out = tmp_path / "printed"
    run = quizapp(env, "export", "quitter", "--decks", str(decks), "--out", str(out))
    run.assert_clean()
    assert run.code == 0, run.err
    run = quizapp(
        env, "export", "quitter", "--decks", str(decks), "-o", str(out / "all.html"), "--seed", "1"
    )
    assert run.code == 0, run.err
    run = quizapp(env, "export", "quitter", "--decks", str(decks), "-o", "-")
    run.assert_clean()
    assert md(CLICK_QUIT) in run.out
    files = sorted(out.iterdir())
    assert [f.suffix for f in files] == [".html", ".md", ".md"]
    for f in files:
        data = f.read_bytes()
        quiz = "-quiz" in f.name or f.name == "all.html"
        assert ESC not in data
        assert_no_raw_payload(data, f.name)
        text = data.decode("utf-8")
        assert "<script>" not in text
        if f.suffix == ".md":
            assert md(CLICK_QUIT) in text  # the title
            if quiz:
                assert md(f"choice-question {CLICK_QUIT}") in text
        else:
            assert html.escape(CLICK_QUIT, quote=True) in text
            assert html.escape(MARKUP, quote=True) in text


# -- commands that need a terminal ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        ([], "runs full screen"),
        (["drill", "quitter"], "a drill runs full screen"),
        (["drill", "--resume"], "a drill runs full screen"),
        (["quiz", "quitter"], "`quizapp quiz DECK --plain`"),
        (["study", "quitter"], "`quizapp study --plain`"),
    ],
)
@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
def test_full_screen_commands_refuse_without_a_terminal(
    env: dict[str, str],
    decks: Path,
    args: list[str],
    hint: str,
    stdin: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drills = Path(env["QUIZAPP_DATA_DIR"]) / "drills.sqlite3"
    if args == ["drill", "--resume"]:  # a drill to resume: the terminal is what is missing
        monkeypatch.setenv("QUIZAPP_DATA_DIR", env["QUIZAPP_DATA_DIR"])
        deck = load_deck_file(decks / "quitter.yaml")
        with DrillStore.open() as store:
            store.create(new_drill(deck, DrillSettings(teams=("A", "B")), SystemClock()))
    saved = drills.read_bytes() if drills.exists() else None
    started = time.monotonic()
    run = quizapp(env, *args, "--decks", str(decks), stdin=None if stdin == "devnull" else b"x\n")
    assert run.code == 2, run.err
    assert run.out == ""
    assert run.err.startswith("quizapp: not a terminal: ") and hint in run.err
    run.assert_clean()
    assert time.monotonic() - started < 30  # it did not hang waiting for keys
    assert (drills.read_bytes() if drills.exists() else None) == saved  # nothing was saved


def test_missing_decks_folder_is_an_error(env: dict[str, str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    for args in (["list"], ["validate"], ["quiz", "x", "--plain"], ["paths"]):
        run = quizapp(env, *args, "--decks", str(missing))
        assert run.code == 1, (args, run.err)
        assert run.err == f"quizapp: --decks {missing}: no such folder\n"


def test_a_profile_name_matches_in_full(env: dict[str, str], decks: Path) -> None:
    for name in ("alice\n", "alice\nbob", "../alice", "[@click=app.quit]"):
        run = quizapp(env, "stats", "--profile", name, "--decks", str(decks))
        assert run.code == 1, run.err
        assert run.err == (
            f"quizapp: bad profile name {name!r}: a profile name is up to 64 letters, digits,"
            " '-', '_' or '.', starting with a letter or digit\n"
        )
        run.assert_clean()
    profiles = Path(env["QUIZAPP_DATA_DIR"]) / "profiles"
    assert not profiles.exists() or list(profiles.iterdir()) == []
    assert quizapp(env, "stats", "--profile", "alice", "--decks", str(decks)).code == 0


# -- links out of a deck folder ---------------------------------------------------------------


def test_a_link_out_of_the_deck_folder_is_refused_unread(
    env: dict[str, str], tmp_path: Path
) -> None:
    secret = tmp_path / "private" / "notes.yaml"
    secret.parent.mkdir()
    secret.write_text("password: hunter2 [unclosed\n", encoding="utf-8")
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "deck.yaml").symlink_to(secret)
    inside = folder / "sub"
    inside.mkdir()
    (inside / "good.yaml").write_text(hostile_deck("Fine", "fine"), encoding="utf-8")
    (folder / "alias.yaml").symlink_to(inside / "good.yaml")  # a link inside: the same deck
    for args in (["validate", str(folder)], ["list", "--decks", str(folder)]):
        run = quizapp(env, *args)
        assert run.code == 1
        assert "hunter2" not in run.out + run.err
        assert (
            f"{folder / 'deck.yaml'}:1:1: this is a link to a file outside {folder};"
            " quizapp does not follow links out of a deck folder"
        ) in run.out + run.err
    run = quizapp(env, "validate", "--json", str(folder))
    report = {Path(f["path"]).name: f for f in json.loads(run.out)["files"]}
    # the link inside the folder is read (once: the file it names is the same deck)
    assert report["alias.yaml"]["problems"] == [] and "good.yaml" not in report
    # named on the command line, the link is the user's own choice: it is read
    run = quizapp(env, "validate", str(folder / "deck.yaml"))
    assert run.code == 1 and "deck: unknown key 'password'" in run.out


# -- limits in bytes ----------------------------------------------------------------------------


def amplified_deck(path: Path, cards: int = 200, size: int = 1_000_000) -> Path:
    """A 1 MB deck whose cards all alias one 1 MB string."""
    lines = ["id: amplify", "title: Amplified", "description: one string, many aliases"]
    lines.append("source: &big " + "A" * size)
    lines.append("cards:")
    lines += [f"- {{id: c{i}, front: *big, back: b{i}}}" for i in range(cards)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_text_amplified_by_aliases_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "amp"
    folder.mkdir()
    deck = amplified_deck(folder / "amplify.yaml")
    run = quizapp(env, "validate", str(deck))
    assert run.code == 1
    assert run.out.startswith(f"{deck}:")
    assert "with its aliases written out, the text here comes to more than 32 MiB" in run.out
    out = tmp_path / "out"
    started = time.monotonic()
    run = quizapp(
        env, "export", "amplify", "--versions", "3", "--decks", str(folder), "--out", str(out)
    )
    assert run.code == 1
    assert run.err.startswith("quizapp: no deck with id 'amplify'.")
    assert "These deck files did not load, so their ids are not known:" in run.err
    assert f"  {deck}:" in run.err and "32 MiB" in run.err
    assert not out.exists()
    assert time.monotonic() - started < 30


def test_stdout_is_flushed_per_line_in_line_mode(env: dict[str, str], decks: Path) -> None:
    """The prompt is on the pipe before quizapp reads the answer (a script can wait for it)."""
    proc = subprocess.Popen(
        [*quizapp_command(), "quiz", "quitter", "--plain", "--decks", str(decks)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stdin is not None
    first = proc.stdout.readline()
    assert first.startswith(b"Quiz: [@click=app.quit]QUIT[/]")
    proc.stdin.close()
    proc.stdout.read()
    assert proc.wait(timeout=30) == 0


if sys.platform == "win32":  # pragma: no cover - symlinks and /dev/null need POSIX here
    pytestmark = pytest.mark.skip("POSIX only")
