"""Printable quizzes: a question sheet and a separate answer key, in Markdown or HTML.

`make_sheets(deck, count, seed, versions)` draws the questions once with the quiz engine
(`questions.build_quiz`) and makes each further version (B, C...) by reshuffling the same
questions and their choices, so every version asks the same things in a different order.
`render_files` lays the sheets out as one file per quiz and per key; `render_combined` puts
everything in one document (each version's quiz, then the keys, on separate pages in HTML).

The same deck, count and seed always give byte-identical output.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from quizapp.core.decks.model import Deck
from quizapp.core.practice.questions import LETTERS, Question, build_quiz

Format = Literal["markdown", "html"]
FORMATS: tuple[Format, ...] = ("markdown", "html")
SUFFIXES: dict[Format, str] = {"markdown": ".md", "html": ".html"}
MAX_VERSIONS = len(LETTERS)
_RESHUFFLE_TRIES = 20
_BLANK = "_" * 30
_SHORT_BLANK = "_" * 5


@dataclass(frozen=True, slots=True)
class Sheet:
    """One version of a printable quiz: its questions in printed order."""

    deck_id: str
    title: str
    label: str  # "A", "B"...; "" when only one version is made
    seed: int | str  # the seed the whole set of versions was made from
    questions: tuple[Question, ...]

    @property
    def heading(self) -> str:
        return f"{self.title} — version {self.label}" if self.label else self.title


def make_sheets(
    deck: Deck,
    count: int | None = None,
    seed: int | str | None = None,
    versions: int = 1,
) -> list[Sheet]:
    """One sheet per version: version A is `build_quiz(deck, count, seed=seed)`; the others
    hold the same questions with the questions and their choices in a new order.

    With `seed=None` a seed is drawn at random (and printed on the keys, to make them again).
    """
    if not 1 <= versions <= MAX_VERSIONS:
        raise ValueError(f"versions must be between 1 and {MAX_VERSIONS}")
    if seed is None:
        seed = random.SystemRandom().randrange(1, 1_000_000)
    first = tuple(build_quiz(deck, count=count, seed=seed))
    made = [first]
    for label in LETTERS[1:versions]:
        rng = random.Random(f"{seed}/{label}")
        candidate = reshuffle(first, rng)
        for _ in range(_RESHUFFLE_TRIES):
            if all(_layout(candidate) != _layout(other) for other in made):
                break
            candidate = reshuffle(first, rng)
        made.append(candidate)
    labels = LETTERS[:versions] if versions > 1 else [""]
    return [Sheet(deck.id, deck.title, lab, seed, qs) for lab, qs in zip(labels, made, strict=True)]


def reshuffle(questions: Sequence[Question], rng: random.Random) -> tuple[Question, ...]:
    """The same questions in a new order, each with its options in a new order.

    True/false keeps True before False; order and match questions never come out with the
    options already in the right order.
    """
    out = [shuffle_options(q, rng) for q in questions]
    rng.shuffle(out)
    return tuple(out)


def shuffle_options(question: Question, rng: random.Random) -> Question:
    """`question` with its options permuted and `correct` pointing at the same options."""
    n = len(question.options)
    if question.kind in ("typed", "truefalse") or n < 2:
        return question
    while True:
        perm = list(range(n))  # perm[new index] = old index
        rng.shuffle(perm)
        new_of_old = {old: new for new, old in enumerate(perm)}
        correct = tuple(new_of_old[i] for i in question.correct)
        if question.kind in ("choice", "multi"):
            correct = tuple(sorted(correct))
            break
        if correct != tuple(range(n)) or len(set(question.options)) < 2:
            break
    options = tuple(question.options[old] for old in perm)
    return replace(question, options=options, correct=correct)


def _layout(questions: Sequence[Question]) -> list[tuple[str, tuple[str, ...]]]:
    return [(q.item.id, q.options) for q in questions]


# --- file layout ------------------------------------------------------------------------------


def file_name(sheet: Sheet, part: Literal["quiz", "key"], fmt: Format) -> str:
    """`<deck>-quiz.md`, `<deck>-key-B.html`..."""
    suffix = f"-{sheet.label}" if sheet.label else ""
    return f"{sheet.deck_id}-{part}{suffix}{SUFFIXES[fmt]}"


def render_files(sheets: Sequence[Sheet], fmt: Format) -> list[tuple[str, str]]:
    """(file name, text) for each version's quiz, then each version's key."""
    quizzes = [(file_name(s, "quiz", fmt), render_quiz(s, fmt)) for s in sheets]
    keys = [(file_name(s, "key", fmt), render_key(s, fmt)) for s in sheets]
    return quizzes + keys


def render_quiz(sheet: Sheet, fmt: Format) -> str:
    """The question sheet of one version, as a whole document."""
    if fmt == "html":
        return _html_document(f"{sheet.heading} — quiz", [_html_quiz(sheet)])
    return _md_quiz(sheet)


def render_key(sheet: Sheet, fmt: Format) -> str:
    """The answer key of one version, as a whole document."""
    if fmt == "html":
        return _html_document(f"{sheet.heading} — answer key", [_html_key(sheet)])
    return _md_key(sheet)


def render_combined(sheets: Sequence[Sheet], fmt: Format) -> str:
    """One document: every version's quiz, then every key (each on its own page in HTML)."""
    if fmt == "html":
        sections = [_html_quiz(s) for s in sheets] + [_html_key(s) for s in sheets]
        return _html_document(f"{sheets[0].title} — quiz and answer key", sections)
    parts = [_md_quiz(s) for s in sheets] + [_md_key(s) for s in sheets]
    return "\n---\n\n".join(parts)


