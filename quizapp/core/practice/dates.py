"""Reading written dates, so that a typed date is graded by the day it names, not its spelling.

`parse_date(text)` understands the common written forms of a day, a month, a year or a span of
days, and returns what it names (a `DateSpan` of `PartialDate`s), or None when the text is not
(only) a date:

- numeric: ``2022-09-12`` (year first, always unambiguous), ``12/09/2022``, ``12.09.2022``,
  ``12-09-22`` (two-digit years: 00-49 are 2000-2049, 50-99 are 1950-1999), ``09/2022``,
  ``2022-09``;
- with the month in words (full or abbreviated, "Sept", "Sep.", a typo in a long month name
  forgiven): ``12 September 2022``, ``12th Sept 2022``, ``the 12th of September, 2022``,
  ``Sept 12, 2022``, ``Monday 12 September 2022``, ``September 2022``, ``Jan 2022``,
  ``September``, ``12 September``;
- a year: ``2022``, ``in 2022``;
- a span of days: ``12-13 September 2022``, ``12 to 13 September``, ``September 12-13``,
  ``12/13 September``, ``the night of 12-13 September``.

Day and month order in all-numeric dates: ``12/09/2022`` is read **day first**, as it is
written where the bundled decks' article is set (and in most of the world), unless the card
itself writes its dates month first ("September 12, 2022"): then numeric dates are read month
first too. When the other order also makes a date (both numbers 12 or less and different) the
reading is ambiguous and `DateReading.other` holds the other one, so the grader can say so. A
form with the year first (``2022-09-12``) or a number above 12 (``13.10.2022``) is never
ambiguous.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from quizapp.core.text import fold

MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_ABBREVIATIONS = {name[:3]: n for n, name in enumerate(MONTH_NAMES, 1)} | {"sept": 9}
MONTHS = {name: n for n, name in enumerate(MONTH_NAMES, 1)} | MONTH_ABBREVIATIONS
WEEKDAYS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    ]
)
FILLER = frozenset({"the", "of", "on", "in", "night", "year", "ad", "ce", "from", "between"})
RANGE_WORDS = frozenset({"to", "and", "until", "till", "through", "-", "/", "&"})
TOKEN_RE = re.compile(r"(\d+)(?:st|nd|rd|th)?\b|([a-z]+)\.?|([-/&])|(,)|(\s+)")

ISO_RE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
ISO_MONTH_RE = re.compile(r"(\d{4})[-/.](\d{1,2})")
NUMERIC_RE = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})")
NUMERIC_MONTH_RE = re.compile(r"(\d{1,2})[-/.](\d{4})")
YEAR_RE = re.compile(r"(?:(?:in|the year|year)\s+)?(\d{4})(?:\s+(?:ad|ce))?")
LEADING_RE = re.compile(r"^(?:on|in|the)\s+")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A day, a month or a year; unknown parts are None ("12 September": no year)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def parts(self) -> tuple[int | None, int | None, int | None]:
        return (self.year, self.month, self.day)

    def describe(self) -> str:
        """Day first, the month in words: "9 December 2022", "September 2022", "2022"."""
        parts = [str(self.day)] if self.day else []
        if self.month:
            parts.append(MONTH_NAMES[self.month - 1].title())
        if self.year:
            parts.append(str(self.year))
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """One date, or a span of days from `start` to `end`."""

    start: PartialDate
    end: PartialDate | None = None

    def describe(self) -> str:
        if self.end is None:
            return self.start.describe()
        return f"{self.start.describe()} to {self.end.describe()}"


@dataclass(frozen=True, slots=True)
class DateReading:
    """What a written date names. `other` is the other reading of an ambiguous numeric date
    (12/09/2022 read month first); `month_first` says how the text orders a day and a month
    in words (True for "Sept 12", False for "12 Sept", None when it does not say)."""

    value: DateSpan
    other: DateSpan | None = None
    month_first: bool | None = None


@functools.lru_cache(maxsize=8192)
def parse_date(text: str, day_first: bool = True) -> DateReading | None:
    """Read `text` as a date (see the module docstring), or None. Never raises."""
    t = " ".join(fold(text).split()).rstrip(".").strip()
    if not t or len(t) > 60:
        return None
    t = LEADING_RE.sub("", t)
    return _numeric(t, day_first) or _worded(t)


def _numeric(t: str, day_first: bool) -> DateReading | None:
    if m := ISO_RE.fullmatch(t):
        return _single(int(m[1]), int(m[3]), int(m[4]))
    if m := ISO_MONTH_RE.fullmatch(t):
        return _single(int(m[1]), int(m[2]), None)
    if m := NUMERIC_RE.fullmatch(t):
        a, b, year = int(m[1]), int(m[3]), _year(m[4])
        first = _valid(year, b, a) if day_first else _valid(year, a, b)
        second = _valid(year, a, b) if day_first else _valid(year, b, a)
        if first is None:
            first, second = second, None
        if first is None:
            return None
        other = DateSpan(second) if second is not None and second != first else None
        return DateReading(DateSpan(first), other)
    if m := NUMERIC_MONTH_RE.fullmatch(t):
        return _single(int(m[2]), int(m[1]), None)
    if m := YEAR_RE.fullmatch(t):
        return _single(int(m[1]), None, None)
    return None


def _year(digits: str) -> int:
    if len(digits) == 2:
        n = int(digits)
        return 2000 + n if n < 50 else 1900 + n
    return int(digits)


def _single(year: int | None, month: int | None, day: int | None) -> DateReading | None:
    date = _valid(year, month, day)
    return DateReading(DateSpan(date)) if date is not None else None


def _valid(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    if year is not None and not 1000 <= year <= 9999:  # "0212" is not how a year is written
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (
        month is None or day < 1 or day > calendar.monthrange(year or 2000, month)[1]
    ):
        return None
    return PartialDate(year, month, day)


def _month(word: str) -> int | None:
    if word in MONTHS:
        return MONTHS[word]
    if len(word) >= 6:  # a typo in a long month name ("Setpember"); never in "Jun"/"Jan"
        for n, name in enumerate(MONTH_NAMES, 1):
            if len(name) >= 6 and OSA.distance(word, name, score_cutoff=1) <= 1:
                return n
    return None


def _worded(t: str) -> DateReading | None:
    """Dates with the month in words, and spans of days; None for anything else."""
    signature: list[str] = []
    values: list[int] = []
    pos = 0
    for m in TOKEN_RE.finditer(t):
        if m.start() != pos:
            return None  # a character no date has
        pos = m.end()
        number, word, sep = m[1], m[2], m[3]
        if number is not None:
            if len(number) == 4:
                signature.append("Y")
            elif len(number) <= 2:
                signature.append("D")
            else:
                return None
            values.append(int(number))
        elif word is not None:
            if word in FILLER or word in WEEKDAYS:
                continue
            if word in RANGE_WORDS:
                signature.append("-")
                values.append(0)
                continue
            month = _month(word)
            if month is None:
                return None
            signature.append("M")
            values.append(month)
        elif sep is not None:
            signature.append("-")
            values.append(0)
    if pos != len(t):
        return None
    return _from_signature("".join(signature), values)


def _from_signature(sig: str, v: list[int]) -> DateReading | None:
    """Build the date a token signature names (D day, M month, Y year, - a span)."""
    start: tuple[int | None, int | None, int | None]
    end: tuple[int | None, int | None, int | None] | None = None
    month_first: bool | None = None
    year = v[-1] if sig.endswith("Y") else None
    body = sig[:-1] if sig.endswith("Y") else sig
    b = v[: len(body)]
    if body == "M":
        start = (year, b[0], None)
    elif body == "" and sig == "Y":
        start = (year, None, None)
    elif body == "DM":
        start, month_first = (year, b[1], b[0]), False
    elif body == "MD":
        start, month_first = (year, b[0], b[1]), True
    elif body == "D-DM":
        start, end, month_first = (year, b[3], b[0]), (year, b[3], b[2]), False
    elif body == "MD-D":
        start, end, month_first = (year, b[0], b[1]), (year, b[0], b[3]), True
    elif body == "DM-DM":
        start, end, month_first = (year, b[1], b[0]), (year, b[4], b[3]), False
    elif body == "MD-MD":
        start, end, month_first = (year, b[0], b[1]), (year, b[3], b[4]), True
    else:
        return None
    first = _valid(*start)
    if first is None:
        return None
    if end is None:
        return DateReading(DateSpan(first), month_first=month_first)
    last = _valid(*end)
    if last is None or (last.month, last.day) <= (first.month, first.day):
        return None
    return DateReading(DateSpan(first, last), month_first=month_first)
