"""How fast `quizapp` opens in a real terminal, and how fast a rating shows the next card.

Everything runs in tmux (a private server on its own socket) and is timed from the moment the
command is started until a marker is visible in `tmux capture-pane`, polled every few ms:
  shown:   the home screen's header is on screen (the decks are still loading);
  listed:  the first deck's title is in the table;
  counted: today's counts are shown (the summary line).
The baseline, measured in the same run and alternating with quizapp, is a minimal Textual app
(one Static and a Footer) until its Static is visible. Scenarios:
  bundled:      the bundled decks (cache warm: the first start fills it, not timed here);
  100k cold:    a generated library of 100,000 cards in 100 files, the deck cache emptied;
  100k warm:    the same library, cache filled by the previous start.
Peak memory is each process's max RSS and cpu its user + system time from start to quit
(/usr/bin/time; on a busy machine the CPU time moves much less than the wall times).
Goals: bundled <= 1.2x the baseline; 100k warm <= 1.5x and <= 250 MiB. The home screen
paints first and loads decks in a worker, so `shown` is "the home screen is visible"; `listed`
and `counted` are printed so nothing hides; "steps" are the medians of listed - shown and
counted - listed (what the deck loading itself takes, less moved by a slow start).
A start whose first deck title was drawn cut (the table sized its columns before the titles
were in) counts in `cut`. Both data dirs have a config.yaml naming the theme (it is saved as
soon as the theme is changed, so most users have one).
The machine is shared: run it when idle, and read the ratios (both sides share the noise).

At the end, issue 11's whole table is printed, each row with its ratio and goal: the launch rows
from this run (goals: bundled titles <= 1.2x and counts <= 1.5x the bare app; 100k warm titles
<= 1.5x and counts <= 2x), and the store rows (answering one card, due counts over 100,000
cards) measured against Anki 26.9 by bench_anki.py in the same run (needs `anki`:
pip install -e '.[bench]'; --skip-store leaves them out).

Key press to next card: on the 100k library, Enter studies the first deck; for each card,
Space shows the back, then the time from sending `3` (Good) until the next card's front is on
screen. Baseline: the minimal app repainting its Static on a key. Goal: <= 50 ms.

Speed tricks: `--without TRICK` (repeatable) adds a 100k-warm row started through a launcher
that patches that trick out as its module is imported (nothing else changes), alternating with
the normal row; both rows also time "study": Enter on the first deck until its first card shows.
Tricks: gc-pause (the deck cache's collector pause), localtime (config's parsed-/etc/localtime
cache), index-cache (study_queue's per-deck index cache), painted-wait (the home worker waiting
for the listing to be painted before decoding cards).

Usage: python benchmarks/bench_launch.py [--repeat 11] [--presses 30] [--skip-cold]
                                         [--without TRICK]... [--skip-keys] [--skip-store]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from quizapp.core.paths import DATA_DIR_ENV

OUT = Path(__file__).resolve().parent / "out" / "launch"
QUIZAPP = [sys.executable, "-m", "quizapp"]
# Bytecode is cached (outside the source tree) as an installed package's would be.
ENV = {
    "TERM": "xterm-256color",
    "TEXTUAL_ANIMATIONS": "none",
    "LANG": "C.UTF-8",
    "PYTHONPYCACHEPREFIX": str(OUT / "pycache"),
}
if os.environ.get("PYTHONPATH"):  # e.g. measuring another checkout with these scripts
    ENV["PYTHONPATH"] = os.environ["PYTHONPATH"]
COUNTED = "To study today"  # the summary line, once the counts are in

BASELINE_APP = """\
from textual.app import App
from textual.widgets import Footer, Static


class Baseline(App):
    BINDINGS = [("ctrl+q", "quit", "Quit")]
    presses = 0

    def compose(self):
        yield Static("BASELINE READY 0", id="marker")
        yield Footer()

    def on_key(self, event):
        self.presses += 1
        self.query_one("#marker", Static).update(f"BASELINE READY {self.presses}")


