"""The parsed-deck cache gives what discovery gives, re-parsing only what changed, and a
damaged, tampered or foreign cache file is rebuilt (or ignored), never believed or fatal."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import typing
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core import paths
from quizapp.core.decks import cache as deckcache
from quizapp.core.decks.cache import (
    CARD_NAMES,
    BadEntry,
    DeckCache,
    add_item_ids,
    cache_file,
    cached_listing,
    decode_cards,
    decode_items,
    encode_cards,
    encode_items,
    load_decks_cached,
    same_items,
)
from quizapp.core.decks.discovery import DeckSet, discover
from quizapp.core.decks.model import CARD_TYPES, Card, ItemIds
from tests.tui_helpers import isolate_decks, write_decks

POSIX = os.name == "posix"


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


def counted(folder: Path) -> tuple[int, int]:
    """(parses, hits) of one load."""
    cache = DeckCache()
    assert summary(load_decks_cached([folder], cache)) == summary(discover([folder]))
    return cache.parses, cache.hits


@contextmanager
def database() -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(cache_file(), isolation_level=None)) as conn:
        yield conn


def test_same_result_as_discover_cold_and_warm(decks: Path) -> None:
    assert counted(decks) == (3, 0)
    assert counted(decks) == (0, 3)  # the broken deck's problems are cached too


def test_one_file_in_the_cache_folder(decks: Path) -> None:
    load_decks_cached([decks])
    assert [p.name for p in cache_file().parent.iterdir()] == ["decks.sqlite3"]
    with database() as conn:
        assert conn.execute("SELECT count(*) FROM deck").fetchone() == (3,)


def test_the_old_two_file_cache_is_removed(decks: Path) -> None:
    old = cache_file().parent / "decks"
    old.mkdir(parents=True)
    for name in ("0123abcd.json", "0123abcd.cards", "0123abcd.json.77.tmp"):
        (old / name).write_text("old")
    load_decks_cached([decks])
    assert not old.exists()


def test_unchanged_files_are_not_parsed(decks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_decks_cached([decks])
    expected = summary(discover([decks]))

    def no_parse(text: str, name: str = "") -> None:
        raise AssertionError("a deck was parsed again")

    monkeypatch.setattr("quizapp.core.decks.loader.load_deck_text", no_parse)
    monkeypatch.setattr("quizapp.core.yamlsafe.decode", no_parse)
    found = load_decks_cached([decks], cache := DeckCache())
    assert cache.hits == 3 and sorted(found.decks) == ["capitals", "treaty"]
    assert summary(found) == expected


def test_decks_parsed_under_older_loader_rules_are_parsed_again(
    decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row written by a loader with other rules (say, before deck text was made safe at
    load) is never served: the loader's rules revision is part of the cache format."""
    monkeypatch.setattr(deckcache, "FORMAT", deckcache.FORMAT.replace("rules-", "rules-old-"))
    load_decks_cached([decks])
    monkeypatch.undo()
    isolate_decks(monkeypatch, decks.parent)  # undo() also dropped the fixture's isolation
    assert counted(decks) == (3, 0)  # parsed again, not a hit
    assert "/rules-" in deckcache.FORMAT


def test_an_edit_is_seen_even_with_same_size_and_mtime(decks: Path) -> None:
    deck = decks / "capitals.yaml"
    load_decks_cached([decks])
    st = deck.stat()
    deck.write_text(deck.read_text().replace("Yerevan", "Jerevan"))  # same size
    os.utime(deck, ns=(st.st_atime_ns, st.st_mtime_ns))  # same identity
    assert deck.stat().st_size == st.st_size and deck.stat().st_ino == st.st_ino
    found = load_decks_cached([decks], cache := DeckCache())
    assert found.decks["capitals"].card("armenia").back == "Jerevan"  # type: ignore[union-attr]
    assert cache.parses == 1


def test_edit_invalidates(decks: Path) -> None:
    deck = decks / "treaty.yaml"
    load_decks_cached([decks])
    deck.write_text(deck.read_text().replace("The 1992 treaty", "The treaty of 1992"))
    found = load_decks_cached([decks], cache := DeckCache())
    assert found.decks["treaty"].title == "The treaty of 1992"
    assert (cache.parses, cache.hits) == (1, 2)


