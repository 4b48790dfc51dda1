"""The rule for outside text (quizapp.core.untrusted) and where the core applies it: the deck
loader, problems, config values, team names, CSV and JSON exports, links out of a deck
folder, and the limits in bytes and values of core/yamlsafe.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, SequenceNode

from quizapp.core import config, yamlsafe
from quizapp.core.classroom.drill import DrillSettings, new_drill, parse_teams
from quizapp.core.classroom.export import to_csv, to_json
from quizapp.core.clock import FakeClock
from quizapp.core.decks.discovery import DeckSource, deck_files, leaves_folder, load_decks
from quizapp.core.decks.loader import load_deck_file, load_deck_text
from quizapp.core.decks.model import Deck
from quizapp.core.problems import DeckLoadError, Problem
from quizapp.core.untrusted import csv_cell, is_safe, safe_json, safe_line, safe_text
from tests.hostile_helpers import (
    BIDI,
    CLICK_QUIT,
    CSI,
    FORMULA,
    OSC0,
    OSC52,
    broken_deck,
    hostile_deck,
    q,
)
from tests.tui_helpers import START

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)


# -- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]52;c;eA==\x07", "\\x1b]52;c;eA==\\x07"),
        ("a\x00b\x7fc\x9bd", "a\\x00b\\x7fc\\x9bd"),
        ("\r\x0b\x0c", "\\x0d\\x0b\\x0c"),
        ("\u202eevil\u202c", "\\u202eevil\\u202c"),
        ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
        ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
        ("two\nlines\tand a tab", "two\nlines\tand a tab"),
        ("שלום\u200f!", "שלום\u200f!"),  # bidi marks stay: right-to-left text needs them
        ("C:\\x1b is text", "C:\\x1b is text"),  # a backslash is kept as written
        ("[@click=app.quit]x[/]", "[@click=app.quit]x[/]"),  # markup is the TUI's business
        ("emoji 👩‍💻 and é", "emoji 👩‍💻 and é"),
    ],
)
def test_safe_text(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown


def test_safe_line_escapes_line_ends_too() -> None:
    assert safe_line("Red\nBlue\t\x1b") == "Red\\nBlue\\t\\x1b"


@given(ANY_TEXT)
def test_safe_text_leaves_nothing_to_escape(text: str) -> None:
    shown = safe_text(text)
    assert is_safe(shown)
    assert safe_text(shown) == shown
    shown.encode("utf-8")  # printable: no lone surrogate is left
    assert "\x1b" not in shown and "\u202e" not in shown
    if is_safe(text):
        assert shown == text
    assert is_safe(safe_line(text)) and "\n" not in safe_line(text)


@given(ANY_TEXT)
def test_safe_json_is_the_same_data(text: str) -> None:
    data = {"text": text, "list": [text, 1]}
    written = safe_json(json.dumps(data, ensure_ascii=False))
    assert is_safe(written) and "\n" not in written
    assert json.loads(written) == data


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("fine = 1", "fine = 1"),
        (-6, -6),  # a number the app writes stays a number
        (1.5, 1.5),
        ("a b", "a b"),
    ],
)
def test_csv_cell(cell: object, written: object) -> None:
    assert csv_cell(cell) == written


@given(ANY_TEXT)
def test_no_text_cell_starts_a_formula(text: str) -> None:
    written = csv_cell(text)
    assert isinstance(written, str) and written.endswith(text)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))


# -- applied at load ----------------------------------------------------------------------------


def deck_strings(deck: Deck) -> list[str]:
    """Every string the deck model holds."""
    out = [deck.id, deck.title, deck.description, deck.source, *deck.tags]
    for card in deck.cards:
        for name in card.__slots__:  # type: ignore[attr-defined]
            value = getattr(card, name)
            stack = [value]
            while stack:
                v = stack.pop()
                if isinstance(v, str):
                    out.append(v)
                elif isinstance(v, tuple):
                    stack.extend(v)
    return out


def test_a_hostile_deck_loads_with_every_string_made_safe() -> None:
    deck = load_deck_text(hostile_deck(CLICK_QUIT))
    strings = deck_strings(deck)
    assert all(is_safe(s) for s in strings)
    assert deck.title == CLICK_QUIT
    assert deck.cards[0].front.startswith("front [@click=app.quit]QUIT[/] [link=")
    assert safe_text(OSC52) in deck.cards[0].front and safe_text(BIDI) in deck.cards[0].front
    choice = deck.cards[3]
    assert choice.choices[2] == safe_text(OSC52 + "c") and choice.answers == (CLICK_QUIT,)
    assert deck.items()[2].prompt() == f"cloze {safe_text(OSC0)} [...] {safe_text(CSI)}"


def test_problem_messages_are_made_safe_when_shown() -> None:
    with pytest.raises(DeckLoadError) as caught:
        load_deck_text(broken_deck(), "\x1b]0;name\x07.yaml")
    (message,) = caught.value.messages()
    assert is_safe(message)
    assert message.startswith("\\x1b]0;name\\x07.yaml:8:5: card 'one': unknown key")
    assert str(Problem("a\u202e", 1, 2, "b\x1b")) == "a\\u202e:1:2: b\\x1b"


FIELDS = st.fixed_dictionaries(
    {
        name: ANY_TEXT
        for name in ("title", "front", "back", "explain", "hint", "choice", "item", "left")
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FIELDS)
def test_any_text_in_any_field_loads_safe_or_is_reported_safely(texts: dict[str, str]) -> None:
    """The loader never fails on any text; what it builds or reports holds no control."""
    t = texts
    text = f"""\
