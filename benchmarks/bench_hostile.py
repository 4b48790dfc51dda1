"""What two hostile-sized decks cost: time, peak memory and outcome of validate, list, export.

Builds, in a temporary folder:
  million:  a legitimate deck of 1,000,000 tiny cards, under the 32 MiB file limit
            (``- {id: 0a1b, front: x, back: y}`` per line);
  amplify:  a 1 MB deck whose ~200 cards all alias one 1 MB string (``front: *big``);
then runs, each in a fresh process with its own data dir:
  quizapp validate FILE
  quizapp list --decks DIR
  quizapp export DECK --versions 3 --out OUT
and prints, per run, the wall time, the peak memory (max RSS of the child), the exit code,
the bytes the export wrote and the first line the command printed on stderr.

The baseline in the same run is a bare libyaml compose of each file (yaml.compose with the
CSafeLoader and the garbage collector off, as quizapp composes: what any tool that reads the
whole file pays), so the figures compare across machines.

Measured on the shared 2-core machine (load about 5), before and after "a shared deck cannot
harm" (issue 9):
  million   before: validate 58.8 s / 3251 MiB, list 63.8 s / 3262 MiB, export 61.2 s / 3252
            MiB, each then calling the file "an alias bomb";
            after:  validate 1.8 s / 78 MiB, list 2.2 s / 90 MiB, export 2.5 s / 84 MiB,
            refused at line 285,718 (2,000,000 values) with how to split it.
  amplify   before: validate 0.26 s / 21 MiB (valid), export --versions 3 11.4 s / 1357 MiB,
            600 MB written;
            after:  validate 0.20 s / 21 MiB, export 0.21 s / 27 MiB, refused (32 MiB of
            text once aliases are written out), nothing written.

Usage: python benchmarks/bench_hostile.py [--only million,amplify] [--timeout 300]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

AMPLIFY_CARDS = 200
AMPLIFY_STRING = 1_000_000
MILLION = 1_000_000
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

# Runs a command and prints "seconds max_rss_kib returncode", then the command's stderr.
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "try:\n"
    "    p = subprocess.run(sys.argv[2:], capture_output=True, text=True,"
    " timeout=float(sys.argv[1]))\n"
    "    rc, err = p.returncode, p.stderr\n"
    "except subprocess.TimeoutExpired:\n"
    "    rc, err = 'timeout', ''\n"
    "wall = time.perf_counter() - t\n"
    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'{wall:.2f} {rss} {rc}')\n"
    "sys.stdout.write(err)\n"
)

BASELINE = (
    "import gc, sys, yaml; gc.disable(); text = open(sys.argv[1], encoding='utf-8').read();"
    " yaml.compose(text, Loader=yaml.CSafeLoader)"
)


def base36(n: int, width: int = 4) -> str:
    out = ""
    for _ in range(width):
        n, r = divmod(n, 36)
        out = DIGITS[r] + out
    return out


def build_million(folder: Path) -> Path:
    path = folder / "million.yaml"
    with path.open("w", encoding="utf-8") as f:
        f.write("id: million\ntitle: A million cards\ndescription: tiny cards\ncards:\n")
        for i in range(MILLION):
            f.write(f"- {{id: {base36(i)}, front: x, back: y}}\n")
    return path


def build_amplify(folder: Path) -> Path:
    path = folder / "amplify.yaml"
    with path.open("w", encoding="utf-8") as f:
        f.write("id: amplify\ntitle: Amplified\ndescription: one string, many aliases\n")
        f.write("source: &big " + "A" * AMPLIFY_STRING + "\ncards:\n")
        for i in range(AMPLIFY_CARDS):
            f.write(f"- {{id: c{i}, front: *big, back: b{i}}}\n")
    return path


def measure(cmd: list[str], env: dict[str, str], timeout: float) -> tuple[str, int, str, str]:
    """(seconds, peak RSS in KiB, exit code, first stderr line) of one child process."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(timeout), *cmd],
        capture_output=True,
        text=True,
        env=env,
    )
    head, _, err = out.stdout.partition("\n")
    seconds, rss, rc = head.split(" ")
    first = next((line for line in err.splitlines() if line.strip()), "")
    return seconds, int(rss), rc, first[:110]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def report(label: str, seconds: str, rss: int, rc: str, extra: str = "") -> None:
    print(f"  {label:<10} {seconds:>7} s  {rss / 1024:>8.0f} MiB  exit {rc:<7} {extra}")


def bench(name: str, deck: Path, root: Path, timeout: float) -> None:
    quizapp = shutil.which("quizapp") or "quizapp"
    size = deck.stat().st_size
    print(f"{name}: {deck.name}, {size / 1048576:.1f} MiB")
    env = {**os.environ, "QUIZAPP_DATA_DIR": str(root / f"data-{name}")}
    env.pop("QUIZAPP_DECKS", None)
    seconds, rss, rc, first = measure([sys.executable, "-c", BASELINE, str(deck)], env, timeout)
    report("baseline", seconds, rss, rc, "(yaml.compose, CSafeLoader)")
    seconds, rss, rc, first = measure([quizapp, "validate", str(deck)], env, timeout)
    report("validate", seconds, rss, rc, first)
    seconds, rss, rc, first = measure([quizapp, "list", "--decks", str(deck.parent)], env, timeout)
    report("list", seconds, rss, rc, first)
    out = root / f"export-{name}"
    out.mkdir()
    cmd = [quizapp, "export", deck.stem, "--versions", "3", "--decks", str(deck.parent)]
    seconds, rss, rc, first = measure([*cmd, "--out", str(out)], env, timeout)
    written = folder_bytes(out)
    shutil.rmtree(out)
    report("export", seconds, rss, rc, f"wrote {written / 1e6:.1f} MB {first}".rstrip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="million,amplify", help="which decks (comma-separated)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per command")
    args = ap.parse_args()
    wanted = args.only.split(",")
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        root = Path(tmp)
        for name, build in (("million", build_million), ("amplify", build_amplify)):
            if name not in wanted:
                continue
            folder = root / name
            folder.mkdir()
            bench(name, build(folder), root, args.timeout)


if __name__ == "__main__":
    main()
