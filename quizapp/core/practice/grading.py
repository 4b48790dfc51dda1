"""Grading answers: forgiving for typed text, exact for choices, orders and matches.

Typed answers are compared after `normalise` (case, accents, punctuation, spacing, "&"/"and"
and leading articles ignored), and a small typo still counts: up to 1 edit for 4-6
characters, 2 for 7-12 and about 15% beyond. Answers of 3 characters or fewer and short
acronyms must be exact, and the numbers in an answer must always be the same ("1992" is never
"1993").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeGuard

from rapidfuzz.distance import Levenshtein

from quizapp.core.practice.questions import Question
from quizapp.core.text import DIGITS_RE, normalise


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of grading one answer."""

    correct: bool
    exact: bool  # right without needing typo tolerance (always False when wrong)
    matched: str  # the accepted answer (or option) the response matched, "" when none
    message: str  # one line for the learner, e.g. "Right: the spelling is Yerevan."
    overridden: bool = False  # the learner said "I was right" after a wrong verdict

    def overridden_right(self) -> Verdict:
        """This verdict flipped to right by the learner's "I was right"."""
        return replace(
            self, correct=True, exact=False, overridden=True, message="Counted as right."
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "correct": self.correct,
            "exact": self.exact,
            "matched": self.matched,
            "message": self.message,
            "overridden": self.overridden,
        }


def typo_allowance(length: int) -> int:
    """How many edits a right answer of `length` normalised characters may have."""
    if length <= 3:
        return 0
    if length <= 6:
        return 1
    if length <= 12:
        return 2
    return round(length * 0.15)


def numbers_in(text: str) -> list[str]:
    """The digit runs of a normalised text, without leading zeros ("07" == "7")."""
    return [d.lstrip("0") or "0" for d in DIGITS_RE.findall(text)]


def is_acronym(answer: str) -> bool:
    """A short all-capitals answer (CSTO, NATO, UAE): one letter off is another name."""
    word = answer.strip()
    return len(word) <= 6 and word.isalpha() and word.isupper()


def grade_typed(given: str, accepted: Iterable[str], wrong: Iterable[str] = ()) -> Verdict:
    """Grade a typed answer against the accepted answers (the first is the canonical one).

    `wrong` lists known wrong answers (distractors, answers of the same kind): a response that
    is one of them, or at least as close to one of them as to an accepted answer, is wrong
    even within the typo allowance ("Iraq" is not a typo of "Iran" when Iraq is an option).
    """
    answers = [a for a in accepted if normalise(a)]
    canonical = answers[0] if answers else ""
    g = normalise(given)
    if not g:
        return Verdict(False, False, "", f"No answer given. The answer is {canonical}.")
    best: tuple[int, str] | None = None
    for answer in answers:
        a = normalise(answer)
        if g == a:
            return Verdict(True, True, answer, "Right.")
        if sorted(g.split()) == sorted(a.split()):
            best = (0, answer)  # the same words in another order ("Japarov Sadyr")
            continue
        if numbers_in(g) != numbers_in(a):
            continue
        allowed = 0 if is_acronym(answer) else typo_allowance(min(len(a), len(g)))
        if allowed == 0:
            continue
        dist = Levenshtein.distance(g, a, score_cutoff=allowed)
        if dist <= allowed and (best is None or dist < best[0]):
            best = (dist, answer)
    wrong_msg = f"Wrong. The answer is {canonical}."
    if best is None:
        return Verdict(False, False, "", wrong_msg)
    for other in wrong:
        o = normalise(other)
        if o and Levenshtein.distance(g, o, score_cutoff=best[0]) <= best[0]:
            return Verdict(False, False, "", wrong_msg)
    if best[0] == 0:
        return Verdict(True, False, best[1], f"Right: the usual order is {best[1]}.")
    return Verdict(True, False, best[1], f"Right, with a typo: the spelling is {best[1]}.")


def grade(question: Question, response: object) -> Verdict:
    """Grade a response to any question kind.

    Responses: choice -> option index (int); multi -> collection of option indices;
    truefalse -> bool (or the option index, 0 = True); order -> sequence of option indices in
    the chosen order; match -> for each left (by index) the chosen option index, as a sequence
    or a mapping; typed -> text. A response of the wrong shape is graded wrong, never raised.
    """
    if question.kind == "typed":
        text = response if isinstance(response, str) else ""
        return grade_typed(text, question.accepted, question.wrong)
    chosen = _indices(question, response)
    if question.kind == "multi":
        right = chosen is not None and sorted(set(chosen)) == sorted(question.correct)
    else:
        right = chosen is not None and chosen == question.correct
    if right:
        return Verdict(True, True, question.answer_text, "Right.")
    return Verdict(False, False, "", f"Wrong. The answer is {question.answer_text}.")


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