Baseline().run()
"""

FRONT_RE = re.compile(r"Front 0-(\d+)")

# Runs `python -m quizapp ARGS` with the tricks named in BENCH_WITHOUT patched out when (and only
# when) their module is imported, so import order and timing stay those of a normal start.
LAUNCHER = """\
import contextlib, importlib.util, os, runpy, sys, threading, types

WITHOUT = set(filter(None, os.environ.pop("BENCH_WITHOUT", "").split(",")))


class NoStore(dict):
    def __setitem__(self, key, value):
        pass


class SetEvent(threading.Event):
    def __init__(self):
        super().__init__()
        self.set()


def deck_cache(m):
    if "gc-pause" in WITHOUT:
        m.collector_paused = contextlib.nullcontext


def config(m):
    if "localtime" in WITHOUT:
        m._LOCALTIME_READ = NoStore()


def study_queue(m):
    if "index-cache" in WITHOUT:
        m._INDEX_CACHE = NoStore()


def home(m):
    if "painted-wait" in WITHOUT:
        m.threading = types.SimpleNamespace(Event=SetEvent)


PATCHES = {
    "quizapp.core.decks.cache": deck_cache,
    "quizapp.core.config": config,
    "quizapp.core.srs.study_queue": study_queue,
    "quizapp.tui.screens.home": home,
}


class Hook:
    def find_spec(self, name, path, target=None):
        if name not in PATCHES:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            PATCHES[name](module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, Hook())
