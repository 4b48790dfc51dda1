"""Grading answers: forgiving for typed text where it does not change the meaning, exact for
choices, orders and matches. Study, quizzes, drills, live rooms and line mode all grade here.

A typed answer is compared with the accepted answers (the first is the canonical one) after
`normalise` (case, accents, spacing, sentence punctuation, "&"/"and", leading articles and
number words forgiven; signs and symbols kept). In order:

1. Equal to an accepted form: right. An accent left out is shown ("mind the accent: élève");
   for a person, a shorter accepted form (the surname) shows the full name.
2. Dates are read, not spelt (`dates.parse_date`): another written form of the same day, month
   or year is right and the feedback says how the card writes it; a different day is wrong;
   a less precise answer ("September 2022" for a day) is wrong, saying what is asked; a more
   precise one (a day of the card's month) is right. A span needs the span, except a night
   (two days running, "12-13 September"): either of its days is right. Numeric dates are
   read day first unless the card writes its dates month first; an ambiguous one that would
   be right the other way round is wrong, and the feedback says why.
3. A person (``kind: person``): the surname alone is right, with the full name shown; unless
   another person the question knows has that surname.
4. The same words in another order, the same letters with other spacing, or a small typo:
   right, showing the card's spelling. The typo budget grows with the length of each word
   (`typo_allowance`); acronyms and words of four letters or fewer must be exact; numbers and
   signs/symbols must always be the same ("1992" is never "1993", "-40" never "40", "C#"
   never "C++"). A typo that is at least as close to a known wrong answer (the question's
   `wrong`: the card's distractors, near-miss answers of its kind in the deck) is wrong:
   "Iraq" is not a typo of "Iran".

"I was right": a human may overrule the verdict on typed text, never on an objective question
(true/false, choice, select-all, order, match): `can_override(question)`, and
`Verdict.overridable` on a wrong typed verdict.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeGuard

from rapidfuzz.distance import OSA

from quizapp.core.practice.dates import DateReading, DateSpan, PartialDate, parse_date
from quizapp.core.practice.questions import Question
from quizapp.core.text import (
    has_accents,
    normalise,
    numbers_in,
    surname_forms,
    symbols_in,
    typo_allowance,
    without_symbols,
)

__all__ = [
    "Verdict",
    "can_override",
    "grade",
    "grade_typed",
    "is_acronym",
    "numbers_in",
    "surname_forms",
    "typo_allowance",
]


_PLAIN_WRONG = ("Wrong. The answer is ", "No answer given.")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of grading one answer."""

    correct: bool
    exact: bool  # right as written: nothing to point out (always False when wrong)
    matched: str  # the accepted answer (or option) the response matched, "" when none
    message: str  # one line for the learner, e.g. "Right: the spelling is Yerevan."
    overridden: bool = False  # the learner said "I was right" after a wrong verdict
    overridable: bool = False  # a human may say "I was right": a wrong verdict on typed text

    @property
    def detail(self) -> str:
        """What the learner should hear beyond right or wrong ("that is Iraq, not Iran", "mind
        the signs", a typo let through, the card's form of a date); "" when the message only
        says right, or wrong with the answer (which the feedback shows anyway)."""
        plain = ("Right.", "Counted as right.")
        if self.message in plain or self.message.startswith(_PLAIN_WRONG):
            return ""
        return self.message

    def overridden_right(self) -> Verdict:
        """This verdict flipped to right by the learner's "I was right"."""
        return replace(
            self,
            correct=True,
            exact=False,
            overridden=True,
            overridable=False,
            message="Counted as right.",
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "correct": self.correct,
            "exact": self.exact,
            "matched": self.matched,
            "message": self.message,
            "overridden": self.overridden,
            "overridable": self.overridable,
        }


def can_override(question: Question) -> bool:
    """Whether "I was right" is offered after a wrong verdict on `question`: only where a
    human judges, i.e. typed answers; never for true/false, choice, select-all, order, match."""
    return question.overridable


def is_acronym(answer: str) -> bool:
    """A short all-capitals answer (CSTO, NATO, UAE): one letter off is another name."""
    word = answer.strip()
    return len(word) <= 6 and word.isalpha() and word.isupper()


