"""Issue 10: a suspended card can come back: the core's rules, and `quizapp suspended` and
`quizapp unsuspend` as a user runs them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Rating, State

from quizapp.core.clock import FakeClock
from quizapp.core.config import Config
from quizapp.core.decks.loader import load_deck_file
from quizapp.core.decks.model import Card, Deck, Item
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.scheduler import LEECH_LAPSES
from quizapp.core.srs.store import Store
from quizapp.core.srs.study_queue import deck_counts
from quizapp.core.srs.suspension import (
    UnknownCard,
    find_suspended,
    suspended_cards,
    unsuspend,
    unsuspend_deck,
)
from tests.store_helpers import quizapp

CFG = Config(timezone="UTC")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def deck(deck_id: str = "d", n: int = 4) -> Deck:
    cards = [Card(f"c{i}", "basic", front=f"q{i}", back=f"a{i}") for i in range(n)]
    cards.append(Card("rev", "basic", front="front?", back="back", reverse=True))
    return Deck(deck_id, deck_id, "", cards)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def answering(clock: FakeClock) -> Answering:
    with Answering.open("default", clock, config=CFG) as a:
        yield a


def make_leech(answering: Answering, clock: FakeClock, item: Item) -> None:
    """Lapse `item` until the scheduler makes it a leech (and suspends it)."""
    store = answering.store
    for _ in range(200):
        s = store.state(item)
        if s.leech:
            return
        clock.set(max(clock.now(), s.due or clock.now()))
        rating = Rating.Again if s.state == State.Review else Rating.Good
        answering.record_answer(item, rating, mode="study", duration_ms=1)
    raise AssertionError("never became a leech")


def test_suspended_cards_are_listed_with_leech_and_since(
    answering: Answering, clock: FakeClock
) -> None:
    d = deck()
    items = {it.id: it for it in d.items()}
    answering.suspend(items["rev/reverse"])
    make_leech(answering, clock, items["c1"])
    leech_at = answering.store.state(items["c1"]).last_review
    listed = suspended_cards(answering.store, [d])
    assert [(c.name, c.leech, c.since) for c in listed] == [
        ("d/c1", True, leech_at),  # a leech: since its last answer
        ("d/rev/reverse", False, None),  # suspended by hand: not known when
    ]
    assert listed[1].prompt == "back" and listed[0].lapses == LEECH_LAPSES
    assert [c.name for c in suspended_cards(answering.store, [d], leeches_only=True)] == ["d/c1"]
    assert deck_counts(answering.store, d, clock.now(), CFG).suspended == 2


def test_unknown_names_are_refused_and_nothing_is_done(answering: Answering) -> None:
    d = deck()
    answering.suspend(d.items()[0])
    with pytest.raises(UnknownCard) as caught:
        find_suspended(answering.store, [d], ["d/c0", "d/c2", "d/nope", "other/c0", "c0"])
    assert caught.value.problems == [
        "'d/c2' is not suspended",
        "'d/nope': deck 'd' has no card 'nope'",
        "'other/c0': no deck with id 'other'",
        "'c0' is not a card name: give DECK/CARD, as `quizapp suspended`",
    ]
    assert answering.store.state(d.items()[0]).suspended  # all or nothing


def test_bringing_back_a_leech_clears_the_flag_and_keeps_its_history(
    answering: Answering, clock: FakeClock
) -> None:
    d = deck()
    item = d.items()[0]
    make_leech(answering, clock, item)
    before = answering.store.state(item)
    cards = find_suspended(answering.store, [d], ["d/c0"])
    assert unsuspend(answering, cards) == 1
    after = answering.store.state(item)
    assert not after.suspended and not after.leech
    assert (after.lapses, after.due, after.stability) == (
        before.lapses,
        before.due,
        before.stability,
    )
    assert unsuspend(answering, cards) == 0  # already back
    # one more lapse does not make it a leech again at once: after 4 more (as Anki)
    lapses = 0
    while not answering.store.state(item).leech:
        s = answering.store.state(item)
        clock.set(max(clock.now(), s.due or clock.now()))
        lapsed = s.state == State.Review
        answering.record_answer(
            item, Rating.Again if lapsed else Rating.Good, mode="study", duration_ms=1
        )
        lapses += lapsed
    assert lapses == 4 and answering.store.state(item).suspended


def test_a_rewritten_card_stays_suspended(answering: Answering, tmp_path: Path) -> None:
    """Rewriting a card does not bring it back: only the command (or U on home) does."""
    path = tmp_path / "d.yaml"
    path.write_text(
        "id: d\ntitle: D\ndescription: x\ncards:\n  - id: a\n    front: Old?\n    back: old\n",
        encoding="utf-8",
    )
    old = load_deck_file(path)
    answering.suspend(old.items()[0])
    path.write_text(path.read_text().replace("Old?", "New wording?"), encoding="utf-8")
    new = load_deck_file(path)
    assert [c.prompt for c in suspended_cards(answering.store, [new])] == ["New wording?"]
    assert unsuspend_deck(answering, new) == 1
    assert suspended_cards(answering.store, [new]) == []


# --- the commands -------------------------------------------------------------------------

DECK = """\
id: tiny
title: Tiny
description: Three cards.
cards:
  - id: one
    front: First question?
    back: First answer
  - id: two
    front: Second question?
    back: Second answer
  - id: three
    front: "Third \\e[31mred\\e[0m question?"
    back: Third answer