def age(path: Path, seconds: int = 60) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def test_touch_or_copy_back_is_a_hit_and_refreshes_the_identity(decks: Path) -> None:
    deck = decks / "treaty.yaml"
    load_decks_cached([decks])
    age(deck, 30)  # a new mtime, same bytes
    copy = decks / "copy.tmp"
    shutil.copy(decks / "capitals.yaml", copy)
    os.replace(copy, decks / "capitals.yaml")  # a new inode, same bytes
    assert cached_listing([decks]) is None  # two identities changed: only a load may hash
    assert counted(decks) == (0, 3)
    assert cached_listing([decks]) is not None  # the rows know the new identities


def test_a_deck_that_breaks_is_reported_broken(decks: Path) -> None:
    load_decks_cached([decks])
    (decks / "treaty.yaml").write_text("id: treaty\ntitle: [unclosed\n")
    found = load_decks_cached([decks])
    assert "treaty" not in found.decks
    assert summary(found) == summary(discover([decks]))
    assert counted(decks) == (0, 3)


def test_deleted_deck_disappears(decks: Path) -> None:
    load_decks_cached([decks])
    (decks / "capitals.yaml").unlink()
    assert sorted(load_decks_cached([decks]).decks) == ["treaty"]


def test_progress_is_told_after_each_file(decks: Path) -> None:
    seen: list[tuple[int, int]] = []
    found = load_decks_cached([decks], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert summary(found) == summary(discover([decks]))


# --- damage: every kind is rebuilt silently, with the right result ---------------------------


def set_rows(sql: str, *args: object) -> Callable[[], None]:
    def run() -> None:
        with database() as conn:
            conn.execute(sql, args)

    return run


def write_file(data: Callable[[bytes], bytes]) -> Callable[[], None]:
    def run() -> None:
        f = cache_file()
        f.write_bytes(data(f.read_bytes()))

    return run


def sealed(data: bytes) -> bytes:
    """A body: the CRC-32 of the marshal'd columns, then them."""
    return zlib.crc32(data).to_bytes(4, "big") + data


def body_of(columns: Callable[[int, list[Any]], tuple[Any, ...]]) -> Callable[[], None]:
    """Rewrite every good deck's body: columns(n, real columns) -> new (n, columns)."""

    def run() -> None:
        with database() as conn:
            for path, body in conn.execute(
                "SELECT path, body FROM deck WHERE body IS NOT NULL"
            ).fetchall():
                n, cols = marshal.loads(body[4:])
                new = sealed(marshal.dumps(columns(n, list(cols))))
                conn.execute("UPDATE deck SET body = ? WHERE path = ?", (new, path))

    return run


def with_head(change: Callable[[dict[str, Any]], object]) -> Callable[[], None]:
    def run() -> None:
        with database() as conn:
            for path, head in conn.execute("SELECT path, head FROM deck").fetchall():
                data = json.loads(head)
                change(data)
                conn.execute("UPDATE deck SET head = ? WHERE path = ?", (json.dumps(data), path))

    return run


def wrong_head_types(head: dict[str, Any]) -> None:
    if "problems" in head:
        head["problems"][0]["line"] = "one"
    else:
        head["title"] = 42


def column(i: int, value: Any) -> Callable[[int, list[Any]], tuple[Any, ...]]:
    def change(n: int, cols: list[Any]) -> tuple[Any, ...]:
        cols[i] = value(n, cols[i])
        return (n, tuple(cols))

    return change


ID, TYPE, FRONT = CARD_NAMES.index("id"), CARD_NAMES.index("type"), CARD_NAMES.index("front")

DAMAGE: dict[str, Callable[[], None]] = {
    "garbage file": write_file(lambda _: b"\x00\xff not a database" * 100),
    "empty file": write_file(lambda _: b""),
    "truncated file": write_file(lambda data: data[: len(data) // 2]),
    "header only": write_file(lambda data: data[:100]),
    "another format": set_rows("UPDATE deck SET format = 'quizapp-deckcache-0'"),
    "another schema": set_rows("PRAGMA user_version = 99"),
    "a trigger added": set_rows("CREATE TRIGGER t AFTER INSERT ON deck BEGIN SELECT 1; END"),
    "a table dropped": set_rows("DROP TABLE home"),
    "head not text": set_rows("UPDATE deck SET head = x'00ff'"),
    "head not json": set_rows("UPDATE deck SET head = 'not json {'"),
    "head not a mapping": set_rows("UPDATE deck SET head = '[1, 2, 3]'"),
    "head wrong types": with_head(wrong_head_types),
    "head missing a key": with_head(lambda h: h.pop("problems", None) or h.pop("title")),
    "head with no problems": with_head(lambda h: h.update(problems=[]) if "problems" in h else 0),
    "body garbage": set_rows("UPDATE deck SET body = x'000102' WHERE body IS NOT NULL"),
    "body truncated": set_rows(
        "UPDATE deck SET body = substr(body, 1, length(body) - 10) WHERE body IS NOT NULL"
    ),
    "body text": set_rows("UPDATE deck SET body = 'cards' WHERE body IS NOT NULL"),
    "body missing": set_rows("UPDATE deck SET body = NULL"),
    "body on a broken deck": set_rows("UPDATE deck SET body = x'00' WHERE body IS NULL"),
    "body another shape": body_of(lambda n, cols: ((1, 2),)),  # type: ignore[arg-type,return-value]
    "body a byte flipped": set_rows(
        "UPDATE deck SET body = substr(body, 1, 40) || x'ff' || substr(body, 42)"
        " WHERE body IS NOT NULL"
    ),
    "body rows not columns": body_of(
        lambda n, cols: (n, tuple(zip(*(c or (0,) * n for c in cols), strict=True)))
    ),
    "body a column short": body_of(column(ID, lambda n, c: c[:-1])),
    "body a column missing": body_of(lambda n, cols: (n, tuple(cols[:-1]))),
    "body a wrong type": body_of(column(FRONT, lambda n, c: (42,) * n)),
    "body an unknown card type": body_of(column(TYPE, lambda n, c: ("essay",) * n)),
    "body id left default": body_of(column(ID, lambda n, c: None)),
    "hash wrong type": set_rows("UPDATE deck SET sha256 = hex(sha256)"),
}


@pytest.mark.parametrize("how", list(DAMAGE))
def test_damaged_cache_is_rebuilt_silently(decks: Path, how: str) -> None:
    load_decks_cached([decks])
    DAMAGE[how]()
    parses, hits = counted(decks)
    assert parses > 0 and parses + hits == 3
    listing = cached_listing([decks])  # the load rewrote what it could not use
    assert listing is not None and sorted(listing.decks.decks) == ["capitals", "treaty"]
    assert counted(decks) == (0, 3)


def test_wrong_typed_identity_only_costs_the_listing(decks: Path) -> None:
    load_decks_cached([decks])
    set_rows("UPDATE deck SET size = 'big', inode = 1.5")()
    assert cached_listing([decks]) is None
    assert counted(decks) == (0, 3)  # rows are found by content; the identity is refreshed
    assert cached_listing([decks]) is not None


def test_a_cache_file_copied_from_elsewhere_is_not_believed(decks: Path) -> None:
    load_decks_cached([decks])
    f = cache_file()
    shutil.copy(f, f.with_suffix(".copy"))
    os.replace(f.with_suffix(".copy"), f)  # the same bytes, another file
    assert cached_listing([decks]) is None
    assert counted(decks) == (3, 0)
    assert counted(decks) == (0, 3)


def titles(found: DeckSet) -> list[tuple[str, str]]:
    return [(d.id, d.title) for d in found.sorted()]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    garbage=st.one_of(
        st.binary(max_size=5000),
        st.binary(max_size=5000).map(lambda b: b"SQLite format 3\x00" + b),
    )
)
def test_any_bytes_as_the_cache_file_are_rebuilt(decks: Path, garbage: bytes) -> None:
    cache_file().parent.mkdir(parents=True, exist_ok=True)
    cache_file().write_bytes(garbage)
    assert cached_listing([decks]) is None
    assert counted(decks) == (3, 0)
    assert counted(decks) == (0, 3)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.floats(0, 1))
def test_a_cache_file_cut_anywhere_never_gives_a_wrong_deck(decks: Path, cut: float) -> None:
    load_decks_cached([decks])
    data = cache_file().read_bytes()
    cache_file().write_bytes(data[: int(len(data) * cut)])
    listing = cached_listing([decks])
    if listing is not None:  # what survived the cut must be right
        assert titles(listing.decks) == titles(discover([decks]))
    assert summary(load_decks_cached([decks])) == summary(discover([decks]))


@given(st.binary(max_size=300))
def test_any_bytes_as_a_body_are_a_bad_entry(body: bytes) -> None:
    with pytest.raises(BadEntry):
        decode_cards(body)


REAL_BODY = encode_cards(
    [Card("a", "basic", front="Q", back="A", tags=("t",)), Card("b", "cloze", text="{{c1::x}}")]
)


@given(st.integers(0, len(REAL_BODY) - 1), st.integers(1, 255))
def test_a_changed_byte_anywhere_in_a_body_is_a_bad_entry(at: int, xor: int) -> None:
    body = bytearray(REAL_BODY)
    body[at] ^= xor
    with pytest.raises(BadEntry):
        decode_cards(bytes(body))


marshalable = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.sampled_from(CARD_TYPES),
    lambda inner: st.lists(inner, max_size=4).map(tuple) | st.lists(inner, max_size=4),
    max_leaves=30,
)