def grade_typed(
    given: str, accepted: Iterable[str], wrong: Iterable[str] = (), kind: str = ""
) -> Verdict:
    """Grade a typed answer against the accepted answers (the first is the canonical one).

    `wrong` lists known wrong answers (distractors, answers of the same kind): a response that
    is one of them, or at least as close to one of them as to an accepted answer, is wrong
    even within the typo allowance ("Iraq" is not a typo of "Iran" when Iraq is an option).
    `kind` is the card's kind of answer: "person" lets the surname alone count, "number" turns
    off reading dates. Never raises.
    """
    answers = [a for a in accepted if normalise(a)]
    canonical = answers[0] if answers else ""
    g = normalise(given)
    if not g:
        return _wrong(f"No answer given. The answer is {canonical}." if canonical else "Wrong.")
    if not answers:
        return _wrong("Wrong: this question has no answer to compare with.")
    keys = [(a, normalise(a)) for a in answers]
    accepted_keys = {k for _, k in keys}
    known_wrong: list[tuple[str, str]] = []
    for w in wrong:
        wk = normalise(w)
        if wk and wk not in accepted_keys:
            known_wrong.append((w, wk))
    for answer, key in keys:
        if g == key:
            return _right_as_written(given, answer, canonical, kind)
    if kind != "number":
        dated = _grade_date(given, answers, canonical)
        if dated is not None:
            return dated
    if kind == "person":
        named = _grade_surname(given, answers, canonical, known_wrong)
        if named is not None:
            return named
    return _grade_text(g, keys, canonical, known_wrong)


def grade(question: Question, response: object) -> Verdict:
    """Grade a response to any question kind.

    Responses: choice -> option index (int); multi -> collection of option indices;
    truefalse -> bool (or the option index, 0 = True); order -> sequence of option indices in
    the chosen order; match -> for each left (by index) the chosen option index, as a sequence
    or a mapping; typed -> text. A response of the wrong shape is graded wrong, never raised.
    """
    if question.kind == "typed":
        text = response if isinstance(response, str) else ""
        return grade_typed(text, question.accepted, question.wrong, question.answer_kind)
    chosen = _indices(question, response)
    if question.kind == "multi":
        right = chosen is not None and sorted(set(chosen)) == sorted(question.correct)
    else:
        right = chosen is not None and chosen == question.correct
    if right:
        return Verdict(True, True, question.answer_text, "Right.")
    return Verdict(False, False, "", f"Wrong. The answer is {question.answer_text}.")


# --- the steps of grade_typed -----------------------------------------------------------------


def _wrong(message: str) -> Verdict:
    return Verdict(False, False, "", message, overridable=True)


def _right_as_written(given: str, answer: str, canonical: str, kind: str) -> Verdict:
    """The response equals `answer` once normalised: say what is worth saying."""
    accent = has_accents(answer) and normalise(given, keep_accents=True) != normalise(
        answer, keep_accents=True
    )
    shorter_name = (
        kind == "person"
        and answer != canonical
        and len(normalise(answer).split()) < len(normalise(canonical).split())
    )
    if shorter_name:
        note = f" (mind the accent: {answer})" if accent else ""
        return Verdict(True, False, answer, f"Right: {canonical}{note}.")
    if accent:
        return Verdict(True, False, answer, f"Right: mind the accent: {answer}.")
    return Verdict(True, True, answer, "Right.")


def _grade_text(
    g: str, keys: list[tuple[str, str]], canonical: str, known_wrong: list[tuple[str, str]]
) -> Verdict:
    """Word order, spacing and typos, then the known wrong answers."""
    best: tuple[int, str, str, str] | None = None  # (distance, how, answer, key)
    for answer, key in keys:
        found = _near(g, key, answer)
        if found is not None and (best is None or found[1] < best[0]):
            best = (found[1], found[0], answer, key)
    if best is None:
        for w, wk in known_wrong:
            if g == wk:
                return _wrong(f"Wrong: that is {w}, not {canonical}.")
        plain = without_symbols(g)
        if plain and any(plain == without_symbols(k) for _, k in keys):
            return _wrong(f"Wrong: mind the signs and symbols. The answer is {canonical}.")
        return _wrong(f"Wrong. The answer is {canonical}.")
    _, how, answer, key = best
    closest = 0 if how in ("order", "spacing") else OSA.distance(g, key)
    for w, wk in known_wrong:
        if OSA.distance(g, wk, score_cutoff=closest) <= closest:
            if g == wk:
                return _wrong(f"Wrong: that is {w}, not {canonical}.")
            return _wrong(
                f"Wrong: that is as close to {w} as to {answer}. The answer is {canonical}."
            )
    if how == "order":
        return Verdict(True, False, answer, f"Right: the usual order is {answer}.")
    if how == "spacing":
        return Verdict(True, False, answer, f"Right: the card writes it {answer}.")
    return Verdict(True, False, answer, f"Right, with a typo: the spelling is {answer}.")


