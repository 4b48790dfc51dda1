"""Finding decks: bundled, the user's decks folder, --decks folders and QUIZAPP_DECKS."""

from __future__ import annotations

import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.core import paths
from quizapp.core.decks.model import BrokenDeck, Deck
from quizapp.core.problems import DeckLoadError

DECK_SUFFIXES = (".yaml", ".yml")


@dataclass(slots=True)
class DeckSource:
    path: Path
    bundled: bool = False


class DeckNotFound(LookupError):
    """A deck id that names no loadable deck; `lines` say why (problems, or the known ids)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass(slots=True)
class DeckSet:
    """Every deck found: the good ones by id, and the files that did not load."""

    decks: dict[str, Deck] = field(default_factory=dict)
    broken: list[BrokenDeck] = field(default_factory=list)

    def get(self, deck_id: str) -> Deck | None:
        return self.decks.get(deck_id)

    def find(self, deck_id: str) -> Deck:
        """The deck with this id, or DeckNotFound saying why it does not load or what exists."""
        deck = self.decks.get(deck_id)
        if deck is not None:
            return deck
        broken = next((b for b in self.broken if b.id == deck_id), None)
        if broken is not None:
            problems = [f"  {p}" for p in broken.problems]
            raise DeckNotFound([f"deck '{deck_id}' does not load:", *problems])
        known = ", ".join(sorted(self.decks)) or "(none found; see `quizapp paths`)"
        raise DeckNotFound([f"no deck with id '{deck_id}'. Known decks: {known}"])

    def sorted(self) -> list[Deck]:
        return sorted(self.decks.values(), key=lambda d: (d.title.lower(), d.id))


def deck_dirs(extra: Sequence[Path] = ()) -> list[DeckSource]:
    """The folders searched, in order: bundled, user data, --decks, QUIZAPP_DECKS."""
    out = [DeckSource(paths.bundled_decks_dir(), bundled=True), DeckSource(paths.user_decks_dir())]
    out += [DeckSource(Path(p)) for p in extra]
    out += [DeckSource(p) for p in paths.extra_deck_dirs_from_env()]
    return out


def deck_files(sources: Iterable[DeckSource]) -> list[DeckSource]:
    """Every deck file under the given folders (or files), sorted, without repeats (a file
    reached twice, through a link or two folders, counts once)."""
    seen: set[tuple[int, int]] = set()
    out: list[DeckSource] = []
    for src in sources:
        p = src.path
        if p.is_dir():
            candidates = sorted(f for f in p.rglob("*") if f.suffix.lower() in DECK_SUFFIXES)
        else:
            candidates = [p]
        for f in candidates:
            try:
                st = f.stat()
            except OSError:
                continue
            # the file's identity, not its resolved path: one stat instead of a walk of
            # every folder above it (the listing of 100 decks took 10 ms in `resolve`)
            key = (st.st_dev, st.st_ino)
            if stat.S_ISREG(st.st_mode) and key not in seen:
                seen.add(key)
                out.append(DeckSource(f, src.bundled))
    return out


def load_decks(
    files: Iterable[DeckSource],
    loader: object | None = None,
) -> DeckSet:
    """Load every file; duplicate deck ids make both files broken (never merged)."""
    if callable(loader):
        load = loader
    else:
        # YAML only when there is a deck to read
        from quizapp.core.decks.loader import load_deck_file

        load = load_deck_file
    result = DeckSet()
    by_id: dict[str, list[Deck]] = {}
    for src in files:
        try:
            deck = load(src.path)
        except DeckLoadError as exc:
            result.broken.append(BrokenDeck(src.path, exc.messages(), exc.deck_id))
            continue
        deck.bundled = src.bundled
        by_id.setdefault(deck.id, []).append(deck)
    for deck_id, decks in by_id.items():
        if len(decks) == 1:
            result.decks[deck_id] = decks[0]
            continue
        files_named = ", ".join(str(d.path) for d in decks)
        for d in decks:
            assert d.path is not None
            others = ", ".join(str(o.path) for o in decks if o is not d)
            result.broken.append(
                BrokenDeck(
                    d.path,
                    [
                        f"{d.path}:1:1: deck id '{deck_id}' is also used by {others};"
                        f" rename one (files: {files_named})"
                    ],
                    deck_id,
                )
            )
    return result


def discover(extra_dirs: Sequence[Path] = ()) -> DeckSet:
    """Find and load every deck quizapp can see."""
    return load_decks(deck_files(deck_dirs(extra_dirs)))
