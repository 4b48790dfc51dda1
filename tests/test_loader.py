"""The deck loader: every error class is reported at the offending node's line and column."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from quizapp.core import yamlsafe
from quizapp.core.decks.loader import DeckLoadError, Problem, load_deck_file, load_deck_text
from quizapp.core.decks.model import Deck

GOOD = """\
id: sample
title: Sample deck
description: One card of every type.
source: A test
tags: [test]
cards:
  - id: b1
    front: Capital of Armenia?
    back: Yerevan
    reverse: true
    kind: place
  - id: b2
    front: Capital of Azerbaijan?
    back: Baku
  - id: c1
    type: cloze
    text: "The {{c1::CSTO}} was set up in {{c2::2002::year}}."
  - id: t1
    type: typed
    question: Who?
    answer: Sadyr Japarov
    accept: [Zhaparov]
  - id: ch1
    type: choice
    question: Which?
    choices: [A, B, C]
    answer: [A, B]
  - id: tf1
    type: truefalse
    statement: Russia is a member.
    answer: true
  - id: o1
    type: order
    question: Order them.
    items: [one, two, three]
  - id: m1
    type: match
    question: Match them.
    pairs:
      Baku: Azerbaijan
      Yerevan: Armenia
"""


def problems(text: str) -> list[Problem]:
    with pytest.raises(DeckLoadError) as info:
        load_deck_text(textwrap.dedent(text), "deck.yaml")
    return info.value.problems


def only(text: str) -> Problem:
    found = problems(text)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def at(p: Problem) -> tuple[int, int]:
    return (p.line, p.column)


def test_good_deck_loads_every_card_type() -> None:
    deck = load_deck_text(GOOD, "good.yaml")
    assert isinstance(deck, Deck)
    assert [c.type for c in deck.cards] == [
        "basic",
        "basic",
        "cloze",
        "typed",
        "choice",
        "truefalse",
        "order",
        "match",
    ]
    ids = [i.id for i in deck.items()]
    assert ids == ["b1", "b1/reverse", "b2", "c1/c1", "c1/c2", "t1", "ch1", "tf1", "o1", "m1"]
    items = {i.id: i for i in deck.items()}
    assert items["b1/reverse"].prompt() == "Yerevan"
    assert items["c1/c2"].prompt() == "The CSTO was set up in [year]."
    assert items["c1/c1"].answer_text() == "CSTO"
    assert deck.cards[4].answers == ("A", "B") and deck.cards[4].select_all
    assert deck.cards[5].truth is True
    assert deck.cards[7].pairs == (("Baku", "Azerbaijan"), ("Yerevan", "Armenia"))
    assert deck.cards[0].kind == "place"


def test_numbers_and_dates_keep_their_written_form() -> None:
    deck = load_deck_text(
        "id: d\ntitle: t\ndescription: d\ncards:\n"
        "  - {id: a, front: Year?, back: 1992}\n"
        "  - {id: b, front: Day?, back: 2022-09-12}\n"
        "  - {id: c, front: Yes?, back: yes}\n"
    )
    assert [c.back for c in deck.cards] == ["1992", "2022-09-12", "yes"]


def test_malformed_yaml_reports_pyyaml_position() -> None:
    p = only("id: x\ntitle: [unclosed\ndescription: d\n")
    assert p.message.startswith("YAML syntax error")
    assert p.line == 3


def test_second_document_is_refused() -> None:
    p = only(GOOD + "---\nid: other\n")
    assert "one YAML document" in p.message


def test_wrong_top_level_shape() -> None:
    p = only("- id: a\n- id: b\n")
    assert at(p) == (1, 1)
    assert "should be a mapping" in p.message and "a list" in p.message


def test_unknown_keys_suggest_the_right_one() -> None:
    found = problems(GOOD.replace("    back: Baku", "    bakc: Baku").replace("tags:", "tgas:"))
    messages = {p.message: at(p) for p in found}
    assert messages["deck: unknown key 'tgas' (did you mean 'tags'?)"] == (5, 1)
    assert messages["card 'b2': unknown key 'bakc' (did you mean 'back'?)"] == (14, 5)
    assert messages["card 'b2': basic card is missing 'back'"] == (12, 5)


def test_key_of_another_card_type_is_named_as_such() -> None:
    p = only(
        GOOD.replace("    statement: Russia is a member.", "    statement: R.\n    items: [a, b]")
    )
    assert p.message == "card 'tf1': 'items' is not used by truefalse cards"


def test_missing_and_empty_required_fields() -> None:
    found = problems("id: x\ntitle: ''\ncards:\n  - id: a\n    type: typed\n    question: ' '\n")
    got = {p.message: at(p) for p in found}
    assert got["deck: missing required key 'description'"] == (1, 1)
    assert got["deck: 'title' is empty"] == (2, 8)
    assert got["card 'a': 'question' is empty"] == (6, 15)
    assert got["card 'a': typed card is missing 'answer'"] == (4, 5)


def test_wrong_value_types() -> None:
    text = GOOD.replace("    reverse: true", "    reverse: sometimes").replace(
        "tags: [test]", "tags: {a: 1}"
    )
    got = {p.message: at(p) for p in problems(text)}
    assert got["card 'b1': 'reverse' should be true or false, not 'sometimes'"] == (10, 14)
    assert got["deck: 'tags' should be a list, not a mapping"] == (5, 7)


def test_cards_must_be_a_list_of_mappings() -> None:
    p = only("id: x\ntitle: t\ndescription: d\ncards:\n  - just text\n")
    assert at(p) == (5, 5)
    assert "a card should be a mapping" in p.message


def test_duplicate_card_ids() -> None:
    text = GOOD.replace("  - id: b2\n", "  - id: b1\n")
    p = only(text)
    assert at(p) == (12, 5)
    assert p.message == (
        "card 2: card id 'b1' is already used on line 7; card ids must be unique within the deck"
    )


def test_duplicate_keys_in_a_mapping() -> None:
    p = only(GOOD.replace("    back: Baku", "    back: Baku\n    back: Bakou"))
    assert at(p) == (15, 5)
    assert "key 'back' appears twice (first on line 14)" in p.message


def test_invalid_ids() -> None:
    found = problems(GOOD.replace("id: sample", "id: Sample Deck").replace("id: b2", "id: 'b/2'"))
    assert [at(p) for p in found] == [(1, 5), (12, 9)]
    assert all("not a valid id" in p.message for p in found)


def test_choice_answer_not_among_choices() -> None:
    p = only(GOOD.replace("    answer: [A, B]", "    answer: [A, D]"))
    assert at(p) == (27, 13)
    assert p.message == "card 'ch1': answer 'D' is not one of the choices (A, B, C)"


def test_choice_needs_a_wrong_choice() -> None:
    p = only(GOOD.replace("    answer: [A, B]", "    answer: [A, B, C]"))
    assert "add at least one wrong choice" in p.message


def test_cloze_without_deletion() -> None:
    p = only(GOOD.replace('"The {{c1::CSTO}} was set up in {{c2::2002::year}}."', "No blanks."))
    assert at(p) == (17, 11)
    assert "cloze text has no deletion" in p.message


def test_cloze_with_empty_deletion() -> None:
    p = only(GOOD.replace("{{c1::CSTO}}", "{{c1:: }}"))
    assert "deletion c1 is empty" in p.message


def test_order_needs_two_items() -> None:
    p = only(GOOD.replace("    items: [one, two, three]", "    items: [one]"))
    assert at(p) == (35, 12)
    assert p.message == "card 'o1': 'items' needs at least 2 items, found 1"


def test_match_with_duplicate_sides() -> None:
    text = GOOD.replace("      Yerevan: Armenia", "      Yerevan: Azerbaijan\n      Baku: Armenia")
    got = {p.message: at(p) for p in problems(text)}
    assert got[
        "card 'm1': 'Azerbaijan' appears twice on the right side of the pairs (first on line 40)"
    ] == (41, 7)
    assert got[
        "card 'm1': 'Baku' appears twice on the left side of the pairs (first on line 40)"
    ] == (42, 7)


def test_unknown_card_type_suggests() -> None:
    p = only(GOOD.replace("    type: typed", "    type: typd"))
    assert at(p) == (19, 11)
    assert "unknown card type 'typd' (did you mean 'typed'?)" in p.message


def test_every_problem_is_reported_sorted() -> None:
    text = (
        GOOD.replace("    back: Baku", "    bakc: Baku")
        .replace("    answer: [A, B]", "    answer: Z")
        .replace("    items: [one, two, three]", "    items: [one]")
    )
    found = problems(text)
    assert len(found) == 4
    assert found == sorted(found, key=lambda p: (p.line, p.column))
    assert str(found[0]).startswith("deck.yaml:12:5: ")


# -- hostile and broken files --------------------------------------------------------------


# --- fact: the fact a card teaches ----------------------------------------------------------

FACTS = GOOD.replace("    kind: place\n", "    kind: place\n    fact: capitals\n").replace(
    "    back: Baku\n", "    back: Baku\n    fact: capitals\n"
)


def test_a_fact_makes_cards_siblings() -> None:
    deck = load_deck_text(FACTS, "facts.yaml")
    b1, b2, c1 = deck.cards[:3]
    assert b1.fact == b2.fact == "capitals" and c1.fact == ""
    assert b1.sibling_group == b2.sibling_group == "fact:capitals"
    assert c1.sibling_group == "c1"  # a card without a fact is its own group


def test_a_fact_must_be_a_slug() -> None:
    p = only(FACTS.replace("place\n    fact: capitals", "place\n    fact: Capital Cities"))
    assert p.message == (
        "card 'b1': fact 'Capital Cities' is not a valid slug: use lowercase letters, digits,"
        " '-', '_' or '.', starting with a letter or digit"
    )
    assert at(p) == (12, 11)


def test_a_fact_must_be_text_and_not_empty() -> None:
    found = problems(FACTS.replace("place\n    fact: capitals", "place\n    fact: [a, b]"))
    assert [(p.message, at(p)) for p in found] == [
        ("card 'b1': 'fact' should be text, not a list", (12, 11))
    ]
    p = only(FACTS.replace("place\n    fact: capitals", "place\n    fact: ''"))
    assert (p.message, at(p)) == ("card 'b1': 'fact' is empty", (12, 11))


def test_a_misspelt_fact_key_gets_a_suggestion() -> None:
    p = only(GOOD.replace("    kind: place\n", "    kind: place\n    fakt: capitals\n"))
    assert p.message == "card 'b1': unknown key 'fakt' (did you mean 'fact'?)"
    assert at(p) == (12, 5)


# --- accept on a cloze card: other answers for a deletion -------------------------------------

CLOZE_ACCEPT = GOOD.replace(
    '    text: "The {{c1::CSTO}} was set up in {{c2::2002::year}}."\n',
    '    text: "The {{c1::CSTO}} was set up in {{c2::2002::year}}."\n'
    '    accept:\n      c1: [Collective Security Treaty Organization]\n      c2: ["\'02"]\n',
)


def test_cloze_accept_gives_each_deletion_its_other_answers() -> None:
    deck = load_deck_text(CLOZE_ACCEPT, "cloze.yaml")
    items = {i.id: i for i in deck.items()}
    assert items["c1/c1"].accepted() == ["CSTO", "Collective Security Treaty Organization"]
    assert items["c1/c2"].accepted() == ["2002", "'02"]
    assert items["c1/c1"].answer_text() == "CSTO"


def test_cloze_accept_as_a_list_for_a_single_deletion() -> None:
    text = GOOD.replace("{{c2::2002::year}}", "2002").replace(
        'was set up in 2002."\n', 'was set up in 2002."\n    accept: [C.S.T.O]\n'
    )
    item = next(i for i in load_deck_text(text).items() if i.id == "c1/c1")
    assert item.accepted() == ["CSTO", "C.S.T.O"]


def test_cloze_accept_problems_point_at_the_key() -> None:
    p = only(CLOZE_ACCEPT.replace("      c2: [", "      c3: ["))
    assert p.message == "card 'c1': 'accept' names c3, but the text has only c1, c2"
    assert at(p) == (20, 7)
    p = only(CLOZE_ACCEPT.replace("      c2: [", "      second: ["))
    assert p.message == "card 'c1': 'accept' keys name a deletion, like c1 or c2, not 'second'"
    assert at(p) == (20, 7)
    p = only(CLOZE_ACCEPT.replace("      c2: [", "      c1: ["))
    assert "key 'c1' appears twice (first on line 19)" in p.message and at(p) == (20, 7)


def test_cloze_accept_list_needs_a_single_deletion() -> None:
    text = GOOD.replace('2002::year}}."\n', '2002::year}}."\n    accept: [C.S.T.O]\n')
    p = only(text)
    assert p.message == (
        "card 'c1': this cloze has 2 deletions; give 'accept' for each one by number,"
        " like accept: {c1: [...], c2: [...]}"
    )
    assert at(p) == (18, 13)


def test_accept_is_a_list_on_other_cards() -> None:
    p = only(GOOD.replace("    accept: [Zhaparov]", "    accept: {c1: [Zhaparov]}"))
    assert p.message == "card 't1': 'accept' should be a list, not a mapping"


def write(tmp_path: Path, data: bytes | str, name: str = "deck.yaml") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def file_problem(path: Path) -> Problem:
    with pytest.raises(DeckLoadError) as info:
        load_deck_file(path)
    assert len(info.value.problems) == 1
    p = info.value.problems[0]
    assert p.path == str(path)
    return p


def test_empty_file(tmp_path: Path) -> None:
    p = file_problem(write(tmp_path, ""))
    assert at(p) == (1, 1) and "the file is empty" in p.message


def test_comment_only_file_is_empty(tmp_path: Path) -> None:
    assert "the file is empty" in file_problem(write(tmp_path, "# nothing\n")).message


def test_binary_garbage(tmp_path: Path) -> None:
    p = file_problem(write(tmp_path, b"id: x\n\x89PNG\x00\x01\x02"))
    assert at(p) == (2, 5) and "not a text file" in p.message


def test_not_utf8(tmp_path: Path) -> None:
    p = file_problem(write(tmp_path, b"id: x\ntitle: caf\xe9\n"))
    assert at(p) == (2, 11) and "not valid UTF-8" in p.message


def test_utf8_bom_is_fine(tmp_path: Path) -> None:
    deck = load_deck_file(write(tmp_path, "\ufeff" + GOOD))
    assert deck.id == "sample"


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['echo pwned']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!custom thing",
    ],
)
def test_object_building_tags_are_refused(tmp_path: Path, tag: str) -> None:
    p = file_problem(write(tmp_path, f"id: x\ntitle: {tag}\n"))
    assert at(p) == (2, 8)
    assert "is not allowed" in p.message


def test_billion_laughs(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    p = file_problem(write(tmp_path, "\n".join(lines) + "\n"))
    assert "alias bomb" in p.message and p.line == 7


def test_recursive_alias(tmp_path: Path) -> None:
    p = file_problem(write(tmp_path, "id: x\ntitle: &a [*a]\n"))
    assert "refers to the node that contains it" in p.message


def test_small_aliases_are_fine() -> None:
    text = GOOD.replace("tags: [test]", "tags: &t [test]").replace(
        "    kind: place", "    kind: place\n    tags: *t"
    )
    assert load_deck_text(text).cards[0].tags == ("test",)


@pytest.mark.parametrize("depth", [70, 400, 5000])
def test_very_deep_nesting(tmp_path: Path, depth: int) -> None:
    p = file_problem(write(tmp_path, "id: x\ntitle: " + "[" * depth + "]" * depth + "\n"))
    assert at(p) == (2, 7 + yamlsafe.MAX_DEPTH)
    assert "nested deeper than 64 levels" in p.message


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, GOOD)
    assert load_deck_file(path).id == "sample"
    monkeypatch.setattr(yamlsafe, "MAX_FILE_BYTES", 1024 * 1024)
    write(tmp_path, GOOD + "#" * (1024 * 1024))
    p = file_problem(path)
    assert at(p) == (1, 1)
    assert "over the 1 MiB limit" in p.message


def test_real_size_limit_is_named() -> None:
    assert yamlsafe.MAX_FILE_BYTES == 32 * 1024 * 1024


def test_unreadable_path_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    p = file_problem(tmp_path)  # a folder is not a readable file
    assert "cannot read the file" in p.message


@pytest.fixture(params=["libyaml", "python"])
def loader_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "python":
        monkeypatch.setattr(yamlsafe, "Loader", yaml.SafeLoader)
    elif not yamlsafe.LIBYAML:  # pragma: no cover
        pytest.skip("PyYAML built without libyaml")
    return str(request.param)


@pytest.mark.parametrize(
    "text, where",
    [
        ("id: x\ntitle: [oops\n", None),
        ("id: x\ntitle: " + "[" * 2000 + "]" * 2000 + "\n", (2, 71)),
        ("id: x\ntitle: !!python/object:os.system x\n", (2, 8)),
        ("- a\n", (1, 1)),
    ],
    ids=["syntax", "deep", "tag", "shape"],
)
def test_pure_python_fallback_gives_the_same_messages(
    loader_kind: str, text: str, where: tuple[int, int] | None
) -> None:
    p = only(text) if where else problems(text)[0]
    if where:
        assert at(p) == where
    assert p.path == "deck.yaml"


def test_both_loaders_build_the_same_deck(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load_deck_text(GOOD)
    monkeypatch.setattr(yamlsafe, "Loader", yaml.SafeLoader)
    assert load_deck_text(GOOD) == fast


# --- warnings: a deck that loads, with something its author should know ---------------------

TOO_LONG = """\
id: long-answers
title: Long answers
description: Answers too long to type.
cards:
  - id: sentence
    type: typed
    question: What did the author conclude?
    answer: The alliance was failing.
  - id: many-words
    type: typed
    question: What was called off?
    answer: A CSTO military drill that was abruptly called off in 2022
  - id: fine
    type: typed
    question: Capital?
    answer: Yerevan
  - id: long-basic
    front: What was called off?
    back: A CSTO military drill that was abruptly called off in 2022
  - id: long-cloze
    type: cloze
    text: "He said {{c1::that regional organisations were failing to prevent the conflicts}}."
