"""Printable quizzes: `quizapp.core.practice.printable` and `quizapp export`."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

from quizapp.cli import main
from quizapp.core.decks.loader import load_deck_file
from quizapp.core.decks.model import Card, Deck, Item
from quizapp.core.practice.printable import (
    Sheet,
    key_lines,
    make_sheets,
    md,
    render_combined,
    render_files,
    render_key,
    render_quiz,
    reshuffle,
)
from quizapp.core.practice.questions import Question

DECK_YAML = """\
id: print-test
title: "Printing <script>alert('deck')</script> & co"
description: Every card type, with text that needs escaping.
cards:
  - id: founding-year
    front: In which year was the treaty signed?
    back: "1992"
    kind: year
    distractors: ["1991", "1994"]
  - id: org-year
    front: In which year did the treaty become an organisation?
    back: "2002"
    kind: year
  - id: summit-year
    front: In which year was the Astana summit?
    back: "2022"
    kind: year
  - id: capital
    type: typed
    question: "What is the capital of Armenia? <script>alert(1)</script>"
    answer: Yerevan
    accept: [Erevan]
    explain: "Not *Baku* | that is <b>Azerbaijan</b>'s."
  - id: csto
    type: cloze
    text: "The treaty became the {{c1::CSTO}} in {{c2::2002}}."
  - id: backer
    type: choice
    question: Which member backed the invasion?
    choices: [Belarus, Kazakhstan, Armenia, "<script>x</script>"]
    answer: Belarus
  - id: members
    type: choice
    question: Which of these are members? (select all that apply)
    choices: [Armenia, Azerbaijan, Belarus, Georgia]
    answer: [Armenia, Belarus]
  - id: founded-2002
    type: truefalse
    statement: The organisation dates from 2002.
    answer: true
    source: paragraph 5
  - id: timeline
    type: order
    question: Put these in order.
    items: [Treaty signed, Organisation founded, "Deployment in <Kazakhstan>", Astana summit]
  - id: roles
    type: match
    question: Match each person to their role.
    pairs:
      Sadyr Japarov: President of Kyrgyzstan
      Sergey Lavrov: Foreign Minister of Russia
      Emomali Rahmon: "President of Tajikistan & <i>more</i>"
