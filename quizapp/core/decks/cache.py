"""A cache of parsed decks, so that opening the app does not re-parse unchanged YAML.

One SQLite file, ``cache_dir()/decks.sqlite3``, holds a row per deck file: its path, its
identity when last seen (size, mtime_ns, inode), the SHA-256 of its bytes, the *head* (the deck
without its cards: id, title, description, source, tags, number of items; or, for a file that
did not load, the loader's problems) and the *body* (the cards: a tuple of values per Card field,
so new Card fields are followed automatically; marshal'd, behind a CRC-32).

Loading a deck (`DeckCache.load`) reads and hashes the file, every time: a row is used only
when its hash is that of the bytes on disk, so the cache can only give back what was parsed from
exactly those bytes (an edit within the file system clock's resolution, a `touch`, a copy back:
all decided by the content). The listing (`cached_listing`) is the one thing that trusts the
identity alone: it gives the heads of every deck in one query, without reading any deck file,
and is replaced by the full load a moment later.

What comes out of the file is checked, never trusted: the head's and the body's values must
have the types of `Deck` and `Card` (and `type` one of CARD_TYPES), the body must match its
CRC-32 before it is decoded, and a row of another format (another quizapp version, other Card
fields) is a miss. A garbage, truncated or wrong-typed file, row or column is rebuilt silently:
the app never crashes on it and never shows a value of the wrong type. The file is created
user-only (0600 in a 0700 folder on POSIX) and not used at all when another account owns it or
it is a link; its rows are dropped when the file is not the one that wrote them (copied, synced
or restored from elsewhere).

What it does NOT protect against: this user's own account (or root) editing the database by
hand, keeping every type right and the CRC recomputed: that is believed (the TUI would teach it
while `quizapp validate`, which always reads the deck file, says otherwise), as an edit of
quizapp's own code would be; such a hand-made body can also make marshal allocate a lot of
memory before it fails. Deleting the cache folder is always safe.

Failing to open, read or write the cache (a read-only folder, a locked file, another process
writing) is silent: it only costs speed. Two processes may load at once (WAL, a busy timeout,
and a write that cannot get the lock is skipped).
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import os
import sqlite3
import stat
import typing
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import MISSING, dataclass, field, fields
from itertools import chain, repeat
from pathlib import Path
from typing import Any

from quizapp import __version__
from quizapp.core import paths
from quizapp.core.decks.discovery import DeckSet, deck_dirs, deck_files, load_decks
from quizapp.core.decks.model import CARD_TYPES, RULES_REVISION, Card, Deck, ItemIds
from quizapp.core.problems import DeckLoadError, Problem

# The loader and YAML (quizapp.core.decks.loader, quizapp.core.yamlsafe) are imported where a
# file is read: listing and counting from the cache need neither (~30 ms of imports that would
# contend with the first frames).

FILE_NAME = "decks.sqlite3"
SCHEMA = 2  # PRAGMA user_version of the file; another value: the table is made again
BUSY_TIMEOUT_S = 2.0  # another quizapp writing; past this the write is skipped
DECK_TEXTS = ("id", "title", "description", "source")

SCHEMA_SQL = (
    """CREATE TABLE deck (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        inode INTEGER NOT NULL,
        sha256 BLOB NOT NULL,
        format TEXT NOT NULL,
        head TEXT NOT NULL,
        body BLOB,
        items BLOB
    )""",
    # the file that wrote the rows (a copy of it elsewhere starts empty)
    "CREATE TABLE home (dev INTEGER NOT NULL, inode INTEGER NOT NULL)",
)
SCHEMA_OBJECTS = [("index", "sqlite_autoindex_deck_1"), ("table", "deck"), ("table", "home")]
# Errors that say nothing about the file (busy, read-only, disk full...): the cache is skipped
# this time. Any other error means a damaged or foreign file: it is removed and made again.
NOT_DAMAGE = {
    sqlite3.SQLITE_PERM,
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_NOMEM,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_INTERRUPT,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PROTOCOL,
    sqlite3.SQLITE_AUTH,
}


class BadEntry(Exception):
    """A row (or part of one) that cannot be used."""


class NotCached(Exception):
    """The file has no row matching its identity (for `cached_listing`, which never parses)."""


# --- the body: Card columns, type-checked on the way in ----------------------------------

CARD_NAMES = tuple(f.name for f in fields(Card))
CARD_DEFAULTS = tuple(f.default for f in fields(Card))  # MISSING for id and type


Check = Callable[[Sequence[Any]], None]


def _type_of(kind: type) -> Check:
    def check(column: Sequence[Any]) -> None:
        if not set(map(type, column)) <= {kind}:
            raise BadEntry(f"not all {kind.__name__}")

    return check


_tuples = _type_of(tuple)


def _str(column: Sequence[Any]) -> None:
    "".join(column)  # TypeError unless every value is a str (the fastest check there is)


def _one_of(values: tuple[Any, ...]) -> Check:
    allowed = set(values)
    kinds = {type(v) for v in values}

    def check(column: Sequence[Any]) -> None:
        found = set(column)
        if not (found <= allowed and {type(v) for v in found} <= kinds):
            raise BadEntry("not one of the allowed values")

    return check


def _tuples_of(inner: Check) -> Check:
    """tuple[X, ...]: every value a tuple, and all their items (together) X's."""

    def check(column: Sequence[Any]) -> None:
        _tuples(column)
        inner(list(chain.from_iterable(column)))

    return check


