"""Questions from deck items: kinds, believable distractors, determinism, the quiz draw."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.decks.loader import load_deck_text
from quizapp.core.decks.model import Deck, Item
from quizapp.core.practice.grading import grade
from quizapp.core.practice.questions import (
    MAX_CHOICES,
    QUESTION_KINDS,
    AnswerPool,
    CannotAsk,
    Question,
    answer_shape,
    build_quiz,
    describe_response,
    make_question,
    near_misses,
    parse_response,
    parse_types,
    pick_distractors,
)
from quizapp.core.text import normalise, too_long_to_type

DECK = """
id: test-deck
title: Test deck
description: Every card type.
cards:
  - {id: treaty, front: Treaty signed?, back: "1992", kind: year, distractors: ["1991"]}
  - {id: org, front: Organisation founded?, back: "2002", kind: year}
  - {id: kaz, front: Kazakhstan unrest?, back: "2022", kind: year}
  - {id: war, front: 44-day war?, back: "2020", kind: year}
  - {id: pres, front: President of Kyrgyzstan?, back: Sadyr Japarov, kind: person}
  - {id: pm, front: Prime minister of Armenia?, back: Nikol Pashinyan, kind: person}
  - {id: sec, front: Armenian security council secretary?, back: Armen Grigoryan, kind: person}
  - {id: fm, front: Russian foreign minister?, back: Sergey Lavrov, kind: person}
  - id: capital
    front: Capital of Armenia?
    back: Yerevan
    kind: place
    accept: [Erevan]
    reverse: true
  - {id: baku, front: Capital of Azerbaijan?, back: Baku, kind: place, reverse: true}
  - {id: astana, front: Capital of Kazakhstan?, back: Astana, kind: place, reverse: true}
  - {id: members, front: How many members?, back: "6", kind: number}
  - type: typed
    id: typed-one
    question: Who leads Kyrgyzstan?
    answer: Sadyr Japarov
    accept: [Japarov]
    kind: person
  - type: cloze
    id: cloze-one
    text: "The {{c1::CSTO}} was set up in {{c2::2002}}."
  - type: choice
    id: single
    question: Which member backed the invasion?
    choices: [Belarus, Kazakhstan, Armenia, Tajikistan, Kyrgyzstan]
    answer: Belarus
  - type: choice
    id: multi
    question: Which are members?
    choices: [Armenia, Belarus, Azerbaijan, Georgia]
    answer: [Armenia, Belarus]
  - {type: truefalse, id: tf, statement: The CSTO dates from 2002., answer: true}
  - type: order
    id: order
    question: Put in order.
    items: [First, Second, Third, Fourth]
  - type: match
    id: match
    question: Match.
    pairs: {Japarov: Kyrgyzstan, Pashinyan: Armenia, Tokayev: Kazakhstan}
"""


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_deck_text(DECK)


def item(deck: Deck, item_id: str) -> Item:
    return next(i for i in deck.items() if i.id == item_id)


def ask(deck: Deck, item_id: str, types: set[str] | None = None, seed: int = 1) -> Question:
    return make_question(item(deck, item_id), deck, random.Random(seed), types)


# --- distractors ----------------------------------------------------------------------------


def test_year_distractors_are_the_cards_own_then_other_years(deck: Deck) -> None:
    for seed in range(20):
        q = ask(deck, "treaty", {"choice"}, seed)
        assert q.kind == "choice"
        assert len(q.options) == 4
        assert "1991" in q.options  # the card's own distractor comes first
        assert set(q.options) <= {"1992", "1991", "2002", "2022", "2020"}
        assert q.options[q.correct[0]] == "1992"


def test_people_get_people(deck: Deck) -> None:
    people = {"Sadyr Japarov", "Nikol Pashinyan", "Armen Grigoryan", "Sergey Lavrov"}
    for seed in range(20):
        q = ask(deck, "pm", {"choice"}, seed)
        assert set(q.options) <= people
        assert len(q.options) == 4


def test_typed_card_same_kind_excludes_its_own_answer_and_duplicates(deck: Deck) -> None:
    # the typed card's answer equals the 'pres' card's answer: never offered twice
    for seed in range(20):
        q = ask(deck, "typed-one", {"choice"}, seed)
        assert q.kind == "choice"
        keys = [normalise(o) for o in q.options]
        assert len(keys) == len(set(keys))
        assert keys.count(normalise("Sadyr Japarov")) == 1


def test_a_card_without_a_kind_falls_back_to_look_alikes() -> None:
    deck = load_deck_text(
        """
