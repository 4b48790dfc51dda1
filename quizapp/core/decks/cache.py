"""A cache of parsed decks, so that opening the app does not re-parse unchanged YAML.

Each deck file has an entry in ``cache_dir()/decks/``, named by a hash of its absolute path,
in two parts:

- ``KEY.json``, the head: the file's identity when it was parsed (size, mtime_ns, inode), the
  SHA-256 of its bytes, and either the deck without its cards (title, description, number of
  items...) or, for a file that did not load, the loader's problems;
- ``KEY.cards``, the body: the cards as tuples of plain values (``marshal``), and the head
  holds the body's SHA-256, checked before the body is decoded.

Identity unchanged: the entry is used without reading the YAML. Identity changed but the same
bytes (a `touch`, a copy back): used, identity refreshed. Anything else, or an entry that is
missing, unreadable, corrupt or of another format (the package version and the Card fields are
part of it): the YAML is parsed again and the entry rewritten. A deck file modified within
`RACY_NS` of its head being written is always hashed, as its mtime may not have moved on a
coarse filesystem clock. Failing to write the cache is silent; it only costs speed.

The head alone is enough to list the decks (`cached_listing`), which is how the home screen
shows a large library before its cards are decoded.
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from quizapp import __version__
from quizapp.core import paths
from quizapp.core.decks.discovery import DeckSet, deck_dirs, deck_files, load_decks
from quizapp.core.decks.loader import DeckLoadError, Problem, load_deck_file, load_deck_text
from quizapp.core.decks.model import Card, Deck
from quizapp.core.yamlsafe import MAX_FILE_BYTES, YamlError, decode

CARD_NAMES = tuple(f.name for f in fields(Card))
# Another package version or other Card fields make every old entry a miss.
FORMAT = f"quizapp-deckcache-2/{__version__}/" + ",".join(CARD_NAMES)
RACY_NS = 2_000_000_000
DECK_TEXTS = ("id", "title", "description", "source")


class BadEntry(Exception):
    """A cache entry that cannot be used."""


class NotCached(Exception):
    """The file has no usable entry (for `cached_listing`, which never parses)."""


@dataclass(frozen=True, slots=True)
class Identity:
    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, st: os.stat_result) -> Identity:
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)

    def to_dict(self) -> dict[str, int]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "inode": self.inode}


@dataclass(frozen=True, slots=True)
class Head:
    """An entry's head, as read back (`written_ns` is the head file's own mtime)."""

    identity: Identity
    sha256: str  # of the deck file's bytes
    written_ns: int
    deck: dict[str, Any] | None = None  # the deck without cards, with "items"; None if broken
    problems: tuple[Problem, ...] = ()
    deck_id: str = ""  # of a broken deck, when known
    body_sha256: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "identity": self.identity.to_dict(),
            "sha256": self.sha256,
            "deck": self.deck,
            "problems": [p.to_dict() for p in self.problems],
            "deck_id": self.deck_id,
            "body_sha256": self.body_sha256,
        }

    @classmethod
    def from_dict(cls, data: Any, written_ns: int) -> Head:
        """Raises BadEntry unless `data` is a head of this format with values of the right types."""
        try:
            if data["format"] != FORMAT:
                raise BadEntry("another format")
            deck = data["deck"]
            if deck is not None and not (
                all(isinstance(deck[k], str) for k in DECK_TEXTS)
                and all(isinstance(t, str) for t in deck["tags"])
                and isinstance(deck["items"], int)
            ):
                raise BadEntry("bad deck")
            problems = tuple(Problem(**p) for p in data["problems"])
            head = cls(
                Identity(**data["identity"]),
                str(data["sha256"]),
                written_ns,
                deck,
                problems,
                str(data["deck_id"]),
                str(data["body_sha256"]),
            )
        except (KeyError, TypeError) as exc:
            raise BadEntry(f"bad head: {exc}") from None
        if (deck is None) == (not problems):
            raise BadEntry("a head has either a deck or problems")
        return head


def entry_path(deck_file: Path) -> Path:
    """The head's path; the body is beside it with the suffix `.cards`."""
    name = hashlib.sha256(str(deck_file.resolve()).encode("utf-8")).hexdigest()[:32]
    return paths.cache_dir() / "decks" / f"{name}.json"


def card_row(card: Card) -> tuple[Any, ...]:
    return tuple(getattr(card, name) for name in CARD_NAMES)


def encode_cards(cards: list[Card]) -> bytes:
    return marshal.dumps(tuple(card_row(c) for c in cards))


def decode_cards(body: bytes) -> list[Card]:
    """Raises BadEntry when `body` is not cards (it is hash-checked before this is called)."""
    try:
        with collector_paused():
            return [Card(*row) for row in marshal.loads(body)]
    except (ValueError, EOFError, TypeError) as exc:
        raise BadEntry(f"bad cards: {exc}") from None


def deck_head(deck: Deck) -> dict[str, Any]:
    return {
        "id": deck.id,
        "title": deck.title,
        "description": deck.description,
        "source": deck.source,
        "tags": list(deck.tags),
        "items": len(deck.items()),
    }


def deck_from_head(head: dict[str, Any], path: Path, cards: list[Card]) -> Deck:
    texts = {k: head[k] for k in DECK_TEXTS}
    return Deck(**texts, tags=tuple(head["tags"]), cards=cards, path=path)


