"""Answering a card and today's due counts: quizapp against Anki 26.9, same library, same run.

Both sides get the same library: DECKS decks of CARDS one-sided cards (100 x 1,000 by
default, the launch benchmark's library), of which 80% have been studied (intervals of 1-400
days, a few % due today, 0.2% in learning, the same plan on both sides) with one log row per
studied card. Anki's collection is built through its Python API (`anki.collection.Collection`,
notes added with `add_notes`, FSRS switched on); the studied cards' scheduling is then set
with SQL (Anki's own columns: type, queue, due, ivl, and FSRS' memory state in `data`).

  answering: one card, the FSRS step and a durable commit:
      quizapp  `Answering.record_answer(...)` (reads the state, FSRS step, one transaction)
      Anki     what `col.sched.answerCard(card, ease)` does, without its reload of the card:
               `get_scheduling_states` (the FSRS step) + `build_answer` + `answer_card`
      Same durability: both databases are WAL with synchronous=FULL (checked and printed),
      one commit per answer (counted from the WAL's commit frames). Alternating, random
      cards, ratings 1-4 in turn; medians.
  due counts: the home screen's counts of every deck:
      quizapp  `overview(store, decks, now, config)` (decks already in memory)
      Anki     `col.sched.deck_due_tree()`
      medians of alternating calls; and the number of SQL statements one overview runs.
  WAL pages per answer: frames appended to the WAL by ANSWERS_FOR_PAGES answers (automatic
      checkpoints held off meanwhile, so that every frame stays in the file), and which table
      or index each page belongs to (SQLite's dbstat).

Goals (issue 11): answering <= 1.0x Anki with the same durability; due counts <= 0.5x Anki.
Needs the `anki` package, a benchmark-only dependency: pip install -e '.[bench]'.

Usage: python benchmarks/bench_anki.py [--decks 100] [--cards 1000] [--answers 1000]
       [--repeat 15]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import struct
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fsrs import State

from quizapp.core.clock import FakeClock
from quizapp.core.config import Config
from quizapp.core.decks.model import Card, Deck
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.overview import overview
from quizapp.core.srs.scheduler import ItemState, study_day
from quizapp.core.srs.store import Store, to_db_time
from quizapp.core.srs.study_queue import synced_index

OUT = Path(__file__).resolve().parent / "out" / "anki"
ANSWERS_FOR_PAGES = 200


@dataclass(frozen=True, slots=True)
class Plan:
    """One studied card's scheduling, given to both sides."""

    learning: bool
    interval: float  # days
    last_review: datetime
    due: datetime
    stability: float
    difficulty: float
    reps: int
    lapses: int


@dataclass(frozen=True, slots=True)
class Row:
    """One line of issue 11's table."""

    moment: str
    ours: float
    theirs: float
    unit: str
    baseline: str
    goal: float

    def line(self) -> str:
        ratio = self.ours / self.theirs
        verdict = "met" if ratio <= self.goal else "NOT met"
        return (
            f"| {self.moment} | {self.ours:.3f} {self.unit} | {self.baseline}:"
            f" {self.theirs:.3f} {self.unit} | {ratio:.2f}x | <= {self.goal}x: {verdict} |"
        )


def plan_library(
    n_decks: int, n_cards: int, now: datetime, rng: random.Random
) -> list[list[Plan | None]]:
    """For each deck, each card's plan (None: new). 80% studied, as bench_store does."""
    out: list[list[Plan | None]] = []
    for _ in range(n_decks):
        plans: list[Plan | None] = []
        for i in range(n_cards):
            if i >= n_cards * 0.8:
                plans.append(None)
                continue
            interval = rng.uniform(1, 400)
            learning = rng.random() < 0.002
            if learning:
                last = now - timedelta(minutes=rng.uniform(0, 60))
                due = last + timedelta(minutes=10)
            else:  # up to 5% of the interval late: a few % due today
                last = now - timedelta(days=rng.uniform(1, 1 + interval * 1.05))
                due = last + timedelta(days=interval)
            plans.append(
                Plan(
                    learning,
                    interval,
                    last,
                    due,
                    stability=max(0.5, interval * rng.uniform(0.8, 1.2)),
                    difficulty=rng.uniform(1, 10),
                    reps=rng.randint(1, 20),
                    lapses=rng.randint(0, 3),
                )
            )
        out.append(plans)
    return out