id: few
title: Few
description: Numbers without a kind.
cards:
  - {id: a, front: Treaty?, back: "1992"}
  - {id: b, front: Some number?, back: "1241"}
  - {id: c, front: Other number?, back: "2008", kind: year}
  - {id: d, front: A small number?, back: "15"}
  - {id: e, front: A name?, back: Sadyr Japarov}
  - {id: f, front: A thing?, back: collective defence}
"""
    )
    for seed in range(10):
        opts = ask(deck, "a", {"choice"}, seed).options
        assert set(opts) == {"1992", "1241", "2008"}  # 4-digit numbers only, never "15"


def test_a_card_with_a_kind_never_draws_another_kind() -> None:
    """Too few answers of its kind: no look-alikes of another kind (a year is not a count,
    a non-member is not a member); the card is asked typed instead."""
    deck = load_deck_text(
        """
id: kinds
title: Kinds
description: Members and other countries.
cards:
  - {id: a, front: Treaty?, back: "1992", kind: year}
  - {id: b, front: Some number?, back: "1241"}
  - {id: c, front: Troops in 2022?, back: "2008", kind: number}
  - {id: m1, front: Backed the war?, back: Belarus, kind: member}
  - {id: m2, front: Looked West?, back: Armenia, kind: member, distractors: [Tajikistan]}
  - {id: m3, front: Hosted the drill?, back: Kazakhstan, kind: member}
  - {id: c1, front: Warned Russia?, back: China, kind: country}
  - {id: c2, front: Mediated?, back: France, kind: country}
"""
    )
    with pytest.raises(CannotAsk):
        ask(deck, "a", {"choice"})
    assert ask(deck, "a").kind == "typed"
    pool = AnswerPool.of(deck)
    for seed in range(20):
        got = pick_distractors(item(deck, "m1"), pool, random.Random(seed), 3)
        assert sorted(got) == ["Armenia", "Kazakhstan"]
        own = pick_distractors(item(deck, "m2"), pool, random.Random(seed), 3)
        assert own[0] == "Tajikistan" and sorted(own) == ["Belarus", "Kazakhstan", "Tajikistan"]


def test_a_reversed_card_with_a_kind_draws_fronts_of_its_kind_only() -> None:
    deck = load_deck_text(
        """
id: rev-kinds
title: Reversed kinds
description: Events and organisations, reversed.
cards:
  - {id: e1, front: Interaction-2022, back: A special forces exercise, kind: event, reverse: true}
  - {id: e2, front: Indestructible Brotherhood, back: A cancelled drill, kind: event, reverse: true}
  - {id: e3, front: The Astana summit, back: A meeting of leaders, kind: event, reverse: true}
  - {id: o1, front: CSTO, back: The alliance, kind: organisation, reverse: true}
  - {id: o2, front: NATO, back: The other alliance, kind: organisation, reverse: true}
  - {id: x, front: Baku, back: Capital of Azerbaijan, reverse: true}
"""
    )
    pool = AnswerPool.of(deck)
    for seed in range(10):
        got = pick_distractors(item(deck, "e1/reverse"), pool, random.Random(seed), 3)
        assert sorted(got) == ["Indestructible Brotherhood", "The Astana summit"]
        assert pick_distractors(item(deck, "o1/reverse"), pool, random.Random(seed), 3) == ["NATO"]


def test_no_believable_distractors_means_typed(deck: Deck) -> None:
    lonely = load_deck_text(
        """
id: lonely
title: Lonely
description: Nothing alike.
cards:
  - {id: a, front: Treaty?, back: "1992", kind: year}
  - {id: b, front: Name?, back: Sadyr Japarov, kind: person}
"""
    )
    assert ask(lonely, "a").kind == "typed"
    with pytest.raises(CannotAsk):
        ask(lonely, "a", {"choice"})


def test_reverse_item_draws_on_other_reversed_fronts(deck: Deck) -> None:
    q = ask(deck, "capital/reverse", {"choice"})
    assert q.prompt == "Yerevan"
    assert set(q.options) == {
        "Capital of Armenia?",
        "Capital of Azerbaijan?",
        "Capital of Kazakhstan?",
    }
    assert q.answer_text == "Capital of Armenia?"


def test_reverse_item_prefers_fronts_that_look_alike() -> None:
    deck = load_deck_text(
        """
