"""The real `quizapp` command in a real terminal (tmux): start, see the decks, study a card, quit.

Runs on a private tmux server (its own socket), so it never touches anyone else's sessions.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.tui_helpers import write_decks

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]


def quizapp_command() -> list[str]:
    script = Path(sys.executable).with_name("quizapp")
    return [str(script)] if script.exists() else [sys.executable, "-m", "quizapp"]


class Terminal:
    """One tmux session on a private server."""

    def __init__(self, socket: Path) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-S", str(self.socket), *args], capture_output=True, text=True, check=False
        )

    def start(self, command: list[str], env: dict[str, str]) -> None:
        line = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = f"env {line} {shlex.join(command)}"
        self.tmux("new-session", "-d", "-s", "t", "-x", "80", "-y", "24", line)
        self.tmux("set-option", "-t", "t", "remain-on-exit", "on")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t").stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if check(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{text}")
            time.sleep(0.1)

    def exited(self) -> bool:
        return self.tmux("display-message", "-p", "-t", "t", "#{pane_dead}").stdout.strip() == "1"


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path / "tmux.sock")
    yield term
    term.tmux("kill-server")


def test_study_one_card_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    data, decks = tmp_path / "data", write_decks(tmp_path / "decks")
    common = ["--data-dir", str(data), "--decks", str(decks)]
    env = {"TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none", "LANG": "C.UTF-8"}
    terminal.start([*quizapp_command(), *common], env)

    home = terminal.wait_for(lambda s: "The 1992 treaty" in s, "the home screen")
    assert "Capitals of the South Caucasus" in home and "Deck" in home
    assert "CSTO" in home  # the bundled decks are listed too
    assert home.index("Capitals of the South") < home.index("CSTO")  # the first row

    # issue 10: the line adds up the table's columns, which count today's cards ("To study now")
    terminal.wait_for(lambda s: "To study today" in s, "the counts")
    terminal.keys("Enter")
    terminal.wait_for(lambda s: "capital of Armenia" in s, "the first card's front")
    terminal.keys("Space")
    terminal.wait_for(lambda s: "Yerevan" in s, "the back")
    terminal.keys("3")
    terminal.wait_for(lambda s: "capital of Armenia" not in s, "the next card")
    terminal.keys("C-q")
    deadline = time.monotonic() + 15
    while not terminal.exited():
        assert time.monotonic() < deadline, f"still running:\n{terminal.screen()}"
        time.sleep(0.1)

    stats = subprocess.run(
        [*quizapp_command(), "stats", "--json", *common],
        capture_output=True,
        text=True,
        check=True,
    )
    overall = json.loads(stats.stdout)["overall"]
    assert overall["reviews_today"] == 1
    assert overall["learning"] + overall["review"] == 1
