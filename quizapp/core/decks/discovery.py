"""Finding decks: bundled, the user's decks folder, --decks folders and QUIZAPP_DECKS."""

from __future__ import annotations

import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.core import paths
from quizapp.core.decks.model import BrokenDeck, Deck
from quizapp.core.problems import DeckLoadError
from quizapp.core.untrusted import safe_text

DECK_SUFFIXES = (".yaml", ".yml")


@dataclass(slots=True)
class DeckSource:
    path: Path
    bundled: bool = False
    refused: str = ""  # why the file is not read (a link out of its folder), if it is not


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
        lines = [f"no deck with id '{deck_id}'. Known decks: {known}"]
        unnamed = [b for b in self.broken if not b.id]  # refused before its id was read
        if unnamed:
            lines.append("These deck files did not load, so their ids are not known:")
            lines += [f"  {b.first_problem}" for b in unnamed]
        raise DeckNotFound(lines)

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
                out.append(DeckSource(f, src.bundled, leaves_folder(f, p)))
    return out


def leaves_folder(file: Path, folder: Path) -> str:
    """Why a deck file found in `folder` is not read: it is a link to a file outside the
    folder (a shared folder must not make quizapp read, and quote, any file of the user's).
    "" for a file named directly, a file of the folder, or a link inside it."""
    if file == folder or not file.is_symlink():
        return ""  # a folder's walk never enters a linked folder: only the file can be a link
    try:
        target = file.resolve(strict=True)
        inside = target.is_relative_to(folder.resolve(strict=True))
    except (OSError, RuntimeError):
        inside = False
    if inside:
        return ""
    return (
        f"{file}:1:1: this is a link to a file outside {folder}; quizapp does not follow"
        " links out of a deck folder. Copy the deck into the folder instead"
    )


def missing_folders(extra: Sequence[Path]) -> list[str]:
    """What is wrong with folders given with --decks: each one that does not exist."""
    return [f"--decks {p}: no such folder" for p in extra if not Path(p).exists()]


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
        if src.refused:
            result.broken.append(BrokenDeck(src.path, [safe_text(src.refused)]))
            continue
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
            message = (
                f"{d.path}:1:1: deck id '{deck_id}' is also used by {others};"
                f" rename one (files: {files_named})"
            )
            result.broken.append(BrokenDeck(d.path, [safe_text(message)], deck_id))
    return result


def discover(extra_dirs: Sequence[Path] = ()) -> DeckSet:
    """Find and load every deck quizapp can see."""
    return load_decks(deck_files(deck_dirs(extra_dirs)))