id: rev
title: Rev
description: Reversed cards of different shapes.
cards:
  - {id: a, front: CSTO, back: Collective Security Treaty Organization, reverse: true}
  - {id: b, front: NATO, back: North Atlantic Treaty Organization, reverse: true}
  - {id: c, front: EAEU, back: Eurasian Economic Union, reverse: true}
  - {id: d, front: The war of 2020 in Karabakh, back: The 44 days war, reverse: true}
  - {id: e, front: The Collective Security Treaty, back: The 1992 treaty, reverse: true}
"""
    )
    for seed in range(10):
        got = pick_distractors(item(deck, "a/reverse"), AnswerPool.of(deck), random.Random(seed), 2)
        assert sorted(got) == ["EAEU", "NATO"]
    # a lone shape still gets options, from the other reversed fronts
    assert len(ask(deck, "d/reverse", {"choice"}).options) == 4


def test_distractors_never_repeat_the_right_answer_after_normalising() -> None:
    deck = load_deck_text(
        """
id: dup
title: Dup
description: Same answer written differently.
cards:
  - {id: a, front: A?, back: Yerevan, kind: place, distractors: [YEREVAN, Erevan, Baku]}
  - {id: b, front: B?, back: " yerevan ", kind: place}
  - {id: c, front: C?, back: Astana, kind: place}
  - {id: d, front: D?, back: Baku, kind: place}
