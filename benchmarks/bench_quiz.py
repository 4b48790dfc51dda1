"""How long drawing a quiz takes on big decks, against listing and shuffling the same items.

Builds decks in memory (a mix of every card type, most basic/typed cards sharing a few kinds
so distractor pools are large), then times, in the same run and alternating:
  baseline: deck.items() grouped by card and shuffled with random.Random(seed)
  quiz:     build_quiz(deck, seed=seed) (every card becomes a question, with distractors)
and prints the median of each, the ratio and the time per question.
Also times grading: grade_typed on a typo against 3 accepted answers, per call.
Goal: the quiz stays linear in the deck size (ratio roughly flat as decks grow).

Usage: python benchmarks/bench_quiz.py [--sizes 1000,10000,50000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from quizapp.core.decks.model import Card, Deck
from quizapp.core.practice.grading import grade_typed
from quizapp.core.practice.questions import build_quiz

KINDS = ("year", "person", "country", "event")


def make_deck(size: int) -> Deck:
    cards: list[Card] = []
    for i in range(size):
        kind = KINDS[i % len(KINDS)]
        answer = str(1000 + i % 1000) if kind == "year" else f"{kind.title()} Name{i}"
        n = i % 8
        if n < 3:
            cards.append(
                Card(f"b{i}", "basic", front=f"Q{i}?", back=answer, kind=kind, reverse=n == 1)
            )
        elif n == 3:
            cards.append(Card(f"t{i}", "typed", question=f"T{i}?", answer=answer, kind=kind))
        elif n == 4:
            cards.append(Card(f"c{i}", "cloze", text=f"In {{{{c1::{1900 + i % 100}}}}} x{i}."))
        elif n == 5:
            cards.append(
                Card(
                    f"m{i}",
                    "choice",
                    question=f"M{i}?",
                    choices=("A", "B", "C", "D"),
                    answers=("B",),
                )
            )
        elif n == 6:
            cards.append(Card(f"o{i}", "order", question=f"O{i}", items=("x", "y", "z")))
        else:
            cards.append(Card(f"p{i}", "match", question=f"P{i}", pairs=(("a", "1"), ("b", "2"))))
    return Deck(id="bench", title="Bench", description="generated", cards=cards)


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline(deck: Deck, seed: int) -> None:
    groups: dict[str, list[object]] = {}
    for item in deck.items():
        groups.setdefault(item.card.id, []).append(item)
    values = list(groups.values())
    random.Random(seed).shuffle(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'cards':>8}  {'baseline':>10}  {'build_quiz':>10}  {'ratio':>6}  {'per question':>12}")
    for size in (int(s) for s in args.sizes.split(",")):
        deck = make_deck(size)
        base = median_time(lambda deck=deck: baseline(deck, 1), args.repeat)
        quiz = median_time(lambda deck=deck: build_quiz(deck, seed=1), args.repeat)
        count = len(build_quiz(deck, seed=1))
        print(
            f"{size:>8}  {base * 1000:>8.1f}ms  {quiz * 1000:>8.1f}ms  {quiz / base:>6.1f}"
            f"  {quiz / count * 1e6:>10.1f}us"
        )
    accepted = ["Collective Security Treaty Organization", "CSTO", "Organisation"]
    calls = 10_000
    t = median_time(
        lambda: [
            grade_typed("colective securty treaty organisation", accepted) for _ in range(calls)
        ],
        args.repeat,
    )
    print(f"grade_typed: {t / calls * 1e6:.1f}us per call (typo, 3 accepted answers)")


if __name__ == "__main__":
    main()
