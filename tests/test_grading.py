"""Grading: forgiving typed answers (accents, case, typos) that never let a wrong year pass."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.practice.grading import grade_typed, typo_allowance
from quizapp.core.text import normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Yerevan ", "yerevan"),
        ("YEREVAN", "yerevan"),
        ("Ñuñoa", "nunoa"),
        ("Kyrgyzstan's", "kyrgyzstans"),
        ("Armenia-Azerbaijan", "armenia azerbaijan"),
        ("Armenia & Belarus", "armenia and belarus"),
        ("The Kremlin", "kremlin"),
        ("a", "a"),  # an article alone stays
        ("'92", "92"),
        ("1,000", "1000"),
        ("Six", "6"),
        ("Straße", "strasse"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("given_text", "answer"),
    [
        ("Kirgizstan", "Kyrgyzstan"),
        ("erevan", "Yerevan"),
        ("kazakstan", "Kazakhstan"),
        ("Sadyr Japarow", "Sadyr Japarov"),
        ("Collective Security Treaty Organisaton", "Collective Security Treaty Organization"),
    ],
)
def test_small_typos_are_right_but_not_exact(given_text: str, answer: str) -> None:
    v = grade_typed(given_text, [answer])
    assert v.correct and not v.exact
    assert v.matched == answer
    assert answer in v.message  # the right spelling is shown


@pytest.mark.parametrize(
    ("given_text", "answer"),
    [
        ("yerevan", "Yerevan"),
        ("  YEREVAN!", "Yerevan"),
        ("Erévan", "Erevan"),
        ("the Kremlin", "Kremlin"),
        ("armenia and belarus", "Armenia & Belarus"),
        ("6", "Six"),
    ],
)
def test_equal_after_normalising_is_exact(given_text: str, answer: str) -> None:
    v = grade_typed(given_text, [answer])
    assert v.correct and v.exact


@pytest.mark.parametrize(
    ("given_text", "answer"),
    [
        ("1992", "1993"),
        ("1999", "1992"),
        ("15 May 1992", "15 May 1993"),
        ("CST", "CSTO"),  # short answers and acronyms must be exact
        ("NATA", "NATO"),
        ("Bak", "Baku"),
        ("USA", "UAE"),
        ("Armenia", "Albania"),
        ("Russia", "Belarus"),
        ("", "Yerevan"),
        ("   ", "Yerevan"),
        ("!?", "Yerevan"),
    ],
)
def test_wrong_answers(given_text: str, answer: str) -> None:
    v = grade_typed(given_text, [answer])
    assert not v.correct and not v.exact
    assert answer in v.message


def test_alternative_answers_count() -> None:
    accepted = ["Sadyr Japarov", "Sadyr Zhaparov", "Japarov"]
    v = grade_typed("zhaparov", [*accepted, "Zhaparov"])
    assert v.correct and v.exact and v.matched == "Zhaparov"
    assert grade_typed("'92", ["1992", "'92"]).correct


def test_closest_accepted_answer_is_reported() -> None:
    v = grade_typed("Zhaparow", ["Sadyr Japarov", "Zhaparov"])
    assert v.correct and v.matched == "Zhaparov"


def test_typo_allowance_grows_with_length() -> None:
    assert [typo_allowance(n) for n in (1, 3, 4, 6, 7, 12, 20, 40)] == [0, 0, 1, 1, 2, 2, 3, 6]


@given(st.text(), st.lists(st.text(), max_size=4))
def test_grading_never_raises(given_text: str, accepted: list[str]) -> None:
    v = grade_typed(given_text, accepted)
    assert isinstance(v.correct, bool)


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(min_size=1).filter(lambda t: normalise(t) != ""))
def test_an_accepted_answer_is_always_right(answer: str) -> None:
    v = grade_typed(answer, ["something else entirely", answer])
    assert v.correct and v.exact


@given(st.integers(1000, 2999), st.integers(1000, 2999), st.sampled_from(["", "in ", "year "]))
def test_a_different_year_is_always_wrong(year: int, other: int, prefix: str) -> None:
    if year != other:
        assert not grade_typed(f"{prefix}{other}", [str(year)]).correct


def test_a_known_wrong_answer_is_not_a_typo() -> None:
    assert grade_typed("Iraq", ["Iran"]).correct  # within the allowance when nothing is known
    assert not grade_typed("Iraq", ["Iran"], wrong=["Iraq", "Syria"]).correct
    assert not grade_typed("Irak", ["Iran"], wrong=["Iraq"]).correct  # as close to Iraq
    v = grade_typed("Kirgizstan", ["Kyrgyzstan"], wrong=["Kazakhstan", "Tajikistan"])
    assert v.correct and not v.exact
    assert grade_typed("Iran", ["Iran"], wrong=["Iraq"]).exact


@pytest.mark.parametrize(
    ("given_text", "answer"), [("Japarov Sadyr", "Sadyr Japarov"), ("May 15 1992", "15 May 1992")]
)
def test_the_same_words_in_another_order_count(given_text: str, answer: str) -> None:
    v = grade_typed(given_text, [answer])
    assert v.correct and not v.exact and answer in v.message


@pytest.mark.parametrize("text", ["1-000", "1,000-000", "a the b", "İstanbul", "ǅ", "the & a"])
def test_normalise_idempotent_examples(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)