"""
    )
    pool = AnswerPool.of(deck)
    for seed in range(10):
        got = pick_distractors(item(deck, "a"), pool, random.Random(seed), 3)
        assert sorted(got) == ["Astana", "Baku", "Erevan"]


def test_answer_shape() -> None:
    assert answer_shape("1992") == answer_shape("2002") != answer_shape("15")
    assert answer_shape("Sadyr Japarov") == answer_shape("Nikol Pashinyan")
    assert answer_shape("Sadyr Japarov") != answer_shape("collective defence")


# --- every kind -----------------------------------------------------------------------------


def test_basic_picks_choice_or_typed_by_rng(deck: Deck) -> None:
    kinds = {ask(deck, "pres", None, seed).kind for seed in range(30)}
    assert kinds == {"choice", "typed"}


def test_typed_card_is_typed_with_accepted_answers(deck: Deck) -> None:
    q = ask(deck, "typed-one")
    assert q.kind == "typed"
    assert q.accepted == ("Sadyr Japarov", "Japarov")
    assert q.wrong and set(q.wrong) <= {"Nikol Pashinyan", "Armen Grigoryan", "Sergey Lavrov"}
    assert grade(q, "japarov").correct
    assert not grade(q, "Pashinyan").correct


def test_cloze_is_typed_with_the_blank(deck: Deck) -> None:
    q = ask(deck, "cloze-one/c2")
    assert q.kind == "typed"
    assert q.prompt == "The CSTO was set up in [...]."
    assert grade(q, "2002").correct
    assert not grade(q, "2003").correct
    with pytest.raises(CannotAsk):
        ask(deck, "cloze-one/c1", {"choice"})


def test_choice_has_at_most_four_options_with_the_answer(deck: Deck) -> None:
    for seed in range(10):
        q = ask(deck, "single", None, seed)
        assert q.kind == "choice" and len(q.options) == 4 and "Belarus" in q.options
        right = q.correct[0]
        assert grade(q, right).correct
        assert not grade(q, (right + 1) % 4).correct
        assert describe_response(q, right) == f"{'ABCD'[right]}) Belarus"


def test_multi_select_all(deck: Deck) -> None:
    q = ask(deck, "multi")
    assert q.kind == "multi"
    assert sorted(q.options[i] for i in q.correct) == ["Armenia", "Belarus"]
    assert grade(q, set(q.correct)).correct
    assert grade(q, list(reversed(q.correct))).correct
    assert not grade(q, {q.correct[0]}).correct
    assert not grade(q, set(range(4))).correct
    with pytest.raises(CannotAsk):
        ask(deck, "multi", {"choice"})


def test_truefalse(deck: Deck) -> None:
    q = ask(deck, "tf")
    assert q.options == ("True", "False") and q.correct == (0,)
    assert grade(q, True).correct and grade(q, 0).correct
    assert not grade(q, False).correct and not grade(q, 1).correct


def test_order_is_shuffled_and_graded_by_sequence(deck: Deck) -> None:
    for seed in range(10):
        q = ask(deck, "order", None, seed)
        assert q.options != ("First", "Second", "Third", "Fourth")
        assert [q.options[i] for i in q.correct] == ["First", "Second", "Third", "Fourth"]
        assert grade(q, list(q.correct)).correct
        assert not grade(q, list(reversed(q.correct))).correct
        assert not grade(q, list(q.correct[:2])).correct


def test_match_by_sequence_or_mapping(deck: Deck) -> None:
    q = ask(deck, "match")
    assert q.lefts == ("Japarov", "Pashinyan", "Tokayev")
    assert [q.options[i] for i in q.correct] == ["Kyrgyzstan", "Armenia", "Kazakhstan"]
    assert grade(q, q.correct).correct
    assert grade(q, dict(enumerate(q.correct))).correct
    swapped = (q.correct[1], q.correct[0], q.correct[2])
    assert not grade(q, swapped).correct
    assert not grade(q, {0: q.correct[0]}).correct


@pytest.mark.parametrize("response", [None, "x", 3.5, [None], {"a": 1}, -1, 99, True])
def test_wrong_shaped_responses_are_wrong_not_errors(deck: Deck, response: object) -> None:
    for item_id in ("single", "multi", "order", "match"):
        assert not grade(ask(deck, item_id), response).correct


# --- the quiz draw --------------------------------------------------------------------------


def test_build_quiz_one_question_per_card(deck: Deck) -> None:
    quiz = build_quiz(deck, seed=5)
    cards = [q.item.card.id for q in quiz]
    assert len(cards) == len(set(cards)) == len(deck.cards)


def test_same_seed_same_quiz_different_seeds_differ(deck: Deck) -> None:
    assert build_quiz(deck, seed=7) == build_quiz(deck, seed=7)
    assert build_quiz(deck, seed=7) != build_quiz(deck, seed=8)


def test_count_and_types(deck: Deck) -> None:
    assert len(build_quiz(deck, count=5, seed=1)) == 5
    only = build_quiz(deck, types={"truefalse", "order"}, seed=1)
    assert sorted(q.kind for q in only) == ["order", "truefalse"]
    typed = build_quiz([deck], types={"typed"}, seed=1)
    assert {q.kind for q in typed} == {"typed"}
    # choice cards, true/false, order and match cannot be typed
    assert {q.item.card.type for q in typed} == {"basic", "typed", "cloze"}


def test_parse_types() -> None:
    assert parse_types("choice, typed") == {"choice", "typed"}
    with pytest.raises(ValueError, match="choice, multi, typed"):
        parse_types("choice,essay")
    with pytest.raises(ValueError):
        parse_types(" , ")


def test_to_dict(deck: Deck) -> None:
    d = ask(deck, "order").to_dict()
    assert d["item_id"] == "order" and d["kind"] == "order" and len(d["options"]) == 4
    typed = ask(deck, "typed-one").to_dict()
    assert typed["answer_kind"] == "person" and typed["wrong"]  # what grading a typed answer needs


# --- reading typed-in responses ---------------------------------------------------------------


def test_parse_response_each_kind(deck: Deck) -> None:
    single = ask(deck, "single")
    assert parse_response(single, " b ") == 1
    assert parse_response(single, "3") == 2
    multi = ask(deck, "multi")
    assert parse_response(multi, "a c") == {0, 2}
    assert parse_response(multi, "AC") == {0, 2}
    tf = ask(deck, "tf")
    assert parse_response(tf, "T") is True and parse_response(tf, "false") is False
    order = ask(deck, "order")
    assert parse_response(order, "3 1 2 4") == (2, 0, 1, 3)
    match = ask(deck, "match")
    assert parse_response(match, "A2 b1 C3") == {0: 1, 1: 0, 2: 2}
    assert parse_response(match, "2 1 3") == (1, 0, 2)
    assert parse_response(ask(deck, "typed-one"), " Japarov ") == " Japarov "


@pytest.mark.parametrize(
    ("item_id", "text"),
    [
        ("single", "E"),
        ("single", "a b"),
        ("single", ""),
        ("tf", "maybe"),
        ("order", "1 1 2 3"),
        ("order", "1 2 3"),
        ("match", "A1 A2"),
        ("match", "A9 B1 C2"),
        ("multi", ""),
    ],
)
def test_parse_response_refuses_with_a_message(deck: Deck, item_id: str, text: str) -> None:
    with pytest.raises(ValueError):
        parse_response(ask(deck, item_id), text)


@given(st.text())
def test_parse_response_only_raises_value_error(text: str) -> None:
    deck = load_deck_text(DECK)
    for item_id in ("single", "multi", "tf", "order", "match"):
        q = ask(deck, item_id)
        try:
            response = parse_response(q, text)
        except ValueError:
            continue
        grade(q, response)


def test_kinds_constant() -> None:
    assert QUESTION_KINDS == ("choice", "multi", "typed", "truefalse", "order", "match")


def test_unknown_kinds_are_refused(deck: Deck) -> None:
    with pytest.raises(ValueError, match="essay"):
        build_quiz(deck, types={"choice", "essay"})
    with pytest.raises(ValueError, match="essay"):
        ask(deck, "tf", {"essay"})


# --- issue 10: typed questions ----------------------------------------------------------------

SENTENCES = """
id: sentences
title: Sentences
description: Answers too long to type.
cards:
  - type: typed
    id: long-typed
    question: What did the author conclude?
    answer: The alliance was failing to keep the peace between its own members
    distractors: [It was growing stronger every year, It was about to admit Iran, It had no army]
  - type: typed
    id: long-lonely
    question: What did she say?
    answer: Regional organisations were failing.
    kind: quote
  - id: long-basic
    front: What did the analyst say?
    back: That the alliance had stopped mattering to its members at all
    distractors: [That it was stronger than ever, That Russia would leave it, That it had grown]
  - id: short-basic
    front: Capital of Armenia?
    back: Yerevan
    distractors: [Baku, Tbilisi]
  - type: cloze
    id: long-cloze
    text: "He said {{c1::that regional organisations were failing to prevent the conflicts}}."
  - type: cloze
    id: short-cloze
    text: "The {{c1::CSTO}} was set up in 2002."
