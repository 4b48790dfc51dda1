"""Issue 10: the home table, `quizapp list` and `quizapp stats` give the same numbers.

New, learning, due and cards (and suspended) mean one thing everywhere and come from one core
function (`study_queue.deck_counts`). The home screen runs through Pilot, `list --json` and
`stats --json` are the real command, all on the same data dir; the numbers are compared on
fresh progress, then after some answers, a suspended card and a learning card.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fsrs import Rating
from textual.widgets import DataTable, Static

from quizapp.core import config
from quizapp.core.clock import FakeClock
from quizapp.core.decks.discovery import discover
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.overview import overview
from quizapp.core.srs.profiles import open_profile
from quizapp.tui.app import QuizApp
from quizapp.tui.context import AppContext
from quizapp.tui.screens.home import HomeScreen
from tests.store_helpers import quizapp

# A reversed card (two study cards), a cloze of two deletions (two), two cards of one fact
# (siblings: one new a day) and plain cards: cards in the file (6) != study cards (8).
DECK = """\
id: agree
title: Counts that agree
description: Reversed, cloze, fact siblings and plain cards.
cards:
  - id: year
    front: In which year was the treaty signed?
    back: "1992"
    reverse: true
  - id: place
    type: cloze
    text: "It was signed in {{c1::Tashkent}} in {{c2::May}}."
  - id: fact-a
    front: Who chairs the council?
    back: The president
    fact: chair
  - id: fact-b
    type: typed
    question: Which office chairs the council?
    answer: The presidency
    fact: chair
  - id: plain-1
    front: One?
    back: Uno
  - id: plain-2
    front: Two?
    back: Dos
"""
KEYS = ("new", "learning", "due", "cards", "suspended")


@pytest.fixture
def setup(tmp_path: Path, isolated_data_dir: Path) -> tuple[Path, FakeClock]:
    """The deck folder, and a fake clock at the real time (the commands use the system clock);
    the study day is set to start 12 hours away, so no run crosses it."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "agree.yaml").write_text(DECK, encoding="utf-8")
    now = datetime.now(UTC)
    config.set_value("timezone", "UTC")
    config.set_value("day_start_hour", (now.hour + 12) % 24)
    return decks, FakeClock(now)


async def home_rows(decks: Path, clock: FakeClock) -> dict[str, dict[str, int]]:
    """The home table's numbers by deck id (Pilot), with the line above it."""
    app = QuizApp(AppContext(deck_dirs=[decks], clock=clock))
    out: dict[str, dict[str, int]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        for key in table.rows:
            new, learning, due, cards = (int(str(c)) for c in table.get_row(key)[1:])
            out[str(key.value)] = {"new": new, "learning": learning, "due": due, "cards": cards}
        summary = str(app.screen.query_one("#summary", Static).render())
    out["(summary)"] = {"text": summary}  # type: ignore[dict-item]
    return out


def command_rows(decks: Path, data: Path, *argv: str) -> dict[str, dict[str, Any]]:
    proc = quizapp(*argv, "--json", "--decks", str(decks), data_dir=data)
    assert proc.returncode == 0, proc.stderr
    return {row.get("id", row.get("deck_id")): row for row in json.loads(proc.stdout)["decks"]}


async def assert_agree(decks: Path, data: Path, clock: FakeClock, expected: dict[str, int]) -> None:
    home = await home_rows(decks, clock)
    listed = command_rows(decks, data, "list")
    stats = command_rows(decks, data, "stats")
    for deck_id in listed:
        in_list = {k: listed[deck_id][k] for k in KEYS}
        in_stats = {k: stats[deck_id][k] for k in KEYS}
        assert in_list == in_stats, deck_id
        assert home[deck_id] == {k: in_list[k] for k in KEYS[:4]}, deck_id
    assert {k: listed["agree"][k] for k in KEYS} == expected
    # the line above the table adds up the table's columns
    new = sum(r["new"] for k, r in home.items() if k != "(summary)")
    learning = sum(r["learning"] for k, r in home.items() if k != "(summary)")
    due = sum(r["due"] for k, r in home.items() if k != "(summary)")
    text = home["(summary)"]["text"]
    assert f"{new} new · {learning} learning · {due} due" in text, text


async def test_home_list_and_stats_agree(
    setup: tuple[Path, FakeClock], isolated_data_dir: Path
) -> None:
    decks, clock = setup
    data = isolated_data_dir
    # fresh: 8 study cards; new counts the fact "chair" and each card's siblings once: 5
    await assert_agree(
        decks, data, clock, {"new": 5, "learning": 0, "due": 0, "cards": 8, "suspended": 0}
    )
    deck = discover([decks]).find("agree")
    items = {it.id: it for it in deck.items()}
    with Answering.open("default", clock) as answering:
        answering.record_answer(items["year"], Rating.Easy, mode="study", duration_ms=1)
        answering.record_answer(items["plain-1"], Rating.Again, mode="study", duration_ms=1)
        answering.suspend(items["plain-2"])
    # year: a review in days (its reverse waits for another day); plain-1: learning, due in
    # a minute; plain-2 suspended: new is 5 - 3 = 2 (the cloze's first deletion, fact-a)
    await assert_agree(
        decks, data, clock, {"new": 2, "learning": 1, "due": 0, "cards": 8, "suspended": 1}
    )


def test_one_function_counts_for_all_three(
    setup: tuple[Path, FakeClock], isolated_data_dir: Path
) -> None:
    """The overview (home), `list` and `stats` hold `deck_counts`' numbers, whatever the limits."""
    decks, clock = setup
    config.set_value("new_per_day", 1)
    deck = discover([decks]).find("agree")
    with open_profile("default", clock) as opened:
        counts = overview(opened.store, [deck], clock.now(), opened.config).counts["agree"]
    assert (counts.new, counts.cards) == (1, 8)
    listed = command_rows(decks, isolated_data_dir, "list")["agree"]
    stats = command_rows(decks, isolated_data_dir, "stats")["agree"]
    assert (
        {k: listed[k] for k in KEYS}
        == {k: stats[k] for k in KEYS}
        == {k: getattr(counts, k) for k in KEYS}
    )
    assert stats["unseen"] == 8  # the whole deck, without the daily limit