@given(st.integers(0, 3), st.lists(marshalable, min_size=20, max_size=24).map(tuple))
def test_any_structure_behind_a_good_crc_is_checked(n: int, columns: tuple[Any, ...]) -> None:
    """Whatever a damaged or hand-made body decodes to, it is cards of the right types or a
    bad entry, never an exception nor a Card holding a value of another type."""
    try:
        cards = decode_cards(sealed(marshal.dumps((n, columns))))
    except BadEntry:
        return
    hints = typing.get_type_hints(Card)
    for card in cards:
        for name in CARD_NAMES:
            value = getattr(card, name)
            hint = hints[name]
            if hint in (str, bool, int):
                assert type(value) is hint
            elif typing.get_origin(hint) is typing.Literal:
                assert value in CARD_TYPES
            else:
                assert type(value) is tuple


# --- the body follows Card's fields, and every field is type-checked -------------------------

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


@pytest.mark.parametrize("name", CARD_NAMES)
def test_a_wrong_type_in_any_field_is_a_bad_entry(name: str) -> None:
    cards = [Card("a", "basic", front="Q", back="A"), Card("b", "cloze", text="{{c1::x}}")]
    n, columns = marshal.loads(encode_cards(cards)[4:])
    at = CARD_NAMES.index(name)
    for wrong in [(1.5,) * n, [columns[at] or ()] * n]:  # a float (no field is one); a list
        bad = list(columns)
        bad[at] = wrong
        with pytest.raises(BadEntry):
            decode_cards(sealed(marshal.dumps((n, tuple(bad)))))