"""


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(DECK, encoding="utf-8")
    return folder


def suspend_in_store(decks: Path, data: Path, *ids: str, leech: str = "") -> None:
    d = load_deck_file(decks / "tiny.yaml")
    items = {it.id: it for it in d.items()}
    with Answering.open("default", FakeClock(START)) as a:
        for i in ids:
            a.suspend(items[i])
        if leech:
            make_leech(a, a.clock, items[leech])  # type: ignore[arg-type]


def test_suspended_lists_and_unsuspend_brings_back(decks: Path, isolated_data_dir: Path) -> None:
    data = isolated_data_dir
    suspend_in_store(decks, data, "three", leech="one")
    listed = quizapp("suspended", "tiny", "--decks", str(decks), data_dir=data)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["DECK", "CARD", "LEECH", "SINCE", "PROMPT"]
    assert lines[1].split()[:3] == ["tiny", "tiny/one", "leech"]
    assert lines[2].split()[:4] == ["tiny", "tiny/three", "-", "-"]
    # the deck's ESC shows as a visible escape (the one rule, applied when the deck is read)
    assert "\x1b" not in listed.stdout and "Third \\x1b[31mred\\x1b[0m question?" in lines[2]
    as_json = quizapp("suspended", "--json", "--decks", str(decks), data_dir=data)
    cards = json.loads(as_json.stdout)["suspended"]
    assert [(c["card"], c["leech"], c["since"] is not None) for c in cards] == [
        ("tiny/one", True, True),
        ("tiny/three", False, False),
    ]

    back = quizapp("unsuspend", "tiny/three", "--decks", str(decks), data_dir=data)
    assert back.returncode == 0, back.stderr
    assert back.stdout == "unsuspended tiny/three\n"
    back = quizapp("unsuspend", "--leeches", "--decks", str(decks), data_dir=data)
    assert back.stdout == "unsuspended tiny/one (was a leech)\n"
    left = quizapp("suspended", "--decks", str(decks), data_dir=data)
    assert left.stdout == "No suspended card.\n"
    with Store.open("default") as store:
        assert not store.state_of("tiny", "one").leech


def test_unsuspend_a_whole_deck_and_refuse_unknown_names(
    decks: Path, isolated_data_dir: Path
) -> None:
    data = isolated_data_dir
    suspend_in_store(decks, data, "one", "two")
    bad = quizapp("unsuspend", "tiny/one", "tiny/nope", "--decks", str(decks), data_dir=data)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stderr == (
        "quizapp: nothing was unsuspended: 'tiny/nope': deck 'tiny' has no card 'nope'"
        " (`quizapp suspended` lists the suspended cards)\n"
    )
    usage = quizapp("unsuspend", "--decks", str(decks), data_dir=data)
    assert usage.returncode == 2 and "give the CARD names" in usage.stderr
    both = quizapp("unsuspend", "tiny/one", "--deck", "tiny", "--decks", str(decks), data_dir=data)
    assert both.returncode == 2
    gone = quizapp("unsuspend", "--deck", "nosuch", "--decks", str(decks), data_dir=data)
    assert gone.returncode == 1 and "nosuch" in gone.stderr
    whole = quizapp("unsuspend", "--deck", "tiny", "--decks", str(decks), data_dir=data)
    assert whole.stdout == "unsuspended tiny/one\nunsuspended tiny/two\n"
    listed = json.loads(quizapp("list", "--json", "--decks", str(decks), data_dir=data).stdout)
    (row,) = [r for r in listed["decks"] if r["id"] == "tiny"]
    assert (row["suspended"], row["new"]) == (0, 3)