def _near(g: str, key: str, answer: str) -> tuple[str, int] | None:
    """How `g` (normalised) is near the accepted `key`: ("order" | "spacing" | "typo",
    typos), or None when it is too far, or its numbers or symbols differ."""
    if numbers_in(g) != numbers_in(key) or symbols_in(g) != symbols_in(key):
        return None
    g_words, k_words = g.split(), key.split()
    if sorted(g_words) == sorted(k_words):
        return ("order", 0)
    g_flat, k_flat = "".join(g_words), "".join(k_words)
    if g_flat == k_flat:
        return ("spacing", 0)
    if is_acronym(answer):
        return None
    if len(g_words) == len(k_words):
        total = 0
        for a, b in zip(g_words, k_words, strict=True):
            allowed = typo_allowance(min(len(a), len(b)))
            d = OSA.distance(a, b, score_cutoff=allowed)
            if d > allowed:
                return None
            total += d
        return ("typo", total)
    allowed = typo_allowance(min(len(g_flat), len(k_flat)))
    d = OSA.distance(g_flat, k_flat, score_cutoff=allowed)
    return ("typo", d) if d <= allowed else None


def _grade_surname(
    given: str, answers: list[str], canonical: str, known_wrong: list[tuple[str, str]]
) -> Verdict | None:
    """The surname alone, for a person; None when `given` is not (near) one of the
    surnames."""
    g = normalise(given)
    surnames: dict[str, str] = {}
    for a in answers:
        for s in surname_forms(normalise(a)):
            surnames.setdefault(s, a)
    if not surnames:
        return None
    others: dict[str, str] = {}
    for w, wk in known_wrong:
        for s in surname_forms(wk) or [wk]:
            others.setdefault(s, w)
    if g in surnames:
        if g in others:
            return _wrong(f"Wrong: {others[g]} has that name too. The answer is {canonical}.")
        answer = surnames[g]
        written = normalise(answer, keep_accents=True).split()[-len(g.split()) :]
        accent = has_accents(" ".join(written)) and normalise(given, keep_accents=True) != " ".join(
            written
        )
        note = " (mind the accent)" if accent else ""
        return Verdict(True, False, answer, f"Right: {canonical}{note}.")
    best: tuple[int, str] | None = None
    for s, a in surnames.items():
        found = _near(g, s, s)
        if found is not None and found[0] == "typo" and (best is None or found[1] < best[0]):
            best = (found[1], a)
    if best is None:
        return None
    closest = min(OSA.distance(g, s) for s in surnames)
    for s, w in others.items():
        if OSA.distance(g, s, score_cutoff=closest) <= closest:
            return _wrong(f"Wrong: that is as close to {w} as to {canonical}.")
    return Verdict(True, False, best[1], f"Right, with a typo: the spelling is {canonical}.")


def _grade_date(given: str, answers: list[str], canonical: str) -> Verdict | None:
    """Grade a written date by the day it names; None when the card's answer or the response
    is not a date (the text is then graded as text)."""
    forms: list[DateReading] = []
    for a in answers:
        reading = parse_date(a)
        if reading is not None:
            forms.append(reading)
    if not forms:
        return None
    day_first = forms[0].month_first is not True
    reading = parse_date(given, day_first)
    if reading is None:
        return None
    values = [f.value for f in forms]
    outcome = _judge(reading.value, values)
    order = "day" if day_first else "month"
    if outcome == "right":
        note = ""
        if reading.other is not None and _judge(reading.other, values) != "right":
            note = (
                f" (a numeric date is read {order} first here; it could also mean"
                f" {reading.other.describe()})"
            )
        return Verdict(True, False, canonical, f"Right: the card writes it {canonical}{note}.")
    if reading.other is not None and _judge(reading.other, values) == "right":
        unambiguous = _iso(reading.other)
        tip = f" Write {unambiguous} to be unambiguous." if unambiguous else ""
        return _wrong(
            f"Wrong: a numeric date is read {order} first here, so that is"
            f" {reading.value.describe()}; the answer is {canonical}.{tip}"
        )
    if outcome == "span":
        return _wrong(f"Not quite: the answer is the span {canonical}.")
    if outcome.startswith("coarse:"):
        what = outcome.removeprefix("coarse:")
        return _wrong(f"Not precise enough: the card asks for {what}, {canonical}.")
    return _wrong(f"Wrong. The answer is {canonical}.")


