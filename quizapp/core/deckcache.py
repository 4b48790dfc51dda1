"""A cache of parsed decks, so that opening the app does not re-parse unchanged YAML.

One JSON file per deck file in ``cache_dir()/decks/``, named by a hash of the deck file's
absolute path. An entry holds the file's identity when it was parsed (size, mtime_ns, inode),
the SHA-256 of its bytes and the parsed deck as plain values:

- identity unchanged -> the entry is used without reading the YAML;
- identity changed but same bytes (a `touch`, a copy back) -> used, identity refreshed;
- anything else, or an entry that is unreadable, corrupt, of another format or does not
  describe a well-formed deck -> the YAML is parsed again and the entry rewritten.

A deck file modified within `RACY_NS` of its entry being written is always hashed (its
mtime may not have moved on a coarse filesystem clock). Files that fail to load are never
cached: they are re-validated on every start so their messages stay current. Failing to write
the cache is silent; it only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any

from quizapp import __version__
from quizapp.core import paths
from quizapp.core.discovery import DeckSet, deck_dirs, deck_files, load_decks
from quizapp.core.loader import load_deck_file, load_deck_text
from quizapp.core.model import CARD_TYPES, Card, Deck
from quizapp.core.yamlsafe import MAX_FILE_BYTES, YamlError, decode

CARD_FIELDS = tuple(fields(Card))
# Any change to the package version or to the Card fields makes old entries misses.
FORMAT = f"quizapp-deckcache-1/{__version__}/" + ",".join(f.name for f in CARD_FIELDS)
RACY_NS = 2_000_000_000


class BadEntry(Exception):
    """A cache entry that cannot be used."""


@dataclass(frozen=True, slots=True)
class Identity:
    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, st: os.stat_result) -> Identity:
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)


def entry_path(deck_file: Path) -> Path:
    name = hashlib.sha256(str(deck_file.resolve()).encode("utf-8")).hexdigest()[:32]
    return paths.cache_dir() / "decks" / f"{name}.json"


def card_to_dict(card: Card) -> dict[str, Any]:
    """The card's fields that differ from their defaults, as JSON values."""
    out: dict[str, Any] = {}
    for f in CARD_FIELDS:
        value = getattr(card, f.name)
        if f.default is MISSING or value != f.default:
            out[f.name] = [list(p) for p in value] if f.name == "pairs" else value
    return out


def card_from_dict(data: Any) -> Card:
    """Rebuild a card, checking every value's type (raises BadEntry)."""
    if not isinstance(data, dict):
        raise BadEntry("card is not a mapping")
    values: dict[str, Any] = {}
    for f in CARD_FIELDS:
        if f.name not in data:
            if f.default is MISSING:
                raise BadEntry(f"card lacks {f.name}")
            continue
        values[f.name] = _checked(f.name, f.default, data[f.name])
    if len(values) != len(data):
        raise BadEntry("card has unknown fields")
    if values["type"] not in CARD_TYPES:
        raise BadEntry("unknown card type")
    return Card(**values)


def _checked(name: str, default: Any, value: Any) -> Any:
    if name == "pairs":
        if isinstance(value, list) and all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p)
            for p in value
        ):
            return tuple((a, b) for a, b in value)
    elif isinstance(default, tuple):
        if isinstance(value, list) and all(isinstance(s, str) for s in value):
            return tuple(value)
    elif isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(value, str):  # str fields, and id/type which have no default
        return value
    raise BadEntry(f"bad value for {name}")


def deck_to_dict(deck: Deck) -> dict[str, Any]:
    return {
        "id": deck.id,
        "title": deck.title,
        "description": deck.description,
        "source": deck.source,
        "tags": list(deck.tags),
        "cards": [card_to_dict(c) for c in deck.cards],
    }


def deck_from_dict(data: Any, path: Path) -> Deck:
    try:
        deck = Deck(
            id=data["id"],
            title=data["title"],
            description=data["description"],
            source=data["source"],
            tags=tuple(data["tags"]),
            cards=[card_from_dict(c) for c in data["cards"]],
            path=path,
        )
    except (KeyError, TypeError) as exc:
        raise BadEntry(f"bad deck: {exc}") from None
    texts = (deck.id, deck.title, deck.description, deck.source, *deck.tags)
    if not all(isinstance(t, str) for t in texts):
        raise BadEntry("bad deck fields")
    return deck


class DeckCache:
    """Loads deck files through the cache; counts hits and parses for tests and benchmarks."""

    def __init__(self) -> None:
        self.hits = 0
        self.parses = 0

    def load(self, path: Path) -> Deck:
        """Like `loader.load_deck_file` (same result, same errors), from the cache if valid."""
        try:
            st = path.stat()
        except OSError:
            return load_deck_file(path)  # raises DeckLoadError naming the problem
        where = entry_path(path)
        entry = read_entry(where)
        if entry is not None:
            deck = self._reuse(path, st, where, entry)
            if deck is not None:
                self.hits += 1
                return deck
        self.parses += 1
        return self._parse(path, st, where)

    def _parse(self, path: Path, st: os.stat_result, where: Path) -> Deck:
        """Parse the file and cache the deck built from exactly the bytes that were hashed."""
        if st.st_size > MAX_FILE_BYTES:
            return load_deck_file(path)
        try:
            data = path.read_bytes()
            text = decode(data)
        except (OSError, YamlError):
            return load_deck_file(path)
        deck = load_deck_text(text, str(path))  # raises DeckLoadError: never cached
        deck.path = path
        write_entry(where, Identity.of(st), hashlib.sha256(data).hexdigest(), deck)
        return deck

    def _reuse(
        self, path: Path, st: os.stat_result, where: Path, entry: dict[str, Any]
    ) -> Deck | None:
        try:
            same_identity = Identity(**entry["identity"]) == Identity.of(st)
            racy = st.st_mtime_ns >= entry["written_ns"] - RACY_NS
            if not same_identity or racy:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                if digest != entry["sha256"]:
                    return None
            deck = deck_from_dict(entry["deck"], path)
        except (BadEntry, KeyError, TypeError):
            return None
        if not same_identity:
            write_entry(where, Identity.of(st), entry["sha256"], deck)
        return deck


def read_entry(where: Path) -> dict[str, Any] | None:
    """The entry's JSON with `written_ns` added, or None if missing, unreadable or not ours."""
    try:
        with where.open("rb") as f:
            written_ns = os.fstat(f.fileno()).st_mtime_ns
            data = json.loads(f.read())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    data["written_ns"] = written_ns
    return data


def write_entry(where: Path, identity: Identity, digest: str, deck: Deck) -> None:
    entry = {
        "format": FORMAT,
        "path": str(deck.path),
        "identity": {"size": identity.size, "mtime_ns": identity.mtime_ns, "inode": identity.inode},
        "sha256": digest,
        "deck": deck_to_dict(deck),
    }
    tmp = where.with_name(f"{where.name}.{os.getpid()}.tmp")
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
        os.replace(tmp, where)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def load_decks_cached(extra_dirs: Sequence[Path] = (), cache: DeckCache | None = None) -> DeckSet:
    """The same result as `discovery.discover(extra_dirs)`, reusing parsed decks when unchanged."""
    loader = cache or DeckCache()
    return load_decks(deck_files(deck_dirs(extra_dirs)), loader=loader.load)
