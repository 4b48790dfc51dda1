"""The bundled CSTO curriculum: every deck loads, cites the article, and teaches accurately."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.core import paths
from quizapp.core.decks.discovery import DeckSource, deck_files, load_decks
from quizapp.core.decks.loader import load_deck_file, validate_file
from quizapp.core.decks.model import CARD_TYPES, Card, Deck
from quizapp.core.practice.grading import grade_typed
from quizapp.core.practice.questions import make_question

REPO = Path(__file__).resolve().parents[1]
DECKS_DIR = REPO / "decks"
ARTICLE = Path(__file__).resolve().parents[2] / "shared/seed/csto-article.txt"
OVERLAP_TOOL = Path(__file__).resolve().parents[2] / "shared/tools/article_overlap.py"
DECK_FILES = sorted(DECKS_DIR.glob("*.yaml"))
MEMBERS = {"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"}
SOURCE_RE = re.compile(r"paragraph (\d+)")
PRIME_MINISTER_RE = re.compile(r"prime minister|\bPM\b|premier", re.IGNORECASE)


def article_paragraphs() -> int:
    """Paragraphs of the article: the non-empty lines after the title (13 if it is absent)."""
    if not ARTICLE.is_file():
        return 13
    lines = [ln for ln in ARTICLE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return len(lines) - 1


@pytest.fixture(scope="module")
def decks() -> list[Deck]:
    return [load_deck_file(path) for path in DECK_FILES]


def all_cards(decks: list[Deck]) -> list[tuple[Deck, Card]]:
    return [(deck, card) for deck in decks for card in deck.cards]


def stated_text(card: Card) -> str:
    """What a card asserts or asks, leaving out wrong options and the explanation."""
    parts = [card.front, card.back, card.text, card.question, card.statement, card.answer]
    parts += [*card.answers, *card.accept, *card.items]
    parts += [f"{left} {right}" for left, right in card.pairs]
    return "\n".join(parts)


@pytest.mark.parametrize("path", DECK_FILES, ids=lambda p: p.name)
def test_deck_validates_and_loads(path: Path) -> None:
    assert validate_file(path) == []
    deck = load_deck_file(path)
    assert deck.id == path.stem
    assert deck.cards


def test_enough_decks_and_cards(decks: list[Deck]) -> None:
    assert len(decks) >= 4
    assert sum(len(d.cards) for d in decks) >= 60
    assert len({d.id for d in decks}) == len(decks)


def test_bundled_decks_are_found_and_load() -> None:
    found = load_decks(deck_files([DeckSource(paths.bundled_decks_dir(), bundled=True)]))
    assert found.broken == []
    assert {d.id for d in found.decks.values()} >= {p.stem for p in DECK_FILES}
    assert all(d.bundled for d in found.decks.values())


def test_every_card_cites_one_paragraph_of_the_article(decks: list[Deck]) -> None:
    last = article_paragraphs()
    for deck, card in all_cards(decks):
        m = SOURCE_RE.fullmatch(card.source)
        assert m, f"{deck.id}/{card.id}: source {card.source!r} is not 'paragraph N'"
        assert 1 <= int(m.group(1)) <= last, f"{deck.id}/{card.id}: no paragraph {m.group(1)}"


def test_every_card_type_is_used(decks: list[Deck]) -> None:
    used = {card.type for _, card in all_cards(decks)}
    assert used == set(CARD_TYPES)
    cards = [card for _, card in all_cards(decks)]
    assert any(c.reverse for c in cards)
    assert any(c.select_all for c in cards)
    assert any(c.type == "cloze" and len(c.cloze_numbers()) > 1 for c in cards)


def test_the_six_members_are_taught(decks: list[Deck]) -> None:
    cards = [card for _, card in all_cards(decks)]
    assert any(c.type == "choice" and set(c.answers) == MEMBERS for c in cards)
    assert any(c.type == "basic" and c.back == "Six" for c in cards)
    for c in cards:
        if c.type == "truefalse" and re.search(r"\bfive member", c.statement):
            assert not c.truth, f"{c.id} teaches five members"


def test_rahmon_is_never_called_prime_minister(decks: list[Deck]) -> None:
    for deck, card in all_cards(decks):
        said = stated_text(card)
        if "Rahmon" in said and PRIME_MINISTER_RE.search(said):
            assert card.type == "truefalse" and not card.truth, (
                f"{deck.id}/{card.id} calls Rahmon prime minister"
            )
    cards = [card for _, card in all_cards(decks)]
    assert any("President of Tajikistan" in stated_text(c) for c in cards)
    assert any(c.type == "truefalse" and "Rahmon" in c.statement and not c.truth for c in cards)


def test_opinions_are_attributed(decks: list[Deck]) -> None:
    """Cards about the analysts' views say whose view it is."""
    analysts = ("Dubow", "Locoman", "Nersisyan")
    for deck, card in all_cards(decks):
        if card.type == "truefalse" and any(a in card.statement for a in analysts):
            assert card.statement.startswith("According to"), f"{deck.id}/{card.id}"


@pytest.mark.parametrize(
    ("canonical", "typed"),
    [
        ("Sadyr Japarov", "Zhaparov"),
        ("Sadyr Japarov", "Sadyr Zhaparov"),
        ("Sadyr Japarov", "japarov"),
        ("Emomali Rahmon", "Rahmon"),
        ("Emomali Rahmon", "Rakhmon"),
        ("Emomali Rahmon", "Emomali Rakhmon"),
        ("Yerevan", "Erevan"),
        ("Yerevan", "yerevan"),
    ],
)
def test_spellings_are_accepted(decks: list[Deck], canonical: str, typed: str) -> None:
    items = [i for d in decks for i in d.items() if i.accepted()[0] == canonical]
    assert items, f"no card answers {canonical}"
    for item in items:
        assert grade_typed(typed, item.accepted()).correct, f"{item.key} refuses {typed!r}"


def test_every_item_becomes_a_question(decks: list[Deck]) -> None:
    rng = random.Random(7)
    for deck in decks:
        for item in deck.items():
            question = make_question(item, deck, rng)
            assert question.prompt.strip()
            assert item.answer_text().strip()


def test_basic_and_typed_cards_work_as_multiple_choice(decks: list[Deck]) -> None:
    """Every basic card (both directions) and typed card has at least three options."""
    rng = random.Random(11)
    for deck in decks:
        for item in deck.items():
            if item.card.type not in ("basic", "typed"):
                continue
            question = make_question(item, deck, rng, {"choice"})
            assert len(question.options) >= 3, item.key
            assert question.options[question.correct[0]] == item.answer_text()


def test_choice_cards_have_a_wrong_option(decks: list[Deck]) -> None:
    for _, card in all_cards(decks):
        if card.type == "choice":
            assert set(card.answers) <= set(card.choices)
            assert set(card.choices) - set(card.answers)


@pytest.mark.skipif(not OVERLAP_TOOL.is_file(), reason="article overlap tool not available")
def test_decks_do_not_copy_the_article() -> None:
    out = subprocess.run(
        [sys.executable, str(OVERLAP_TOOL), str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    copied = [line for line in out.splitlines() if line.startswith(("decks/", "tests/test_curr"))]
    assert copied == []
