"""How fast the parsed-deck cache gives a warm library back, against a bare read in the same run.

Library: 100 decks x 1,000 cards (bench_launch.py's generator, plus the bundled decks), the
cache filled by one cold load (timed once). Then, alternating so both sides share the noise:
  load:     load_decks_cached(...)  every deck with its cards, as the home screen's worker does
            vs  bare: one marshal file of card rows per deck, read and each row turned into a
                Card(*row), collector paused (the old cache's body without its head, hash or
                identity; no type check);
  hash:     reading and hashing every deck file (SHA-256), which every load does;
  listing:  cached_listing(...)  every deck without its cards (the home screen's first table)
            vs  bare: stat every deck file and read one JSON file of all the heads.
The speed tricks are timed the same way, each against the same code without it:
  gc-pause: decoding with the garbage collector paused per deck vs not paused
            (`cache.collector_paused` replaced by a no-op for the "without" runs);
  build:    `cache.build_cards` (slots set a column at a time) vs Card(*row) for each card,
            from the same columns, collector paused in both;
  localtime: the home screen's counts (`overview` over every deck, an empty progress store,
            the machine's zone) with and without config's parsed-/etc/localtime cache, and
            the zone look-ups alone (as many as one count makes);
  index-cache: today's queue of the first deck after the counts (opening study) with and
            without study_queue's per-deck index cache; and how many cards of an earlier load
            that cache keeps alive after the library is loaded again (the home screen reloads
            on every return).
Figures are medians of --repeat runs, in CPU time; the ratio is to the bare read.

On a busy machine even CPU time moves by 10-20%; `--instructions` counts instead the machine
instructions of the load, the listing and their bare reads under valgrind (callgrind): each
run N=1 and N=3 times in a fresh process, the difference halved (imports cancel out). Slow
(minutes) but the same on a busy machine as on an idle one.

Usage: python benchmarks/bench_cache.py [--repeat 9] [--decks 100] [--cards 1000]
                                        [--instructions]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import gc
import hashlib
import json
import marshal
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_launch import generate_library

from quizapp.core import config
from quizapp.core.clock import FakeClock
from quizapp.core.decks import cache as deckcache
from quizapp.core.decks.cache import DeckCache, cached_listing, load_decks_cached
from quizapp.core.decks.discovery import deck_dirs, deck_files
from quizapp.core.decks.model import Card, Deck
from quizapp.core.paths import DATA_DIR_ENV
from quizapp.core.srs import study_queue
from quizapp.core.srs.overview import overview
from quizapp.core.srs.store import Store

NAMES = tuple(f.name for f in fields(Card))


def timed(fn: Callable[[], object]) -> float:
    """CPU seconds of this process (everything here is CPU-bound; on a shared machine the CPU
    time moves far less than the wall time)."""
    gc.collect()
    start = time.process_time()
    fn()
    return time.process_time() - start


def write_bare(decks: list[Deck], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    heads = []
    for d in decks:
        rows = tuple(tuple(getattr(c, n) for n in NAMES) for c in d.cards)
        (folder / f"{d.id}.cards").write_bytes(marshal.dumps(rows))
        heads.append({"path": str(d.path), "id": d.id, "title": d.title, "items": len(d.cards)})
    (folder / "heads.json").write_text(json.dumps(heads))


def bare_load(folder: Path, ids: list[str]) -> list[list[Card]]:
    out = []
    for i in ids:
        body = (folder / f"{i}.cards").read_bytes()
        gc.disable()  # the floor: no collections while the cards are built
        try:
            out.append([Card(*row) for row in marshal.loads(body)])
        finally:
            gc.enable()
    return out


def bare_listing(folder: Path, files: list[Path]) -> list[object]:
    for f in files:
        f.stat()
    return list(json.loads((folder / "heads.json").read_text()))


@contextlib.contextmanager
def nothing() -> Iterator[None]:
    yield


class NoStore(dict[object, object]):
    """A dict that keeps nothing: a memo cache replaced by one is a cache that never hits."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


