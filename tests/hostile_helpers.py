"""Hostile decks for the "a shared deck cannot harm" tests: markup, click actions, links,
escape sequences (OSC 52/0/8, CSI, BEL, C1), bidi overrides and spreadsheet formulas.

Not a conftest: import what you need (`from tests.hostile_helpers import ...`). Every deck is
written by the test that uses it; control characters are written as YAML escapes (a raw
control character is not allowed in a YAML stream), so the loader is what turns them into
text, exactly as with a stranger's file.
"""

from __future__ import annotations

from pathlib import Path

from quizapp.core.untrusted import safe_text

# What a stranger's deck may hold, by what it would do if it were not data.
CLICK_QUIT = "[@click=app.quit]QUIT[/]"
LINK = "[link=https://example.com]x[/link]"
UNBALANCED = "closing [/] tag"
TYPED_UNBALANCED = "I think [/] maybe"
OSC52 = "\x1b]52;c;cHduZWQ=\x07"  # writes "pwned" to the clipboard
OSC0 = "\x1b]0;PWNED-TITLE\x07"  # renames the window
OSC8 = "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\"  # a terminal hyperlink
CSI = "\x1b[2Jcleared"  # clears the screen
BEL = "bell\x07"
C1 = "\x9b2Jc1"  # CSI as one C1 character
BIDI = "abc\u202edcba\u2066iso\u2069"  # right-to-left override, isolate
FORMULA = '=HYPERLINK("https://example.com","x")'
MARKUP = "[b]bold[/b] [red]red[/red] [$primary]var[/] <script>alert(1)</script> &amp;"

# The byte sequences that must never reach a terminal or a pipe.
RAW_PAYLOADS = (
    b"\x1b]52;",
    b"\x1b]0;PWNED",
    b"\x1b[2Jcleared",
    b"\x1b]8;;https://example.com",
    "\x9b".encode(),
    "\u202e".encode(),
    "\u2066".encode(),
)


def click_screenshot(folder: Path) -> str:
    """A title that, read as markup, saves a screenshot named victim.svg into `folder`."""
    return f"[@click=app.screenshot('victim.svg','{folder}')]HERE[/]"


def shown(text: str) -> str:
    """How outside text is shown: the visible escapes of quizapp.core.untrusted."""
    return safe_text(text)


def q(text: str) -> str:
    """A YAML double-quoted scalar for `text`, every character not plain ASCII escaped (a raw
    control character may not appear in a YAML stream)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def everything(tag: str) -> str:
    """Every hostile text at once, after `tag` (so each field is told apart)."""
    return " ".join(
        [tag, CLICK_QUIT, LINK, UNBALANCED, OSC52, OSC0, OSC8, CSI, BEL, C1, BIDI, MARKUP]
    )


def hostile_deck(title: str, deck_id: str = "hostile") -> str:
    """A deck with a card of every type, every field full of hostile text."""
    h = everything
    return f"""\
id: {deck_id}
title: {q(title)}
description: {q(h("description"))}
source: {q(h("deck-source"))}
cards:
  - id: basic
    front: {q(h("front"))}
    back: {q(h("back"))}
    explain: {q(h("explain"))}
    source: {q(h("source"))}
    hint: {q(h("hint"))}
  - id: typed
    type: typed
    question: {q(h("typed-question"))}
    answer: {q(FORMULA)}
    accept: [{q(TYPED_UNBALANCED)}]
  - id: cloze
    type: cloze
    text: {q("cloze " + OSC0 + " {{c1::" + UNBALANCED + "}} " + CSI)}
  - id: choice
    type: choice
    question: {q(h("choice-question"))}
    choices: [{q(CLICK_QUIT)}, {q(LINK)}, {q(OSC52 + "c")}, {q(BIDI)}]
    answer: {q(CLICK_QUIT)}
  - id: truefalse
    type: truefalse
    statement: {q(h("statement"))}
    answer: true
  - id: order
    type: order
    question: {q(h("order-question"))}
    items: [{q(UNBALANCED)}, {q(CSI)}, {q(FORMULA)}]
  - id: match
    type: match
    question: {q(h("match-question"))}
    pairs:
      {q(CLICK_QUIT)}: {q(OSC0)}
      {q(LINK)}: {q(BIDI)}
"""


BROKEN_KEY = "[@click=app.quit]key\x1b[2Jcleared"


def broken_deck() -> str:
    """A deck whose problem message quotes a hostile key."""
    return f"""\
id: broken-hostile
title: Broken
description: a hostile unknown key
cards:
  - id: one
    front: a
    back: b
    {q(BROKEN_KEY)}: x
"""


def write_hostile_decks(folder: Path, victim: Path) -> Path:
    """The hostile decks in `folder` (created): titles that would save a screenshot into
    `victim`, quit, link, or break markup and write escape codes; and a broken deck."""
    folder.mkdir(parents=True, exist_ok=True)
    decks = {
        "hostile": hostile_deck(click_screenshot(victim)),
        "quitter": hostile_deck(CLICK_QUIT, "quitter"),
        "linked": hostile_deck(f"{LINK} {OSC8}", "linked"),
        "unbalanced": hostile_deck(f"{UNBALANCED} {OSC0} {OSC52} {CSI} {BIDI}", "unbalanced"),
    }
    for name, text in decks.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    (folder / "broken.yaml").write_text(broken_deck(), encoding="utf-8")
    return folder


def assert_no_raw_payload(data: bytes, where: str) -> None:
    """No escape sequence, C1 control or bidi override of the decks is in `data`."""
    for payload in RAW_PAYLOADS:
        assert payload not in data, f"{where}: raw {payload!r} reached the output"
