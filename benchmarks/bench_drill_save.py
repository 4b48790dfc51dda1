"""Cost of saving a drill after every key: snapshot + write of the whole drill state.

A drill is saved after each change (every team's answer, every reveal), so the write must stay
far below what a teacher notices. Worst case measured here: 9 teams, 50 questions, the save
after every answer of the last question (the state and the per-answer rows are largest then).
Snapshot (taken on the UI thread) and write (in a worker) are timed apart, and the pages each
write adds to the WAL are counted (what the disk must sync; the same on every machine).
The baseline, in the same run and on the same disk, is a bare SQLite UPDATE of one 1 KB row in
a WAL database with the same settings (synchronous=FULL, one transaction: what any save costs
at least). Goal: median <= 10 ms.

Usage: python benchmarks/bench_drill_save.py [--questions 50] [--teams 9]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from quizapp.core.classroom.drill import Drill, DrillSettings, option_letters, right_letters
from quizapp.core.classroom.drill_store import DrillStore, snapshot
from quizapp.core.clock import FakeClock
from quizapp.core.decks.model import Card, Deck
from quizapp.core.practice.questions import build_quiz

WAL_PAGE = 4096  # SQLite's default page size; a WAL frame is a page and a 24-byte header


def make_deck(n: int) -> Deck:
    cards = [
        Card(
            id=f"c{i}",
            type="choice",
            question=f"Question number {i}: which of these is right?",
            choices=(f"Right {i}", f"Wrong {i}a", f"Wrong {i}b", f"Wrong {i}c"),
            answers=(f"Right {i}",),
            explain=f"Explanation of question {i}, one sentence long.",
        )
        for i in range(n)
    ]
    return Deck("bench", "Benchmark deck", "Generated cards.", cards)


def drill_saves(
    folder: Path, questions: int, teams: int
) -> tuple[list[float], list[float], list[float]]:
    """(snapshot ms, write ms, WAL pages) of the saves after each answer to the last question."""
    clock = FakeClock()
    names = tuple(f"Team {i + 1}" for i in range(teams))
    settings = DrillSettings(teams=names, timer=20, count=questions, seed=1, scoring="speed")
    deck = make_deck(questions)
    drill = Drill(deck.id, deck.title, settings, build_quiz(deck, questions, None, 1), clock)
    snaps: list[float] = []
    writes: list[float] = []
    pages: list[float] = []
    folder.mkdir()
    path = folder / "drills.sqlite3"
    wal = path.with_name(path.name + "-wal")
    with DrillStore.open(path) as store:
        store.db.conn.execute("PRAGMA wal_autocheckpoint = 0")  # so the WAL only grows
        store.create(drill)
        for q in range(questions):
            drill.start()
            for t in range(teams):
                clock.advance(1)
                letters = option_letters(drill.question)
                drill.set_choice(t, right_letters(drill.question) if t % 2 else letters[-1])
                start = time.perf_counter()
                snap = snapshot(drill)
                wal_before = wal.stat().st_size
                taken = time.perf_counter()
                store.save(snap)
                if q == questions - 1:
                    snaps.append((taken - start) * 1000)
                    writes.append((time.perf_counter() - taken) * 1000)
                    pages.append((wal.stat().st_size - wal_before) / (WAL_PAGE + 24))
            drill.reveal()
            drill.advance()
            drill.advance()
    return snaps, writes, pages


def baseline_saves(folder: Path, n: int) -> list[float]:
    db = sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")  # as the drill store (quizapp.core.database)
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, state TEXT)")
    db.execute("INSERT INTO t VALUES (1, '')")
    out: list[float] = []
    for i in range(n):
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("UPDATE t SET state = ? WHERE id = 1", (f"{i:04d}" * 256,))
        db.execute("COMMIT")
        out.append((time.perf_counter() - start) * 1000)
    db.close()
    return out


def describe(name: str, ms: list[float]) -> float:
    median = statistics.median(ms)
    p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) >= 2 else ms[0]
    print(f"{name:<34} median {median:7.2f} ms   p95 {p95:7.2f} ms   (n={len(ms)})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--teams", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rounds = [drill_saves(folder / f"r{i}", args.questions, args.teams) for i in range(3)]
        base = baseline_saves(folder, 200)
    snaps = [ms for r in rounds for ms in r[0]]
    writes = [ms for r in rounds for ms in r[1]]
    pages = [n for r in rounds for n in r[2]]
    describe("snapshot (on the UI thread)", snaps)
    describe("write (in a worker)", writes)
    d = describe(
        f"save ({args.teams} teams, question {args.questions})",
        [a + b for a, b in zip(snaps, writes, strict=True)],
    )
    print(f"{'WAL pages per write':<34} median {statistics.median(pages):7.1f}")
    b = describe("baseline: bare 1 KB UPDATE", base)
    verdict = "ok" if d <= 10 else "MISSED"
    print(f"ratio drill/baseline: {d / b:.1f}x   goal: median <= 10 ms: {verdict}")


if __name__ == "__main__":
    main()