def read_head(where: Path) -> Head | None:
    try:
        with where.open("rb") as f:
            written_ns = os.fstat(f.fileno()).st_mtime_ns
            return Head.from_dict(json.loads(f.read()), written_ns)
    except (OSError, ValueError, BadEntry):
        return None


def write_bytes(where: Path, data: bytes) -> bool:
    """Atomically replace `where`; False (and nothing left behind) when it cannot be written."""
    tmp = where.with_name(f"{where.name}.{os.getpid()}.tmp")
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, where)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return False
    return True


def write_head(where: Path, head: Head) -> None:
    write_bytes(where, json.dumps(head.to_dict(), ensure_ascii=False).encode("utf-8"))


@dataclass
class DeckCache:
    """Loads deck files through the cache. Counts hits and parses (for tests and benchmarks);
    `item_totals` gets each deck's number of items from `peek`."""

    hits: int = 0
    parses: int = 0
    item_totals: dict[str, int] = field(default_factory=dict)

    def load(self, path: Path) -> Deck:
        """Like `loader.load_deck_file` (same deck, same DeckLoadError), from the cache if valid."""
        try:
            st = path.stat()
        except OSError:
            return load_deck_file(path)  # raises DeckLoadError naming the problem
        where = entry_path(path)
        head = read_head(where)
        if head is not None and self._still_valid(path, st, where, head):
            if head.deck is None:
                self.hits += 1
                raise DeckLoadError(list(head.problems), head.deck_id)
            try:
                body = where.with_suffix(".cards").read_bytes()
                if hashlib.sha256(body).hexdigest() == head.body_sha256:
                    deck = deck_from_head(head.deck, path, decode_cards(body))
                    self.hits += 1
                    return deck
            except (OSError, BadEntry):
                pass
        self.parses += 1
        return self._parse(path, st, where)

    def peek(self, path: Path) -> Deck:
        """The deck WITHOUT its cards, from an entry whose identity still matches; raises
        NotCached otherwise (nothing is hashed or parsed), DeckLoadError for a broken deck."""
        try:
            st = path.stat()
        except OSError:
            raise NotCached(str(path)) from None
        head = read_head(entry_path(path))
        if head is None or head.identity != Identity.of(st) or racy(st, head):
            raise NotCached(str(path))
        if head.deck is None:
            raise DeckLoadError(list(head.problems), head.deck_id)
        self.item_totals[head.deck["id"]] = head.deck["items"]
        return deck_from_head(head.deck, path, [])

    def _still_valid(self, path: Path, st: os.stat_result, where: Path, head: Head) -> bool:
        identity = Identity.of(st)
        if head.identity == identity and not racy(st, head):
            return True
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return False
        if digest != head.sha256:
            return False
        if head.identity != identity:
            write_head(where, replace(head, identity=identity))
        return True

    def _parse(self, path: Path, st: os.stat_result, where: Path) -> Deck:
        """Parse the file; cache what was built from exactly the bytes that were hashed."""
        if st.st_size > MAX_FILE_BYTES:
            return load_deck_file(path)
        try:
            data = path.read_bytes()
            text = decode(data)
        except (OSError, YamlError):
            return load_deck_file(path)
        identity, digest = Identity.of(st), hashlib.sha256(data).hexdigest()
        try:
            deck = load_deck_text(text, str(path))
        except DeckLoadError as exc:
            write_head(where, Head(identity, digest, 0, None, tuple(exc.problems), exc.deck_id))
            raise
        deck.path = path
        body = encode_cards(deck.cards)
        if write_bytes(where.with_suffix(".cards"), body):
            body_sha = hashlib.sha256(body).hexdigest()
            write_head(where, Head(identity, digest, 0, deck_head(deck), body_sha256=body_sha))
        return deck


def racy(st: os.stat_result, head: Head) -> bool:
    """The file changed so close to the head being written that its mtime cannot be trusted."""
    return st.st_mtime_ns >= head.written_ns - RACY_NS


def load_decks_cached(
    extra_dirs: Sequence[Path] = (),
    cache: DeckCache | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> DeckSet:
    """The same result as `discovery.discover(extra_dirs)`, reusing parsed decks when unchanged.

    `progress(done, total)` is called after each file (a first start parses every file)."""
    loader = cache or DeckCache()
    files = deck_files(deck_dirs(extra_dirs))
    if progress is None:
        return load_decks(files, loader=loader.load)
    done = 0

    def load(path: Path) -> Deck:
        nonlocal done
        try:
            return loader.load(path)
        finally:
            done += 1
            progress(done, len(files))

    return load_decks(files, loader=load)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Cards are many small objects and no cycles: while a deck's are built, the garbage
    collector would only slow it (by a third). Cycles made meanwhile (none are expected) are
    collected once it is back on. Paused per deck: a pause over a whole library would leave
    one costly collection of every card for later."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class Listing:
    decks: DeckSet  # every deck WITHOUT its cards, and the broken ones
    item_totals: dict[str, int]  # by deck id


def cached_listing(extra_dirs: Sequence[Path] = ()) -> Listing | None:
    """The decks `load_decks_cached` would give, without their cards, from the cache heads
    alone: None as soon as one file is new or changed (nothing is parsed or hashed)."""
    cache = DeckCache()
    try:
        decks = load_decks(deck_files(deck_dirs(extra_dirs)), loader=cache.peek)
    except NotCached:
        return None
    return Listing(decks, cache.item_totals)