def _fixed_tuples(inners: list[Check]) -> Check:
    """tuple[X, Y...]: every value a tuple of that length, each position checked as a column."""

    def check(column: Sequence[Any]) -> None:
        _tuples(column)
        if column and set(map(len, column)) != {len(inners)}:
            raise BadEntry("tuples of another length")
        for inner, values in zip(inners, zip(*column, strict=True), strict=False):
            inner(values)

    return check


def column_check(hint: Any) -> Check:
    """The check of a column of values of type `hint` (a field's type): raises BadEntry (or
    TypeError) unless every value is of that type. A column at a time, in C where it can be:
    checking 100,000 cards this way costs a few ms."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        return _str
    if hint in (bool, int, float):
        return _type_of(hint)
    if origin is typing.Literal:
        return _one_of(args)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _tuples_of(column_check(args[0]))
    if origin is tuple and Ellipsis not in args:
        return _fixed_tuples([column_check(a) for a in args])
    raise TypeError(f"the deck cache cannot check values of type {hint}; add it here")


CARD_HINTS = typing.get_type_hints(Card)
CARD_CHECKS = tuple(column_check(CARD_HINTS[name]) for name in CARD_NAMES)
PROBLEM_HINTS = typing.get_type_hints(Problem)
PROBLEM_CHECKS = tuple((f.name, column_check(PROBLEM_HINTS[f.name])) for f in fields(Problem))
assert set(typing.get_args(CARD_HINTS["type"])) == set(CARD_TYPES)
# Another package version, other loader rules or other Card fields make every old row a miss.
FORMAT = f"quizapp-deckcache-3/{__version__}/rules-{RULES_REVISION}/" + ",".join(
    f"{f.name}:{f.type}" for f in fields(Card)
)


def encode_cards(cards: list[Card]) -> bytes:
    """The CRC-32 of the rest (4 bytes), then marshal'd (number of cards, one tuple of values
    per Card field), where a field that every card leaves at its default is None (most are:
    a card uses a few of them). The CRC is checked before the rest is decoded: marshal is not
    safe on damaged bytes (one wrong length byte and it allocates gigabytes)."""
    columns: list[tuple[Any, ...] | None] = []
    for name, default in zip(CARD_NAMES, CARD_DEFAULTS, strict=True):
        column = tuple(getattr(c, name) for c in cards)
        is_default = default is not MISSING and all(v == default for v in column)
        columns.append(None if is_default else column)
    data = marshal.dumps((len(cards), tuple(columns)))
    return zlib.crc32(data).to_bytes(4, "big") + data


def decode_cards(body: bytes) -> list[Card]:
    """The cards of `encode_cards(cards)`; BadEntry when `body` is anything else."""
    data = memoryview(body)[4:]
    if len(body) < 4 or zlib.crc32(data) != int.from_bytes(body[:4], "big"):
        raise BadEntry("damaged cards")
    try:
        with collector_paused():
            n, columns = marshal.loads(data)
            if type(n) is not int or type(columns) is not tuple:
                raise BadEntry("not cards")
            values: list[Iterable[Any]] = []
            for check, default, column in zip(CARD_CHECKS, CARD_DEFAULTS, columns, strict=True):
                if column is None and default is not MISSING:
                    values.append(repeat(default, n))
                elif type(column) is tuple and len(column) == n:
                    check(column)
                    values.append(column)
                else:
                    raise BadEntry("not a column of cards")
            return build_cards(n, values)
    except BadEntry:
        raise
    except Exception as exc:  # any failure to decode bytes from outside is a miss
        raise BadEntry(f"bad cards: {exc!r}") from None


def encode_items(known: ItemIds) -> bytes:
    """The CRC-32 of the rest, then marshal'd (number of cards, item ids, facts)."""
    data = marshal.dumps((known.n_cards, known.ids, known.facts))
    return zlib.crc32(data).to_bytes(4, "big") + data


