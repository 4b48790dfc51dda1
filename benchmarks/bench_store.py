"""How fast the progress store is with 100,000 cards, against bare SQLite in the same run.

Builds a deck of N cards in memory and a store in a temporary folder where 80% of the items
have progress (intervals of 1-400 days, a few % due today, 0.2% in learning; --overdue makes a
backlog) and a review log of one row per studied item, then times, after a first queue that
records the deck's items in the store (done once per deck change):
  queue:   build_queue(store, [deck], now, config)   vs  one pass over the deck's rows
                                                     (SELECT count(*), max(due) ... deck_id = ?)
  counts:  deck_counts(store, deck, now, config)     vs  the same bare pass
  commit:  answering.record_answer(...) over 1,000 answers  vs  a bare INSERT + COMMIT
           (both on the same database file, WAL, synchronous=FULL)
  open:    Store.open + close of the filled file (after a clean close: no integrity check)
           vs  a bare sqlite3.connect + PRAGMA user_version + close; and, apart, what
           PRAGMA quick_check costs on that file (run only after an unclean exit, and by
           `quizapp doctor`: see quizapp.core.database)
and prints medians (p99 for commits) and the ratios. Goals: queue and counts <= 50 ms,
commit p99 <= 10 ms. deck.items() (the deck's own cost, not the store's) is shown apart.

Usage: python benchmarks/bench_store.py [--cards 100000] [--answers 1000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import State

from quizapp.core.clock import FakeClock
from quizapp.core.config import Config
from quizapp.core.decks.model import Card, Deck
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.scheduler import ItemState
from quizapp.core.srs.store import Store, to_db_time
from quizapp.core.srs.study_queue import build_queue, deck_counts

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def make_deck(n: int) -> Deck:
    cards = [
        Card(f"card-{i}", "basic", front=f"Question {i}?", back=f"Answer {i}", reverse=i % 10 == 0)
        for i in range(n)
    ]
    return Deck("big", "Big deck", "benchmark", cards)


def fill(
    store: Store, deck: Deck, rng: random.Random, overdue: float, learning_share: float
) -> None:
    items = deck.items()
    states = []
    log = []
    for item in items[: int(len(items) * 0.8)]:
        interval = rng.uniform(1, 400)
        learning = rng.random() < learning_share
        if learning:
            last = NOW - timedelta(minutes=rng.uniform(0, 60))
            due = last + timedelta(minutes=10)
        else:  # not reviewed yet today; up to `overdue` (share of the interval) late
            last = NOW - timedelta(days=rng.uniform(1, 1 + interval * (1 + overdue)))
            due = last + timedelta(days=interval)
        states.append(
            ItemState(
                deck.id,
                item.id,
                state=State.Learning if learning else State.Review,
                step=1 if learning else None,
                stability=rng.uniform(0.5, 300),
                difficulty=rng.uniform(1, 10),
                due=due,
                last_review=last,
                reps=rng.randint(1, 20),
                lapses=rng.randint(0, 3),
            )
        )
        kind = "learning" if learning else "review"
        log.append((deck.id, item.id, to_db_time(last), 3, 5000, "study", 1, kind))
    store.put_states(states)
    store.conn.execute("BEGIN IMMEDIATE")
    store.conn.executemany(
        "INSERT INTO review_log (deck_id, item_id, reviewed_at, rating, duration_ms, mode,"
        " rescheduled, prior_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        log,
    )
    store.conn.execute("COMMIT")


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--answers", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument(
        "--overdue",
        type=float,
        default=0.05,
        help="how late reviews are, as a share of their interval (0.05: ~2%% of reviews due"
        " today; 1.0: a big backlog, ~35%% due)",
    )
    ap.add_argument("--learning", type=float, default=0.002, help="share of items in learning")
    args = ap.parse_args()
    rng = random.Random(7)
    config = Config(timezone="UTC")
    deck = make_deck(args.cards)
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock(NOW)
        path = Path(tmp) / "bench.sqlite3"
        answering = Answering.open(path=path, clock=clock, config=config)
        store = answering.store
        t = time.perf_counter()
        fill(store, deck, rng, args.overdue, args.learning)
        n_items = len(deck.items())
        print(
            f"store: {n_items:,} items ({args.cards:,} cards), filled in"
            f" {time.perf_counter() - t:.1f} s"
        )
        t = time.perf_counter()
        build_queue(store, [deck], clock.now(), config)
        print(
            "first queue (records the deck's items in the store, once per deck change):"
            f" {time.perf_counter() - t:.2f} s"
        )

        def bare_count() -> object:  # one pass over the deck's rows
            return store.conn.execute(
                "SELECT count(*), max(due) FROM card_state WHERE deck_id = ?", (deck.id,)
            ).fetchone()

        items_ms = statistics.median(timed(deck.items, args.repeat))
        count_ms = statistics.median(timed(bare_count, args.repeat))
        queue_ms = statistics.median(
            timed(lambda: build_queue(store, [deck], clock.now(), config), args.repeat)
        )
        counts_ms = statistics.median(
            timed(lambda: deck_counts(store, deck, clock.now(), config), args.repeat)
        )
        q = build_queue(store, [deck], clock.now(), config)
        print(
            f"today's queue: {len(q.learning)} learning, {len(q.review)} reviews, {len(q.new)} new"
        )
        print(f"deck.items() (deck cost, for context): {items_ms:8.2f} ms")
        print(f"baseline SELECT count(*), max(due):          {count_ms:8.2f} ms")
        print(
            f"build_queue:  median {queue_ms:8.2f} ms  ratio {queue_ms / count_ms:6.1f}x"
            f"  goal <= 50 ms: {'ok' if queue_ms <= 50 else 'MISSED'}"
        )
        print(
            f"deck_counts:  median {counts_ms:8.2f} ms  ratio {counts_ms / count_ms:6.1f}x"
            f"  goal <= 50 ms: {'ok' if counts_ms <= 50 else 'MISSED'}"
        )

        store.conn.execute("CREATE TABLE bare (id INTEGER PRIMARY KEY, x TEXT)")
        items = deck.items()
        bare: list[float] = []
        ours: list[float] = []
        for n in range(args.answers):  # alternate so both see the same machine state
            t = time.perf_counter()
            store.conn.execute("BEGIN IMMEDIATE")
            store.conn.execute("INSERT INTO bare (x) VALUES (?)", (str(n),))
            store.conn.execute("COMMIT")
            bare.append((time.perf_counter() - t) * 1000)
            item = items[rng.randrange(len(items))]
            t = time.perf_counter()
            answering.record_answer(item, 1 + n % 4, mode="study", duration_ms=4000)
            ours.append((time.perf_counter() - t) * 1000)
            clock.advance(7)
        b_med, b_p99 = statistics.median(bare), p99(bare)
        o_med, o_p99 = statistics.median(ours), p99(ours)
        print(f"bare INSERT+COMMIT: median {b_med:6.2f} ms  p99 {b_p99:6.2f} ms")
        print(
            f"record_answer:      median {o_med:6.2f} ms  p99 {o_p99:6.2f} ms"
            f"  ratio median {o_med / b_med:4.1f}x p99 {o_p99 / b_p99:4.1f}x  goal p99 <= 10 ms:"
            f" {'ok' if o_p99 <= 10 else 'MISSED'}"
        )
        store.close()

        def open_close() -> None:
            Store.open(path=path, clock=clock).close()

        def bare_open() -> None:
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA user_version").fetchone()
            conn.close()

        def quick_check() -> None:
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA quick_check").fetchall()
            conn.close()

        open_ms = statistics.median(timed(open_close, args.repeat))
        bare_ms = statistics.median(timed(bare_open, args.repeat))
        check_ms = statistics.median(timed(quick_check, 3))
        print(f"bare connect+user_version+close: median {bare_ms:6.2f} ms")
        print(
            f"Store.open+close:   median {open_ms:6.2f} ms  ratio {open_ms / bare_ms:5.1f}x"
            f"   (PRAGMA quick_check alone: {check_ms:6.1f} ms, {path.stat().st_size >> 20} MiB)"
        )


if __name__ == "__main__":
    main()