sys.argv = ["quizapp", *sys.argv[1:]]
runpy.run_module("quizapp", run_name="__main__", alter_sys=True)
"""
TRICKS = ("gc-pause", "localtime", "index-cache", "painted-wait")


def generate_library(folder: Path, files: int = 100, cards: int = 1000) -> None:
    """100 decks of 1,000 cards: deck 0 plain flashcards (for the key test), the others mixed."""
    if folder.is_dir() and len(list(folder.glob("*.yaml"))) == files:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for d in range(files):
        parts = [
            f"id: bench-{d:03}\ntitle: Bench deck {d:03}\n"
            f"description: {cards} generated cards.\ncards:\n"
        ]
        for i in range(cards):
            kind = 0 if d == 0 else i % 4
            if kind == 0:
                parts.append(
                    f"  - id: b{i}\n    front: Front {d}-{i}\n    back: Back {d}-{i}\n"
                    f"    kind: number\n    source: paragraph {i % 13 + 1}\n"
                )
            elif kind == 1:
                parts.append(
                    f"  - id: c{i}\n    type: cloze\n"
                    f"    text: In {{{{c1::{1900 + i % 120}}}}} treaty {i} was signed.\n"
                )
            elif kind == 2:
                parts.append(
                    f"  - id: m{i}\n    type: choice\n    question: Which is right for {i}?\n"
                    f"    choices: [Alpha {i}, Beta {i}, Gamma {i}]\n    answer: Beta {i}\n"
                )
            else:
                parts.append(
                    f"  - id: t{i}\n    type: typed\n    question: Who led delegation {i}?\n"
                    f"    answer: Person {i}\n    accept: [P. {i}]\n    kind: person\n"
                )
        (folder / f"bench-{d:03}.yaml").write_text("".join(parts), encoding="utf-8")


class Tmux:
    """A private tmux server with one 80x24 pane that commands are respawned into."""

    def __init__(self, socket: Path) -> None:
        self.socket = socket
        self.run("kill-server")
        self.run("new-session", "-d", "-s", "b", "-x", "80", "-y", "24", "sleep 1000000")
        self.run("set-option", "-t", "b", "remain-on-exit", "on")

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    def start(
        self, command: list[str], mem_file: Path, env_extra: dict[str, str] | None = None
    ) -> float:
        """Start `command` in the pane (under /usr/bin/time); returns the start time."""
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in {**ENV, **(env_extra or {})}.items())
        timed = ["/usr/bin/time", "-f", "%M %U %S", "-o", str(mem_file), *command]
        line = f"env -u PYTHONDONTWRITEBYTECODE {env} {shlex.join(timed)}"
        start = time.perf_counter()
        self.run("respawn-pane", "-k", "-t", "b", line)
        return start

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "b")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "b", *keys)

    def wait(self, check: Callable[[str], bool], timeout: float = 600) -> tuple[float, str]:
        deadline = time.perf_counter() + timeout
        while True:
            text = self.screen()
            if check(text):
                return time.perf_counter(), text
            if time.perf_counter() > deadline:
                raise TimeoutError(f"marker not seen; the screen shows:\n{text}")
            time.sleep(0.003)

    def dead(self) -> bool:
        return self.run("display-message", "-p", "-t", "b", "#{pane_dead}").strip() == "1"

    def quit(self) -> None:
        self.keys("C-q")
        deadline = time.perf_counter() + 30
        while not self.dead():
            if time.perf_counter() > deadline:
                raise TimeoutError(f"did not quit:\n{self.screen()}")
            time.sleep(0.02)

    def close(self) -> None:
        self.run("kill-server")


def peak_and_cpu(mem_file: Path) -> tuple[float, float]:
    """Peak MiB and CPU seconds (user + system) of the process, from /usr/bin/time."""
    words = mem_file.read_text().split()
    if len(words) < 3:
        return float("nan"), float("nan")
    return int(words[-3]) / 1024, float(words[-2]) + float(words[-1])


def cut_title(screen: str, title: str) -> bool:
    """Whether a table row shows `title` cut short: its first cell is a beginning of it."""
    for line in screen.splitlines():
        first = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0].rstrip("…")
        if first and first != title and title.startswith(first) and len(first) < len(title):
            return True
    return False


def launch(
    tmux: Tmux,
    command: list[str],
    markers: dict[str, str],
    study: bool = False,
    env: dict[str, str] | None = None,
    title: str = "",
) -> dict[str, float]:
    """Seconds from start until each marker shows, peak MiB, cpu, and `cut` (1.0 when `title`
    was seen cut short on some capture before the counts showed); with `study`, the seconds
    from Enter (once the last marker shows) until the first deck's first card shows."""
    mem = OUT / "mem.txt"
    mem.unlink(missing_ok=True)
    start = tmux.start(command, mem, env)
    out: dict[str, float] = {"cut": 0.0}
    deadline = start + 600
    while len(out) - 1 < len(markers):
        screen = tmux.screen()
        now = time.perf_counter()
        for name, marker in markers.items():
            if name not in out and marker in screen:
                out[name] = now - start
        if title and "counted" not in out and cut_title(screen, title):
            out["cut"] = 1.0
        if now > deadline:
            raise TimeoutError(f"markers not seen; the screen shows:\n{screen}")
        time.sleep(0.003)
    if study:
        pressed = time.perf_counter()
        tmux.keys("Enter")
        seen, _ = tmux.wait(lambda s: FRONT_RE.search(s) is not None, 60)
        out["study"] = seen - pressed
    tmux.quit()
    out["MiB"], out["cpu"] = peak_and_cpu(mem)
    return out


def first_title(deck_dirs: list[Path]) -> str:
    from quizapp.core.decks.discovery import discover

    return discover(deck_dirs).sorted()[0].title