"""


@pytest.mark.parametrize(
    ("answer", "too_long"),
    [
        ("Yerevan", False),
        ("Sadyr Japarov", False),
        ("Summit on Interaction and Confidence-Building Measures", False),  # six words
        ("A CSTO special forces exercise of autumn 2022", True),  # eight words
        ("Regional organisations were failing.", True),  # a sentence
        ("Is it over?", True),
        ("Washington D.C.", False),  # a full stop, but two words are no sentence
        ("?", False),
        ("12 September 2022", False),
    ],
)
def test_too_long_to_type(answer: str, too_long: bool) -> None:
    assert too_long_to_type(answer) == too_long


def test_an_answer_too_long_to_type_is_never_asked_typed() -> None:
    deck = load_deck_text(SENTENCES)
    for seed in range(20):
        assert ask(deck, "long-typed", None, seed).kind == "choice"
        assert ask(deck, "long-basic", None, seed).kind == "choice"
        assert ask(deck, "long-typed", {"choice", "typed"}, seed).kind == "choice"
    assert {ask(deck, "short-basic", None, s).kind for s in range(20)} == {"choice", "typed"}
    with pytest.raises(CannotAsk, match="too long to type"):
        ask(deck, "long-typed", {"typed"})
    with pytest.raises(CannotAsk, match="too long to type"):
        ask(deck, "long-lonely")  # no options to make it a choice question
    with pytest.raises(CannotAsk, match="too long to type"):
        ask(deck, "long-cloze/c1")
    assert ask(deck, "short-cloze/c1").kind == "typed"
    typed = build_quiz(deck, types={"typed"}, seed=3)
    assert sorted(q.item.id for q in typed) == ["short-basic", "short-cloze/c1"]


COUNTRIES = """
id: countries
title: Countries
description: Look-alike names.
cards:
  - {type: typed, id: iran, question: Persia today?, answer: Iran, kind: country}
  - {id: iraq, front: Capital Baghdad?, back: Iraq, kind: country}
  - {id: slovenia, front: Capital Ljubljana?, back: Slovenia, kind: country}
  - {id: slovakia, front: Capital Bratislava?, back: Slovakia, kind: country}
  - {type: typed, id: austria, question: Capital Vienna?, answer: Austria, kind: country}
  - {id: australia, front: Capital Canberra?, back: Australia, kind: country}
  - {id: kazakhstan, front: Capital Astana?, back: Kazakhstan, kind: country}
  - {id: ukraine, front: Capital Kyiv?, back: Ukraine, kind: country}
  - {id: mongolia, front: Capital Ulaanbaatar?, back: Mongolia, kind: country}
  - {id: paris, front: Capital of France?, back: Paris, kind: city}
  - {id: iran-city, front: A city named like a country?, back: Irak, kind: city}
  - {type: typed, id: ilham, question: President of Azerbaijan?, answer: Ilham Aliyev, kind: person}
  - {id: heydar, front: His father?, back: Heydar Aliyev, kind: person}
  - {type: typed, id: japarov, question: Kyrgyz president?, answer: Sadyr Japarov, kind: person}
  - {id: pashinyan, front: Armenian prime minister?, back: Nikol Pashinyan, kind: person}