# --- quizapp ---------------------------------------------------------------------------


def quizapp_library(n_decks: int, n_cards: int) -> list[Deck]:
    return [
        Deck(
            f"bench-{d:03}",
            f"Bench deck {d:03}",
            "benchmark",
            [
                Card(f"c{i}", "basic", front=f"Front {d}-{i}", back=f"Back {d}-{i}")
                for i in range(n_cards)
            ],
        )
        for d in range(n_decks)
    ]


def fill_quizapp(store: Store, decks: list[Deck], plans: list[list[Plan | None]]) -> None:
    for deck in decks:
        synced_index(store, deck)  # the rows a first start records
    states: list[ItemState] = []
    log: list[tuple[Any, ...]] = []
    for deck, deck_plans in zip(decks, plans, strict=True):
        for card, p in zip(deck.cards, deck_plans, strict=True):
            if p is None:
                continue
            states.append(
                ItemState(
                    deck.id,
                    card.id,
                    state=State.Learning if p.learning else State.Review,
                    step=1 if p.learning else None,
                    stability=p.stability,
                    difficulty=p.difficulty,
                    due=p.due,
                    last_review=p.last_review,
                    reps=p.reps,
                    lapses=p.lapses,
                )
            )
            kind = "learning" if p.learning else "review"
            log.append((deck.id, card.id, to_db_time(p.last_review), 3, 5000, "study", 1, kind))
    store.put_states(states)
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO review_log (deck_id, item_id, reviewed_at, rating, duration_ms, mode,"
            " rescheduled, prior_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            log,
        )


# --- Anki ------------------------------------------------------------------------------


def blank_collection(n_decks: int, n_cards: int) -> Path:
    """A collection of new cards (built once, kept in benchmarks/out/anki: it takes a while)."""
    from anki.collection import AddNoteRequest, Collection

    path = OUT / f"blank-{n_decks}x{n_cards}.anki2"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    building = OUT / "building" / "collection.anki2"
    shutil.rmtree(building.parent, ignore_errors=True)
    building.parent.mkdir(parents=True)
    col = Collection(str(building))
    basic = col.models.by_name("Basic")
    assert basic is not None
    requests = []
    for d in range(n_decks):
        deck_id = col.decks.id(f"Bench deck {d:03}")
        assert deck_id is not None
        for i in range(n_cards):
            note = col.new_note(basic)
            note["Front"], note["Back"] = f"Front {d}-{i}", f"Back {d}-{i}"
            requests.append(AddNoteRequest(note=note, deck_id=deck_id))
    col.add_notes(requests)
    col.close()
    shutil.move(building, path)
    shutil.rmtree(building.parent, ignore_errors=True)
    return path


def fill_anki(col: Any, plans: list[list[Plan | None]], now: datetime, config: Config) -> list[int]:
    """Switch FSRS on and give the planned cards their scheduling; returns the card ids."""
    col.set_config("fsrs", True)
    today = col.sched.today
    ids = [int(i) for i in col.db.list("SELECT id FROM cards ORDER BY id")]
    flat = [p for deck_plans in plans for p in deck_plans]
    assert len(ids) == len(flat), (len(ids), len(flat))
    updates, revlog = [], []
    revlog_ids: set[int] = set()
    for card_id, p in zip(ids, flat, strict=True):
        if p is None:
            continue
        data = f'{{"s":{p.stability:.4f},"d":{p.difficulty:.4f}}}'
        if p.learning:  # type, queue 1: due is a unix time; one step left
            updates.append((1, 1, int(p.due.timestamp()), 0, p.reps, p.lapses, 1, data, card_id))
        else:  # type, queue 2: due is a day number
            due_day = today + (study_day(p.due, config) - study_day(now, config)).days
            ivl = max(1, round(p.interval))
            updates.append((2, 2, due_day, ivl, p.reps, p.lapses, 0, data, card_id))
        revlog_id = int(p.last_review.timestamp() * 1000)  # milliseconds, unique
        while revlog_id in revlog_ids:
            revlog_id += 1
        revlog_ids.add(revlog_id)
        revlog.append((revlog_id, card_id, -1, 3, max(1, round(p.interval)), 0, 2500, 5000, 1))

    def write() -> None:
        col.db.executemany(
            "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = 2500, reps = ?,"
            " lapses = ?, left = ?, data = ? WHERE id = ?",
            updates,
        )
        col.db.executemany(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            revlog,
        )

    col.db.transact(write)  # one transaction (each statement would commit on its own)
    return ids