# --- wording shared by both formats -----------------------------------------------------------


def instruction(q: Question) -> str:
    """What the student is asked to do, for one kind of question."""
    n = len(q.options)
    return {
        "choice": "Tick one.",
        "multi": "Tick every right answer.",
        "truefalse": "Tick one.",
        "typed": "Write your answer.",
        "order": f"Number them 1 to {n}, first to last.",
        "match": f"Next to each letter, write the number of its match (1-{n}).",
    }[q.kind]


def key_lines(q: Question) -> list[tuple[str, str]]:
    """The answer as a teacher marks it, as (label, text) pairs: ("B", "1992") for a choice;
    for order, each item as printed with its place ("2", item); for match, ("A → 3", pair).
    """
    opts = q.options
    if q.kind in ("choice", "multi"):
        return [(LETTERS[i], opts[i]) for i in q.correct]
    if q.kind == "truefalse":
        return [("", opts[q.correct[0]])]
    if q.kind == "order":
        place = {option: pos for pos, option in enumerate(q.correct)}
        return [(str(place[i] + 1), opt) for i, opt in enumerate(opts)]
    if q.kind == "match":
        return [
            (f"{LETTERS[i]} → {c + 1}", f"{left} = {opts[c]}")
            for i, (left, c) in enumerate(zip(q.lefts, q.correct, strict=True))
        ]
    also = [a for a in q.accepted if a != q.answer_text]
    return [("", q.answer_text + (f" (also accept: {', '.join(also)})" if also else ""))]


def _key_footer(sheet: Sheet) -> str:
    version = f"version {sheet.label}, " if sheet.label else ""
    return f"Deck {sheet.deck_id}, {version}seed {sheet.seed}."


# --- Markdown ---------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$])")
_MD_BLOCK_START = re.compile(r"^(?:[-+=]|\d+[.)])")