"""


def test_a_typed_answer_too_long_to_type_is_a_warning_not_an_error() -> None:
    warnings: list[Problem] = []
    deck = load_deck_text(TOO_LONG, "deck.yaml", warnings)
    assert len(deck.cards) == 5  # it loads
    assert [(str(w), w.severity) for w in warnings] == [
        (
            "deck.yaml:8:13: warning: card 'sentence': the answer is too long to type"
            " (a sentence); it is asked as a multiple-choice question instead (or not at all"
            " without two distractors). Shorten it, or make the card basic",
            "warning",
        ),
        (
            "deck.yaml:12:13: warning: card 'many-words': the answer is too long to type"
            " (11 words, more than 6); it is asked as a multiple-choice question instead"
            " (or not at all without two distractors). Shorten it, or make the card basic",
            "warning",
        ),
        (
            "deck.yaml:22:11: warning: card 'long-cloze': deletion c1 is too long to type"
            " (9 words, more than 6); it is never asked. Blank a shorter part of the sentence",
            "warning",
        ),
    ]
    assert load_deck_text(TOO_LONG).cards == deck.cards  # without a list: loads all the same


def test_warnings_are_not_reported_for_a_deck_with_errors() -> None:
    broken = TOO_LONG.replace("answer: Yerevan", "answer:")
    warnings: list[Problem] = []
    with pytest.raises(DeckLoadError) as info:
        load_deck_text(broken, "deck.yaml", warnings)
    assert [p.severity for p in info.value.problems] == ["error"]
    assert warnings == []


def test_an_error_reads_as_before_and_a_warning_says_so() -> None:
    error = Problem("d.yaml", 3, 5, "bad")
    warning = Problem("d.yaml", 3, 5, "odd", "warning")
    assert (str(error), str(warning)) == ("d.yaml:3:5: bad", "d.yaml:3:5: warning: odd")
    assert error.to_dict() == {"path": "d.yaml", "line": 3, "column": 5, "message": "bad"}
    assert warning.to_dict()["severity"] == "warning"
    assert Problem(**error.to_dict()) == error and Problem(**warning.to_dict()) == warning


def test_validate_shows_warnings_and_still_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from quizapp.cli import main

    path = tmp_path / "long.yaml"
    path.write_text(TOO_LONG, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{path}:8:13: warning: card 'sentence': the answer is too long")
    assert out[-1] == "1 deck file valid (5 cards), 3 warnings"
    bad = tmp_path / "bad.yaml"
    bad.write_text(TOO_LONG.replace("id: long-answers", "id: Bad Id"), encoding="utf-8")
    assert main(["validate", str(path), str(bad)]) == 1  # the error fails it, not the warnings
    captured = capsys.readouterr()
    assert sum("warning:" in line for line in captured.out.splitlines()) == 3
    assert "1 of 2 deck files have problems, 3 warnings" in captured.err


def test_validate_json_lists_warnings_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from quizapp.cli import main

    path = tmp_path / "long.yaml"
    path.write_text(TOO_LONG, encoding="utf-8")
    assert main(["validate", "--json", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True
    assert [f["problems"] for f in report["files"]] == [[]]
    assert len(report["files"][0]["warnings"]) == 3


def test_the_bundled_decks_have_no_warnings() -> None:
    for path in sorted((Path(__file__).parent.parent / "decks").glob("*.yaml")):
        warnings: list[Problem] = []
        load_deck_file(path, warnings)
        assert warnings == [], [str(w) for w in warnings]