def med(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def report(name: str, rows: list[dict[str, float]], base: float) -> None:
    parts = []
    for key in ("shown", "listed", "counted"):
        if key in rows[0]:
            value = med(rows, key)
            parts.append(f"{key} {value * 1000:7.0f} ms ({value / base:4.2f}x)")
    if "listed" in rows[0]:  # the steps themselves (the noise of the start is not in them)
        gaps = [
            statistics.median(r[b] - r[a] for r in rows) * 1000
            for a, b in (("shown", "listed"), ("listed", "counted"))
        ]
        parts.append(f"steps +{gaps[0]:4.0f} +{gaps[1]:5.0f} ms")
    if "study" in rows[0]:
        parts.append(f"study {med(rows, 'study') * 1000:5.0f} ms")
    parts.append(f"cpu {med(rows, 'cpu') * 1000:5.0f} ms")
    if "counted" in rows[0]:
        low, high = min(r["counted"] for r in rows), max(r["counted"] for r in rows)
        parts.append(f"counted {low * 1000:.0f}-{high * 1000:.0f} ms")
    cut = sum(int(r.get("cut", 0)) for r in rows)
    peak = max(r["MiB"] for r in rows)
    print(f"{name:<11} " + "  ".join(parts) + f"  peak {peak:5.0f} MiB  cut {cut}/{len(rows)}")


def table_row(moment: str, ours: float, base: float, goal: float) -> str:
    ratio = ours / base
    verdict = "met" if ratio <= goal else "NOT met"
    return (
        f"| {moment} | {ours * 1000:.0f} ms | {base * 1000:.0f} ms | {ratio:.2f}x"
        f" | <= {goal}x: {verdict} |"
    )


def press_times(tmux: Tmux, presses: int) -> list[float]:
    """Space then `3` on each card; the time from `3` until the next front is shown."""
    out: list[float] = []
    _, text = tmux.wait(lambda s: FRONT_RE.search(s) is not None, 60)
    for _ in range(presses):
        match = FRONT_RE.search(text)
        assert match is not None
        current = match.group(0)
        tmux.keys("Space")
        _, text = tmux.wait(lambda s, c=current: f"Back {c[6:]}" in s, 30)  # type: ignore[misc]
        start = time.perf_counter()
        tmux.keys("3")
        seen, text = tmux.wait(
            lambda s, c=current: (m := FRONT_RE.search(s)) is not None and m.group(0) != c, 30
        )
        out.append(seen - start)
    return out


def baseline_presses(tmux: Tmux, script: Path, presses: int) -> list[float]:
    tmux.start([sys.executable, str(script)], OUT / "mem.txt")
    tmux.wait(lambda s: "BASELINE READY 0" in s)
    out = []
    for n in range(1, presses + 1):
        start = time.perf_counter()
        tmux.keys("x")
        seen, _ = tmux.wait(lambda s, n=n: f"BASELINE READY {n}" in s)  # type: ignore[misc]
        out.append(seen - start)
    tmux.quit()
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument("--skip-keys", action="store_true", help="no key-press timing")
    parser.add_argument("--without", action="append", choices=TRICKS, default=[])
    parser.add_argument("--skip-store", action="store_true", help="no Anki rows (bench_anki)")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("needs tmux", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    script = OUT / "baseline_app.py"
    script.write_text(BASELINE_APP)
    launcher = OUT / "launcher.py"
    launcher.write_text(LAUNCHER)
    library = OUT / "library"
    generate_library(library)
    bundled_data, library_data = OUT / "data-bundled", OUT / "data-100k"
    for d in (bundled_data, library_data):
        shutil.rmtree(d, ignore_errors=True)
        (d / "config").mkdir(parents=True)
    # The theme is saved on the first change, so most users have a config.yaml: so do both.
    (bundled_data / "config" / "config.yaml").write_text("theme: textual-dark\n")
    (library_data / "config" / "config.yaml").write_text("theme: textual-dark\nnew_per_day: 1000\n")

    tmux = Tmux(OUT / "tmux.sock")
    header = {"shown": "profile: default"}
    bundled_cmd = [*QUIZAPP, "--data-dir", str(bundled_data)]
    library_cmd = [*QUIZAPP, "--data-dir", str(library_data), "--decks", str(library)]
    os.environ[DATA_DIR_ENV] = str(bundled_data)
    bundled_title = first_title([])
    bundled_markers = {**header, "listed": bundled_title[:20], "counted": COUNTED}
    library_markers = {**header, "listed": "Bench deck 000", "counted": COUNTED}
    library_title = "Bench deck 000"
    try:
        launch(tmux, [sys.executable, str(script)], {"shown": "BASELINE READY"})  # warm up
        launch(tmux, bundled_cmd, bundled_markers)  # fills the bundled decks' cache
        launch(tmux, library_cmd, library_markers)  # fills the library's cache
        launcher_cmd = [sys.executable, str(launcher), *library_cmd[3:]]
        base_rows, bundled_rows, cold_rows, warm_rows = [], [], [], []
        without_rows: dict[str, list[dict[str, float]]] = {t: [] for t in args.without}
        for i in range(args.repeat):
            base_rows.append(launch(tmux, [sys.executable, str(script)], {"shown": "BASELINE"}))
            bundled_rows.append(launch(tmux, bundled_cmd, bundled_markers, title=bundled_title))
            if not args.skip_cold and i < 2:
                shutil.rmtree(library_data / "cache", ignore_errors=True)
                cold_rows.append(launch(tmux, library_cmd, library_markers, title=library_title))
            study = bool(args.without)
            warm_rows.append(launch(tmux, library_cmd, library_markers, study, title=library_title))
            for trick in args.without:
                env = {"BENCH_WITHOUT": trick}
                without_rows[trick].append(launch(tmux, launcher_cmd, library_markers, study, env))
            print(f"run {i + 1}/{args.repeat} done", file=sys.stderr)
        base = med(base_rows, "shown")
        print(f"launch until visible, median of {args.repeat} (ratio to the baseline)")
        base_mib = max(r["MiB"] for r in base_rows)
        base_cpu = med(base_rows, "cpu") * 1000
        print(
            f"baseline    shown {base * 1000:7.0f} ms  cpu {base_cpu:5.0f} ms"
            f"  peak {base_mib:5.0f} MiB"
        )
        report("bundled", bundled_rows, base)
        if cold_rows:
            report("100k cold", cold_rows, base)
        report("100k warm", warm_rows, base)
        for trick, rows in without_rows.items():
            report(f"  -{trick}", rows, base)
        if not args.skip_keys:
            key_rows(tmux, script, library_cmd, args.presses)
    finally:
        tmux.close()

    print()
    print(f"issue 11's table (launch rows: medians of {args.repeat}, bare app in the same run)")
    print("| moment | quizapp | bare app / Anki | ratio | goal |")
    print("|---|---|---|---|---|")
    print(table_row("bundled decks: titles on screen", med(bundled_rows, "listed"), base, 1.2))
    print(table_row("bundled decks: counts shown", med(bundled_rows, "counted"), base, 1.5))
    warm_titles = med(warm_rows, "listed")
    print(table_row("100 decks x 1,000 cards, warm cache: titles", warm_titles, base, 1.5))
    print(table_row("same: counts", med(warm_rows, "counted"), base, 2.0))
    if not args.skip_store:
        try:
            import anki  # noqa: F401
        except ImportError:
            print("(store rows left out: needs the anki package; pip install -e '.[bench]')")
            return 0
        import bench_anki

        result = bench_anki.measure()
        for row in result.rows:
            print(row.line())
        for note in result.notes:
            print(f"  {note}")
    return 0


def key_rows(tmux: Tmux, script: Path, library_cmd: list[str], presses: int) -> None:
    """Key press to next card on the 100k library, and the baseline's."""
    keys_base = baseline_presses(tmux, script, presses)
    tmux.start(library_cmd, OUT / "mem.txt")
    tmux.wait(lambda s: COUNTED in s)
    tmux.keys("Enter")
    keys = press_times(tmux, presses)
    tmux.quit()
    kb, kq = statistics.median(keys_base), statistics.median(keys)
    print(f"key press to next card, {presses} presses (median / p95)")
    print(f"baseline    {kb * 1000:5.1f} / {p95(keys_base) * 1000:5.1f} ms")
    print(f"study       {kq * 1000:5.1f} / {p95(keys) * 1000:5.1f} ms  ({kq / kb:4.2f}x)")


if __name__ == "__main__":
    sys.exit(main())
