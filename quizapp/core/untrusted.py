"""Text from outside quizapp is data: the one rule that makes it safe to show, and to export.

Outside text is anything quizapp did not write itself: deck text, config values, team names,
nicknames, typed answers, file names and paths, error messages that quote them. Shown in a
terminal, such text must never act: a control character can move the cursor, clear the
screen, rename the window (OSC 0), write the clipboard (OSC 52) or make a hyperlink (OSC 8),
and a bidirectional override can make a line read differently from what it holds.

`safe_text` is the rule: C0 controls other than newline and tab, DEL, C1 controls, the bidi
embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and lone surrogates (which
a terminal cannot even encode) become visible escapes, ``\\x1b`` or ``\\u202e``; everything else
is kept as written. The bidi *marks* (U+200E, U+200F, U+061C) are kept: they are what
right-to-left text needs to place its punctuation, and they cannot reorder a whole line.
A backslash is kept as it is, so a deck that writes ``\\x1b`` literally shows the same thing.

`safe_line` is the same for one-line names (team names, nicknames): newline and tab are
escaped too. `csv_cell` neutralises a spreadsheet formula in a CSV cell; `safe_json` writes
those characters in JSON text as JSON escapes.

Where the rule is applied: the deck loader applies `safe_text` to every string it builds (so
no deck, nor the deck cache, ever holds a control character), `Problem` to every message it
prints, the config to its text values, drills to team names, typed answers as they are read,
the CLI's output helper to every line printed, the live client to what a server sends
(`safe_data`). Live rooms refuse nicknames and typed answers with such characters instead
(core/classroom/nickname.py). The TUI also never parses outside text as markup. See
docs/deck-format.md, "Text is data".
"""

from __future__ import annotations

import re

# What `safe_text` escapes (see the module docstring for why each).
UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
LINE_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
NAMED = {"\n": "\\n", "\t": "\\t"}

# A CSV cell a spreadsheet would read as a formula (or a field separator) starts with these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_char(ch: str) -> str:
    """One character as a visible escape: ``\\x1b`` below U+0100, ``\\u202e`` above."""
    if ch in NAMED:
        return NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group())


def safe_text(text: str) -> str:
    """`text` with every control character, bidi override and lone surrogate made visible
    (newline and tab kept). Text without any is returned as it is, at once."""
    if text.isprintable():  # no Cc, Cf or Cs character at all: the common case
        return text
    return UNSAFE_RE.sub(_escape, text)


def safe_line(text: str) -> str:
    """Like `safe_text`, for a name shown on one line: newline and tab are escaped too."""
    if text.isprintable():
        return text
    return LINE_UNSAFE_RE.sub(_escape, text)


def is_safe(text: str) -> bool:
    """True when `safe_text` would leave `text` unchanged."""
    return text.isprintable() or UNSAFE_RE.search(text) is None


def safe_data(value: object) -> object:
    """Decoded JSON (from a server, a phone) with every string in it made safe, keys too."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, list):
        return [safe_data(v) for v in value]
    if isinstance(value, dict):
        return {safe_text(str(k)): safe_data(v) for k, v in value.items()}
    return value


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run: text starting with = + - @, a tab or a
    carriage return gets a leading apostrophe. Numbers the app writes stay numbers, and the
    text is otherwise kept as it is (what reaches a CSV is already safe: deck text, team
    names, nicknames and typed answers are made safe or refused where they come in)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_json(text: str) -> str:
    """JSON text with the characters `safe_text` escapes written as JSON escapes
    (``\u001b``): the same data for a program, no control character for a terminal."""
    return UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def csv_row(values: list[object]) -> list[object]:
    """`csv_cell` of every value of a row."""
    return [csv_cell(v) for v in values]
