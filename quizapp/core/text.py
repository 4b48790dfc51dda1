"""Text normalisation that grading and question building share.

`normalise` folds an answer for comparison; two answers that normalise the same read the same
to a learner (so they are never two options of one question, and a typed answer equal after
folding is right).
"""

from __future__ import annotations

import re
import unicodedata

ARTICLES = frozenset({"the", "a", "an"})
SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {word: str(n) for n, word in enumerate(SMALL_NUMBERS.split(" "))}
APOSTROPHES = "'’‘`ʼ´"
DIGITS_RE = re.compile(r"\d+")
NUMBER_GROUP_RE = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")


def normalise(text: str) -> str:
    """Fold `text` for comparison: case, accents, punctuation, spaces, "&", leading articles.

    Small numbers written as words become digits ("six" -> "6").
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = NUMBER_GROUP_RE.sub("", text)  # 1,000 and 1.000 -> 1000
    out: list[str] = []
    for ch in text:
        if ch in APOSTROPHES:
            continue
        if ch == "&":
            out.append(" and ")
        elif ch.isalnum():
            out.append(ch)
        else:
            out.append(" ")
    words = [NUMBER_WORDS.get(w, w) for w in "".join(out).split()]
    while len(words) > 1 and words[0] in ARTICLES:
        words.pop(0)
    return " ".join(words)


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