def anki_answer(col: Any, card_id: int, ease: int) -> None:
    """`col.sched.answerCard` without its final reload: states (FSRS), answer, commit."""
    from anki.scheduler_pb2 import CardAnswer

    rating = (CardAnswer.AGAIN, CardAnswer.HARD, CardAnswer.GOOD, CardAnswer.EASY)[ease - 1]
    card = col.get_card(card_id)
    card.start_timer()
    states = col._backend.get_scheduling_states(card_id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))


# --- WAL pages ---------------------------------------------------------------------------


def wal_frames(path: Path) -> list[tuple[int, bool]]:
    """(page number, is a commit frame) of every frame in the database's WAL file."""
    data = Path(f"{path}-wal").read_bytes()
    if len(data) < 32:
        return []
    page_size = struct.unpack(">I", data[8:12])[0]
    out, offset = [], 32
    while offset + 24 + page_size <= len(data):
        page, size_after_commit = struct.unpack(">II", data[offset : offset + 8])
        out.append((page, size_after_commit != 0))
        offset += 24 + page_size
    return out


def page_owners(path: Path) -> dict[int, str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {int(p): str(n) for n, p in conn.execute("SELECT name, pageno FROM dbstat")}
    finally:
        conn.close()


@dataclass(frozen=True, slots=True)
class Pages:
    per_answer: float
    commits_per_answer: float
    by_tree: list[tuple[str, float]]

    def line(self) -> str:
        parts = ", ".join(f"{name} {n:.2f}" for name, n in self.by_tree)
        return f"{self.per_answer:5.2f} pages, {self.commits_per_answer:.2f} commits ({parts})"


def pages_of(frames: list[tuple[int, bool]], owners: dict[int, str], answers: int) -> Pages:
    trees = Counter(owners.get(page, "other") for page, _ in frames)
    return Pages(
        len(frames) / answers,
        sum(1 for _, commit in frames if commit) / answers,
        [(name, n / answers) for name, n in trees.most_common()],
    )


# --- the run -----------------------------------------------------------------------------


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


@contextmanager
def counting_statements(conn: sqlite3.Connection) -> Iterator[list[str]]:
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


@dataclass(frozen=True, slots=True)
class Result:
    rows: list[Row]
    notes: list[str]


def measure(
    n_decks: int = 100, n_cards: int = 1000, answers: int = 1000, repeat: int = 15
) -> Result:
    """Both table rows (answering, due counts) and the notes that go with them."""
    from anki.collection import Collection

    notes: list[str] = []
    rng = random.Random(7)
    now = datetime.now(UTC).replace(microsecond=0)
    plans = plan_library(n_decks, n_cards, now, rng)
    blank = blank_collection(n_decks, n_cards)
    config = Config(timezone="UTC")
    decks = quizapp_library(n_decks, n_cards)
    items = [it for d in decks for it in d.items()]
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        folder = Path(tmp)
        clock = FakeClock(now)
        ours_path = folder / "quizapp.sqlite3"
        answering = Answering.open(path=ours_path, clock=clock, config=config)
        store = answering.store
        t = time.perf_counter()
        fill_quizapp(store, decks, plans)
        notes.append(f"quizapp store filled in {time.perf_counter() - t:.1f} s")
        anki_path = folder / "collection.anki2"
        shutil.copy(blank, anki_path)
        col = Collection(str(anki_path))
        t = time.perf_counter()
        card_ids = fill_anki(col, plans, now, config)
        notes.append(f"Anki collection filled in {time.perf_counter() - t:.1f} s")
        ours_sync = store.conn.execute("PRAGMA synchronous").fetchone()[0]
        ours_journal = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
        anki_sync = col.db.scalar("PRAGMA synchronous")
        anki_journal = col.db.scalar("PRAGMA journal_mode")
        notes.append(
            f"durability: quizapp journal_mode={ours_journal} synchronous={ours_sync},"
            f" Anki journal_mode={anki_journal} synchronous={anki_sync} (2 = FULL)"
        )
        if (ours_sync, ours_journal) != (anki_sync, anki_journal):
            notes.append("WARNING: not the same durability: the answering row is not comparable")

        # due counts (decks in memory, synced: as the home screen has them on a reload)
        overview(store, decks, clock.now(), config)
        col.sched.deck_due_tree()
        ours_counts, anki_counts = [], []
        for _ in range(repeat):
            ours_counts.append(timed(lambda: overview(store, decks, clock.now(), config)))
            anki_counts.append(timed(col.sched.deck_due_tree))
        with counting_statements(store.conn) as statements:
            counts = overview(store, decks, clock.now(), config)
        tree = col.sched.deck_due_tree()
        notes.append(
            f"due counts: quizapp {counts.due_now} due, {counts.new} new, in"
            f" {len(statements)} SQL statements; Anki {tree.review_count} review,"
            f" {tree.learn_count} learning, {tree.new_count} new"
        )

        # answering, alternating
        ours_answer, anki_answer_times = [], []
        for n in range(answers):
            item = items[rng.randrange(len(items))]
            ease = 1 + n % 4
            t = time.perf_counter()
            answering.record_answer(item, ease, mode="study", duration_ms=4000)
            ours_answer.append(time.perf_counter() - t)
            card_id = card_ids[rng.randrange(len(card_ids))]
            t = time.perf_counter()
            anki_answer(col, card_id, ease)
            anki_answer_times.append(time.perf_counter() - t)
            clock.advance(7)

        # WAL pages per answer: checkpoints held off, WAL emptied, then answers
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        col.db.scalar("PRAGMA wal_autocheckpoint = 0")
        col.db.scalar("PRAGMA wal_checkpoint(TRUNCATE)")
        for n in range(ANSWERS_FOR_PAGES):
            item = items[rng.randrange(len(items))]
            answering.record_answer(item, 1 + n % 4, mode="study", duration_ms=4000)
            anki_answer(col, card_ids[rng.randrange(len(card_ids))], 1 + n % 4)
            clock.advance(7)
        ours_frames, anki_frames = wal_frames(ours_path), wal_frames(anki_path)
        ours_pages = pages_of(ours_frames, page_owners(ours_path), ANSWERS_FOR_PAGES)
        col.close()
        answering.close()
        anki_pages = pages_of(anki_frames, page_owners(anki_path), ANSWERS_FOR_PAGES)
        notes.append(f"WAL per answer, quizapp: {ours_pages.line()}")
        notes.append(f"WAL per answer, Anki:    {anki_pages.line()}")

    shape = f"{n_decks} x {n_cards:,}" if n_decks > 1 else f"one deck of {n_cards:,}"
    rows = [
        Row(
            "answering one card (FSRS step + durable commit)",
            median_ms(ours_answer),
            median_ms(anki_answer_times),
            "ms",
            "Anki 26.9",
            1.0,
        ),
        Row(
            f"due counts over {n_decks * n_cards:,} cards ({shape})",
            median_ms(ours_counts),
            median_ms(anki_counts),
            "ms",
            "Anki `deck_due_tree`",
            0.5,
        ),
    ]
    notes.append(
        f"answering p90: quizapp {statistics.quantiles(ours_answer, n=10)[-1] * 1000:.3f} ms,"
        f" Anki {statistics.quantiles(anki_answer_times, n=10)[-1] * 1000:.3f} ms"
        f" ({answers} each)"
    )
    return Result(rows, notes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decks", type=int, default=100)
    parser.add_argument("--cards", type=int, default=1000, help="cards per deck")
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    try:
        import anki  # noqa: F401
    except ImportError:
        print("needs the anki package: pip install -e '.[bench]'", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    result = measure(args.decks, args.cards, args.answers, args.repeat)
    print("| moment | quizapp | baseline | ratio | goal |")
    print("|---|---|---|---|---|")
    for row in result.rows:
        print(row.line())
    for note in result.notes:
        print(f"  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
