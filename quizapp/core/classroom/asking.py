"""What a classroom drill and a live room share about asking a deck's questions to a class.

Both have the same settings for the questions (a timer, a count, a scoring preset, question
types and a seed) checked by one rule (`settings_problems`), draw their questions with the quiz
engine the same way (`draw_questions`: the same seed gives the same questions in the same
order; a missing seed is drawn and recorded), and keep them as they were asked, detached from
the deck file (`question_from_dict`).
"""

from __future__ import annotations

import random
from typing import Any, Protocol

from quizapp.core.classroom.scoring import SCORING_PRESETS
from quizapp.core.decks.model import Card, CardType, Deck, Item
from quizapp.core.practice.questions import Question, build_quiz

MAX_TIMER = 3600  # seconds per question, the most a drill or a room allows


class QuizSettings(Protocol):
    """What drawing reads of a drill's or a room's settings."""

    @property
    def count(self) -> int | None: ...

    @property
    def types(self) -> tuple[str, ...]: ...

    @property
    def seed(self) -> int | None: ...

    def problems(self) -> list[str]: ...


def settings_problems(timer: int, count: int | None, scoring: str) -> list[str]:
    """What is wrong with the timer, count and scoring settings (empty when they are fine)."""
    out: list[str] = []
    if not 0 <= timer <= MAX_TIMER:
        out.append(f"timer: give 0 (no timer) to {MAX_TIMER} seconds, not {timer}")
    if count is not None and count < 1:
        out.append(f"count: give at least 1 question, not {count}")
    if scoring not in SCORING_PRESETS:
        out.append(f"scoring: one of {', '.join(SCORING_PRESETS)}, not {scoring!r}")
    if scoring == "speed" and timer == 0:
        out.append("timer: speed scoring needs a timer (e.g. --timer 20)")
    return out


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


def draw_questions(
    deck: Deck, settings: QuizSettings, error: type[Exception]
) -> tuple[int, list[Question]]:
    """The seed and the questions of a new drill or room on `deck`.

    The settings are checked first; a missing seed is drawn now (the caller records it, so the
    same questions can be asked again). Raises `error` for bad settings or a deck with no
    question of the settings' types.
    """
    problems = settings.problems()
    if problems:
        raise error("; ".join(problems))
    seed = new_seed() if settings.seed is None else settings.seed
    questions = build_quiz(deck, settings.count, settings.types, seed)
    if not questions:
        kinds = " or ".join(settings.types)
        raise error(f"deck '{deck.id}' has no cards that can be asked as {kinds}")
    return seed, questions


_CARD_TYPE_OF_KIND: dict[str, CardType] = {
    "choice": "choice",
    "multi": "choice",
    "typed": "typed",
    "truefalse": "truefalse",
    "order": "order",
    "match": "match",
}


def question_from_dict(data: dict[str, Any]) -> Question:
    """A question saved with `Question.to_dict`, detached from its deck file.

    A drill or a room keeps its questions as they were asked, so a resumed or exported one does
    not change when the deck is edited afterwards. The item carries a stand-in card holding only
    the prompt, explanation and source, and the answer's kind (so a typed answer is graded by
    the same rules as when it was first asked: surnames, near-miss known answers in `wrong`).
    """
    item_id = str(data["item_id"])
    card = Card(
        id=item_id.split("/")[0],
        type=_CARD_TYPE_OF_KIND[str(data["kind"])],
        question=str(data["prompt"]),
        explain=str(data.get("explain", "")),
        source=str(data.get("source", "")),
        kind=str(data.get("answer_kind", "")),
    )
    variant = item_id.split("/", 1)[1] if "/" in item_id else ""
    return Question(
        item=Item(str(data["deck_id"]), item_id, card, variant),
        kind=data["kind"],
        prompt=str(data["prompt"]),
        options=tuple(data.get("options", ())),
        correct=tuple(int(i) for i in data.get("correct", ())),
        accepted=tuple(data.get("accepted", ())),
        lefts=tuple(data.get("lefts", ())),
        explain=str(data.get("explain", "")),
        source=str(data.get("source", "")),
        hint=str(data.get("hint", "")),
        answer_text=str(data.get("answer_text", "")),
        wrong=tuple(str(w) for w in data.get("wrong", ())),
    )