def decode_items(body: Any) -> ItemIds:
    """The ItemIds of `encode_items`; BadEntry when `body` is anything else."""
    if type(body) is not bytes or len(body) < 4:
        raise BadEntry("no item ids")
    data = memoryview(body)[4:]
    if zlib.crc32(data) != int.from_bytes(body[:4], "big"):
        raise BadEntry("damaged item ids")
    try:
        n, ids, facts = marshal.loads(data)
    except Exception as exc:  # any failure to decode bytes from outside is a miss
        raise BadEntry(f"bad item ids: {exc!r}") from None
    if not (
        type(n) is int
        and type(ids) is tuple
        and all(type(i) is str for i in ids)
        and type(facts) is tuple
        and all(
            type(f) is tuple and len(f) == 2 and type(f[0]) is str and type(f[1]) is str
            for f in facts
        )
    ):
        raise BadEntry("not item ids")
    return ItemIds(n, ids, facts)


# Card's __init__ only sets its fields (frozen: through object.__setattr__, one call each);
# setting its slots a column at a time does the same in C:
# 304 ms -> 150 ms building 100,000 cards (bench_cache.py, build; CPU time)
SLOT_SETTERS = tuple(Card.__dict__[name].__set__ for name in CARD_NAMES)
assert not hasattr(Card, "__post_init__"), "Card checks in __post_init__: build_cards skips it"


def build_cards(n: int, columns: Sequence[Iterable[Any]]) -> list[Card]:
    """n Cards from one iterable of values per field (in CARD_NAMES order), as Card(...) would
    build them."""
    cards = list(map(object.__new__, repeat(Card, n)))
    for set_field, column in zip(SLOT_SETTERS, columns, strict=True):
        deque(map(set_field, cards, column), maxlen=0)
    return cards


@contextmanager
def collector_paused() -> Iterator[None]:
    """Cards are many small objects and no cycles: while a deck's are built, the garbage
    collector would only slow it. Paused per deck (a pause over a whole library would leave one
    costly collection of every card for later); cycles made meanwhile are collected after."""
    was_enabled = gc.isenabled()
    gc.disable()  # 356 ms -> 283 ms loading 100,000 cards (bench_cache.py, gc-pause; CPU time)
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- the head: the deck without its cards, or its problems --------------------------------


def encode_head(deck: Deck | None, error: DeckLoadError | None = None) -> str:
    if deck is not None:
        head: dict[str, Any] = {k: getattr(deck, k) for k in DECK_TEXTS}
        head |= {"tags": list(deck.tags), "items": len(deck.item_ids())}
    else:
        assert error is not None
        head = {"problems": [p.to_dict() for p in error.problems], "deck_id": error.deck_id}
    return json.dumps(head, ensure_ascii=False)


