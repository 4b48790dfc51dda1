"""The answer widget for a quiz engine `Question` (used by study, quiz and drill screens)."""

from __future__ import annotations

from quizapp.core.practice.questions import Question
from quizapp.tui.widgets.answer_base import AnswerWidget
from quizapp.tui.widgets.answer_choice import ChoiceAnswer, TrueFalseAnswer
from quizapp.tui.widgets.answer_match import MatchAnswer
from quizapp.tui.widgets.answer_order import OrderAnswer
from quizapp.tui.widgets.answer_typed import TypedAnswer


def answer_widget(question: Question, *, id: str | None = None) -> AnswerWidget:
    """A fresh widget to answer `question`; its ``Answered.value`` is what ``grade`` takes."""
    kind = question.kind
    if kind == "typed":
        placeholder = "Fill in the blank" if question.item.card.type == "cloze" else "Your answer"
        return TypedAnswer(placeholder, id=id)
    if kind == "truefalse":
        return TrueFalseAnswer(id=id)
    if kind in ("choice", "multi"):
        return ChoiceAnswer(question.options, multi=kind == "multi", id=id)
    if kind == "order":
        return OrderAnswer(question.options, id=id)
    return MatchAnswer(question.lefts, question.options, id=id)