def _judge(value: DateSpan, forms: list[DateSpan]) -> str:
    """ "right", "wrong", "span" (a day given for a span of days) or "coarse:<what is asked>"
    (the same date, less precisely) for a date given against the card's forms of its date."""
    same_shape = [f for f in forms if (f.end is None) == (value.end is None)]
    if value.end is None:
        # A night (two days running, "12-13 September"): either day names it, if it fits
        # every form of the night (the year of "12-13 September 2022" too).
        fitting = [_fitting_days(value, f) for f in forms if _one_night(f)]
        if fitting and all(fitting) and any(_covers(value, d) for ds in fitting for d in ds):
            return "right"
    if not same_shape:
        if value.end is None and all(_within(value.start, f) for f in forms):
            return "span"
        return "wrong"
    if any(_conflicts(value, f) for f in same_shape):
        return "wrong"
    if any(_covers(value, f) for f in same_shape):
        return "right"
    finest = same_shape[0].start
    if finest.day is not None and value.start.day is None:
        return "coarse:the day"
    if finest.month is not None and value.start.month is None:
        return "coarse:the month"
    return "coarse:the year too"


def _fitting_days(value: DateSpan, span: DateSpan) -> list[DateSpan]:
    """The ends of `span` that the single date `value` does not contradict."""
    return [DateSpan(d) for d in _ends(span) if not _conflicts(value, DateSpan(d))]


def _within(day: PartialDate, span: DateSpan) -> bool:
    """Whether `day` (as precise as it is) may fall within `span`."""
    if span.end is None:
        return not _conflicts(DateSpan(day), span)
    a, b = span.start, span.end
    years = {y for y in (a.year, b.year) if y is not None}
    if day.year is not None and years and day.year not in years:
        return False
    if day.month is None:
        return True
    if a.month is None or b.month is None or not a.month <= day.month <= b.month:
        return False
    lo = a.day if day.month == a.month and a.day else 1
    hi = b.day if day.month == b.month and b.day else 31
    return day.day is None or lo <= day.day <= hi


def _one_night(span: DateSpan) -> bool:
    """Whether a span is two days running (the night of 12-13 September)."""
    a, b = span.start, span.end
    if b is None or a.month is None or a.day is None or b.month is None or b.day is None:
        return False
    year = a.year or 2001  # any year that is not a leap year will do when none is written
    start = datetime.date(year, a.month, a.day)
    end = datetime.date(b.year or year, b.month, b.day)
    return (end - start).days == 1


def _ends(span: DateSpan) -> list[PartialDate]:
    return [span.start] if span.end is None else [span.start, span.end]


def _conflicts(value: DateSpan, form: DateSpan) -> bool:
    for v, f in zip(_ends(value), _ends(form), strict=True):
        for a, b in zip(v.parts(), f.parts(), strict=True):
            if a is not None and b is not None and a != b:
                return True
    return False


def _covers(value: DateSpan, form: DateSpan) -> bool:
    for v, f in zip(_ends(value), _ends(form), strict=True):
        for a, b in zip(v.parts(), f.parts(), strict=True):
            if b is not None and a is None:
                return False
    return True


def _iso(span: DateSpan) -> str:
    d = span.start
    if span.end is not None or d.year is None or d.month is None:
        return ""
    return f"{d.year:04d}-{d.month:02d}" + (f"-{d.day:02d}" if d.day else "")


# --- objective questions ----------------------------------------------------------------------


def _indices(question: Question, response: object) -> tuple[int, ...] | None:
    """The response as a tuple of option indices, or None when it has the wrong shape."""
    kind = question.kind
    if kind == "truefalse" and isinstance(response, bool):
        return (0,) if response else (1,)
    if kind in ("choice", "truefalse"):
        return (response,) if _is_index(response) else None
    if kind == "match" and isinstance(response, Mapping):
        try:
            values = [response[i] for i in range(len(question.lefts))]
        except (KeyError, TypeError):
            return None
        return tuple(values) if all(_is_index(v) for v in values) else None
    if isinstance(response, Sequence | set | frozenset) and not isinstance(response, str):
        values = list(response)
        return tuple(values) if all(_is_index(v) for v in values) else None
    return None


def _is_index(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
