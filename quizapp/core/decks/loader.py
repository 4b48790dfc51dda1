"""Loading and validating deck files.

`load_deck_file` returns a `Deck` or raises `DeckLoadError` carrying *every* problem found,
each as ``path:line:column: message`` pointing at the offending YAML node.

Warnings (``Problem.severity == "warning"``) do not stop a deck from loading: pass a list as
`warnings=` to collect them (``quizapp validate`` shows them). Today: a `typed` card whose
answer, or a cloze deletion, is too long to type (`text.too_long_to_type`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.core.decks.model import CARD_TYPES, CLOZE_RE, Card, CardType, Deck
from quizapp.core.problems import DeckLoadError, Problem
from quizapp.core.text import TYPED_MAX_WORDS, too_long_to_type
from quizapp.core.untrusted import safe_text
from quizapp.core.yamlsafe import (
    BOOL_FALSE,
    BOOL_TRUE,
    YamlError,
    compose,
    is_null,
    kind_name,
    pos,
    read_text,
)

# What this module makes of the same bytes changes: bump model.RULES_REVISION (the deck cache
# parses every deck again).
Raw = dict[str, tuple[Node, Node]]  # a mapping's keys -> (key node, value node)

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
CLOZE_KEY_RE = re.compile(r"c([1-9][0-9]*)")
SLUG_RULE = "use lowercase letters, digits, '-', '_' or '.', starting with a letter or digit"

DECK_KEYS = {"id", "title", "description", "source", "tags", "cards"}
DECK_REQUIRED = ("id", "title", "description", "cards")
COMMON_CARD_KEYS = {"id", "type", "tags", "explain", "source", "hint", "fact"}
CARD_KEYS: dict[str, set[str]] = {
    "basic": {"front", "back", "reverse", "kind", "distractors", "accept"},
    "cloze": {"text", "accept"},
    "typed": {"question", "answer", "accept", "kind", "distractors"},
    "choice": {"question", "choices", "answer"},
    "truefalse": {"statement", "answer"},
    "order": {"question", "items"},
    "match": {"question", "pairs"},
}
CARD_REQUIRED: dict[str, tuple[str, ...]] = {
    "basic": ("front", "back"),
    "cloze": ("text",),
    "typed": ("question", "answer"),
    "choice": ("question", "choices", "answer"),
    "truefalse": ("statement", "answer"),
    "order": ("question", "items"),
    "match": ("question", "pairs"),
}
ALL_CARD_KEYS = COMMON_CARD_KEYS.union(*CARD_KEYS.values())


def load_deck_file(path: Path, warnings: list[Problem] | None = None) -> Deck:
    """Read, check and build one deck; raise DeckLoadError with every problem. Warnings
    about a deck that loads are appended to `warnings` when given."""
    name = str(path)
    try:
        text = read_text(path)
    except YamlError as exc:
        p = exc.problem
        raise DeckLoadError([Problem(name, p.line, p.column, p.message)]) from None
    deck = load_deck_text(text, name, warnings)
    deck.path = path
    return deck


def load_deck_text(text: str, name: str = "<deck>", warnings: list[Problem] | None = None) -> Deck:
    """Check and build a deck from YAML text; `name` is used in messages. Warnings about a
    deck that loads are appended to `warnings` when given, sorted by position."""
    try:
        root = compose(text)
    except YamlError as exc:
        p = exc.problem
        raise DeckLoadError([Problem(name, p.line, p.column, p.message)]) from None
    reader = _DeckReader(name)
    deck = reader.read(root)
    if reader.problems or deck is None:
        reader.problems.sort(key=lambda p: (p.line, p.column))
        raise DeckLoadError(reader.problems, reader.deck_id)
    if warnings is not None:
        warnings += sorted(reader.warnings, key=lambda p: (p.line, p.column))
    return deck


def validate_file(path: Path) -> list[Problem]:
    """Every problem in one deck file (empty when it is valid)."""
    try:
        load_deck_file(path)
    except DeckLoadError as exc:
        return exc.problems
    return []


@dataclass
class _DeckReader:
    name: str
    problems: list[Problem] = field(default_factory=list)
    deck_id: str = ""
    warnings: list[Problem] = field(default_factory=list)

    # -- reporting --------------------------------------------------------------------------
    def report(self, node: Node | None, message: str) -> None:
        line, col = pos(node) if node is not None else (1, 1)
        self.problems.append(Problem(self.name, line, col, message))

    def warn(self, node: Node, message: str) -> None:
        """Something that does not stop the deck from loading (see the module docstring)."""
        line, col = pos(node)
        self.warnings.append(Problem(self.name, line, col, message, "warning"))

    # -- generic readers --------------------------------------------------------------------
    def mapping(
        self, node: MappingNode, allowed: set[str] | None, where: str
    ) -> dict[str, tuple[Node, Node]]:
        """Keys of a mapping -> (key node, value node); reports bad and repeated keys, and
        unknown ones when `allowed` is given."""
        out: dict[str, tuple[Node, Node]] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, ScalarNode) or is_null(knode):
                self.report(knode, f"{where}: a key must be a plain word, not {kind_name(knode)}")
                continue
            key = knode.value
            if key in out:
                first = pos(out[key][0])[0]
                self.report(knode, f"{where}: key '{key}' appears twice (first on line {first})")
                continue
            out[key] = (knode, vnode)
            if allowed is not None and key not in allowed:
                self.report(knode, f"{where}: unknown key '{key}'{suggest(key, allowed)}")
        return out

    def text(self, node: Node, field_name: str, where: str, required: bool = True) -> str:
        if isinstance(node, ScalarNode) and not is_null(node):
            # Every string of the deck is read here, so the rule for outside text is applied
            # once, at load: the deck (and the cache) never holds a control character.
            value = safe_text(str(node.value).strip())
            if not value and required:
                self.report(node, f"{where}: '{field_name}' is empty")
            return value
        if is_null(node):
            if required:
                self.report(node, f"{where}: '{field_name}' is empty")
            return ""
        self.report(node, f"{where}: '{field_name}' should be text, not {kind_name(node)}")
        return ""

    def text_list(
        self, node: Node, field_name: str, where: str, min_items: int = 0
    ) -> tuple[str, ...]:
        if isinstance(node, ScalarNode) and not is_null(node) and min_items <= 1:
            # A single value where a list is expected: accept `tags: history`.
            return (self.text(node, field_name, where),)
        if not isinstance(node, SequenceNode):
            self.report(node, f"{where}: '{field_name}' should be a list, not {kind_name(node)}")
            return ()
        out: list[str] = []
        for child in node.value:
            value = self.text(child, f"{field_name} item", where)
            if value:
                out.append(value)
        if len(node.value) < min_items:
            self.report(
                node,
                f"{where}: '{field_name}' needs at least {min_items} items,"
                f" found {len(node.value)}",
            )
        return tuple(out)

    def boolean(self, node: Node, field_name: str, where: str) -> bool:
        if isinstance(node, ScalarNode):
            word = node.value.strip().lower()
            if word in BOOL_TRUE:
                return True
            if word in BOOL_FALSE:
                return False
        self.report(node, f"{where}: '{field_name}' should be true or false, not {shown(node)}")
        return False

    def slug(self, node: Node, field_name: str, where: str, what: str = "id") -> str:
        value = self.text(node, field_name, where)
        if value and not SLUG_RE.match(value):
            self.report(node, f"{where}: {field_name} '{value}' is not a valid {what}: {SLUG_RULE}")
        return value

    # -- the deck ---------------------------------------------------------------------------
    def read(self, root: Node | None) -> Deck | None:
        if root is None:
            self.report(None, "the file is empty; a deck needs id, title, description and cards")
            return None
        if not isinstance(root, MappingNode):
            self.report(
                root,
                "a deck file should be a mapping with id, title, description and cards;"
                f" found {kind_name(root)}",
            )
            return None
        keys = self.mapping(root, DECK_KEYS, "deck")
        for required in DECK_REQUIRED:
            if required not in keys:
                self.report(root, f"deck: missing required key '{required}'")
        deck_id = self.slug(keys["id"][1], "deck id", "deck") if "id" in keys else ""
        self.deck_id = deck_id
        title = self.text(keys["title"][1], "title", "deck") if "title" in keys else ""
        description = (
            self.text(keys["description"][1], "description", "deck")
            if "description" in keys
            else ""
        )
        source = self.text(keys["source"][1], "source", "deck", False) if "source" in keys else ""
        tags = self.text_list(keys["tags"][1], "tags", "deck") if "tags" in keys else ()
        cards: list[Card] = []
        if "cards" in keys:
            cards = self.cards(keys["cards"][1])
        return Deck(deck_id, title, description, cards, source, tags)

    def cards(self, node: Node) -> list[Card]:
        if not isinstance(node, SequenceNode):
            self.report(node, f"deck: 'cards' should be a list of cards, not {kind_name(node)}")
            return []
        if not node.value:
            self.report(node, "deck: 'cards' is empty; add at least one card")
        out: list[Card] = []
        seen: dict[str, int] = {}
        for index, child in enumerate(node.value, 1):
            card_id = _card_id(child)
            if card_id in seen:
                self.report(
                    child,
                    f"card {index}: card id '{card_id}' is already used on line {seen[card_id]};"
                    " card ids must be unique within the deck",
                )
            elif card_id:
                seen[card_id] = pos(child)[0]
            card = self.card(child, index)
            if card is not None:
                out.append(card)
        return out

    # -- one card ---------------------------------------------------------------------------
    def card(self, node: Node, index: int) -> Card | None:
        where = f"card {index}"
        if not isinstance(node, MappingNode):
            self.report(node, f"{where}: a card should be a mapping, not {kind_name(node)}")
            return None
        start = len(self.problems)
        raw = self.mapping(node, None, where)
        card_id = ""
        if "id" in raw:
            card_id = self.slug(raw["id"][1], "card id", where)
            if card_id:
                where = f"card '{card_id}'"
        else:
            self.report(node, f"{where}: missing required key 'id'")
        ctype = self.card_type(node, raw, where)
        if ctype is None:
            for key, (knode, _) in raw.items():
                if key not in ALL_CARD_KEYS:
                    self.report(knode, f"{where}: unknown key '{key}'{suggest(key, ALL_CARD_KEYS)}")
            return None
        for key, (knode, _) in raw.items():
            if key not in COMMON_CARD_KEYS and key not in CARD_KEYS[ctype]:
                if key in ALL_CARD_KEYS:
                    self.report(knode, f"{where}: '{key}' is not used by {ctype} cards")
                else:
                    allowed = COMMON_CARD_KEYS | CARD_KEYS[ctype]
                    self.report(knode, f"{where}: unknown key '{key}'{suggest(key, allowed)}")
        for required in CARD_REQUIRED[ctype]:
            if required not in raw:
                self.report(node, f"{where}: {ctype} card is missing '{required}'")
        values: dict[str, Any] = {"id": card_id, "type": ctype, "line": pos(node)[0]}
        for key, (_, vnode) in raw.items():
            reader = FIELD_READERS.get(key)
            if reader is not None and key in (COMMON_CARD_KEYS | CARD_KEYS[ctype]):
                reader(self, vnode, where, ctype, values)
        check = TYPE_CHECKS.get(ctype)
        if check is not None:
            check(self, raw, where, values)
        if len(self.problems) > start:
            return None
        return Card(**values)

    def card_type(
        self, node: MappingNode, raw: dict[str, tuple[Node, Node]], where: str
    ) -> CardType | None:
        if "type" not in raw:
            if "front" in raw or "back" in raw:
                return "basic"
            self.report(node, f"{where}: missing 'type' (one of {', '.join(CARD_TYPES)})")
            return None
        tnode = raw["type"][1]
        value = self.text(tnode, "type", where)
        for ctype in CARD_TYPES:
            if value == ctype:
                return ctype
        if value:
            self.report(
                tnode,
                f"{where}: unknown card type '{value}'{suggest(value, set(CARD_TYPES))};"
                f" use one of {', '.join(CARD_TYPES)}",
            )
        return None


# -- field readers: each reads one key's value into `values` ---------------------------------
FieldReader = Callable[[_DeckReader, Node, str, str, dict[str, Any]], None]


def _text_field(key: str, target: str | None = None) -> FieldReader:
    def read(r: _DeckReader, node: Node, where: str, ctype: str, values: dict[str, Any]) -> None:
        values[target or key] = r.text(node, key, where)

    return read


def _list_field(key: str, min_items: int = 0) -> FieldReader:
    def read(r: _DeckReader, node: Node, where: str, ctype: str, values: dict[str, Any]) -> None:
        values[key] = r.text_list(node, key, where, min_items)

    return read


def _read_reverse(r: _DeckReader, node: Node, where: str, ctype: str, v: dict[str, Any]) -> None:
    v["reverse"] = r.boolean(node, "reverse", where)


def _read_kind(r: _DeckReader, node: Node, where: str, ctype: str, v: dict[str, Any]) -> None:
    value = r.text(node, "kind", where)
    v["kind"] = value.lower()


def _read_fact(r: _DeckReader, node: Node, where: str, ctype: str, v: dict[str, Any]) -> None:
    v["fact"] = r.slug(node, "fact", where, what="slug")


def _read_accept(r: _DeckReader, node: Node, where: str, ctype: str, v: dict[str, Any]) -> None:
    if ctype != "cloze":
        v["accept"] = r.text_list(node, "accept", where)
        return
    # A cloze maps each deletion to its other answers ({c1: [...]}); a plain list is for a
    # cloze with one deletion number, 0 standing for it until the text is read (_check_cloze).
    if not isinstance(node, MappingNode):
        v["cloze_accept"] = ((0, r.text_list(node, "accept", where)),)
        return
    out: list[tuple[int, tuple[str, ...]]] = []
    for key, (knode, vnode) in r.mapping(node, None, f"{where} accept").items():
        m = CLOZE_KEY_RE.fullmatch(key.strip())
        if m is None:
            r.report(knode, f"{where}: 'accept' keys name a deletion, like c1 or c2, not '{key}'")
            continue
        out.append((int(m.group(1)), r.text_list(vnode, f"accept {key}", where)))
    v["cloze_accept"] = tuple(out)


def _read_answer(r: _DeckReader, node: Node, where: str, ctype: str, v: dict[str, Any]) -> None:
    if ctype == "truefalse":
        v["truth"] = r.boolean(node, "answer", where)
    elif ctype == "choice":
        v["answers"] = r.text_list(node, "answer", where, min_items=1)
    else:
        v["answer"] = r.text(node, "answer", where)


def _read_pairs(r: _DeckReader, node: Node, where: str, ctype: str, v: dict[str, Any]) -> None:
    pairs: list[tuple[str, str, Node]] = []
    if isinstance(node, MappingNode):
        for knode, vnode in node.value:
            pairs.append((r.text(knode, "pair", where), r.text(vnode, "pair", where), knode))
    elif isinstance(node, SequenceNode):
        for child in node.value:
            if isinstance(child, SequenceNode) and len(child.value) == 2:
                a, b = child.value
                pairs.append((r.text(a, "pair", where), r.text(b, "pair", where), child))
            else:
                r.report(child, f"{where}: each pair should be a list of two texts [left, right]")
    else:
        r.report(
            node, f"{where}: 'pairs' should be a mapping of left: right, not {kind_name(node)}"
        )
        return
    if len(pairs) < 2:
        r.report(node, f"{where}: a match card needs at least 2 pairs, found {len(pairs)}")
    for side, label in ((0, "left"), (1, "right")):
        seen: dict[str, int] = {}
        for pair in pairs:
            text = pair[0] if side == 0 else pair[1]
            value = text.casefold()
            if not value:
                continue
            if value in seen:
                r.report(
                    pair[2],
                    f"{where}: '{text}' appears twice on the {label} side of the pairs"
                    f" (first on line {seen[value]})",
                )
            else:
                seen[value] = pos(pair[2])[0]
    v["pairs"] = tuple((a, b) for a, b, _ in pairs)


FIELD_READERS: dict[str, FieldReader] = {
    "front": _text_field("front"),
    "back": _text_field("back"),
    "text": _text_field("text"),
    "question": _text_field("question"),
    "statement": _text_field("statement"),
    "explain": _text_field("explain"),
    "source": _text_field("source"),
    "hint": _text_field("hint"),
    "reverse": _read_reverse,
    "kind": _read_kind,
    "answer": _read_answer,
    "accept": _read_accept,
    "fact": _read_fact,
    "distractors": _list_field("distractors"),
    "tags": _list_field("tags"),
    "choices": _list_field("choices", min_items=2),
    "items": _list_field("items", min_items=2),
    "pairs": _read_pairs,
}


# -- per-type checks beyond field shapes ----------------------------------------------------
TypeCheck = Callable[[_DeckReader, Raw, str, dict[str, Any]], None]


def _check_cloze(r: _DeckReader, raw: Raw, where: str, v: dict[str, Any]) -> None:
    text = v.get("text", "")
    if "text" not in raw or not text:
        return
    tnode = raw["text"][1]
    deletions = list(CLOZE_RE.finditer(text))
    if not deletions:
        r.report(tnode, f"{where}: cloze text has no deletion; mark one like {{{{c1::answer}}}}")
        return
    for m in deletions:
        if not m.group(2).strip():
            r.report(tnode, f"{where}: deletion c{m.group(1)} is empty")
        if int(m.group(1)) == 0:
            r.report(tnode, f"{where}: deletions are numbered from c1, found c0")
    if "{{" in CLOZE_RE.sub("", text):
        r.report(
            tnode, f"{where}: a '{{{{' in the text is not a deletion; write {{{{c1::answer}}}}"
        )
    if "accept" in raw:
        _check_cloze_accept(
            r, raw["accept"][1], where, v, sorted({int(m.group(1)) for m in deletions})
        )
    for n in sorted({int(m.group(1)) for m in deletions}):
        blank = " ".join(m.group(2) for m in deletions if int(m.group(1)) == n)
        if too_long_to_type(blank):
            r.warn(
                tnode,
                f"{where}: deletion c{n} is too long to type ({_why_too_long(blank)});"
                " it is never asked. Blank a shorter part of the sentence",
            )


def _check_typed(r: _DeckReader, raw: Raw, where: str, v: dict[str, Any]) -> None:
    answer: str = v.get("answer", "")
    if "answer" in raw and too_long_to_type(answer):
        r.warn(
            raw["answer"][1],
            f"{where}: the answer is too long to type ({_why_too_long(answer)}); it is asked"
            " as a multiple-choice question instead (or not at all without two distractors)."
            " Shorten it, or make the card basic",
        )


def _why_too_long(answer: str) -> str:
    words = len(answer.split())
    if words > TYPED_MAX_WORDS:
        return f"{words} words, more than {TYPED_MAX_WORDS}"
    return "a sentence"


def _check_cloze_accept(
    r: _DeckReader, node: Node, where: str, v: dict[str, Any], numbers: list[int]
) -> None:
    """Every deletion named in a cloze's `accept` is in its text; a plain list needs one."""
    forms: tuple[tuple[int, tuple[str, ...]], ...] = v.get("cloze_accept", ())
    if not isinstance(node, MappingNode):
        if len(numbers) == 1:
            v["cloze_accept"] = tuple((numbers[0], f) for _, f in forms)
        else:
            r.report(
                node,
                f"{where}: this cloze has {len(numbers)} deletions; give 'accept' for each"
                " one by number, like accept: {c1: [...], c2: [...]}",
            )
        return
    seen: set[str] = set()
    for knode, _ in node.value:
        key = knode.value.strip() if isinstance(knode, ScalarNode) else ""
        m = CLOZE_KEY_RE.fullmatch(key)
        if m is None or key in seen:
            continue  # reported when the key was read
        seen.add(key)
        if int(m.group(1)) not in numbers:
            have = ", ".join(f"c{x}" for x in numbers)
            r.report(knode, f"{where}: 'accept' names {key}, but the text has only {have}")


