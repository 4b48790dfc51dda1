"""The parsed-deck cache gives what discovery gives, re-parsing only what changed."""

from __future__ import annotations

import json
import marshal
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.decks import cache as deckcache
from quizapp.core.decks.cache import (
    DeckCache,
    cached_listing,
    decode_cards,
    encode_cards,
    load_decks_cached,
)
from quizapp.core.decks.discovery import DeckSet, discover
from quizapp.core.decks.model import CARD_TYPES, Card
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
    assert (warm.parses, warm.hits) == (0, 3)  # the broken deck's problems are cached too


def test_unchanged_files_are_not_parsed(decks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for f in decks.glob("*.yaml"):
        age(f)
    load_decks_cached([decks])

    def no_parse(text: str, name: str = "") -> None:
        raise AssertionError("a deck was parsed again")

    monkeypatch.setattr(deckcache, "load_deck_text", no_parse)
    monkeypatch.setattr(deckcache, "decode", no_parse)
    found = load_decks_cached([decks], cache := DeckCache())
    assert cache.hits == 3 and sorted(found.decks) == ["capitals", "treaty"]
    assert summary(found) == summary(discover([decks]))


def test_an_edit_is_seen_even_with_same_size_and_mtime(decks: Path) -> None:
    deck = decks / "capitals.yaml"
    load_decks_cached([decks])
    st = deck.stat()
    deck.write_text(deck.read_text().replace("Yerevan", "Jerevan"))  # same size
    os.utime(deck, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime: racy window check
    found = load_decks_cached([decks], cache := DeckCache())
    assert found.decks["capitals"].card("armenia").back == "Jerevan"  # type: ignore[union-attr]
    assert cache.parses == 1


def test_edit_invalidates(decks: Path) -> None:
    deck = decks / "treaty.yaml"
    age(deck)
    load_decks_cached([decks])
    deck.write_text(deck.read_text().replace("The 1992 treaty", "The treaty of 1992"))
    found = load_decks_cached([decks], cache := DeckCache())
    assert found.decks["treaty"].title == "The treaty of 1992"
    assert (cache.parses, cache.hits) == (1, 2)


def test_touch_without_change_is_a_hit(decks: Path) -> None:
    deck = decks / "treaty.yaml"
    age(deck)
    load_decks_cached([decks])
    age(deck, 30)  # a new mtime, same bytes
    cache = DeckCache()
    load_decks_cached([decks], cache)
    assert (cache.parses, cache.hits) == (0, 3)


def test_a_deck_that_breaks_is_reported_broken(decks: Path) -> None:
    load_decks_cached([decks])
    (decks / "treaty.yaml").write_text("id: treaty\ntitle: [unclosed\n")
    found = load_decks_cached([decks])
    assert "treaty" not in found.decks
    assert summary(found) == summary(discover([decks]))


def damage(entry: Path, how: str) -> None:
    head, body = entry, entry.with_suffix(".cards")
    if how == "head garbage":
        head.write_bytes(b"\x00\xff not json")
    elif how == "head empty":
        head.write_bytes(b"")
    elif how == "head other format":
        head.write_text('{"format": "other"}')
    elif how == "head not a mapping":
        head.write_text("[1, 2, 3]")
    elif how == "head truncated":
        head.write_bytes(head.read_bytes()[:50])
    elif how == "head wrong types":
        data = json.loads(head.read_text())
        if data["deck"] is not None:
            data["deck"]["title"] = 42
        else:
            data["problems"] = [{"path": 1}]
        head.write_text(json.dumps(data))
    elif how == "body garbage":
        body.write_bytes(b"\x00\x01\x02")
    elif how == "body truncated":
        body.write_bytes(body.read_bytes()[:-10])
    elif how == "body missing":
        body.unlink()
    elif how == "body other cards":
        body.write_bytes(marshal.dumps(((1, 2),)))


@pytest.mark.parametrize(
    "how",
    [
        "head garbage",
        "head empty",
        "head other format",
        "head not a mapping",
        "head truncated",
        "head wrong types",
        "body garbage",
        "body truncated",
        "body missing",
        "body other cards",
    ],
)
def test_corrupt_cache_is_rebuilt_silently(decks: Path, how: str) -> None:
    for f in decks.glob("*.yaml"):
        age(f)
    load_decks_cached([decks])
    entries = sorted((Path(os.environ["QUIZAPP_DATA_DIR"]) / "cache" / "decks").glob("*.json"))
    assert len(entries) == 3 and len(list(entries[0].parent.glob("*.cards"))) == 2
    for entry in entries:
        if how.startswith("head") or entry.with_suffix(".cards").exists():
            damage(entry, how)
    cache = DeckCache()
    assert summary(load_decks_cached([decks], cache)) == summary(discover([decks]))
    assert cache.parses == (3 if how.startswith("head") else 2)
    warm = DeckCache()
    load_decks_cached([decks], warm)
    assert warm.hits == 3  # rewritten


def test_listing_from_heads_alone(decks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for f in decks.glob("*.yaml"):
        age(f)
    assert cached_listing([decks]) is None  # nothing cached yet
    full = load_decks_cached([decks])
    monkeypatch.setattr(deckcache, "decode_cards", lambda body: pytest.fail("cards decoded"))
    listing = cached_listing([decks])
    assert listing is not None
    assert sorted(listing.decks.decks) == sorted(full.decks)
    assert all(d.cards == [] for d in listing.decks.decks.values())
    assert [d.title for d in listing.decks.sorted()] == [d.title for d in full.sorted()]
    assert listing.item_totals == {"capitals": 3, "treaty": 4}
    assert [b.problems for b in listing.decks.broken] == [b.problems for b in full.broken]


def test_listing_gives_up_on_a_changed_file(decks: Path) -> None:
    load_decks_cached([decks])
    for f in decks.glob("*.yaml"):
        age(f)
    assert cached_listing([decks]) is None  # identity changed: only a full load may hash
    load_decks_cached([decks])
    assert cached_listing([decks]) is not None
    (decks / "new.yaml").write_text((decks / "treaty.yaml").read_text().replace("treaty", "t2"))
    assert cached_listing([decks]) is None


def test_listing_sees_duplicate_ids(decks: Path) -> None:
    (decks / "copy.yaml").write_text((decks / "treaty.yaml").read_text())
    for f in decks.glob("*.yaml"):
        age(f)
    full = load_decks_cached([decks])
    listing = cached_listing([decks])
    assert listing is not None and "treaty" not in listing.decks.decks
    assert sorted(str(b.path) for b in listing.decks.broken) == sorted(
        str(b.path) for b in full.broken
    )


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
card_strategy = st.builds(
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


@given(st.lists(card_strategy, max_size=5))
def test_cards_round_trip_through_the_body(cards: list[Card]) -> None:
    assert decode_cards(encode_cards(cards)) == cards


def test_progress_is_told_after_each_file(decks: Path) -> None:
    seen: list[tuple[int, int]] = []
    found = load_decks_cached([decks], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert summary(found) == summary(discover([decks]))
