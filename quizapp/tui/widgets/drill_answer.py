"""The drill answer's body: the right option marked ✔, the explanation, each team's result.
Answers can still be entered or corrected here (typed answers are marked here). The prompt,
tiles and explanation scroll together above the team badges when the screen is too short."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Label

from quizapp.core.classroom.drill import is_lettered, option_letters, right_letters
from quizapp.tui.widgets.choice_tile import ChoiceTile
from quizapp.tui.widgets.drill_body import AnsweringBody
from quizapp.tui.widgets.question_area import QuestionArea
from quizapp.tui.widgets.team_badges import TeamBadges


class AnswerBody(AnsweringBody):
    REVEAL = True

    def compose(self) -> ComposeResult:
        q = self.drill.question
        with QuestionArea(id="question-area"):
            yield Label(q.prompt, id="prompt", markup=False)
            if is_lettered(q):
                rights = right_letters(q)
                with Grid(id="choices"):
                    for letter, text in zip(option_letters(q), q.options, strict=True):
                        tile = ChoiceTile(letter, text, id=f"choice-{letter.lower()}")
                        tile.reveal(letter in rights)
                        yield tile
            else:
                yield Label(f"✔ {q.answer_text}", id="answer", markup=False)
            if q.explain:
                yield Label(q.explain, id="explain", markup=False)
        yield TeamBadges(self.drill.teams, id="teams")
        yield Label("", id="entry-hint", markup=False)