def decode_head(text: Any, path: Path) -> tuple[Deck, int] | DeckLoadError:
    """The deck (without cards) and its number of items, or the error of a broken deck."""
    try:
        head = json.loads(text)
        if "problems" in head:
            problems = [Problem(**p) for p in head["problems"]]
            if not problems:
                raise BadEntry("a broken deck without problems")
            for name, check in PROBLEM_CHECKS:
                check([getattr(p, name) for p in problems])
            if type(head["deck_id"]) is not str:
                raise BadEntry("bad deck id")
            return DeckLoadError(problems, head["deck_id"])
        texts = {k: head[k] for k in DECK_TEXTS}
        tags, items = head["tags"], head["items"]
        if not (
            all(type(v) is str for v in texts.values())
            and type(tags) is list
            and all(type(t) is str for t in tags)
            and type(items) is int
        ):
            raise BadEntry("bad deck")
        return Deck(**texts, cards=[], tags=tuple(tags), path=path), items
    except BadEntry:
        raise
    except Exception as exc:  # not JSON, not a mapping, a missing key...
        raise BadEntry(f"bad head: {exc!r}") from None


# --- the file ------------------------------------------------------------------------------


def cache_file() -> Path:
    return paths.cache_dir() / FILE_NAME


def _private(path: Path, create: bool) -> bool:
    """Make sure `path` and its folder are this user's alone (creating them if asked); False
    when they are not (another account's, not a regular file) or do not exist."""
    folder = path.parent
    if create:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    if create:
        flags |= os.O_CREAT
    try:
        fd = os.open(path, flags, 0o600)
    except FileNotFoundError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return False
        if hasattr(os, "getuid"):
            dir_st = folder.stat()
            if st.st_uid != os.getuid() or dir_st.st_uid != os.getuid():
                return False  # another account's: not ours to believe
            if stat.S_IMODE(dir_st.st_mode) & 0o077:
                folder.chmod(0o700)
            if stat.S_IMODE(st.st_mode) & 0o077:
                os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return True


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("PRAGMA synchronous=NORMAL")  # a cache: a lost write only costs speed
        home = os.stat(path)
        if not _is_home(conn, home):
            _reset(conn, home)
    except BaseException:
        conn.close()
        raise
    return conn


def _is_home(conn: sqlite3.Connection, home: os.stat_result) -> bool:
    """The file holds this schema's tables (and nothing else: no trigger, no view), written
    through this very file."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
        return False
    objects = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    if sorted(objects) != SCHEMA_OBJECTS:
        return False
    return conn.execute("SELECT dev, inode FROM home").fetchall() == [(home.st_dev, home.st_ino)]


def _reset(conn: sqlite3.Connection, home: os.stat_result) -> None:
    """Make the tables again, empty, for this file (unless another process just did)."""
    # WAL is kept by the file; set here only: asking on every open costs 2-9 ms
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not _is_home(conn, home):
            objects = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
            for kind, name in objects:
                if kind in ("table", "view", "trigger"):  # indexes go with their tables
                    quoted = name.replace('"', '""')
                    conn.execute(f'DROP {kind} IF EXISTS "{quoted}"')
            for statement in SCHEMA_SQL:
                conn.execute(statement)
            conn.execute("INSERT INTO home VALUES (?, ?)", (home.st_dev, home.st_ino))
            conn.execute(f"PRAGMA user_version = {SCHEMA}")
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    _remove_old_format(cache_file().parent)


def _remove_old_format(folder: Path) -> None:
    """Before this file, the cache was two files per deck in `decks/`: not needed any more."""
    old = folder / "decks"
    try:
        for f in old.iterdir():
            if f.suffix in (".json", ".cards", ".tmp"):
                f.unlink()
        old.rmdir()
    except OSError:
        pass


def _is_damage(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF not in NOT_DAMAGE


def _remove(path: Path) -> None:
    """Remove a damaged cache file (and its WAL files); another process still using it keeps
    its own handle, and the next open makes a new file."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            p.unlink(missing_ok=True)
        except OSError:
            pass


def open_cache(create: bool = True) -> sqlite3.Connection | None:
    """The cache database, or None when it cannot (or, with `create=False`, does not yet)
    exist: a folder that cannot be written, a file of another account. A damaged file is
    removed and made again."""
    path = cache_file()
    for _attempt in range(2):
        try:
            if not _private(path, create):
                return None
            return _connect(path)
        except sqlite3.Error as exc:
            if not _is_damage(exc):
                return None
            _remove(path)
        except OSError:
            return None
    return None


