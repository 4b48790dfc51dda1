"""Turning deck items into quiz questions, with believable distractors.

`make_question(item, deck, rng, types)` turns one item into a `Question` of an allowed kind;
`build_quiz(decks, count, types, seed)` draws a shuffled quiz (one question per card). The
TUI quiz screen, classroom drills and printable quizzes all build their questions here.

Distractors for a basic (or typed) card come, in order: the card's own `distractors`, then
answers of other cards of the same `kind` in the deck, and nothing else: a card with a kind
never draws an answer of another kind ("China" is not offered for "which member"). A card
without a kind draws answers of the same shape (a 4-digit number with 4-digit numbers, a
two-word name with two-word names). Never two options that read the same after `normalise`.

Typed questions: an answer too long to type (`text.too_long_to_type`: more than six words, or
a sentence) is never asked typed; such a basic or typed card becomes a multiple-choice question
(or cannot be asked when it has too few options), such a cloze deletion cannot be asked. A typed
question lists in `wrong` the answers a typo must not pass for: the card's own distractors, the
options drawn for it, and every answer of its kind in the deck (of its shape, for a card without
a kind) near enough to an accepted answer to be mistaken for a typo of it; for a person, the
people of the deck who share (or nearly share) a surname with it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rapidfuzz.distance import OSA

from quizapp.core.decks.model import Deck, Item
from quizapp.core.text import (
    max_typos,
    normalise,
    numbers_in,
    surname_forms,
    symbols_in,
    too_long_to_type,
    typo_allowance,
)

QuestionKind = Literal["choice", "multi", "typed", "truefalse", "order", "match"]
QUESTION_KINDS: tuple[QuestionKind, ...] = (
    "choice",
    "multi",
    "typed",
    "truefalse",
    "order",
    "match",
)
MAX_CHOICES = 4  # lettered A-D
MIN_DISTRACTORS = 2  # a multiple-choice question needs at least three options
TRUE_FALSE_OPTIONS = ("True", "False")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class CannotAsk(ValueError):
    """The item cannot become a question of any allowed kind."""


@dataclass(frozen=True, slots=True)
class Question:
    """One quiz question, ready to show and grade.

    `options` are in shown order: the choices (choice/multi), ("True", "False") (truefalse),
    the items shuffled (order) or the right-hand sides shuffled (match; `lefts` are the
    left-hand sides in order). `correct` holds option indices: the right one(s) for
    choice/multi/truefalse; for order the option indices in the right sequence; for match,
    for each left, the index of its right. Typed questions have no options and list the
    `accepted` answers (the first is the canonical spelling) and, in `wrong`, believable wrong
    answers (the card's distractors, answers of the same kind) that a typo must not pass for.
    """

    item: Item
    kind: QuestionKind
    prompt: str
    options: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()
    accepted: tuple[str, ...] = ()
    lefts: tuple[str, ...] = ()
    explain: str = ""
    source: str = ""
    hint: str = ""
    answer_text: str = ""
    wrong: tuple[str, ...] = ()  # typed: known wrong answers a typo must not be taken for

    @property
    def key(self) -> tuple[str, str]:
        """(deck id, item id): where the item's progress is stored."""
        return self.item.key

    @property
    def overridable(self) -> bool:
        """Whether a human judges the answer, so "I was right" may overrule a wrong verdict:
        typed answers only; true/false, choice, select-all, order and match are objective."""
        return self.kind == "typed"

    @property
    def answer_kind(self) -> str:
        """The card's `kind` when it describes this question's answer (not for the reversed
        item of a basic card, whose answer is the front), else ""."""
        card = self.item.card
        if card.type in ("basic", "typed") and self.item.variant != "reverse":
            return card.kind
        return ""

    def to_dict(self) -> dict[str, object]:
        return {
            "deck_id": self.item.deck_id,
            "item_id": self.item.id,
            "kind": self.kind,
            "prompt": self.prompt,
            "options": list(self.options),
            "correct": list(self.correct),
            "accepted": list(self.accepted),
            "lefts": list(self.lefts),
            "explain": self.explain,
            "source": self.source,
            "hint": self.hint,
            "answer_text": self.answer_text,
            "wrong": list(self.wrong),
            "answer_kind": self.answer_kind,
        }


def parse_types(text: str) -> frozenset[QuestionKind]:
    """Parse a comma-separated list of question kinds ("choice,typed").

    Raises ValueError naming the allowed kinds when one is unknown or the list is empty.
    """
    allowed = ", ".join(QUESTION_KINDS)
    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    if not names:
        raise ValueError(f"no question types given; choose from {allowed}")
    out: set[QuestionKind] = set()
    for name in names:
        kind = _KIND_BY_NAME.get(name)
        if kind is None:
            raise ValueError(f"unknown question type '{name}'; choose from {allowed}")
        out.add(kind)
    return frozenset(out)


_KIND_BY_NAME: dict[str, QuestionKind] = {k: k for k in QUESTION_KINDS}


# --- distractor pools -------------------------------------------------------------------------


def answer_shape(text: str) -> tuple[object, ...]:
    """A coarse shape of an answer, so look-alike answers can stand in as distractors.

    Numbers keep their digit count (1992 looks like 2002, not like 15); words keep their count
    (up to 4) and whether they are capitalised (names look like names).
    """
    t = text.strip()
    if re.fullmatch(r"[\d\s.,]+", t) and any(c.isdigit() for c in t):
        return ("number", sum(c.isdigit() for c in t))
    if any(c.isdigit() for c in t):
        return ("mixed", len(t.split()) > 2)
    words = t.split()
    capitalised = bool(words) and all(w[:1].isupper() for w in words if len(w) > 3)
    return ("words", min(len(words), 4), capitalised)


Shape = tuple[object, ...]


@dataclass(slots=True)
class AnswerPool:
    """The answers of a deck's basic and typed cards (and its reversed cards' fronts), indexed
    by kind and by shape.

    Built once per deck (`AnswerPool.of(deck)`); distractors are then sampled from these lists
    without scanning them, so a whole quiz stays linear in the deck size.
    """

    by_kind: dict[str, list[str]] = field(default_factory=dict)
    by_shape: dict[Shape, list[str]] = field(default_factory=dict)
    fronts: list[str] = field(default_factory=list)  # fronts of reversed cards
    fronts_by_shape: dict[Shape, list[str]] = field(default_factory=dict)
    fronts_by_kind: dict[str, list[str]] = field(default_factory=dict)
    fronts_by_kind_shape: dict[tuple[str, Shape], list[str]] = field(default_factory=dict)
    _near: dict[tuple[str, object], NearIndex] = field(default_factory=dict)

    def near(self, group: tuple[str, object], key: str, bound: int) -> list[str]:
        """The answers of `group` within `bound` typos of the normalised `key` (see
        `NearIndex`). Groups: ("kind", kind), ("shape", shape), ("front-kind", kind),
        ("front-shape", shape), ("surname", kind) (people by surname). Each group is indexed
        the first time it is asked for."""
        index = self._near.get(group)
        if index is None:
            index = self._near[group] = self._index(group)
        return index.near(key, bound)

    def _index(self, group: tuple[str, object]) -> NearIndex:
        what, value = group
        index = NearIndex()
        if what == "surname":
            for answer in self.by_kind.get(str(value), ()):
                for surname in surname_forms(normalise(answer)):
                    index.add(surname, answer)
            return index
        sources: dict[str, dict[Any, list[str]]] = {
            "kind": self.by_kind,
            "shape": self.by_shape,
            "front-kind": self.fronts_by_kind,
            "front-shape": self.fronts_by_shape,
        }
        for answer in sources[what].get(value, ()):
            index.add(normalise(answer), answer)
        return index

    @classmethod
    def of(cls, deck: Deck) -> AnswerPool:
        pool = cls()
        for card in deck.cards:
            if card.type == "basic":
                answer = card.back
                if card.reverse and card.front.strip():
                    shape = answer_shape(card.front)
                    pool.fronts.append(card.front)
                    pool.fronts_by_shape.setdefault(shape, []).append(card.front)
                    key = (card.kind, shape)
                    pool.fronts_by_kind_shape.setdefault(key, []).append(card.front)
                    if card.kind:
                        pool.fronts_by_kind.setdefault(card.kind, []).append(card.front)
            elif card.type == "typed":
                answer = card.answer
            else:
                continue
            if not answer.strip():
                continue
            shape = answer_shape(answer)
            pool.by_shape.setdefault(shape, []).append(answer)
            if card.kind:
                pool.by_kind.setdefault(card.kind, []).append(answer)
        return pool


@dataclass(slots=True)
class NearIndex:
    """Answers bucketed by their numbers and symbols, then by length, so the answers within a
    few typos of one are found without comparing it with all of them."""

    buckets: dict[tuple[tuple[str, ...], str], dict[int, list[tuple[str, str]]]] = field(
        default_factory=dict
    )

    def add(self, key: str, answer: str) -> None:
        """Index `answer` under the normalised `key` (the answer itself, or a surname)."""
        if not key:
            return
        flat = key.replace(" ", "")
        bucket = self.buckets.setdefault((tuple(numbers_in(key)), symbols_in(key)), {})
        bucket.setdefault(len(flat), []).append((flat, answer))

    def near(self, key: str, bound: int) -> list[str]:
        """The answers within `bound` typos of the normalised `key` (spaces ignored), with the
        same numbers and symbols."""
        bucket = self.buckets.get((tuple(numbers_in(key)), symbols_in(key)))
        if not bucket:
            return []
        flat = key.replace(" ", "")
        out: list[str] = []
        for length in range(len(flat) - bound, len(flat) + bound + 1):
            for other, answer in bucket.get(length, ()):
                if OSA.distance(flat, other, score_cutoff=bound) <= bound:
                    out.append(answer)
        return out


def near_misses(item: Item, pool: AnswerPool) -> list[str]:
    """The deck's answers a typo of one of `item`'s accepted answers could be mistaken for:
    of its kind (of its shape without a kind; for a reversed item, the fronts), near enough
    that a response within the typo budget could be as close to them; for a person, the
    people whose surname is (nearly) one of its surnames."""
    card = item.card
    reverse = item.variant == "reverse"
    group: tuple[str, object]
    if card.type == "cloze":
        group = ("shape", answer_shape(item.answer_text()))
    elif reverse:
        shape = answer_shape(card.front)
        group = ("front-kind", card.kind) if card.kind else ("front-shape", shape)
    else:
        group = ("kind", card.kind) if card.kind else ("shape", answer_shape(item.answer_text()))
    found: list[str] = []
    right = [normalise(a) for a in item.accepted()]
    for key in right:
        found += pool.near(group, key, 2 * max_typos(key) + 1)
        if card.kind == "person" and not reverse:
            for surname in surname_forms(key):
                bound = 2 * typo_allowance(len(surname)) + 1
                found += pool.near(("surname", card.kind), surname, bound)
    seen = set(right)
    out: list[str] = []
    for answer in found:
        key = normalise(answer)
        if key not in seen:
            seen.add(key)
            out.append(answer)
    return out


def pick_distractors(item: Item, pool: AnswerPool, rng: random.Random, n: int) -> list[str]:
    """Up to `n` believable wrong answers for a basic or typed item, best first.

    A card with a kind draws only on its own distractors and the answers of its kind (answers
    of the same shape first when it is reversed); a card without one on its own distractors,
    then answers of the same shape. A reversed item (back -> front) draws on other reversed
    cards' fronts: of its kind (the same shape first), or without a kind, of the same shape,
    then any.
    """
    card = item.card
    tiers: list[Sequence[str]]
    if item.variant == "reverse":
        right = [card.front]
        shape = answer_shape(card.front)
        if card.kind:
            tiers = [
                (),
                pool.fronts_by_kind_shape.get((card.kind, shape), ()),
                pool.fronts_by_kind.get(card.kind, ()),
            ]
        else:
            tiers = [(), pool.fronts_by_shape.get(shape, ()), pool.fronts]
    else:
        right = [item.answer_text(), *card.accept]
        shape = answer_shape(item.answer_text())
        if card.kind:
            tiers = [card.distractors, pool.by_kind.get(card.kind, ())]
        else:
            tiers = [card.distractors, pool.by_shape.get(shape, ())]
    seen = {normalise(a) for a in right}
    out: list[str] = []
    for i, tier in enumerate(tiers):
        if i == 0:
            candidates = list(tier) if len(tier) <= n else rng.sample(tier, n)
        else:
            candidates = _sample(tier, rng, 3 * n + 4)
        for answer in candidates:
            key = normalise(answer)
            if key and key not in seen:
                seen.add(key)
                out.append(answer)
                if len(out) == n:
                    return out
    return out


def _sample(items: Sequence[str], rng: random.Random, k: int) -> list[str]:
    if len(items) <= k:
        out = list(items)
        rng.shuffle(out)
        return out
    return rng.sample(items, k)


# --- making questions -------------------------------------------------------------------------


def make_question(
    item: Item,
    deck: Deck,
    rng: random.Random,
    types: Iterable[str] | None = None,
    pool: AnswerPool | None = None,
) -> Question:
    """Turn `item` into a question of one of the allowed `types` (all kinds when None).

    basic -> choice (with distractors) or typed, picked by `rng` when both are allowed and
    possible; typed -> typed (choice only when typed is not allowed and distractors exist);
    cloze -> typed; choice -> choice or multi (select-all); truefalse, order, match -> same.
    An answer too long to type (`too_long_to_type`) is never asked typed: a basic or typed
    card is then a choice question (CannotAsk without two distractors), a cloze CannotAsk.
    Pass a prebuilt `pool` (`AnswerPool.of(deck)`) when making many questions of one deck.
    Raises CannotAsk when no allowed kind fits the item, ValueError for an unknown kind.
    """
    allowed = set(QUESTION_KINDS) if types is None else _checked_kinds(types)
    card = item.card
    if card.type in ("basic", "typed"):
        if not allowed & {"typed", "choice"}:
            raise CannotAsk(f"{item.id}: is asked as typed or choice")
        pool = pool or AnswerPool.of(deck)
        distractors = pick_distractors(item, pool, rng, MAX_CHOICES - 1)
        typeable = not too_long_to_type(item.answer_text())
        kinds: list[QuestionKind] = []
        if "typed" in allowed and typeable:
            kinds.append("typed")
        if (
            "choice" in allowed
            and (card.type == "basic" or not kinds)
            and len(distractors) >= MIN_DISTRACTORS
        ):
            kinds.append("choice")
        if not kinds:
            if "typed" in allowed and not typeable:
                raise CannotAsk(
                    f"{item.id}: its answer is too long to type, and it has too few options"
                    " to be a choice question"
                )
            raise CannotAsk(f"{item.id}: cannot be asked as {_names(allowed)}")
        if rng.choice(kinds) == "choice":
            return _choice_from_answer(item, distractors, rng)
        accepted = tuple(item.accepted())
        wrong = typed_wrong(item, pool, distractors)
        return _question(item, "typed", accepted=accepted, wrong=wrong)
    if card.type == "cloze":
        if "typed" not in allowed:
            raise CannotAsk(f"{item.id}: cloze cards are typed")
        if too_long_to_type(item.accepted()[0]):
            raise CannotAsk(f"{item.id}: the blank is too long to type")
        accepted = _unique((item.answer_text(), *item.accepted()))
        wrong = typed_wrong(item, pool or AnswerPool.of(deck), ())
        return _question(item, "typed", accepted=accepted, wrong=wrong)
    if card.type == "choice":
        kind: QuestionKind = "multi" if card.select_all else "choice"
        if kind not in allowed:
            raise CannotAsk(f"{item.id}: is a {kind} question")
        return _choice_from_card(item, kind, rng)
    if card.type == "truefalse":
        if "truefalse" not in allowed:
            raise CannotAsk(f"{item.id}: is a true/false question")
        return _question(item, "truefalse", TRUE_FALSE_OPTIONS, (0,) if card.truth else (1,))
    if card.type == "order":
        if "order" not in allowed:
            raise CannotAsk(f"{item.id}: is an order question")
        options = _shuffled_not_identity(card.items, rng)
        correct = tuple(options.index(x) for x in card.items)
        return _question(item, "order", tuple(options), correct)
    if "match" not in allowed:
        raise CannotAsk(f"{item.id}: is a match question")
    lefts = tuple(a for a, _ in card.pairs)
    rights = _shuffled_not_identity([b for _, b in card.pairs], rng)
    correct = tuple(rights.index(b) for _, b in card.pairs)
    return _question(item, "match", tuple(rights), correct, lefts=lefts)


def typed_wrong(item: Item, pool: AnswerPool, picked: Sequence[str]) -> tuple[str, ...]:
    """The known wrong answers of a typed question (`Question.wrong`): the card's own
    distractors, the `picked` options, then the deck's `near_misses`; never an accepted form,
    never two that read the same."""
    card = item.card
    own = card.distractors if item.variant != "reverse" and card.type != "cloze" else ()
    seen = {normalise(a) for a in item.accepted()}
    out: list[str] = []
    for answer in (*own, *picked, *near_misses(item, pool)):
        key = normalise(answer)
        if key and key not in seen:
            seen.add(key)
            out.append(answer)
    return tuple(out)


def build_quiz(
    decks_or_deck: Deck | Sequence[Deck],
    count: int | None = None,
    types: Iterable[str] | None = None,
    seed: int | str | None = None,
) -> list[Question]:
    """Draw a shuffled quiz: one question per card (one sibling picked), of allowed `types`.

    The same seed gives the same quiz; `count` caps the number of questions (None = every
    card that fits). Items that cannot become an allowed kind are skipped; an unknown kind in
    `types` raises ValueError.
    """
    decks = [decks_or_deck] if isinstance(decks_or_deck, Deck) else list(decks_or_deck)
    allowed = None if types is None else _checked_kinds(types)
    rng = random.Random(seed)
    groups: list[tuple[Deck, list[Item]]] = []
    for deck in decks:
        by_card: dict[str, list[Item]] = {}
        for item in deck.items():
            by_card.setdefault(item.card.id, []).append(item)
        groups += [(deck, items) for items in by_card.values()]
    rng.shuffle(groups)
    pools: dict[str, AnswerPool] = {}
    out: list[Question] = []
    for deck, siblings in groups:
        if count is not None and len(out) >= count:
            break
        pool = pools.get(deck.id)
        if pool is None:
            pool = pools[deck.id] = AnswerPool.of(deck)
        for item in rng.sample(siblings, len(siblings)):
            try:
                out.append(make_question(item, deck, rng, allowed, pool))
                break
            except CannotAsk:
                continue
    return out


# --- reading and showing responses ------------------------------------------------------------


def parse_response(question: Question, text: str) -> object:
    """Read a typed-in response as `grade` expects it (for line mode and teachers' input).

    choice: a letter ("B") or number ("2"); multi: letters or numbers ("A C", "a,c");
    truefalse: t/f, true/false, yes/no; order: the options' numbers in order ("3 1 2");
    match: letter-number pairs ("A2 B1") or numbers in the order of the lefts ("2 1");
    typed: the text. Raises ValueError with a short message when it cannot be read.
    """
    t = text.strip()
    n = len(question.options)
    if question.kind == "typed":
        return text
    if question.kind == "truefalse":
        low = t.lower()
        if low in ("t", "true", "y", "yes", "a", "1"):
            return True
        if low in ("f", "false", "n", "no", "b", "2"):
            return False
        raise ValueError("answer t (true) or f (false)")
    tokens = [x for x in re.split(r"[\s,;]+", t) if x]
    if question.kind == "choice":
        if len(tokens) != 1:
            raise ValueError(f"answer one letter, A-{LETTERS[n - 1]}")
        return _option_index(tokens[0], n)
    if question.kind == "multi":
        if len(tokens) == 1 and tokens[0].isalpha() and len(tokens[0]) > 1:
            tokens = list(tokens[0])  # "AC"
        if not tokens:
            raise ValueError(f"answer every right letter, e.g. A C (A-{LETTERS[n - 1]})")
        return frozenset(_option_index(x, n) for x in tokens)
    if question.kind == "order":
        seq = [_number(x, n) for x in tokens]
        if sorted(seq) != list(range(n)):
            raise ValueError(f"give each number 1-{n} once, in order, e.g. 3 1 2")
        return tuple(seq)
    # match
    lefts = len(question.lefts)
    pairs = [re.fullmatch(r"([A-Za-z])\s*[-=:]?\s*(\d+)", x) for x in tokens]
    if tokens and all(pairs):
        mapping: dict[int, int] = {}
        for m in pairs:
            assert m is not None
            mapping[_letter(m.group(1), lefts)] = _number(m.group(2), n)
        if len(mapping) != lefts:
            raise ValueError(f"match every letter A-{LETTERS[lefts - 1]} once, e.g. A2 B1")
        return mapping
    if len(tokens) == lefts and all(x.isdigit() for x in tokens):
        return tuple(_number(x, n) for x in tokens)
    raise ValueError(f"match each letter to a number, e.g. A2 B1 (A-{LETTERS[lefts - 1]})")


def describe_response(question: Question, response: object) -> str:
    """A response as display text ("B) Belarus", "3 1 2", "A2 B1", the typed text)."""
    if question.kind == "typed":
        return str(response) if response is not None else ""
    if question.kind == "truefalse" and isinstance(response, bool):
        return "True" if response else "False"
    opts = question.options
    if question.kind in ("choice", "truefalse") and _valid(response, len(opts)):
        assert isinstance(response, int)
        return f"{LETTERS[response]}) {opts[response]}"
    if question.kind == "multi" and isinstance(response, Iterable):
        chosen = sorted(i for i in response if _valid(i, len(opts)))
        return ", ".join(f"{LETTERS[i]}) {opts[i]}" for i in chosen) or "(none)"
    if question.kind == "order" and isinstance(response, Sequence):
        return " → ".join(opts[i] for i in response if _valid(i, len(opts)))
    if question.kind == "match":
        if isinstance(response, dict):
            chosen = [response.get(i) for i in range(len(question.lefts))]
        elif isinstance(response, Sequence):
            chosen = list(response)
        else:
            chosen = []
        return "; ".join(
            f"{left} = {opts[c]}"
            for left, c in zip(question.lefts, chosen, strict=False)
            if _valid(c, len(opts))
        )
    return str(response)


# --- helpers ----------------------------------------------------------------------------------


def _question(
    item: Item,
    kind: QuestionKind,
    options: tuple[str, ...] = (),
    correct: tuple[int, ...] = (),
    accepted: tuple[str, ...] = (),
    lefts: tuple[str, ...] = (),
    wrong: tuple[str, ...] = (),
) -> Question:
    card = item.card
    return Question(
        item=item,
        kind=kind,
        prompt=item.prompt(),
        options=options,
        correct=correct,
        accepted=accepted,
        lefts=lefts,
        explain=card.explain,
        source=card.source,
        hint=card.hint,
        answer_text=item.answer_text(),
        wrong=wrong,
    )


def _choice_from_answer(item: Item, distractors: list[str], rng: random.Random) -> Question:
    right = item.answer_text()
    options = [right, *distractors]
    rng.shuffle(options)
    return _question(item, "choice", tuple(options), (options.index(right),))


def _choice_from_card(item: Item, kind: QuestionKind, rng: random.Random) -> Question:
    card = item.card
    rights = list(card.answers)
    wrongs = [c for c in card.choices if c not in card.answers]
    room = max(MAX_CHOICES - len(rights), 1)
    if len(wrongs) > room:
        wrongs = rng.sample(wrongs, room)
    options = rights + wrongs
    rng.shuffle(options)
    correct = tuple(sorted(options.index(r) for r in rights))
    return _question(item, kind, tuple(options), correct)


def _shuffled_not_identity(values: Sequence[str], rng: random.Random) -> list[str]:
    """`values` shuffled, never left in the given order when there are two or more."""
    out = list(values)
    if len(set(out)) < 2:
        return out
    while out == list(values):
        rng.shuffle(out)
    return out


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return tuple(out)


def _option_index(token: str, n: int) -> int:
    if token.isdigit():
        return _number(token, n)
    return _letter(token, n)


def _letter(token: str, n: int) -> int:
    t = token.strip().upper()
    if len(t) == 1 and t in LETTERS[:n]:
        return LETTERS.index(t)
    raise ValueError(f"'{token}' is not one of the letters A-{LETTERS[n - 1]}")


def _number(token: str, n: int) -> int:
    if token.isdigit() and 1 <= int(token) <= n:
        return int(token) - 1
    raise ValueError(f"'{token}' is not a number from 1 to {n}")


def _valid(value: object, n: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < n


def _checked_kinds(types: Iterable[str]) -> set[str]:
    kinds = set(types)
    unknown = kinds - set(QUESTION_KINDS)
    if unknown:
        raise ValueError(
            f"unknown question kinds: {_names(unknown)}; choose from {', '.join(QUESTION_KINDS)}"
        )
    return kinds


def _names(kinds: Iterable[str]) -> str:
    return ", ".join(sorted(kinds)) or "no kind"