"""

OPTION_RE = re.compile(r"^\s+- \[ \] ([A-Z])\. (.*)$")
QUESTION_RE = re.compile(r"^(\d+)\. (.*)$")
KEY_RE = re.compile(r"^(\d+)\. \*\*([A-Z])\*\* (.*)$")
KEY_SUBLINE_RE = re.compile(r"^\s+- \*\*([^*]+)\*\* (.*)$")


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "print-test.yaml").write_text(DECK_YAML, encoding="utf-8")
    return folder


@pytest.fixture
def deck(deck_dir: Path) -> Deck:
    return load_deck_file(deck_dir / "print-test.yaml")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def card_ids(sheet: Sheet) -> list[str]:
    return sorted(q.item.card.id for q in sheet.questions)


def order_of(sheet: Sheet) -> list[tuple[str, tuple[str, ...]]]:
    return [(q.item.id, q.options) for q in sheet.questions]


def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(tasklists_plugin)


# --- the sheets -------------------------------------------------------------------------------


def test_every_card_appears_once_per_version(deck: Deck) -> None:
    sheets = make_sheets(deck, seed=5, versions=3)
    assert [s.label for s in sheets] == ["A", "B", "C"]
    for sheet in sheets:
        assert card_ids(sheet) == sorted(c.id for c in deck.cards)
        quiz = render_quiz(sheet, "markdown")
        for q in sheet.questions:
            assert quiz.count(md(q.prompt)) == 1, q.prompt


def test_versions_ask_the_same_questions_in_another_order(deck: Deck) -> None:
    a, b = make_sheets(deck, seed=5, versions=2)
    assert order_of(a) != order_of(b)
    by_item = {q.item.id: q for q in a.questions}
    for q in b.questions:
        same = by_item[q.item.id]
        assert (q.kind, q.prompt, sorted(q.options)) == (
            same.kind,
            same.prompt,
            sorted(same.options),
        )
        assert key_lines_text(q) == key_lines_text(same)


def key_lines_text(q: Question) -> set[str]:
    return {text for _, text in key_lines(q)}


def test_count_caps_the_questions_and_versions_share_them(deck: Deck) -> None:
    a, b = make_sheets(deck, count=4, seed=1, versions=2)
    assert len(a.questions) == 4
    assert card_ids(a) == card_ids(b)


def test_one_version_has_no_label(deck: Deck) -> None:
    (sheet,) = make_sheets(deck, seed=1)
    assert sheet.label == ""
    names = [name for name, _ in render_files([sheet], "markdown")]
    assert names == ["print-test-quiz.md", "print-test-key.md"]


def test_file_names_per_version(deck: Deck) -> None:
    names = [name for name, _ in render_files(make_sheets(deck, seed=1, versions=2), "html")]
    assert names == [
        "print-test-quiz-A.html",
        "print-test-quiz-B.html",
        "print-test-key-A.html",
        "print-test-key-B.html",
    ]


def test_two_seeds_give_different_orders(deck: Deck) -> None:
    (one,) = make_sheets(deck, seed=1)
    (two,) = make_sheets(deck, seed=2)
    assert order_of(one) != order_of(two)
    assert render_quiz(one, "markdown") != render_quiz(two, "markdown")


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_same_seed_gives_identical_output(deck: Deck, fmt: str) -> None:
    first = render_files(make_sheets(deck, seed="week-3", versions=2), fmt)  # type: ignore[arg-type]
    again = render_files(make_sheets(deck, seed="week-3", versions=2), fmt)  # type: ignore[arg-type]
    assert first == again


def test_version_a_is_the_quiz_of_that_seed(deck: Deck) -> None:
    (alone,) = make_sheets(deck, seed=9)
    a, _ = make_sheets(deck, seed=9, versions=2)
    assert order_of(alone) == order_of(a)


def test_reshuffle_keeps_the_right_answers(deck: Deck) -> None:
    (sheet,) = make_sheets(deck, seed=3)
    rng = random.Random(0)
    for _ in range(20):
        for q in reshuffle(sheet.questions, rng):
            assert_right_per_card(q)
            if q.kind in ("order", "match"):
                assert q.correct != tuple(range(len(q.options))), "answer given away"
            if q.kind == "truefalse":
                assert q.options == ("True", "False")


def assert_right_per_card(q: Question) -> None:
    """`q.correct` agrees with the card itself, whatever order the options are in."""
    card = q.item.card
    chosen = [q.options[i] for i in q.correct]
    if card.type == "choice":
        assert sorted(chosen) == sorted(card.answers)
    elif card.type == "basic" and q.kind == "choice":
        assert chosen == [q.item.answer_text()]
    elif card.type == "order":
        assert tuple(chosen) == card.items
    elif card.type == "match":
        assert tuple(zip(q.lefts, chosen, strict=True)) == card.pairs


# --- the key matches the sheet ----------------------------------------------------------------


def parse_quiz(text: str) -> dict[int, tuple[str, dict[str, str]]]:
    """question number -> (prompt, {letter: option text}) from a Markdown quiz."""
    out: dict[int, tuple[str, dict[str, str]]] = {}
    number = 0
    for line in text.splitlines():
        if m := QUESTION_RE.match(line):
            number = int(m.group(1))
            out[number] = (unescape(m.group(2)), {})
        elif (m := OPTION_RE.match(line)) and number:
            out[number][1][m.group(1)] = unescape(m.group(2))
    return out


def parse_key(text: str) -> dict[int, list[tuple[str, str]]]:
    """question number -> [(letter, text)] for the lettered answers of a Markdown key."""
    out: dict[int, list[tuple[str, str]]] = {}
    number = 0
    for line in text.splitlines():
        if m := KEY_RE.match(line):
            out[int(m.group(1))] = [(m.group(2), unescape(m.group(3)))]
        elif m := QUESTION_RE.match(line):
            number = int(m.group(1))
            out[number] = []
        elif (m := KEY_SUBLINE_RE.match(line)) and number:
            out[number].append((unescape(m.group(1)), unescape(m.group(2))))
    return out


def test_key_letters_point_at_the_right_choices_as_printed(deck: Deck) -> None:
    checked = 0
    for seed in range(6):
        for sheet in make_sheets(deck, seed=seed, versions=2):
            quiz = parse_quiz(render_quiz(sheet, "markdown"))
            key = parse_key(render_key(sheet, "markdown"))
            assert sorted(quiz) == sorted(key) == list(range(1, len(sheet.questions) + 1))
            for number, q in enumerate(sheet.questions, 1):
                prompt, options = quiz[number]
                assert prompt == " ".join(q.prompt.split())
                if q.kind not in ("choice", "multi"):
                    continue
                card = q.item.card
                rights = set(card.answers) if card.type == "choice" else {q.item.answer_text()}
                printed = {options[letter] for letter, _ in key[number]}
                assert printed == rights
                assert all(options[letter] == text for letter, text in key[number])
                checked += 1
    assert checked >= 12


def test_key_of_order_and_match_as_printed(deck: Deck) -> None:
    (sheet,) = make_sheets(deck, seed=4)
    for q in sheet.questions:
        lines = key_lines(q)
        if q.kind == "order":
            # each printed item with its place: sorting by place gives the right order
            assert [text for _, text in lines] == list(q.options)
            ranked = sorted(lines, key=lambda line: int(line[0]))
            assert tuple(text for _, text in ranked) == q.item.card.items
        if q.kind == "match":
            for i, (label, text) in enumerate(lines):
                letter, number = label.split(" → ")
                left, right = q.lefts[i], q.options[int(number) - 1]
                assert letter == "ABCD"[i]
                assert (left, right) in q.item.card.pairs
                assert text == f"{left} = {right}"


def test_key_of_typed_lists_accepted_spellings(deck: Deck) -> None:
    (sheet,) = make_sheets(deck, seed=1)
    typed = next(q for q in sheet.questions if q.item.card.id == "capital")
    assert key_lines(typed) == [("", "Yerevan (also accept: Erevan)")]


# --- Markdown renders on a forge --------------------------------------------------------------


def test_markdown_renders_as_one_numbered_list_with_boxes_and_tables(deck: Deck) -> None:
    (sheet,) = make_sheets(deck, seed=2)
    text = render_quiz(sheet, "markdown")
    tokens = markdown().parse(text)
    lists = [t for t in tokens if t.type == "ordered_list_open"]
    questions = [t for t in tokens if t.type == "list_item_open" and t.level == 1]
    assert len(lists) == 1  # every question stays in one numbered list
    assert len(questions) == len(sheet.questions)
    rendered = markdown().render(text)
    assert rendered.count('type="checkbox"') == sum(
        len(q.options) for q in sheet.questions if q.kind in ("choice", "multi", "truefalse")
    )
    assert rendered.count("<table>") == 1
    assert "<script" not in rendered.lower()
    assert "<b>" not in rendered and "<i>" not in rendered


def test_markdown_key_renders_without_raw_html(deck: Deck) -> None:
    (sheet,) = make_sheets(deck, seed=2)
    rendered = markdown().render(render_key(sheet, "markdown"))
    assert rendered.count("<ol") == 1
    assert "<script" not in rendered.lower() and "<b>" not in rendered
    assert "Not *Baku* | that is &lt;b&gt;Azerbaijan&lt;/b&gt;'s." in rendered


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_md_text_renders_as_itself_after_a_list_number(text: str) -> None:
    expected = " ".join(text.split())
    tokens = markdown().parse(f"1. {md(text)}\n")
    inline = [t for t in tokens if t.type == "inline"]
    children = [child for t in inline for child in t.children or []]
    assert {child.type for child in children} <= {"text", "text_special"}  # no markup, no HTML
    shown = "".join(child.content for child in children)
    assert shown.strip() == expected.strip()
    nested = [
        t.type for t in tokens if t.type not in ("inline", "paragraph_open", "paragraph_close")
    ]
    assert nested in (
        ["ordered_list_open", "list_item_open", "list_item_close", "ordered_list_close"],
        [],
    )


# --- HTML -------------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link"}


class TagChecker(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(text: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(text)
    checker.close()
    assert checker.stack == []
    assert text.startswith("<!DOCTYPE html>")
    return checker


def test_html_is_well_formed_with_a_print_stylesheet(deck: Deck) -> None:
    sheets = make_sheets(deck, seed=2, versions=2)
    for _, text in render_files(sheets, "html"):
        check_html(text)
        assert "@media print" in text
        assert "page-break-inside: avoid" in text and "serif" in text
    combined = check_html(render_combined(sheets, "html"))
    assert combined.tags.count("section") == 4  # quiz A, quiz B, key A, key B
    assert "script" not in combined.tags and "i" not in combined.tags


def test_html_escapes_deck_text(deck: Deck) -> None:
    (sheet,) = make_sheets(deck, seed=2)
    quiz, key = render_quiz(sheet, "html"), render_key(sheet, "html")
    for text in (quiz, key):
        assert "<script" not in text.lower()
        assert "&lt;script&gt;" in text
        assert "<i>" not in text
    shown = "".join(check_html(quiz).text)
    assert "What is the capital of Armenia? <script>alert(1)</script>" in shown
    assert "<b>Azerbaijan</b>" in "".join(check_html(key).text)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1))
def test_html_shows_any_prompt_as_text(text: str) -> None:
    item = Item("d", "c", Card(id="c", type="typed", question=text, answer="x"))
    q = Question(item=item, kind="typed", prompt=text, answer_text="x", accepted=("x",))
    checker = check_html(render_quiz(Sheet("d", "T", "", 1, (q,)), "html"))
    assert checker.tags.count("li") == 1
    assert text in "".join(checker.text)


# --- the command ------------------------------------------------------------------------------


def test_cli_writes_quiz_and_key_files_in_the_current_dir(
    deck_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(
        ["export", "print-test", "--decks", str(deck_dir), "--seed", "3", "--versions", "2"]
    )
    assert code == 0
    for name in ("quiz-A", "quiz-B", "key-A", "key-B"):
        text = (tmp_path / f"print-test-{name}.md").read_text(encoding="utf-8")
        assert f"version {name[-1]}" in text
    assert "print-test-key-B.md" in capsys.readouterr().out


def test_cli_out_dir_and_html(deck_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "print" / "week3"
    code = main(
        ["export", "print-test", "--decks", str(deck_dir), "--format", "html", "--out", str(out)]
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["print-test-key.html", "print-test-quiz.html"]
    check_html((out / "print-test-quiz.html").read_text(encoding="utf-8"))


def test_cli_one_file_infers_html_and_holds_the_key(deck_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "all.html"
    assert main(["export", "print-test", "--decks", str(deck_dir), "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    check_html(text)
    assert "answer key" in text


def test_cli_stdout_same_seed_same_output(
    deck_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "export",
        "print-test",
        "--decks",
        str(deck_dir),
        "--seed",
        "8",
        "-o",
        "-",
        "--count",
        "3",
    ]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    assert len(parse_quiz(first)) == 3
    assert "answer key" in first


def test_cli_unknown_deck_names_the_known_ones(
    deck_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "nope", "--decks", str(deck_dir)]) == 1
    err = capsys.readouterr().err
    assert "nope" in err and "print-test" in err and "Traceback" not in err


def test_cli_broken_deck_names_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.yaml").write_text("id: bad\ntitle: Bad\ncards: []\n", encoding="utf-8")
    assert main(["export", "bad", "--decks", str(tmp_path)]) == 1
    assert "bad.yaml" in capsys.readouterr().err


@pytest.mark.parametrize(
    "extra",
    [
        ["--versions", "0"],
        ["--versions", "27"],
        ["--count", "0"],
        ["--format", "pdf"],
        ["--out", "x", "-o", "y"],
    ],
)
def test_cli_usage_errors(
    deck_dir: Path, extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "print-test", "--decks", str(deck_dir), *extra])
    assert exc.value.code == 2


def test_cli_unwritable_output_is_a_clear_failure(
    deck_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert (
        main(["export", "print-test", "--decks", str(deck_dir), "-o", str(blocker / "q.md")]) == 1
    )
    err = capsys.readouterr().err
    assert "cannot write" in err and str(blocker) in err
