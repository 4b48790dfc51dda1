"""How long `quizapp validate` takes on big decks, against a bare libyaml load of the same file.

Generates decks of 1,000 / 10,000 / 100,000 cards (a mix of every card type), then times, in
the same run and alternating, whole processes of:
  baseline: python -c "yaml.load(open(f), Loader=yaml.CSafeLoader)"
  quizapp:  quizapp validate f
and prints the median wall time of each, their ratio and each one's peak memory (max RSS).
Goal: ratio <= 1.3 at 10,000 cards.

Usage: python benchmarks/bench_validate.py [--sizes 1000,10000,100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = (
    "import sys, yaml; f = open(sys.argv[1], encoding='utf-8');"
    " yaml.load(f, Loader=yaml.CSafeLoader)"
)

CARD_TEMPLATES = [
    "  - id: b{i}\n    front: What happened in step {i} of the plan?\n    back: Event {i}\n"
    "    kind: event\n    source: paragraph {p}\n",
    "  - id: r{i}\n    front: Capital number {i}\n    back: City {i}\n    reverse: true\n"
    "    tags: [geo, cities]\n",
    "  - id: c{i}\n    type: cloze\n"
    "    text: In {{{{c1::{y}}}}} the {{{{c2::treaty {i}}}}} was signed.\n"
    "    explain: A generated sentence for benchmarking.\n",
    "  - id: t{i}\n    type: typed\n    question: Who led delegation {i}?\n    answer: Person {i}\n"
    "    accept: [P. {i}, Person number {i}]\n    kind: person\n",
    "  - id: m{i}\n    type: choice\n    question: Which option is right for {i}?\n"
    "    choices: [Alpha {i}, Beta {i}, Gamma {i}, Delta {i}]\n    answer: Beta {i}\n",
    "  - id: f{i}\n    type: truefalse\n    statement: Statement {i} is true.\n    answer: true\n",
    "  - id: o{i}\n    type: order\n    question: Order set {i}.\n"
    "    items: [first {i}, second {i}, third {i}]\n",
    "  - id: p{i}\n    type: match\n    question: Match set {i}.\n    pairs:\n"
    "      left a{i}: right a{i}\n      left b{i}: right b{i}\n",
]


def generate(path: Path, cards: int) -> None:
    parts = [
        f"id: bench-{cards}\ntitle: Benchmark deck\ndescription: {cards} generated cards.\ncards:\n"
    ]
    for i in range(cards):
        tpl = CARD_TEMPLATES[i % len(CARD_TEMPLATES)]
        parts.append(tpl.format(i=i, p=i % 13 + 1, y=1900 + i % 120))
    path.write_text("".join(parts), encoding="utf-8")


def run(cmd: list[str]) -> float:
    """Wall seconds of one child process."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
    return wall


def peak_rss(cmd: list[str]) -> int:
    """Peak RSS (KiB) of one command, measured in a fresh wrapper process."""
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True);"
        " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    quizapp = [sys.executable, "-m", "quizapp"]
    env_dir = tempfile.mkdtemp(prefix="quizapp-bench-")
    os.environ["QUIZAPP_DATA_DIR"] = env_dir
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus; median of {args.repeat} runs")
    print(
        f"{'cards':>7} {'MiB':>6} {'yaml.load s':>12} {'validate s':>11} {'ratio':>6}"
        f" {'yaml MiB':>9} {'validate MiB':>13}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        path = Path(env_dir) / f"deck-{size}.yaml"
        generate(path, size)
        repeat = args.repeat if size <= 10000 else max(2, args.repeat // 2)
        base_times: list[float] = []
        ours: list[float] = []
        for _ in range(repeat):  # alternate so machine noise hits both alike
            base_times.append(run([sys.executable, "-c", BASELINE, str(path)]))
            ours.append(run([*quizapp, "validate", str(path)]))
        b = statistics.median(base_times)
        q = statistics.median(ours)
        b_mem = peak_rss([sys.executable, "-c", BASELINE, str(path)]) / 1024
        q_mem = peak_rss([*quizapp, "validate", str(path)]) / 1024
        mib = path.stat().st_size / 1048576
        print(
            f"{size:>7} {mib:>6.1f} {b:>12.3f} {q:>11.3f} {q / b:>6.2f}"
            f" {b_mem:>9.0f} {q_mem:>13.0f}"
        )


if __name__ == "__main__":
    main()