# --- loading -------------------------------------------------------------------------------


def identity(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def key(path: Path) -> str:
    name = os.fspath(path)
    return name if os.path.isabs(name) else os.path.abspath(name)


@dataclass
class DeckCache:
    """Loads deck files through the cache. Counts rows used (`hits`) and files parsed
    (`parses`), for tests and benchmarks. The database is opened on the first load; `close()`
    (which `load_decks_cached` calls) closes it, and a later load opens it again."""

    hits: int = 0
    parses: int = 0
    _db: sqlite3.Connection | None = field(default=None, init=False, repr=False)
    _opened: bool = field(default=False, init=False, repr=False)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
        self._db, self._opened = None, False

    def _conn(self) -> sqlite3.Connection | None:
        if not self._opened:
            self._db, self._opened = open_cache(), True
        return self._db

    def _query(self, sql: str, args: tuple[Any, ...]) -> list[Any] | None:
        """Run one statement; None (and, for a damaged file, a new file) when it fails."""
        db = self._conn()
        if db is None:
            return None
        try:
            return db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            if _is_damage(exc):
                self.close()
                _remove(cache_file())
                self._opened = False  # made again on the next call
            return None

    def load(self, path: Path) -> Deck:
        """Like `loader.load_deck_file` (same deck, same DeckLoadError), from the cache when it
        has a row for exactly these bytes."""
        from quizapp.core.decks.loader import load_deck_file
        from quizapp.core.yamlsafe import MAX_FILE_BYTES

        try:
            st = path.stat()
            if st.st_size > MAX_FILE_BYTES:
                return load_deck_file(path)  # raises DeckLoadError saying the limit
            data = path.read_bytes()
        except OSError:
            return load_deck_file(path)  # raises DeckLoadError naming the problem
        digest = hashlib.sha256(data).digest()
        rows = self._query(
            "SELECT size, mtime_ns, inode, head, body, items FROM deck"
            " WHERE path = ? AND format = ? AND sha256 = ?",
            (key(path), FORMAT, digest),
        )
        if rows:
            size, mtime_ns, inode, head, body, items = rows[0]
            try:
                deck = self._decode(path, head, body, items)
            except BadEntry:
                pass
            else:
                self.hits += 1
                if (size, mtime_ns, inode) != identity(st):  # same bytes, touched or copied
                    self._query(
                        "UPDATE deck SET size = ?, mtime_ns = ?, inode = ? WHERE path = ?",
                        (*identity(st), key(path)),
                    )
                if isinstance(deck, DeckLoadError):
                    raise deck
                return deck
        self.parses += 1
        return self._parse(path, st, data, digest)

    @staticmethod
    def _decode(path: Path, head: Any, body: Any, items: Any) -> Deck | DeckLoadError:
        if type(head) is not str:
            raise BadEntry("head not text")
        decoded = decode_head(head, path)
        if isinstance(decoded, DeckLoadError):
            if body is not None:
                raise BadEntry("a broken deck with cards")
            return decoded
        deck, _items = decoded
        if type(body) is not bytes:
            raise BadEntry("body not bytes")
        deck.cards = decode_cards(body)
        known = decode_items(items)
        if known.n_cards != len(deck.cards):
            raise BadEntry("item ids of other cards")
        deck.known_ids = known
        return deck

    def _parse(self, path: Path, st: os.stat_result, data: bytes, digest: bytes) -> Deck:
        """Parse the bytes that were hashed, and keep what they gave."""
        from quizapp.core.decks.loader import load_deck_file, load_deck_text
        from quizapp.core.yamlsafe import YamlError, decode

        try:
            text = decode(data)
        except YamlError:
            return load_deck_file(path)  # raises DeckLoadError naming the problem
        try:
            deck = load_deck_text(text, str(path))
        except DeckLoadError as exc:
            self._write(path, st, digest, encode_head(None, exc), None, None)
            raise
        deck.path = path
        known = ItemIds.of(deck.cards, deck.item_ids())
        deck.known_ids = known
        items = encode_items(known)
        self._write(path, st, digest, encode_head(deck), encode_cards(deck.cards), items)
        return deck

    def _write(
        self,
        path: Path,
        st: os.stat_result,
        digest: bytes,
        head: str,
        body: bytes | None,
        items: bytes | None,
    ) -> None:
        self._query(
            "INSERT OR REPLACE INTO deck"
            " (path, size, mtime_ns, inode, sha256, format, head, body, items)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key(path), *identity(st), digest, FORMAT, head, body, items),
        )


def load_decks_cached(
    extra_dirs: Sequence[Path] = (),
    cache: DeckCache | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> DeckSet:
    """The same result as `discovery.discover(extra_dirs)`, reusing parsed decks when unchanged.

    `progress(done, total)` is called after each file (a first start parses every file)."""
    loader = cache or DeckCache()
    files = deck_files(deck_dirs(extra_dirs))
    done = 0

    def load(path: Path) -> Deck:
        nonlocal done
        try:
            return loader.load(path)
        finally:
            done += 1
            if progress is not None:
                progress(done, len(files))

    try:
        return load_decks(files, loader=load)
    finally:
        loader.close()


# --- the listing ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Listing:
    decks: DeckSet  # every deck WITHOUT its cards, and the broken ones
    item_totals: dict[str, int]  # by deck id


def add_item_ids(listing: Listing) -> bool:
    """Give each deck of `listing` (decks without cards) the item ids of its cards, from the
    cache (`Deck.known_ids`), so that its work can be counted before the cards are decoded.
    False (and no deck changed) when one of them has no such row."""
    db = open_cache(create=False)
    if db is None:
        return False
    try:
        with closing(db):
            rows = db.execute("SELECT path, items FROM deck WHERE format = ?", (FORMAT,)).fetchall()
    except sqlite3.Error:
        return False
    by_path = dict(rows)
    found: list[tuple[Deck, ItemIds]] = []
    for deck in listing.decks.decks.values():
        items = by_path.get(key(deck.path)) if deck.path is not None else None
        try:
            known = decode_items(items)
        except BadEntry:
            return False
        if len(known.ids) != listing.item_totals.get(deck.id):
            return False
        found.append((deck, known))
    for deck, known in found:
        deck.known_ids = known
    return True


def same_items(listed: DeckSet, loaded: DeckSet) -> bool:
    """Whether the loaded decks are the listed ones, item for item (a file that changed in
    between makes what was counted from the listing stale)."""
    if listed.decks.keys() != loaded.decks.keys():
        return False
    return all(d.item_ids() == listed.decks[i].item_ids() for i, d in loaded.decks.items())


def cached_listing(extra_dirs: Sequence[Path] = ()) -> Listing | None:
    """The decks `load_decks_cached` would give, without their cards, from one query over the
    cache: None as soon as one file has no row of its current identity (nothing is read,
    hashed or parsed)."""
    files = deck_files(deck_dirs(extra_dirs))
    db = open_cache(create=False)
    if db is None:
        return None
    try:
        with closing(db):
            rows = db.execute(
                "SELECT path, size, mtime_ns, inode, head FROM deck WHERE format = ?", (FORMAT,)
            ).fetchall()
    except sqlite3.Error:
        return None
    by_path = {row[0]: row[1:] for row in rows}
    totals: dict[str, int] = {}

    def peek(path: Path) -> Deck:
        row = by_path.get(key(path))
        try:
            if row is None or tuple(row[:3]) != identity(path.stat()):
                raise NotCached(str(path))
            if type(row[3]) is not str:
                raise NotCached(str(path))
            decoded = decode_head(row[3], path)
        except (OSError, BadEntry):
            raise NotCached(str(path)) from None
        if isinstance(decoded, DeckLoadError):
            raise decoded
        deck, items = decoded
        totals[deck.id] = items
        return deck

    try:
        decks = load_decks(files, loader=peek)
    except NotCached:
        return None
    return Listing(decks, totals)
