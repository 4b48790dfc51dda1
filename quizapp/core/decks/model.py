"""The deck model: decks, cards and the reviewable items they make.

A *card* is one entry of a deck file. Most cards make one reviewable *item*; a reversed
`basic` card makes two (front->back and back->front) and a `cloze` card one per deletion
number. Progress is stored per item, keyed by ``(deck_id, item_id)``; an item id is the card
id, or the card id plus a suffix (``card/reverse``, ``card/c2``). Items of one card are
siblings, and so are the cards of a deck that name the same `fact`: study shows at most one
of them a day (see `Card.sibling_group`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

CardType = Literal["basic", "cloze", "typed", "choice", "truefalse", "order", "match"]
CARD_TYPES: tuple[CardType, ...] = (
    "basic",
    "cloze",
    "typed",
    "choice",
    "truefalse",
    "order",
    "match",
)

# What the loader makes of a file, as a version: the deck cache keys its rows on it, so a deck
# parsed by older rules is parsed again. Bump it whenever the loader's output for the same bytes
# changes (2: outside text made safe at load, core/untrusted). Here, not in the loader, so that
# a warm start reads the cache without importing the loader and YAML.
RULES_REVISION = 2
CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Card:
    """One card of a deck, as written in the file (all types share this class)."""

    id: str
    type: CardType
    # basic
    front: str = ""
    back: str = ""
    reverse: bool = False
    # cloze
    text: str = ""
    cloze_accept: tuple[tuple[int, tuple[str, ...]], ...] = ()  # deletion -> other answers
    # typed / choice / order / match
    question: str = ""
    # truefalse
    statement: str = ""
    # typed + basic (answer for typed; back is the answer for basic)
    answer: str = ""
    accept: tuple[str, ...] = ()
    kind: str = ""
    distractors: tuple[str, ...] = ()
    # choice
    choices: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()  # the right choices (one, or several for select-all)
    # truefalse
    truth: bool = True
    # order
    items: tuple[str, ...] = ()
    # match
    pairs: tuple[tuple[str, str], ...] = ()
    # common
    tags: tuple[str, ...] = ()
    explain: str = ""
    source: str = ""
    hint: str = ""
    fact: str = ""  # a slug naming the fact the card teaches; cards sharing it are siblings
    line: int = 0  # 1-based line of the card in its file (0 when unknown)

    @property
    def select_all(self) -> bool:
        return self.type == "choice" and len(self.answers) > 1

    @property
    def sibling_group(self) -> str:
        """What makes items siblings: the card itself, or the fact it names ("fact:<slug>";
        a slug has no ':', so a fact never reads as a card id)."""
        return f"fact:{self.fact}" if self.fact else self.id

    def cloze_forms(self, number: int) -> tuple[str, ...]:
        """The other answers accepted for cloze deletion `number` (its `accept` forms)."""
        for n, forms in self.cloze_accept:
            if n == number:
                return forms
        return ()

    def cloze_numbers(self) -> list[int]:
        """The deletion numbers of a cloze card, in ascending order."""
        return sorted({int(m.group(1)) for m in CLOZE_RE.finditer(self.text)})


@dataclass(frozen=True, slots=True)
class Item:
    """One reviewable unit: what is scheduled and shown as one question."""

    deck_id: str
    id: str  # unique within the deck; the card id for single-item cards
    card: Card
    variant: str = ""  # "" | "reverse" | "c<N>"

    @property
    def key(self) -> tuple[str, str]:
        return (self.deck_id, self.id)

    @property
    def cloze_number(self) -> int:
        return int(self.variant[1:]) if self.variant.startswith("c") else 0

    def prompt(self) -> str:
        """The question side, as plain text (cloze deletions blanked)."""
        c = self.card
        if c.type == "basic":
            return c.back if self.variant == "reverse" else c.front
        if c.type == "cloze":
            return cloze_prompt(c.text, self.cloze_number)
        if c.type == "truefalse":
            return c.statement
        return c.question

    def answer_text(self) -> str:
        """The right answer, as plain text."""
        c = self.card
        if c.type == "basic":
            return c.front if self.variant == "reverse" else c.back
        if c.type == "cloze":
            return " / ".join(cloze_answers(c.text, self.cloze_number))
        if c.type == "typed":
            return c.answer
        if c.type == "choice":
            return ", ".join(c.answers)
        if c.type == "truefalse":
            return "True" if c.truth else "False"
        if c.type == "order":
            return " → ".join(c.items)
        return "; ".join(f"{a} = {b}" for a, b in c.pairs)

    def accepted(self) -> list[str]:
        """Answers that count as right when typed (first is the canonical one)."""
        c = self.card
        if c.type == "cloze":
            n = self.cloze_number
            return [" ".join(cloze_answers(c.text, n)), *c.cloze_forms(n)]
        if c.type == "basic" and self.variant == "reverse":
            return [c.front]
        if c.type in ("basic", "typed"):
            return [self.answer_text(), *c.accept]
        return [self.answer_text()]


@dataclass(frozen=True, slots=True)
class ItemIds:
    """What counting a deck's work needs of its cards, kept by the deck cache beside them: the
    ids of its items in file order, and the fact of each card that names one (card id ->
    sibling group). With it, the home screen counts a deck before its cards are decoded."""

    n_cards: int
    ids: tuple[str, ...]
    facts: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def of(cards: list[Card], ids: list[str]) -> ItemIds:
        facts = tuple((c.id, c.sibling_group) for c in cards if c.fact)
        return ItemIds(len(cards), tuple(ids), facts)


@dataclass(slots=True)
class Deck:
    id: str
    title: str
    description: str
    cards: list[Card]
    source: str = ""
    tags: tuple[str, ...] = ()
    path: Path | None = None
    bundled: bool = False
    # Set by the deck cache: the item ids of `cards` (or, on a listing's deck without cards,
    # of the cards it stands for). Never set on a deck whose cards are then changed.
    known_ids: ItemIds | None = field(default=None, compare=False, repr=False)

    def items(self) -> list[Item]:
        """Every reviewable item of the deck, in file order."""
        return [Item(self.id, item_id, c, variant) for item_id, c, variant in self._item_parts()]

    def kept_ids(self) -> ItemIds | None:
        """`known_ids` while they are those of `cards` (a listing's deck has no cards yet)."""
        known = self.known_ids
        if known is not None and self.cards and len(self.cards) != known.n_cards:
            return None
        return known

    def item_ids(self) -> list[str]:
        """The ids of `items()`, without building the items (a large deck's are costly)."""
        known = self.kept_ids()
        if known is not None:
            return list(known.ids)
        return [item_id for item_id, _, _ in self._item_parts()]

    def _item_parts(self) -> Iterator[tuple[str, Card, str]]:
        """(item id, card, variant) of every item, in file order."""
        for c in self.cards:
            if c.type == "cloze":
                for n in c.cloze_numbers():
                    yield f"{c.id}/c{n}", c, f"c{n}"
            else:
                yield c.id, c, ""
                if c.type == "basic" and c.reverse:
                    yield f"{c.id}/reverse", c, "reverse"

    def card(self, card_id: str) -> Card | None:
        for c in self.cards:
            if c.id == card_id:
                return c
        return None


def card_id_of(item_id: str) -> str:
    """The id of the card an item belongs to (card ids are slugs: they have no '/')."""
    return item_id.partition("/")[0]


@dataclass(slots=True)
class BrokenDeck:
    """A deck file that did not load, with its problems (for lists and the home screen)."""

    path: Path
    problems: list[str] = field(default_factory=list)
    id: str = ""  # when the id could be read

    @property
    def first_problem(self) -> str:
        return self.problems[0] if self.problems else f"{self.path}: could not be loaded"


def cloze_prompt(text: str, number: int) -> str:
    """Blank the deletions numbered `number` ([...] or [hint]); show the others' answers."""

    def repl(m: re.Match[str]) -> str:
        if int(m.group(1)) == number:
            return f"[{m.group(3)}]" if m.group(3) else "[...]"
        return m.group(2)

    return CLOZE_RE.sub(repl, text)


def cloze_answers(text: str, number: int) -> list[str]:
    return [m.group(2) for m in CLOZE_RE.finditer(text) if int(m.group(1)) == number]
