"""Nicknames in a live room: what a student may call themselves.

A nickname comes from a stranger's phone, so it is data: it is checked here once, and every
screen shows it as plain text (never markup, never escapes). The rules:

- normalised to NFKC (full-width letters become ASCII, ligatures split), spaces at the ends
  removed and runs of spaces inside folded to one;
- 1 to 16 characters after that (counted in code points, so a pile of combining marks cannot
  make a name longer than 16);
- no control or format characters (C0/C1 controls, bidi overrides, zero-width joiners...),
  no line or paragraph separators, no unassigned or private-use code points;
- unique in the room case-insensitively (`nickname_key`: "ANA", "ana" and "Ａｎａ" are one name).
"""

from __future__ import annotations

import unicodedata

MAX_NICKNAME = 16
# Unicode categories refused in a nickname: controls, format (bidi overrides, zero-width),
# surrogates, private use, unassigned, line and paragraph separators.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


class NicknameError(ValueError):
    """A nickname that breaks a rule; the message says which, for the student."""


def normalise_nickname(raw: object, what: str = "nickname") -> str:
    """The nickname as it will be shown, or NicknameError saying what is wrong with it.

    `what` names the thing in messages ("team name": team names follow the same rules).
    """
    if not isinstance(raw, str):
        raise NicknameError(f"a {what} is text")
    text = unicodedata.normalize("NFKC", raw)
    for ch in text:
        if ch in "\t\n\r":
            raise NicknameError(f"a {what} is one line")
        if unicodedata.category(ch) in REFUSED_CATEGORIES:
            raise NicknameError(f"a {what} cannot contain control or invisible characters")
    name = " ".join(text.split())
    if not name:
        raise NicknameError(f"choose a {what}")
    if len(name) > MAX_NICKNAME:
        raise NicknameError(f"a {what} has at most {MAX_NICKNAME} characters")
    return name


def nickname_key(name: str) -> str:
    """What two nicknames must not share: the normalised name, case-folded."""
    return unicodedata.normalize("NFKC", name.casefold())
