"""Text normalisation that grading and question building share.

`normalise` folds an answer for comparison; two answers that normalise the same read the same
to a learner (so they are never two options of one question, and a typed answer equal after
folding is right).

What is forgiven: case, accents, spacing, apostrophes, sentence punctuation (. , ! ? ; : quotes,
brackets), a hyphen between words ("Nur-Sultan" = "Nur Sultan"), "&" = "and", "%" = "percent",
a leading "the", "a" or "an", and numbers written as words ("six" = "6", "forty-four" = "44").

What is kept, because it changes the meaning: signs and symbols. ``+ # * / = < > ^ ~ | \\ @``
and currency signs always count ("C++" is not "C#", "x+1" is not "x*1"); a minus sign counts
where it is a sign, i.e. written straight before a letter or digit and not straight after one
("-40" is not "40", "x = -1" is not "x = 1"; in "x-1" or "COVID-19" it is a hyphen). Spaces
around symbols are ignored ("x + 1" = "x+1"). An answer made only of punctuation ("?", "...")
keeps its punctuation, so it can be typed and be right.
"""

from __future__ import annotations

import functools
import re
import unicodedata

ARTICLES = frozenset({"the", "a", "an"})
SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {word: str(n) for n, word in enumerate(SMALL_NUMBERS.split(" "))}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
TENS |= {"eighty": 80, "ninety": 90}
UNITS = {w: int(n) for w, n in NUMBER_WORDS.items() if 1 <= int(n) <= 9}
APOSTROPHES = "'’‘`ʼ´"
DIGITS_RE = re.compile(r"\d+")
SIGNED_NUMBER_RE = re.compile(r"-?\d+")
NUMBER_GROUP_RE = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")
SYMBOLS = "+#*/=<>^~|\\@$€£¥±×÷"  # always significant
SYMBOL_SET = frozenset(SYMBOLS)
_GLUE_RE = re.compile(r" ?([" + re.escape(SYMBOLS) + r"]) ?")
# Dashes and minus signs all read as "-" (a hyphen or a sign, decided by position).
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"))
OTHER_SIGNS = str.maketrans({"\u2044": "/", "\u2215": "/", "\u00b7": " "})

# Name particles kept with a surname ("de Gaulle", "van der Bellen").
PARTICLES = frozenset({"de", "da", "di", "du", "del", "della", "der", "van", "von", "la", "le"})
PARTICLES |= frozenset({"al", "el", "bin", "ibn", "ter", "ten", "st"})


# An answer longer than this many words (or a sentence) is too long to type (see
# `too_long_to_type`): it is asked as a multiple-choice question, or not asked typed.
TYPED_MAX_WORDS = 6
SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def fold(text: str, keep_accents: bool = False) -> str:
    """Case (and, unless `keep_accents`, accents) folded; dashes and minus signs as "-"."""
    if text.isascii():
        return text.lower()
    if keep_accents:
        text = unicodedata.normalize("NFC", text.casefold())
    else:
        for _ in range(2):  # twice: casefolding can make new decomposable letters ("ǅ")
            text = unicodedata.normalize("NFKD", text.casefold())
            text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(DASHES).translate(OTHER_SIGNS)


_MARK = "\ue000"  # stands for a minus sign while the rest of the punctuation is blanked
_SPELL_OUT = str.maketrans(
    {**dict.fromkeys(APOSTROPHES), "&": " and ", "%": " percent ", _MARK: " "}
    | {c: f" {c} " for c in SYMBOLS}
)
_SIGN_RE = re.compile(r"(?<![^\W_])-(?=[^\W_])")  # no letter/digit before, one after
_BLANK_RE = re.compile(r"[^\w" + re.escape(SYMBOLS) + _MARK + r"]|_")