def md(text: str) -> str:
    """Deck text made safe for Markdown: one line, every markup character escaped, and no
    list marker or rule at its start (it often follows a list item's number)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MD_BLOCK_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], escaped, 1)


def _md_quiz(sheet: Sheet) -> str:
    lines = [
        f"# {md(sheet.heading)}",
        "",
        f"Name: {_BLANK}  Date: {_SHORT_BLANK * 3}",
        "",
        f"{len(sheet.questions)} questions.",
        "",
    ]
    for number, q in enumerate(sheet.questions, 1):
        marker = f"{number}. "
        pad = " " * len(marker)
        lines.append(f"{marker}{md(q.prompt)}")
        lines += ["", f"{pad}*{instruction(q)}*", ""]
        lines += [pad + line if line else "" for line in _md_answer_space(q)]
        lines.append("")
    return "\n".join(lines)


def _md_answer_space(q: Question) -> list[str]:
    if q.kind in ("choice", "multi"):
        return [f"- [ ] {LETTERS[i]}. {md(o)}" for i, o in enumerate(q.options)]
    if q.kind == "truefalse":
        return [f"- [ ] {md(o)}" for o in q.options]
    if q.kind == "order":
        return [f"- {_SHORT_BLANK} {md(o)}" for o in q.options]
    if q.kind == "match":
        rows = ["| | Item | Number | | Match |", "|---|---|---|---|---|"]
        for i, (left, right) in enumerate(zip(q.lefts, q.options, strict=True)):
            rows.append(
                f"| **{LETTERS[i]}** | {md(left)} | {_SHORT_BLANK} | **{i + 1}** | {md(right)} |"
            )
        return rows
    return [f"Answer: {_BLANK}"]


def _md_key(sheet: Sheet) -> str:
    lines = [f"# {md(sheet.heading)} — answer key", ""]
    for number, q in enumerate(sheet.questions, 1):
        marker = f"{number}. "
        pad = " " * len(marker)
        answers = [
            f"**{md(label)}** {md(text)}" if label else md(text) for label, text in key_lines(q)
        ]
        if len(answers) == 1:
            lines.append(marker + answers[0])
        else:
            lines += [marker + md(q.prompt), ""] + [f"{pad}- {a}" for a in answers]
        notes = [md(q.explain)] if q.explain else []
        if q.source:
            notes.append(f"Source: {md(q.source)}")
        if notes:
            lines += ["", *(f"{pad}{note}" for note in _hard_breaks(notes))]
        lines.append("")
    lines += [f"*{md(_key_footer(sheet))}*", ""]
    return "\n".join(lines)


def _hard_breaks(lines: list[str]) -> list[str]:
    """Lines of one Markdown paragraph, each but the last ending in a hard line break."""
    return [line + "  " for line in lines[:-1]] + lines[-1:]


# --- HTML -------------------------------------------------------------------------------------

_STYLE = """\
body { font-family: Georgia, "Times New Roman", Times, serif; font-size: 12pt;
       line-height: 1.4; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #000; }
h1 { font-size: 16pt; margin-bottom: 0.3em; }
.meta { margin-bottom: 1.5em; }
ol.questions > li { margin-bottom: 1.2em; padding-left: 0.3em; }
.instruction { font-style: italic; margin: 0.2em 0; }
ul.options { list-style: none; padding-left: 0.5em; margin: 0.3em 0; }
ul.options li { margin: 0.2em 0; }
.box { display: inline-block; width: 0.8em; height: 0.8em; border: 1px solid #000;
       margin-right: 0.5em; vertical-align: -0.05em; }
.blank { display: inline-block; width: 3em; border-bottom: 1px solid #000; margin-right: 0.5em; }
.blank.name { width: 16em; }
.blank.date { width: 8em; }
.line { border-bottom: 1px solid #000; height: 1.8em; max-width: 30em; }
table.match { border-collapse: collapse; margin: 0.3em 0; }
table.match td { padding: 0.25em 0.6em; vertical-align: top; }
.note, .footer { font-size: 10pt; }
.footer { margin-top: 2em; font-style: italic; }
@media print {
  body { margin: 0; max-width: none; }
  section.sheet + section.sheet { break-before: page; page-break-before: always; }
  ol.questions > li { break-inside: avoid; page-break-inside: avoid; }
  h1 { break-after: avoid; page-break-after: avoid; }
}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _html_document(title: str, sections: Sequence[str]) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{_h(title)}</title>",
            f"<style>\n{_STYLE}</style>",
            "</head>",
            "<body>",
            *sections,
            "</body>",
            "</html>",
            "",
        ]
    )


def _html_quiz(sheet: Sheet) -> str:
    out = [
        '<section class="sheet quiz">',
        f"<h1>{_h(sheet.heading)}</h1>",
        f'<p class="meta">Name: <span class="blank name"></span>'
        f' Date: <span class="blank date"></span><br>{len(sheet.questions)} questions.</p>',
        '<ol class="questions">',
    ]
    for q in sheet.questions:
        out.append(f"<li><p>{_h(q.prompt)}</p>")
        out.append(f'<p class="instruction">{_h(instruction(q))}</p>')
        out += _html_answer_space(q)
        out.append("</li>")
    out += ["</ol>", "</section>"]
    return "\n".join(out)


def _html_answer_space(q: Question) -> list[str]:
    box = '<span class="box"></span>'
    if q.kind in ("choice", "multi"):
        items = [f"<li>{box}{LETTERS[i]}. {_h(o)}</li>" for i, o in enumerate(q.options)]
    elif q.kind == "truefalse":
        items = [f"<li>{box}{_h(o)}</li>" for o in q.options]
    elif q.kind == "order":
        items = [f'<li><span class="blank"></span>{_h(o)}</li>' for o in q.options]
    elif q.kind == "match":
        rows = [
            f'<tr><td><b>{LETTERS[i]}</b></td><td>{_h(left)}</td><td><span class="blank">'
            f"</span></td><td><b>{i + 1}</b></td><td>{_h(right)}</td></tr>"
            for i, (left, right) in enumerate(zip(q.lefts, q.options, strict=True))
        ]
        return ['<table class="match">', *rows, "</table>"]
    else:
        return ['<div class="line"></div>']
    return ['<ul class="options">', *items, "</ul>"]


def _html_key(sheet: Sheet) -> str:
    out = [
        '<section class="sheet key">',
        f"<h1>{_h(sheet.heading)} — answer key</h1>",
        '<ol class="questions">',
    ]
    for q in sheet.questions:
        answers = [
            f"<b>{_h(label)}</b> {_h(text)}" if label else _h(text) for label, text in key_lines(q)
        ]
        if len(answers) == 1:
            out.append(f"<li><p>{answers[0]}</p>")
        else:
            out.append(f"<li><p>{_h(q.prompt)}</p>")
            out += ['<ul class="answers">', *(f"<li>{a}</li>" for a in answers), "</ul>"]
        if q.explain:
            out.append(f'<p class="note">{_h(q.explain)}</p>')
        if q.source:
            out.append(f'<p class="note">Source: {_h(q.source)}</p>')
        out.append("</li>")
    out += ["</ol>", f'<p class="footer">{_h(_key_footer(sheet))}</p>', "</section>"]
    return "\n".join(out)
