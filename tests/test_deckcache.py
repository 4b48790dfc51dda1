"""The parsed-deck cache gives what discovery gives, re-parsing only what changed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core import deckcache
from quizapp.core.deckcache import DeckCache, card_from_dict, card_to_dict, load_decks_cached
from quizapp.core.discovery import DeckSet, discover
from quizapp.core.model import CARD_TYPES, Card
from tests.tui_helpers import isolate_decks, write_decks


@pytest.fixture
def decks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    isolate_decks(monkeypatch, tmp_path)
    return write_decks(tmp_path / "decks", broken=True)


def summary(found: DeckSet) -> tuple[object, ...]:
    good = sorted(
        (d.id, d.title, d.description, d.source, d.tags, str(d.path), tuple(d.cards))
        for d in found.decks.values()
    )
    bad = sorted((str(b.path), tuple(b.problems), b.id) for b in found.broken)
    return tuple(good), tuple(bad)


def age(path: Path, seconds: int = 60) -> None:
    """Make a deck file look older than its cache entry (no racy-mtime re-hashing)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def test_same_result_as_discover_cold_and_warm(decks: Path) -> None:
    cold, warm = DeckCache(), DeckCache()
    assert summary(load_decks_cached([decks], cold)) == summary(discover([decks]))
    assert summary(load_decks_cached([decks], warm)) == summary(discover([decks]))
    assert (cold.parses, cold.hits) == (3, 0)
    assert (warm.parses, warm.hits) == (1, 2)  # the broken deck is never cached


def test_unchanged_files_are_not_parsed(decks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (decks / "broken.yaml").unlink()
    for f in decks.glob("*.yaml"):
        age(f)
    load_decks_cached([decks])

    def no_parse(text: str, name: str = "") -> None:
        raise AssertionError("a deck was parsed again")

    monkeypatch.setattr(deckcache, "load_deck_text", no_parse)
    monkeypatch.setattr(deckcache, "decode", no_parse)
    found = load_decks_cached([decks], cache := DeckCache())
    assert cache.hits == 2 and sorted(found.decks) == ["capitals", "treaty"]


def test_an_edit_is_seen_even_with_same_size_and_mtime(decks: Path) -> None:
    deck = decks / "capitals.yaml"
    load_decks_cached([decks])
    st = deck.stat()
    deck.write_text(deck.read_text().replace("Yerevan", "Jerevan"))  # same size
    os.utime(deck, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime: racy window check
    found = load_decks_cached([decks], cache := DeckCache())
    assert found.decks["capitals"].card("armenia").back == "Jerevan"  # type: ignore[union-attr]
    assert cache.parses == 2


def test_edit_invalidates(decks: Path) -> None:
    deck = decks / "treaty.yaml"
    age(deck)
    load_decks_cached([decks])
    deck.write_text(deck.read_text().replace("The 1992 treaty", "The treaty of 1992"))
    found = load_decks_cached([decks], cache := DeckCache())
    assert found.decks["treaty"].title == "The treaty of 1992"
    assert (cache.parses, cache.hits) == (2, 1)


def test_touch_without_change_is_a_hit(decks: Path) -> None:
    deck = decks / "treaty.yaml"
    age(deck)
    load_decks_cached([decks])
    age(deck, 30)  # a new mtime, same bytes
    cache = DeckCache()
    load_decks_cached([decks], cache)
    assert (cache.parses, cache.hits) == (1, 2)


def test_a_deck_that_breaks_is_reported_broken(decks: Path) -> None:
    load_decks_cached([decks])
    (decks / "treaty.yaml").write_text("id: treaty\ntitle: [unclosed\n")
    found = load_decks_cached([decks])
    assert "treaty" not in found.decks
    assert summary(found) == summary(discover([decks]))


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"\x00\xff not json",
        b'{"format": "other"}',
        b"[1, 2, 3]",
        "truncated",
        "wrong types",
    ],
)
def test_corrupt_cache_is_rebuilt_silently(decks: Path, garbage: bytes | str) -> None:
    for f in decks.glob("*.yaml"):
        age(f)
    load_decks_cached([decks])
    entries = sorted((Path(os.environ["QUIZAPP_DATA_DIR"]) / "cache" / "decks").glob("*.json"))
    assert len(entries) == 2
    for entry in entries:
        if garbage == "truncated":
            entry.write_bytes(entry.read_bytes()[:50])
        elif garbage == "wrong types":
            data = json.loads(entry.read_text())
            data["deck"]["cards"][0]["front"] = 42
            entry.write_text(json.dumps(data))
        else:
            assert isinstance(garbage, bytes)
            entry.write_bytes(garbage)
    cache = DeckCache()
    assert summary(load_decks_cached([decks], cache)) == summary(discover([decks]))
    assert cache.parses == 3
    warm = DeckCache()
    load_decks_cached([decks], warm)
    assert warm.hits == 2  # rewritten


def test_unwritable_cache_still_loads(decks: Path) -> None:
    cache_root = Path(os.environ["QUIZAPP_DATA_DIR"]) / "cache"
    cache_root.parent.mkdir(parents=True, exist_ok=True)
    cache_root.write_text("a file where the cache folder should be")
    assert summary(load_decks_cached([decks])) == summary(discover([decks]))


def test_deleted_deck_disappears(decks: Path) -> None:
    load_decks_cached([decks])
    (decks / "capitals.yaml").unlink()
    assert sorted(load_decks_cached([decks]).decks) == ["treaty"]


texts = st.text(max_size=20)
text_tuples = st.lists(texts, max_size=4).map(tuple)
cards = st.builds(
    Card,
    id=st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True),
    type=st.sampled_from(CARD_TYPES),
    front=texts,
    back=texts,
    reverse=st.booleans(),
    text=texts,
    question=texts,
    statement=texts,
    answer=texts,
    accept=text_tuples,
    kind=texts,
    distractors=text_tuples,
    choices=text_tuples,
    answers=text_tuples,
    truth=st.booleans(),
    items=text_tuples,
    pairs=st.lists(st.tuples(texts, texts), max_size=4).map(tuple),
    tags=text_tuples,
    explain=texts,
    source=texts,
    hint=texts,
    line=st.integers(0, 10_000),
)


@given(cards)
def test_card_round_trips_through_json(card: Card) -> None:
    assert card_from_dict(json.loads(json.dumps(card_to_dict(card)))) == card