id: any
title: {q(t["title"])}
description: {q(t["title"] + "d")}
cards:
  - id: a
    front: {q(t["front"])}
    back: {q(t["back"])}
    explain: {q(t["explain"])}
    hint: {q(t["hint"])}
  - id: b
    type: choice
    question: {q(t["front"])}
    choices: [{q(t["choice"] + " 1")}, {q(t["choice"] + " 2")}]
    answer: {q(t["choice"] + " 1")}
  - id: c
    type: order
    question: {q(t["back"])}
    items: [{q("1 " + t["item"])}, {q("2 " + t["item"])}]
  - id: d
    type: match
    question: q
    pairs: {{{q("1 " + t["left"])}: {q(t["item"] + " a")}, {q("2 " + t["left"])}: b}}
"""
    try:
        deck = load_deck_text(text, "any.yaml")
    except DeckLoadError as exc:
        assert all(is_safe(m) for m in exc.messages())
        return
    assert all(is_safe(s) for s in deck_strings(deck))


# -- config, teams, exports ----------------------------------------------------------------


def test_config_values_are_outside_text() -> None:
    with pytest.raises(config.ConfigError) as caught:
        config.parse_config('timezone: "[/]\\e]0;x\\a"\n', "\x1b.yaml")
    (message,) = caught.value.messages()
    assert message == "\\x1b.yaml:1:11: unknown timezone '[/]\\x1b]0;x\\x07'"
    assert config.parse_config('theme: "\\e]0;t\\a"\n').theme == "\\x1b]0;t\\x07"


def test_team_names_are_made_safe() -> None:
    assert parse_teams(f"{CLICK_QUIT}, Blue\x1b[2J, \u202eRed") == (
        CLICK_QUIT,
        "Blue\\x1b[2J",
        "\\u202eRed",
    )
    saved = DrillSettings(teams=("a\x1bb", "c")).to_dict()
    assert DrillSettings.from_dict(saved).teams == ("a\\x1bb", "c")


def test_drill_csv_neutralises_formula_cells_and_json_is_data(tmp_path: Path) -> None:
    deck_text = hostile_deck("t")
    deck = load_deck_text(deck_text)
    teams = (FORMULA, "+1", "@me", "-x")
    drill = new_drill(
        deck, DrillSettings(teams=teams, count=2, seed=1, types=("choice",)), FakeClock(START)
    )
    drill.id = 1
    drill.start()
    for team in range(len(teams)):
        drill.set_choice(team, "A")
    drill.reveal()
    rows = list(csv.reader(io.StringIO(to_csv(drill))))
    header, body = rows[0], rows[1:]
    team_column = header.index("team")
    assert {r[team_column] for r in body} == {f"'{FORMULA}", "'+1", "'@me", "'-x"}
    for row in body:
        for cell in row:
            if cell.startswith("-"):
                assert cell[1:].isdigit()  # negative points, a number
            else:
                assert not cell.startswith(("=", "+", "@", "\t", "\r"))
    data = json.loads(to_json(drill))
    assert {t["team"] for t in data["totals"]} == set(teams)


# -- links out of a deck folder ------------------------------------------------------------


def test_links_out_of_a_deck_folder_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(hostile_deck("Secret", "secret"), encoding="utf-8")
    folder = tmp_path / "decks"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "inside.yaml").write_text(hostile_deck("In", "inside"), encoding="utf-8")
    (folder / "out.yaml").symlink_to(outside)
    (folder / "in.yaml").symlink_to(folder / "sub" / "inside.yaml")
    (tmp_path / "other.yaml").write_text(hostile_deck("Other", "other"), encoding="utf-8")
    (folder / "up.yaml").symlink_to(Path("..") / "other.yaml")
    assert leaves_folder(folder / "in.yaml", folder) == ""
    assert leaves_folder(outside, outside) == ""  # a file named directly
    assert "a link to a file outside" in leaves_folder(folder / "out.yaml", folder)
    found = load_decks(deck_files([DeckSource(folder)]))
    assert sorted(found.decks) == ["inside"]
    broken = {b.path.name: b for b in found.broken}
    assert sorted(broken) == ["out.yaml", "up.yaml"]
    for b in broken.values():
        assert b.problems == [
            f"{b.path}:1:1: this is a link to a file outside {folder}; quizapp does not follow"
            " links out of a deck folder. Copy the deck into the folder instead"
        ]
    # a folder reached through a link is the folder: its own files are read
    linked = tmp_path / "linked"
    linked.symlink_to(folder / "sub")
    assert sorted(load_decks(deck_files([DeckSource(linked)])).decks) == ["inside"]


# -- limits in bytes and values ------------------------------------------------------------


def test_the_large_file_message_says_the_limit_and_how_to_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "big.yaml"
    path.write_text("#" * 3000, encoding="utf-8")
    with pytest.raises(DeckLoadError) as caught:
        load_deck_file(path)
    assert caught.value.messages() == [
        f"{path}:1:1: the file is 0.0 MiB, over the 0.000976562 MiB limit for a deck file."
        " Split it into several deck files, each a whole deck with its own id, title and"
        " description and a share of the cards"
    ]


def amplified(cards: int, size: int) -> str:
    lines = ["id: amp", "title: A", "description: d", "source: &big " + "A" * size, "cards:"]
    lines += [f"- {{id: c{i}, front: *big, back: b}}" for i in range(cards)]
    return "\n".join(lines) + "\n"


def test_text_amplified_by_aliases_past_the_cap_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_EXPANDED_BYTES", 100_000)
    load_deck_text(amplified(8, 10_000))  # 90,000 bytes once written out: fine
    with pytest.raises(DeckLoadError) as caught:
        load_deck_text(amplified(11, 10_000), "amp.yaml")
    assert caught.value.messages() == [
        "amp.yaml:6:1: with its aliases written out, the text here comes to more than"
        " 0.0953674 MiB, the most a deck may hold (an alias repeats all of its anchor's text"
        " each time it is used); write shorter texts, or split the deck"
    ]


def test_the_real_amplification_case_is_refused() -> None:
    with pytest.raises(DeckLoadError) as caught:
        load_deck_text(amplified(200, 1_000_000), "amp.yaml")
    assert "comes to more than 32 MiB, the most a deck may hold" in caught.value.messages()[0]


def test_too_many_values_are_refused_while_counting_before_composing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_EXPANDED_NODES", 1000)
    composed: list[str] = []
    check_tree = yamlsafe.check_tree
    monkeypatch.setattr(yamlsafe, "check_tree", lambda n: (composed.append("x"), check_tree(n)))
    small = "id: s\ntitle: t\ndescription: d\ncards:\n" + "".join(
        f"- {{id: c{i}, front: x, back: y}}\n" for i in range(100)
    )
    load_deck_text(small)  # 7 values a card: 700, under the limit
    assert composed == ["x"]
    big = small + "".join(f"- {{id: d{i}, front: x, back: y}}\n" for i in range(100))
    with pytest.raises(DeckLoadError) as caught:
        load_deck_text(big, "big.yaml")
    assert composed == ["x"]  # the big one was refused before it was composed
    (message,) = caught.value.messages()
    line, col = map(int, message.split(":")[1:3])
    assert 140 < line < 150  # where the 1,001st value is
    assert message == (
        f"big.yaml:{line}:{col}: this file has more than 1,000 values (texts, lists and mappings)"
        f" by line {line}, the most a deck file may hold. Split it into several deck files,"
        f" each a whole deck with its own id: one with the cards before line {line}, another"
        " with the rest"
    )


def count_nodes(root: Node | None) -> int:
    """Values as composed, an alias counted once where it is written (as the parser sees)."""
    if root is None:
        return 0
    seen: set[int] = set()
    total = 0
    stack = [root]
    while stack:
        node = stack.pop()
        total += 1
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack += [k, v]
    return total


TRICKY = [
    "[?]",
    "[? a, ? b]",
    "{? , ?}",
    "{? a, ? b}",
    "{a, b, c}",
    "{?}",
    "[a: b, c: d]",
    "- - - a",
    "? a\n: b\n? c\n",
    "a: &x [1, 2]\nb: *x\nc: *x\n",
    "[[[], []], {}]",
    "- {a: [b, {c: d}]}\n- ? [e]\n  : f\n",
    "plain scalar",
    "|\n  block\n",
    "--- [a, b]\n",
    "k:\n- a\n- b\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_value_bound_is_never_below_the_values_composed(text: str) -> None:
    node = yaml.compose(text, Loader=yamlsafe.Loader)
    assert yamlsafe.value_bound(text) >= count_nodes(node)


SCALARS = st.one_of(st.text(max_size=8), st.integers(), st.none(), st.booleans())
TREES = st.recursive(
    SCALARS,
    lambda kids: st.one_of(
        st.lists(kids, max_size=5), st.dictionaries(st.text(max_size=5), kids, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(TREES, st.sampled_from([None, True, False]))
def test_value_bound_holds_for_any_document(tree: object, flow: bool | None) -> None:
    text = yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True)
    node = yaml.compose(text, Loader=yamlsafe.Loader)
    assert yamlsafe.value_bound(text) >= count_nodes(node)