# (a hint, good columns, bad columns): the field types there are, and the kinds to come
CHECKED: list[tuple[Any, list[tuple[Any, ...]], list[tuple[Any, ...]]]] = [
    (str, [("a", ""), ()], [("a", 1), ("a", b"b"), ("a", None)]),
    (bool, [(True, False)], [(True, 1), (0,)]),
    (int, [(0, -3, 10**30)], [(1, True), (1, 1.0), ("1",)]),
    (typing.Literal["basic", "cloze"], [("basic", "cloze")], [("basic", "essay"), (1,)]),
    (tuple[str, ...], [(("a", "b"), ()), ()], [(("a", 1),), ("ab",), (["a"],)]),
    (
        tuple[tuple[str, str], ...],
        [((("a", "b"),), ())],
        [((("a",),),), ((("a", "b", "c"),),), ((("a", 1),),), (("ab",),)],
    ),
    (  # cloze deletion -> its other accepted answers
        tuple[tuple[int, tuple[str, ...]], ...],
        [(((1, ("x", "y")), (2, ())),), ()],
        [(((1, "x"),),), ((("1", ("x",)),),), (((1, ("x", 2)),),), (((1,),),)],
    ),
]


@pytest.mark.parametrize(("hint", "good", "bad"), CHECKED)
def test_column_checks_follow_the_field_type(
    hint: Any, good: list[tuple[Any, ...]], bad: list[tuple[Any, ...]]
) -> None:
    check = deckcache.column_check(hint)
    for column in good:
        check(column)
    for column in bad:
        with pytest.raises((BadEntry, TypeError)):
            check(column)


def test_a_field_type_the_cache_cannot_check_is_said_at_once() -> None:
    with pytest.raises(TypeError, match="cannot check"):
        deckcache.column_check(dict[str, str])


# --- the listing -----------------------------------------------------------------------------


