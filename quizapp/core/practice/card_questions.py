"""Study cards as questions: the questioner a study session is given.

`CardQuestioner` is what `quizapp.core.srs.study.StudySession` calls to turn a card into a
question and to grade the learner's response. It satisfies srs' `Questioner` protocol
structurally: practice and srs never import each other (an import contract), so the callers
that know both (the TUI study screen, `quizapp study --plain`) create one and pass it in::

    StudySession(store, decks, clock, config, questioner=CardQuestioner())

A plain front/back card (`basic`) stays a flashcard (no question); every other card type
becomes the question the quiz engine makes of it, drawn with the seed the session gives (the
same shuffle every time the card is shown). Grading is the quiz's: `grading.grade`.
`card_label` names what the learner is asked to do, for the screen and line mode alike.
"""

from __future__ import annotations

import random

from quizapp.core.decks.model import Deck, Item
from quizapp.core.practice.grading import Verdict, grade
from quizapp.core.practice.questions import (
    AnswerPool,
    CannotAsk,
    Question,
    describe_response,
    make_question,
)

KIND_LABELS: dict[str, str] = {
    "choice": "Multiple choice",
    "multi": "Select all that apply",
    "typed": "Type the answer",
    "truefalse": "True or false",
    "order": "Put in order",
    "match": "Match the pairs",
}


def kind_label(question: Question) -> str:
    """A short name for what the learner must do ("Fill in the blank" for cloze cards)."""
    if question.kind == "typed" and question.item.card.type == "cloze":
        return "Fill in the blank"
    return KIND_LABELS[question.kind]


def card_label(item: Item, question: Question | None) -> str:
    """What kind of study card this is: the question's kind, or a (reversed) flashcard."""
    if question is not None:
        return kind_label(question)
    return "Flashcard (reversed)" if item.variant == "reverse" else "Flashcard"


class CardQuestioner:
    """Makes and grades the questions of study cards.

    Not thread-safe: one thread calls `question` (the study session's).
    """

    def __init__(self) -> None:
        self._pools: dict[str, tuple[Deck, AnswerPool]] = {}  # by deck id

    def question(self, item: Item, deck: Deck, seed: str) -> Question | None:
        """The question `item` becomes (None for a plain flashcard), drawn with `seed`."""
        if item.card.type == "basic":
            return None
        try:
            return make_question(item, deck, random.Random(seed), pool=self._pool_of(deck))
        except CannotAsk:
            return None  # e.g. an answer too long to type: shown as a plain card

    def grade(self, question: Question, response: object) -> Verdict:
        return grade(question, response)

    def describe(self, question: Question, response: object) -> str:
        return describe_response(question, response)

    def _pool_of(self, deck: Deck) -> AnswerPool:
        # The pool scans the whole deck: built once per deck, not once per card.
        cached = self._pools.get(deck.id)
        if cached is None or cached[0] is not deck:
            cached = self._pools[deck.id] = (deck, AnswerPool.of(deck))
        return cached[1]