"""


def test_typed_questions_know_the_decks_near_misses_of_their_kind() -> None:
    deck = load_deck_text(COUNTRIES)
    for seed in range(10):
        iran = ask(deck, "iran", {"typed"}, seed)
        assert "Iraq" in iran.wrong
        assert "Irak" not in iran.wrong  # a city: another kind
        assert "Iran" not in iran.wrong
        assert grade(iran, "Iraq").message == "Wrong: that is Iraq, not Iran."
        austria = ask(deck, "austria", {"typed"}, seed)
        assert "Australia" in austria.wrong
        assert not grade(austria, "Austrlia").correct
        assert grade(austria, "Austira").correct
    slovenia = ask(deck, "slovenia", {"typed"}, 1)
    assert slovenia.kind == "typed" and "Slovakia" in slovenia.wrong
    assert not grade(slovenia, "Slovakia").correct


def test_near_misses_come_from_the_whole_kind_not_only_the_options() -> None:
    deck = load_deck_text(COUNTRIES)
    item_ = item(deck, "iran")
    pool = AnswerPool.of(deck)
    assert near_misses(item_, pool) == ["Iraq"]
    q = make_question(item_, deck, random.Random(0), {"typed"}, pool)
    shown = set(pick_distractors(item_, pool, random.Random(0), MAX_CHOICES - 1))
    assert set(q.wrong) == shown | {"Iraq"}


def test_a_persons_surname_alone_is_right_unless_another_person_shares_it() -> None:
    deck = load_deck_text(COUNTRIES)
    japarov = ask(deck, "japarov", {"typed"})
    assert japarov.answer_kind == "person"
    v = grade(japarov, "Japarov")
    assert v.correct and v.message == "Right: Sadyr Japarov."
    assert not grade(japarov, "Pashinyan").correct
    ilham = ask(deck, "ilham", {"typed"})
    assert "Heydar Aliyev" in ilham.wrong
    assert not grade(ilham, "Aliyev").correct
    assert grade(ilham, "Ilham Aliyev").exact


def test_a_reversed_item_has_no_answer_kind(deck: Deck) -> None:
    assert ask(deck, "capital", {"typed"}).answer_kind == "place"
    assert ask(deck, "capital/reverse", {"choice"}).answer_kind == ""
    assert ask(deck, "cloze-one/c1").answer_kind == ""


def test_overridable_only_for_typed_questions(deck: Deck) -> None:
    kinds = {
        "typed-one": "typed",
        "single": "choice",
        "multi": "multi",
        "tf": "truefalse",
        "order": "order",
        "match": "match",
    }
    for item_id, kind in kinds.items():
        q = ask(deck, item_id)
        assert (q.kind, q.overridable) == (kind, kind == "typed")


def test_options_that_differ_only_by_a_sign_are_both_offered() -> None:
    deck = load_deck_text(
        """
id: signs
title: Signs
description: Symbols count.
cards:
  - {id: a, front: Lowest?, back: "-40", kind: temperature, distractors: ["40", "-30"]}
  - {id: b, front: Language?, back: C++, kind: language, distractors: ["C#", "C"]}
"""
    )
    for seed in range(5):
        assert set(ask(deck, "a", {"choice"}, seed).options) == {"-40", "40", "-30"}
        assert set(ask(deck, "b", {"choice"}, seed).options) == {"C++", "C#", "C"}
