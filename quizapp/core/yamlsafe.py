"""Reading untrusted YAML into a node tree with positions, safely.

We never *construct* Python objects from YAML: the document is composed into PyYAML nodes
(libyaml's ``CSafeLoader`` when present, the pure-Python ``SafeLoader`` otherwise) and the deck
schema reads scalars' source text from those nodes. That keeps every value's line and column,
refuses object-building tags, and makes alias bombs cheap to detect: aliases stay shared
references, and the expanded size is computed once per distinct node.

Limits, so that a deck from a stranger costs a bounded time and memory (docs/deck-format.md,
"Limits"): the file's size (`MAX_FILE_BYTES`), its values as written and as expanded by
aliases (`MAX_EXPANDED_NODES`) and its text as expanded by aliases (`MAX_EXPANDED_BYTES`).
Composing costs about 500 bytes of memory per value, so a file that may hold more values
than the limit is counted first, event by event, without building anything (`count_values`):
it is refused after reading `MAX_EXPANDED_NODES` values instead of after composing them all.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:
    Loader = yaml.CSafeLoader
    LIBYAML = True
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    Loader = yaml.SafeLoader
    LIBYAML = False

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 2_000_000  # values (texts, lists, mappings), as written and as expanded
MAX_EXPANDED_BYTES = MAX_FILE_BYTES  # a deck's text once its aliases are written out
# Characters that start one value, or a key and its value (see `value_bound`).
SINGLE_STARTS = ("-", "[")
DOUBLE_STARTS = (":", "?", ",", "{")

TAG_PREFIX = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(
    TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
BOOL_TRUE = frozenset({"true", "yes", "on", "y"})
BOOL_FALSE = frozenset({"false", "no", "off", "n"})


@dataclass(frozen=True, slots=True)
class YamlProblem:
    line: int  # 1-based
    column: int  # 1-based
    message: str


class YamlError(Exception):
    """The text could not be read as a plain YAML document."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def pos(node: Node) -> tuple[int, int]:
    """A node's 1-based (line, column)."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def read_text(path: Path, limit: int | None = None) -> str:
    """Read a deck file as UTF-8 text, refusing huge, binary and non-UTF-8 files."""
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlError(YamlProblem(1, 1, f"cannot read the file: {exc.strerror or exc}")) from None
    if size > limit:
        raise YamlError(
            YamlProblem(
                1,
                1,
                f"the file is {size / 1048576:.1f} MiB, over the {mib(limit)} limit for a deck"
                " file. Split it into several deck files, each a whole deck with its own id,"
                " title and description and a share of the cards",
            )
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise YamlError(YamlProblem(1, 1, f"cannot read the file: {exc.strerror or exc}")) from None
    return decode(data)


def decode(data: bytes) -> str:
    if b"\x00" in data:
        line, col = _line_col(data, data.index(b"\x00"))
        raise YamlError(YamlProblem(line, col, "this is not a text file (it contains NUL bytes)"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise YamlError(
            YamlProblem(
                line,
                col,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            )
        ) from None
    return text.removeprefix("\ufeff")


def mib(size: int) -> str:
    """A limit in MiB, as a message names it: '32 MiB'."""
    return f"{size / 1048576:g} MiB"


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def compose(text: str) -> Node | None:
    """Compose one YAML document into nodes; None for an empty document.

    Raises YamlError for syntax errors, several documents, object-building or unknown tags,
    recursive aliases, nesting deeper than MAX_DEPTH and alias bombs.
    """
    gc_was_enabled = gc.isenabled()
    # Composing allocates many small objects and no cycles: the collector would only slow it.
    gc.disable()
    try:
        if value_bound(text) > MAX_EXPANDED_NODES:
            count_values(text)
        try:
            loader = Loader(text)
            try:
                node = loader.get_single_node()
            finally:
                loader.dispose()
        except yaml.MarkedYAMLError as exc:
            if "maximum nesting depth" in str(exc.problem):
                raise YamlError(_depth_problem(text)) from None
            raise YamlError(_syntax_problem(exc)) from None
        except RecursionError:
            raise YamlError(_depth_problem(text)) from None
        except yaml.YAMLError as exc:
            raise YamlError(YamlProblem(1, 1, f"YAML error: {exc}")) from None
        if node is not None:
            check_tree(node)
        return node
    finally:
        if gc_was_enabled:
            gc.enable()


def value_bound(text: str) -> int:
    """At least the number of values `text` composes to, from one pass over its characters.

    Every value but the document's first is a block sequence item (after its "-"), the
    first item of a flow sequence (after "["), or a key and its value: of a block mapping
    (around ":" or after "?"), or of a flow mapping entry (after "{" or ","; an entry without
    ":" has a null value), or a later flow sequence item (after ","). An alias is one of
    these too, and so is a collection. Quoted text and comments only make the bound larger.
    """
    doubled = sum(text.count(ch) for ch in DOUBLE_STARTS)
    return 1 + sum(text.count(ch) for ch in SINGLE_STARTS) + 2 * doubled


VALUE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def count_values(text: str) -> None:
    """Refuse `text` as soon as it has written out more than MAX_EXPANDED_NODES values, from
    the parser's events alone (nothing is built, so memory stays flat). A syntax error is
    left for `compose` to report."""
    loader = Loader(text)
    values = 0
    try:
        while True:
            event = loader.get_event()
            if isinstance(event, VALUE_EVENTS):
                values += 1
                if values > MAX_EXPANDED_NODES:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise YamlError(_too_many(line, col))
            elif isinstance(event, yaml.StreamEndEvent):
                return
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _too_many(line: int, col: int) -> YamlProblem:
    return YamlProblem(
        line,
        col,
        f"this file has more than {MAX_EXPANDED_NODES:,} values (texts, lists and mappings)"
        f" by line {line:,}, the most a deck file may hold. Split it into several deck files,"
        f" each a whole deck with its own id: one with the cards before line {line:,}, another"
        " with the rest",
    )


def _syntax_problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or "malformed YAML"
    if "expected a single document" in (exc.context or ""):
        problem = "a deck file holds one YAML document; found a second one ('---')"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    return YamlProblem(line, col, f"YAML syntax error: {problem}")


def _depth_problem(text: str) -> YamlProblem:
    """Locate where the nesting first goes deeper than MAX_DEPTH, from the event stream."""
    depth = 0
    try:
        # The pure-Python parser: libyaml stops at its own depth limit before reporting events.
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                m = event.start_mark
                if depth > MAX_DEPTH and m is not None:
                    return _too_deep(m.line + 1, m.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            return _too_deep(mark.line + 1, mark.column + 1)
    return _too_deep(1, 1)


def _too_deep(line: int, col: int) -> YamlProblem:
    return YamlProblem(line, col, f"nested deeper than {MAX_DEPTH} levels; a deck never needs that")


def check_tree(root: Node) -> None:
    """Refuse unknown tags, recursive aliases, deep nesting, alias bombs and text amplified by
    aliases past MAX_EXPANDED_BYTES (iteratively)."""
    expanded: dict[int, int] = {}  # id(node) -> number of nodes once aliases are expanded
    text_bytes: dict[int, int] = {}  # id(node) -> bytes of its text once aliases are expanded
    on_path: set[int] = set()
    # Stack entries: (node, depth, children_done)
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total = 1
            size = 0
            for child in _children(node):
                total += expanded[id(child)]
                size += text_bytes[id(child)]
            if total > MAX_EXPANDED_NODES:
                line, col = pos(node)
                raise YamlError(
                    YamlProblem(
                        line,
                        col,
                        f"anchors and aliases here expand to more than {MAX_EXPANDED_NODES:,}"
                        " values (an alias bomb?); write the values out instead",
                    )
                )
            if size > MAX_EXPANDED_BYTES:
                line, col = pos(node)
                raise YamlError(_amplified(line, col))
            expanded[key] = total
            text_bytes[key] = size
            continue
        if key in expanded:
            continue
        if key in on_path:
            line, col = pos(node)
            raise YamlError(YamlProblem(line, col, "an alias refers to the node that contains it"))
        if node.tag not in PLAIN_TAGS:
            line, col = pos(node)
            raise YamlError(
                YamlProblem(
                    line,
                    col,
                    f"tag '{node.tag.removeprefix(TAG_PREFIX)}' is not allowed: decks use plain"
                    " text, numbers, true/false, lists and mappings",
                )
            )
        if isinstance(node, ScalarNode):
            expanded[key] = 1
            value: str = node.value
            text_bytes[key] = (
                len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))
            )
            continue
        if depth > MAX_DEPTH:
            line, col = pos(node)
            raise YamlError(_too_deep(line, col))
        on_path.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) not in expanded:
                stack.append((child, depth + 1, False))
            elif id(child) in on_path:
                line, col = pos(child)
                raise YamlError(
                    YamlProblem(line, col, "an alias refers to the node that contains it")
                )


def _amplified(line: int, col: int) -> YamlProblem:
    return YamlProblem(
        line,
        col,
        f"with its aliases written out, the text here comes to more than"
        f" {mib(MAX_EXPANDED_BYTES)}, the most a deck may hold (an alias repeats all of its"
        " anchor's text each time it is used); write shorter texts, or split the deck",
    )


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        out: list[Node] = []
        for k, v in node.value:
            out.append(k)
            out.append(v)
        return out
    return []


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == TAG_PREFIX + "null"


def scalar_value(node: ScalarNode) -> str | int | float | bool | None:
    """A plain scalar as Python: null, true/false, a number, or its text (dates stay text)."""
    tag = node.tag.removeprefix(TAG_PREFIX)
    text = str(node.value)
    if tag == "null":
        return None
    if tag == "bool":
        return text.lower() in BOOL_TRUE
    try:
        if tag == "int":
            return int(text.replace("_", ""), 0)
        if tag == "float":
            return float(text.replace("_", ""))
    except ValueError:
        pass  # YAML 1.1 forms nobody writes in a setting (sexagesimal, .inf): keep the text
    return text


def kind_name(node: Node) -> str:
    """How a node reads to a deck author: 'a list', 'a mapping', 'nothing', 'text'..."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    if is_null(node):
        return "nothing"
    tag = node.tag.removeprefix(TAG_PREFIX)
    return {"bool": "true/false", "int": "a number", "float": "a number"}.get(tag, "text")