def test_listing_from_one_query_reading_no_deck(
    decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cached_listing([decks]) is None  # nothing cached yet
    assert not cache_file().exists()  # ...and asking made no file
    full = load_decks_cached([decks])
    statements: list[str] = []
    real_open = deckcache.open_cache

    def traced(create: bool = True) -> sqlite3.Connection | None:
        conn = real_open(create)
        assert conn is not None
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(deckcache, "open_cache", traced)
    monkeypatch.setattr(deckcache, "decode_cards", lambda body: pytest.fail("cards decoded"))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} read"))
    listing = cached_listing([decks])
    assert listing is not None
    reads = [s for s in statements if "FROM deck" in s]
    assert len(reads) == 1 and reads[0].startswith("SELECT path, size, mtime_ns, inode, head")
    assert sorted(listing.decks.decks) == sorted(full.decks)
    assert all(d.cards == [] for d in listing.decks.decks.values())
    assert [d.title for d in listing.decks.sorted()] == [d.title for d in full.sorted()]
    assert listing.item_totals == {"capitals": 3, "treaty": 4}
    assert [b.problems for b in listing.decks.broken] == [b.problems for b in full.broken]


def test_listing_gives_up_on_a_changed_or_new_file(decks: Path) -> None:
    load_decks_cached([decks])
    assert cached_listing([decks]) is not None
    age(decks / "treaty.yaml")
    assert cached_listing([decks]) is None  # identity changed: only a full load may hash
    load_decks_cached([decks])
    assert cached_listing([decks]) is not None
    (decks / "new.yaml").write_text((decks / "treaty.yaml").read_text().replace("treaty", "t2"))
    assert cached_listing([decks]) is None


def test_listing_sees_duplicate_ids(decks: Path) -> None:
    (decks / "copy.yaml").write_text((decks / "treaty.yaml").read_text())
    full = load_decks_cached([decks])
    listing = cached_listing([decks])
    assert listing is not None and "treaty" not in listing.decks.decks
    assert sorted(str(b.path) for b in listing.decks.broken) == sorted(
        str(b.path) for b in full.broken
    )