@contextlib.contextmanager
def patched(module: object, name: str, value: object) -> Iterator[None]:
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


COLLECTED_RE = re.compile(r"Collected : (\d+)")
MEASURED = ("load", "load bare", "listing", "listing bare")


def child(what: str, times: int, library: Path, bare: Path) -> None:
    """One of MEASURED, `times` times (run under callgrind by `instructions`)."""
    dirs = [library]
    files = [s.path for s in deck_files(deck_dirs(dirs))]
    ids = sorted(p.stem for p in bare.glob("*.cards"))
    for _ in range(times):
        if what == "load":
            load_decks_cached(dirs)
        elif what == "load bare":
            bare_load(bare, ids)
        elif what == "listing":
            assert cached_listing(dirs) is not None
        else:
            bare_listing(bare, files)


def instructions(library: Path, bare: Path) -> dict[str, int]:
    """Machine instructions of one run of each of MEASURED."""
    out = {}
    for what in MEASURED:
        counts = []
        for times in (1, 3):
            command = [sys.executable, __file__, "--child", what, str(times), str(library)]
            run = subprocess.run(
                [
                    "valgrind",
                    "--tool=callgrind",
                    "--callgrind-out-file=/dev/null",
                    *command,
                    str(bare),
                ],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONHASHSEED": "0"},
                check=True,
            )
            match = COLLECTED_RE.search(run.stderr)
            assert match is not None, run.stderr[-2000:]
            counts.append(int(match.group(1)))
        out[what] = (counts[1] - counts[0]) // 2
    return out


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        what, times, library, bare = sys.argv[2:6]
        child(what, int(times), Path(library), Path(bare))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--decks", type=int, default=100)
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--instructions", action="store_true")
    args = parser.parse_args()
    out = Path(__file__).resolve().parent / "out" / "cache"
    library = out / f"library-{args.decks}x{args.cards}"
    generate_library(library, args.decks, args.cards)
    for f in library.glob("*.yaml"):  # a library written a while ago (not just now)
        os.utime(f, ns=(f.stat().st_atime_ns, time.time_ns() - 3600 * 10**9))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[DATA_DIR_ENV] = tmp
        dirs = [library]
        cold = DeckCache()
        t_cold = timed(lambda: load_decks_cached(dirs, cold))
        found = load_decks_cached(dirs)
        n_cards = sum(len(d.cards) for d in found.decks.values())
        bare = Path(tmp) / "bare"
        write_bare(list(found.decks.values()), bare)
        ids = list(found.decks)
        files = [s.path for s in deck_files(deck_dirs(dirs))]
        print(
            f"{len(files)} deck files, {n_cards:,} cards; cold load (parse + fill) {t_cold:.2f} s"
        )
        if args.instructions:
            counted = instructions(library, bare)
            for what in ("load", "listing"):
                ours, base = counted[what], counted[f"{what} bare"]
                print(
                    f"{what:<11} {ours / 1e6:9.1f} M instructions   bare {base / 1e6:9.1f} M"
                    f"  ({ours / base:4.2f}x)"
                )
            return 0

        def warm() -> None:
            c = DeckCache()
            load_decks_cached(dirs, c)
            assert c.parses == 0, "the warm load parsed"

        def listing() -> None:
            assert cached_listing(dirs) is not None, "no listing from the cache"

        def no_pause() -> None:
            with patched(deckcache, "collector_paused", nothing):
                warm()

        os.environ.pop("TZ", None)
        cfg = config.Config(new_per_day=1000)
        clock = FakeClock(datetime(2026, 6, 1, 10, tzinfo=UTC))
        store = Store.open(path=Path(tmp) / "progress.sqlite3", clock=clock, config=cfg)
        library_decks = found.sorted()
        overview(store, library_decks, clock.now(), cfg)  # records every deck's items once
        zone_calls = 0
        real_zone = config.os_local_zone

        def counting_zone() -> object:
            nonlocal zone_calls
            zone_calls += 1
            return real_zone()

        with patched(config, "os_local_zone", counting_zone):
            overview(store, library_decks, clock.now(), cfg)

        def counts() -> None:
            overview(store, library_decks, clock.now(), cfg)

        def counts_zone_reread() -> None:
            with patched(config, "_LOCALTIME_READ", NoStore()):
                counts()

        def zones(keep: bool) -> Callable[[], None]:
            def run() -> None:
                with patched(
                    config, "_LOCALTIME_READ", config._LOCALTIME_READ if keep else NoStore()
                ):
                    for _ in range(zone_calls):
                        config.os_local_zone()

            return run

        def study(keep: bool) -> float:
            """As on the home screen: new Deck objects (each load makes them), their counts,
            then Enter on the first deck: only the queue is timed."""
            fresh = [copy.copy(d) for d in library_decks]
            index_cache = study_queue._INDEX_CACHE if keep else NoStore()
            with patched(study_queue, "_INDEX_CACHE", index_cache):
                overview(store, fresh, clock.now(), cfg)
                return timed(lambda: study_queue.build_queue(store, fresh[:1], clock.now(), cfg))

        columns = [
            (len(d.cards), [tuple(getattr(c, n) for c in d.cards) for n in NAMES])
            for d in found.decks.values()
        ]

        def build(by_init: bool) -> Callable[[], object]:
            def run() -> object:
                with deckcache.collector_paused():
                    if by_init:
                        return [
                            [Card(*row) for row in zip(*cols, strict=True)] for _, cols in columns
                        ]
                    return [deckcache.build_cards(n, cols) for n, cols in columns]

            return run

        cases: dict[str, Callable[[], object]] = {
            "load": warm,
            "load bare": lambda: bare_load(bare, ids),
            "listing": listing,
            "listing bare": lambda: bare_listing(bare, files),
            "load, gc not paused": no_pause,
            "hash": lambda: [hashlib.sha256(f.read_bytes()).digest() for f in files],
            "build": build(False),
            "build by Card()": build(True),
            "counts": counts,
            "counts, localtime re-read": counts_zone_reread,
            "zones kept": zones(True),
            "zones re-read": zones(False),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        times |= {"study": [], "study, no index cache": []}
        for fn in cases.values():  # warm up
            fn()
        for _ in range(args.repeat):
            for name, fn in cases.items():
                times[name].append(timed(fn))
            times["study"].append(study(True))
            times["study, no index cache"].append(study(False))
        reloaded = load_decks_cached(dirs).sorted()  # the home screen's reload: new Deck objects
        overview(store, reloaded, clock.now(), cfg)
        current = {id(d) for d in reloaded}
        kept = sum(
            len(ix.deck.cards)
            for ix in study_queue._INDEX_CACHE.values()
            if id(ix.deck) not in current
        )
        store.close()

    def ms(name: str) -> float:
        return statistics.median(times[name]) * 1000

    print(f"median of {args.repeat} runs")
    print(f"load        {ms('load'):8.1f} ms   bare {ms('load bare'):8.1f} ms", end="")
    print(f"  ({ms('load') / ms('load bare'):4.2f}x)")
    print(f"listing     {ms('listing'):8.2f} ms   bare {ms('listing bare'):8.2f} ms", end="")
    print(f"  ({ms('listing') / ms('listing bare'):4.2f}x)")
    print(
        f"gc-pause    paused {ms('load'):8.1f} ms   not paused {ms('load, gc not paused'):8.1f} ms"
    )
    print(
        f"build       build_cards {ms('build'):7.1f} ms"
        f"   Card(*row) {ms('build by Card()'):7.1f} ms"
    )
    print(
        f"localtime   counts {ms('counts'):7.1f} ms   /etc/localtime re-read"
        f" {ms('counts, localtime re-read'):7.1f} ms;  its {zone_calls} zone look-ups alone:"
        f" {ms('zones kept'):5.2f} ms kept, {ms('zones re-read'):5.2f} ms re-read"
    )
    print(
        f"index-cache study queue {ms('study'):6.2f} ms   no index cache"
        f" {ms('study, no index cache'):6.2f} ms;  {kept:,} cards of the previous load kept alive"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
