"""Never lose an answer: SIGKILL at random moments, and two processes on one profile."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizapp.core.srs.audit import integrity_check
from quizapp.core.srs.store import Store

REPO = Path(__file__).resolve().parents[1]

# Answers cards in a loop and prints each review id once record_answer has returned.
WORKER = """
import sys
from quizapp.core.decks.model import Card, Deck
from quizapp.core.srs.answering import Answering

path, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
deck = Deck("d", "D", "", [Card(f"c{i}", "basic", front="q", back="a") for i in range(20)])
items = deck.items()
with Answering.open(path=path) as store:
    print("ready", flush=True)
    for n in range(count):
        result = store.record_answer(
            items[n % len(items)], 1 + n % 4, mode="study", duration_ms=n, answer=tag
        )
        print(result.review_id, flush=True)
"""


def worker(path: Path, count: int, tag: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, str(path), str(count), tag],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def saved_ids(output: str) -> list[int]:
    """Ids on complete lines only (a line cut by the kill was not reported)."""
    lines = output.split("\n")[:-1]
    return [int(x) for x in lines if x.isdigit()]


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_reported_answer(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    rng = random.Random(20260302)
    reported: list[int] = []
    kills = 0
    while kills < 24:
        proc = worker(path, 1_000_000, "crash")
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n", proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        kills += 1
        reported += saved_ids(out)
    assert len(reported) > kills  # the kills landed among answers, not only at start-up
    with Store.open(path=path) as store:
        assert integrity_check(store) == ["ok"]
        logged = {e.id for e in store.log()}
        assert set(reported) <= logged
        # every logged answer also reached the card state (one transaction)
        reps = store.conn.execute("SELECT sum(reps) FROM card_state").fetchone()[0]
        assert reps == len(logged)


@pytest.mark.slow
def test_two_processes_on_one_profile_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    with Store.open(path=path):
        pass  # create it first, so both workers only open it
    procs = [worker(path, 300, tag) for tag in ("first", "second")]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    ids = [saved_ids(out) for out, _ in outputs]
    assert len(ids[0]) == len(ids[1]) == 300
    with Store.open(path=path) as store:
        entries = list(store.log())
        assert len(entries) == 600
        assert {e.id for e in entries} == set(ids[0]) | set(ids[1])
        assert sorted(e.answer for e in entries).count("first") == 300
        # both answered the same 20 cards: no state update was lost
        reps = dict(store.conn.execute("SELECT item_id, reps FROM card_state"))
        assert reps == {f"c{i}": 30 for i in range(20)}