def _check_choice(r: _DeckReader, raw: Raw, where: str, v: dict[str, Any]) -> None:
    choices: tuple[str, ...] = v.get("choices", ())
    answers: tuple[str, ...] = v.get("answers", ())
    if not choices or not answers:
        return
    folded = [c.casefold() for c in choices]
    seen: set[str] = set()
    for c, f in zip(choices, folded, strict=True):
        if f in seen:
            r.report(raw["choices"][1], f"{where}: choice '{c}' is listed twice")
        seen.add(f)
    anode = raw["answer"][1]
    for a in answers:
        if a.casefold() not in seen:
            r.report(
                anode,
                f"{where}: answer '{a}' is not one of the choices ({', '.join(choices)})",
            )
    if len({a.casefold() for a in answers}) >= len(seen):
        r.report(anode, f"{where}: every choice is an answer; add at least one wrong choice")


def _check_order(r: _DeckReader, raw: Raw, where: str, v: dict[str, Any]) -> None:
    items: tuple[str, ...] = v.get("items", ())
    seen: set[str] = set()
    for item in items:
        if item.casefold() in seen:
            r.report(raw["items"][1], f"{where}: order item '{item}' is listed twice")
        seen.add(item.casefold())


TYPE_CHECKS: dict[str, TypeCheck] = {
    "cloze": _check_cloze,
    "typed": _check_typed,
    "choice": _check_choice,
    "order": _check_order,
}


def _card_id(node: Node) -> str:
    if isinstance(node, MappingNode):
        for knode, vnode in node.value:
            if isinstance(knode, ScalarNode) and knode.value == "id":
                return vnode.value.strip() if isinstance(vnode, ScalarNode) else ""
    return ""


def suggest(word: str, options: set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def shown(node: Node) -> str:
    if isinstance(node, ScalarNode) and not is_null(node):
        return f"'{node.value}'"
    return kind_name(node)


__all__ = [
    "DeckLoadError",
    "Problem",
    "load_deck_file",
    "load_deck_text",
    "validate_file",
]
