"""A shared deck cannot harm a real terminal: the real `quizapp` command in tmux, every byte it
writes to the terminal captured with `pipe-pane`. The decks' escape sequences (OSC 52 to the
clipboard, OSC 0 to the window title, OSC 8 links, CSI clear-screen, C1 controls, bidi
overrides) never reach the terminal: not at start-up, not in the palette, study or a drill,
while the screen shows them as visible text. And a crash exits non-zero after naming the
report it wrote.
"""

from __future__ import annotations

import shlex
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile_helpers import CLICK_QUIT, LINK, OSC0, UNBALANCED, assert_no_raw_payload
from tests.hostile_helpers import write_hostile_decks as write_decks
from tests.test_terminal import Terminal, quizapp_command

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]

ENV = {"TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none", "LANG": "C.UTF-8"}


class Recorded(Terminal):
    """A tmux session whose output bytes are all appended to `raw` from the very first."""

    def __init__(self, socket: Path, raw: Path) -> None:
        super().__init__(socket)
        self.raw = raw

    def start(self, command: list[str], env: dict[str, str]) -> None:
        go = self.raw.with_suffix(".go")
        line = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        wait = f"while [ ! -e {shlex.quote(str(go))} ]; do sleep 0.02; done"
        status = shlex.quote(str(self.raw.with_suffix(".status")))
        # the shell records the exit status (tmux's #{pane_dead_status} is sometimes empty)
        script = f"{wait}; env {line} {shlex.join(command)}; echo $? > {status}"
        self.tmux(
            "new-session", "-d", "-s", "t", "-x", "100", "-y", "30", f"sh -c {shlex.quote(script)}"
        )
        self.tmux("set-option", "-t", "t", "remain-on-exit", "on")
        self.tmux("pipe-pane", "-o", "-t", "t", f"cat >> {shlex.quote(str(self.raw))}")
        go.touch()  # only now does quizapp start: pipe-pane sees its first byte

    def exit_status(self, timeout: float = 20) -> int:
        """The command's exit status, once it has exited."""
        where = self.raw.with_suffix(".status")
        deadline = time.monotonic() + timeout
        while not (where.exists() and where.read_text().strip()):
            assert time.monotonic() < deadline, f"still running:\n{self.screen()}"
            time.sleep(0.1)
        return int(where.read_text())

    def bytes(self) -> bytes:
        time.sleep(0.3)  # pipe-pane's cat flushes what is left
        return self.raw.read_bytes()


@pytest.fixture
def term(tmp_path: Path) -> Iterator[Recorded]:
    t = Recorded(tmp_path / "tmux.sock", tmp_path / "raw.bin")
    yield t
    t.tmux("kill-server")


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    victim = tmp_path / "victim"
    victim.mkdir()
    return write_decks(tmp_path / "decks", victim)


def test_home_palette_and_study_write_no_deck_escape_to_the_terminal(
    term: Recorded, decks: Path, tmp_path: Path
) -> None:
    common = ["--data-dir", str(tmp_path / "data"), "--decks", str(decks)]
    term.start([*quizapp_command(), *common], ENV)
    home = term.wait_for(lambda s: CLICK_QUIT in s and "Deck" in s, "the home screen")
    assert UNBALANCED in home and LINK in home
    assert "\\x1b]0;PWNED-TITLE\\x07" in home  # shown as text, not run
    term.keys("C-p")
    term.wait_for(lambda s: "Search for commands" in s, "the palette")
    term.keys("quit")
    term.wait_for(lambda s: f"Study deck… {CLICK_QUIT}" in s, "a hostile title in the palette")
    term.keys("Escape")
    term.wait_for(lambda s: "Search for commands" not in s and "Deck" in s, "the palette closed")
    time.sleep(0.3)  # the table has its focus back
    term.keys("Enter")  # study the first deck: [@click=app.quit]QUIT[/]
    card = term.wait_for(lambda s: "front [@click=app.quit]QUIT[/]" in s, "the first card")
    assert "\\x1b]52;c;cHduZWQ=\\x07" in card and "\\x1b[2Jcleared" in card
    term.keys("Space")
    term.wait_for(lambda s: "back [@click=app.quit]QUIT[/]" in s, "its back")
    term.keys("C-q")
    assert term.exit_status() == 0
    raw = term.bytes()
    assert b"QUIT" in raw  # pipe-pane saw the app's output
    assert_no_raw_payload(raw, "the terminal")
    assert list((tmp_path / "victim").iterdir()) == []


def test_a_drill_with_hostile_teams_writes_no_escape_to_the_terminal(
    term: Recorded, decks: Path, tmp_path: Path
) -> None:
    teams = f"{CLICK_QUIT}, {UNBALANCED} {OSC0}, {LINK}"
    args = ["drill", "quitter", "--decks", str(decks), "--data-dir", str(tmp_path / "data")]
    term.start([*quizapp_command(), *args, "--teams", teams, "--count", "2", "--seed", "1"], ENV)
    term.wait_for(lambda s: "Press space to show it" in s, "question 1, ready")
    term.keys("Space")
    shown = term.wait_for(lambda s: "0 of 3 teams in" in s, "question 1, open")
    assert "[@click=app.quit]QUIT[/]" in shown and "\\x1b]0;PWNED-TITLE\\x07" in shown
    term.keys("e")
    term.wait_for(lambda s: "Press E again" in s, "the end asked")
    term.keys("e")
    term.wait_for(lambda s: "Final results" in s, "the podium")
    term.keys("Escape")
    summary = term.wait_for(lambda s: "Drill 1 on 'quitter'" in s, "the summary")
    assert "[@click=app.quit]QUIT[/]: 0" in summary
    assert term.exit_status() == 0
    assert_no_raw_payload(term.bytes(), "the terminal")


CRASHING = """
import sys
from quizapp.tui.screens.home import HomeScreen

def boom(self):
    raise RuntimeError("boom: a bug in the home screen")

HomeScreen.action_study = boom
from quizapp.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_crash_exits_non_zero_and_names_its_report(
    term: Recorded, decks: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    script = tmp_path / "crashing.py"
    script.write_text(CRASHING, encoding="utf-8")
    term.start([sys.executable, str(script), "--data-dir", str(data), "--decks", str(decks)], ENV)
    term.wait_for(lambda s: CLICK_QUIT in s and "Deck" in s, "the home screen")
    term.keys("Enter")
    assert term.exit_status() == 1
    reports = sorted((data / "logs").glob("crash-*.log"))
    assert len(reports) == 1
    report = reports[0]
    screen = term.screen()
    flat = "".join(screen.split())  # the message may wrap at the pane's edge
    assert "quizapp:theappstoppedonanunexpectederror(abug).Thereportisin" in flat
    assert "".join(str(report).split()) in flat
    text = report.read_text(encoding="utf-8")
    assert "RuntimeError: boom: a bug in the home screen" in text
    assert "Traceback (most recent call last)" in text
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