def test_the_listing_gets_the_item_ids_without_decoding_a_card(
    decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What counting needs (item ids in file order, each fact's card): the same from the
    listing as from the parsed decks, and the cards are never decoded for it."""
    parsed = discover([decks])
    load_decks_cached([decks])
    listing = cached_listing([decks])
    assert listing is not None
    monkeypatch.setattr(deckcache, "decode_cards", lambda body: pytest.fail("cards decoded"))
    assert add_item_ids(listing)
    for deck_id, deck in parsed.decks.items():
        listed = listing.decks.decks[deck_id]
        assert listed.cards == [] and listed.item_ids() == deck.item_ids()
        assert listed.known_ids == ItemIds.of(deck.cards, deck.item_ids())


def test_counts_from_the_listing_are_redone_when_a_file_changed_meanwhile(decks: Path) -> None:
    load_decks_cached([decks])
    listing = cached_listing([decks])
    assert listing is not None and add_item_ids(listing)
    assert same_items(listing.decks, load_decks_cached([decks]))
    treaty = decks / "treaty.yaml"
    treaty.write_text(treaty.read_text().replace("  - id: ", "  - id: x", 1))
    assert not same_items(listing.decks, load_decks_cached([decks]))


def test_a_warm_load_keeps_the_item_ids_of_its_cards(decks: Path) -> None:
    load_decks_cached([decks])
    warm = load_decks_cached([decks])
    for deck in warm.decks.values():
        computed = [i.id for i in deck.items()]
        assert deck.known_ids is not None and list(deck.known_ids.ids) == computed
        assert deck.item_ids() == computed


def test_damaged_item_ids_are_not_believed(decks: Path) -> None:
    load_decks_cached([decks])
    with database() as db:
        db.execute("UPDATE deck SET items = x'00010203' WHERE path LIKE '%treaty.yaml'")
    listing = cached_listing([decks])
    assert listing is not None and not add_item_ids(listing)
    assert all(d.known_ids is None for d in listing.decks.decks.values())  # none half-given
    cache = DeckCache()
    assert summary(load_decks_cached([decks], cache)) == summary(discover([decks]))
    assert cache.parses == 1  # the damaged row was parsed again


@given(st.binary(max_size=300))
def test_any_bytes_as_item_ids_are_a_bad_entry(body: bytes) -> None:
    """Damaged bytes never reach marshal (which is not safe on them): the CRC refuses them."""
    with pytest.raises(BadEntry):
        decode_items(body)


REAL_ITEMS = encode_items(ItemIds(2, ("a", "b/c1"), (("a", "fact:x"),)))


@given(st.integers(4, len(REAL_ITEMS) - 1), st.integers(1, 255))
def test_a_changed_byte_in_item_ids_is_a_bad_entry(at: int, xor: int) -> None:
    damaged = bytearray(REAL_ITEMS)
    damaged[at] ^= xor
    with pytest.raises(BadEntry):
        decode_items(bytes(damaged))


MARSHALLABLE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.tuples(inner, inner) | st.lists(inner, max_size=3),
    max_leaves=8,
)


@given(MARSHALLABLE)
def test_any_structure_behind_a_good_crc_is_checked_as_item_ids(value: Any) -> None:
    data = marshal.dumps(value)
    with pytest.raises(BadEntry):
        decode_items(zlib.crc32(data).to_bytes(4, "big") + data)


@given(st.lists(st.text(max_size=8), max_size=20), st.integers(0, 50))
def test_item_ids_round_trip(ids: list[str], n: int) -> None:
    known = ItemIds(n, tuple(ids), tuple((i, f"fact:{i}") for i in ids[:3]))
    assert decode_items(encode_items(known)) == known


# --- where the file lives: private, and optional ---------------------------------------------


def test_unusable_cache_folder_still_loads(decks: Path) -> None:
    folder = cache_file().parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the cache folder should be")
    assert counted(decks) == (3, 0)
    assert counted(decks) == (3, 0)
    assert cached_listing([decks]) is None


def test_cache_file_a_folder_still_loads(decks: Path) -> None:
    cache_file().mkdir(parents=True)
    assert counted(decks) == (3, 0)
    assert cached_listing([decks]) is None


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_created_user_only(decks: Path) -> None:
    folder = cache_file().parent
    folder.mkdir(parents=True)
    folder.chmod(0o755)  # made by an older quizapp, or by hand
    load_decks_cached([decks])
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_file().stat().st_mode) == 0o600
    cache_file().chmod(0o644)
    load_decks_cached([decks])
    assert stat.S_IMODE(cache_file().stat().st_mode) == 0o600


@pytest.mark.skipif(not POSIX, reason="POSIX owners")
def test_another_accounts_cache_is_not_used(decks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_decks_cached([decks])
    before = cache_file().read_bytes()
    owner = cache_file().stat().st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 1)  # as if another account owned it
    assert cached_listing([decks]) is None
    assert counted(decks) == (3, 0)
    assert cache_file().read_bytes() == before  # not written either


@pytest.mark.skipif(not POSIX, reason="a symlink")
def test_a_link_as_the_cache_file_is_not_followed(decks: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.sqlite3"
    target.write_bytes(b"")
    cache_file().parent.mkdir(parents=True)
    cache_file().symlink_to(target)
    assert counted(decks) == (3, 0)
    assert target.read_bytes() == b""


CONCURRENT = """
import json, sys
from pathlib import Path
from quizapp.core import paths
from quizapp.core.decks.cache import DeckCache, load_decks_cached

paths.bundled_decks_dir = lambda: Path(sys.argv[2])
cache = DeckCache()
found = load_decks_cached([Path(sys.argv[1])], cache)
print(json.dumps([sorted(found.decks), len(found.broken), cache.parses + cache.hits]))
"""


def test_two_processes_loading_at_once_both_work(decks: Path, tmp_path: Path) -> None:
    for i in range(80):  # enough files for the two loads to overlap
        text = (decks / "treaty.yaml").read_text().replace("id: treaty", f"id: treaty-{i}")
        (decks / f"treaty-{i}.yaml").write_text(text)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    args = [sys.executable, "-c", CONCURRENT, str(decks), str(tmp_path / "no-bundled-decks")]
    runs = [subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    expected = [sorted(discover([decks]).decks), 1, 83]
    assert [json.loads(out) for out in outs] == [expected, expected]
    assert counted(decks) == (0, 83)


def test_listing_and_counting_import_neither_the_loader_nor_yaml(decks: Path) -> None:
    """A warm start lists and counts from the cache alone: the loader and YAML (~30 ms of
    imports beside the first frames) come only when a file must be read."""
    load_decks_cached([decks])
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from quizapp.core import paths\n"
        "from quizapp.core.decks.cache import add_item_ids, cached_listing\n"
        f"paths.bundled_decks_dir = lambda: Path({str(paths.bundled_decks_dir())!r})\n"
        f"listing = cached_listing([Path({str(decks)!r})])\n"
        "assert listing is not None and add_item_ids(listing)\n"
        "print(sorted(m for m in ('yaml', 'quizapp.core.decks.loader') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
