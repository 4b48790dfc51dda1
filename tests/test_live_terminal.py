"""`quizapp join URL` in a real terminal (tmux) against a live room served by the test."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from live_helpers import make_room

from quizapp.live.server import Limits, LiveServer
from tests.test_terminal import Terminal, quizapp_command

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]
ENV = {"TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none", "LANG": "C.UTF-8"}


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path / "tmux.sock")
    yield term
    term.tmux("kill-server")


async def screen_shows(term: Terminal, check: Callable[[str], bool], what: str) -> str:
    """Wait (without blocking the server's loop) until the terminal shows what we expect."""
    loop = asyncio.get_running_loop()
    end = loop.time() + 30
    while True:
        text = await asyncio.to_thread(term.screen)
        if check(text):
            return text
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{text}")
        await asyncio.sleep(0.1)


async def test_a_student_joins_answers_and_sees_the_result_in_a_terminal(
    terminal: Terminal, tmp_path: Path
) -> None:
    room = make_room(count=2, types=("choice",), scoring="speed")
    server = LiveServer(room, port=0, limits=Limits(join_burst=100, join_refill_seconds=0))
    await server.start()
    try:
        env = {**ENV, "QUIZAPP_DATA_DIR": str(tmp_path / "data")}
        command = [*quizapp_command(), "join", server.url, "--name", "Tess"]
        await asyncio.to_thread(terminal.start, command, env)
        await screen_shows(terminal, lambda s: "You're in, Tess!" in s, "the lobby")
        assert [p.name for p in room.active_players()] == ["Tess"]

        server.act(room.start)
        q = room.question
        text = await screen_shows(terminal, lambda s: q.prompt in s, "the question")
        assert all(option in text for option in q.options)
        right = "abcd"[q.correct[0]]
        await asyncio.to_thread(terminal.keys, right)
        await screen_shows(terminal, lambda s: "Time's up!" in s, "the lock (all answered)")
        answer = room.answer_of(1)
        assert answer is not None and answer.correct

        server.act(room.reveal)
        text = await screen_shows(terminal, lambda s: "✔ Right" in s, "the verdict")
        assert "1st of 1" in text
        server.act(room.end)
        await screen_shows(terminal, lambda s: "Final results" in s, "the end")
        await asyncio.to_thread(terminal.keys, "Escape")
        loop = asyncio.get_running_loop()
        end = loop.time() + 15
        while not await asyncio.to_thread(terminal.exited):
            assert loop.time() < end, await asyncio.to_thread(terminal.screen)
            await asyncio.sleep(0.1)
    finally:
        await server.stop()