@functools.lru_cache(maxsize=65536)
def normalise(text: str, keep_accents: bool = False) -> str:
    """Fold `text` for comparison (see the module's docstring for what is kept).

    Small numbers written as words become digits ("six" -> "6"). With `keep_accents`, letters
    keep their accents (to tell "élève" from "eleve" when saying "mind the accent").
    """
    folded = fold(text, keep_accents)
    text = NUMBER_GROUP_RE.sub("", folded).translate(_SPELL_OUT)  # 1,000 and 1.000 -> 1000
    text = _BLANK_RE.sub(" ", _SIGN_RE.sub(_MARK, text)).replace(_MARK, " -")
    words = _numbers_as_digits(text.split())
    while len(words) > 1 and words[0] in ARTICLES:
        words.pop(0)
    result = _GLUE_RE.sub(r"\1", " ".join(words))
    if not result:
        # Only punctuation (or nothing): the punctuation is the answer ("?", "...").
        return "".join(ch for ch in folded if not ch.isspace())
    return result


def _numbers_as_digits(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in TENS:
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt in UNITS:
                out.append(str(TENS[w] + UNITS[nxt]))
                i += 2
                continue
            out.append(str(TENS[w]))
        else:
            out.append(NUMBER_WORDS.get(w, w))
        i += 1
    return out


def numbers_in(normalised: str) -> list[str]:
    """The numbers of a normalised text with their signs, without leading zeros ("07" == "7",
    "-40" != "40")."""
    out = []
    for d in SIGNED_NUMBER_RE.findall(normalised):
        sign, digits = ("-", d[1:]) if d.startswith("-") else ("", d)
        out.append(sign + (digits.lstrip("0") or "0"))
    return out


def symbols_in(normalised: str) -> str:
    """The signs and symbols of a normalised text, in order ("c++" -> "++", "-40" -> "-")."""
    return "".join(ch for ch in normalised if ch in SYMBOL_SET or ch == "-")


def without_symbols(normalised: str) -> str:
    """A normalised text with its signs and symbols taken out (to say "mind the sign")."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in normalised).split())


def has_accents(text: str) -> bool:
    """Whether `text` has accented letters (combining marks once decomposed)."""
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFKD", text))


def too_long_to_type(answer: str) -> bool:
    """Whether an answer is too long to ask as a typed question: more than TYPED_MAX_WORDS
    words (a hyphenated word counts as one), or a sentence (three words or more ending in a
    full stop, "!" or "?"). Such answers are asked as multiple choice, or not asked typed."""
    words = answer.split()
    if len(words) > TYPED_MAX_WORDS:
        return True
    return len(words) >= 3 and SENTENCE_END_RE.search(answer) is not None


def typo_allowance(length: int) -> int:
    """How many typos (insertions, deletions, substitutions, swaps of two neighbours) a word of
    `length` normalised characters may have and still count as right.

    | length | typos | why                                                             |
    | 1-4    | 0     | one edit in a short word is another word: Iran/Iraq, Baku/Bako   |
    | 5-8    | 1     | erevan, Japarow; two edits would pass Slovakia for Slovenia (8)  |
    | 9-14   | 2     | Kirgizstan (10), Organisaton (11)                                |
    | 15+    | 15%   | long compounds: 3 at 17-23 letters                               |
    """
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    if length <= 14:
        return 2
    return round(length * 0.15)


def max_typos(key: str) -> int:
    """The most typos a response may have and still match the normalised answer `key`
    (per word, or over the whole answer when the words do not line up)."""
    words = key.split()
    per_word = sum(typo_allowance(len(w)) for w in words)
    return max(per_word, typo_allowance(len("".join(words))))


def surname_forms(name_key: str) -> list[str]:
    """The surnames a normalised full name can be called by: the last word, and the last word
    with the particles before it ("charles de gaulle" -> ["gaulle", "de gaulle"]). Empty for a
    name of one word."""
    words = name_key.split()
    if len(words) < 2:
        return []
    out = [words[-1]]
    i = len(words) - 1
    while i > 1 and words[i - 1] in PARTICLES:
        i -= 1
        out.append(" ".join(words[i:]))
    return out


def format_duration(seconds: float) -> str:
    """'45s', '2m 05s', '1h 02m'."""
    s = round(seconds)
    if s < 60:
        return f"{s}s"
    m, s = divmod(s, 60)
    if m < 60:
        return f"{m}m {s:02d}s"
    h, m = divmod(m, 60)
    return f"{h}h {m:02d}m"


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '4th', ... '11th', '12th', '21st', '111th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
