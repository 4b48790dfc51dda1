"""Classroom drills: the state machine a teacher drives in front of a class.

A drill asks a list of quiz questions (from `quizapp.core.practice.questions`) to a few
teams. For each question the teacher:

1. *starts* it (phase ``ready`` -> ``open``): the question shows and the timer runs;
2. enters each team's answer while it is open: a letter A-D for choice and true/false questions
   (true/false: A = True, B = False), or right/wrong for typed and spoken answers; under the
   ``confidence`` preset also the team's confidence 1-3;
3. *reveals* it (phase ``revealed``), early or when the timer runs out: the answer shows;
4. moves on: the leaderboard (phase ``board``, unless the board is hidden), then the next
   question, and after the last one the podium (phase ``finished``).

The teacher may pause and resume an open question (the paused time does not count), skip a
question, go back to re-show the previous one (a skipped question comes back ready to ask),
and end the drill early.

Time: the timer runs on ``clock.monotonic()``. The elapsed time of a question is computed from
when it was started (minus pauses), never decremented per tick, so a slow repaint changes
nobody's time. A team's time is the question's elapsed time when its answer is entered; an
answer entered after the question closed gets the closing time (at most the time limit); a
correction keeps the first answer's time.

Scores are never stored incrementally: `Drill.results()` recomputes them from the answers of
the questions asked, in question order, so going back and correcting an answer is always
consistent (the speed preset's streaks included). See `drill_scoring` for the presets.

A drill round-trips through `to_dict`/`from_dict` after every change (the drill store keeps it),
so a drill interrupted by a crash resumes where it stopped; an open question comes back paused.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from quizapp.core.classroom.scoring import (
    CONFIDENCE_LEVELS,
    SCORING_PRESETS,
    Scoring,
)
from quizapp.core.classroom.scoring import points as preset_points
from quizapp.core.clock import Clock
from quizapp.core.decks.model import Card, CardType, Deck, Item
from quizapp.core.practice.questions import LETTERS as ALL_LETTERS
from quizapp.core.practice.questions import MAX_CHOICES, Question, build_quiz
from quizapp.core.untrusted import safe_line

Phase = Literal["ready", "open", "revealed", "board", "finished"]
Status = Literal["pending", "skipped", "done"]

LETTERS = ALL_LETTERS[:MAX_CHOICES]  # A-D
LETTERED_KINDS = ("choice", "truefalse")
DEFAULT_TEAMS = ("Red", "Blue")
DEFAULT_TYPES = ("choice", "truefalse")
DEFAULT_TIMER = 20
DEFAULT_COUNT = 10
MAX_TEAMS = 9
MAX_TIMER = 3600


class DrillError(ValueError):
    """An action that is not possible in the drill's current state, or bad settings."""


@dataclass(frozen=True, slots=True)
class DrillSettings:
    teams: tuple[str, ...] = DEFAULT_TEAMS
    timer: int = DEFAULT_TIMER  # seconds per question; 0 = no timer
    count: int | None = DEFAULT_COUNT  # None = every question the deck makes
    seed: int | None = None  # None = a fresh one, recorded when the drill starts
    scoring: Scoring = "accuracy"
    hide_board: bool = False  # show the leaderboard only at the end
    types: tuple[str, ...] = DEFAULT_TYPES

    def problems(self) -> list[str]:
        """What is wrong with these settings (empty when they are fine)."""
        out: list[str] = []
        names = [t.strip() for t in self.teams]
        if not 1 <= len(names) <= MAX_TEAMS:
            out.append(f"teams: give 1 to {MAX_TEAMS} teams, not {len(names)}")
        if any(not n for n in names):
            out.append("teams: a team name is empty")
        if len({n.casefold() for n in names}) != len(names):
            out.append("teams: two teams have the same name")
        if not 0 <= self.timer <= MAX_TIMER:
            out.append(f"timer: give 0 (no timer) to {MAX_TIMER} seconds, not {self.timer}")
        if self.count is not None and self.count < 1:
            out.append(f"count: give at least 1 question, not {self.count}")
        if self.scoring not in SCORING_PRESETS:
            out.append(f"scoring: one of {', '.join(SCORING_PRESETS)}, not {self.scoring!r}")
        if self.scoring == "speed" and self.timer == 0:
            out.append("timer: speed scoring needs a timer (e.g. --timer 20)")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "teams": list(self.teams),
            "timer": self.timer,
            "count": self.count,
            "seed": self.seed,
            "scoring": self.scoring,
            "hide_board": self.hide_board,
            "types": list(self.types),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DrillSettings:
        return cls(
            teams=tuple(safe_line(t) if isinstance(t, str) else t for t in data["teams"]),
            timer=int(data["timer"]),
            count=None if data.get("count") is None else int(data["count"]),
            seed=None if data.get("seed") is None else int(data["seed"]),
            scoring=data.get("scoring", "accuracy"),
            hide_board=bool(data.get("hide_board", False)),
            types=tuple(data.get("types", DEFAULT_TYPES)),
        )


def parse_teams(text: str) -> tuple[str, ...]:
    """'Red, Blue,Green' -> ('Red', 'Blue', 'Green'). A team name is outside text: shown on
    a projector and written to exports, so it is made safe (quizapp.core.untrusted)."""
    return tuple(safe_line(part.strip()) for part in text.split(","))


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


def new_drill(deck: Deck, settings: DrillSettings, clock: Clock) -> Drill:
    """A drill on `deck`: its questions drawn by the quiz engine with the settings' seed.

    A missing seed is drawn now and recorded in the drill's settings, so the same drill can be
    run again. Raises DrillError for bad settings or a deck with no question of the types.
    When the deck makes fewer questions than the settings' count, the drill has them all and
    its `note` says so (`count_note`), for the teacher.
    """
    problems = settings.problems()
    if problems:
        raise DrillError("; ".join(problems))
    if settings.seed is None:
        settings = replace(settings, seed=new_seed())
    questions = build_quiz(deck, settings.count, settings.types, settings.seed)
    if not questions:
        kinds = " or ".join(settings.types)
        raise DrillError(f"deck '{deck.id}' has no cards that can be asked as {kinds}")
    drill = Drill(deck.id, deck.title, settings, questions, clock)
    drill.note = count_note(settings.count, len(questions))
    return drill


def count_note(requested: int | None, made: int) -> str:
    """What to tell the teacher when a deck makes fewer questions than asked for ("" when it
    made enough, or every question was asked for)."""
    if requested is None or made >= requested:
        return ""
    questions = "question" if made == 1 else "questions"
    return (
        f"the deck makes only {made} {questions} of these types; the drill has {made}"
        f" (not {requested})"
    )


def is_lettered(question: Question) -> bool:
    """Whether teams answer with a letter (else the teacher marks the answer right/wrong)."""
    return question.kind in LETTERED_KINDS and len(question.options) <= len(LETTERS)


def option_letters(question: Question) -> str:
    return LETTERS[: len(question.options)] if is_lettered(question) else ""


def right_letters(question: Question) -> str:
    return "".join(LETTERS[i] for i in question.correct) if is_lettered(question) else ""


@dataclass(slots=True)
class TeamAnswer:
    """What one team answered to one question."""

    choice: str  # "A".."D" for lettered questions, "" when the teacher marked it
    right: bool
    seconds: float  # the question's elapsed time when the answer was entered
    confidence: int = 0  # 1-3 under the confidence preset, else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "choice": self.choice,
            "right": self.right,
            "seconds": self.seconds,
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TeamAnswer:
        return cls(
            choice=str(data.get("choice", "")),
            right=bool(data["right"]),
            seconds=float(data["seconds"]),
            confidence=int(data.get("confidence", 0)),
        )


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One team's result on one asked question (what exports and the store write)."""

    number: int  # 1-based question number
    team: str
    answer: str  # "B: Belarus", "right", "wrong" or "" when the team did not answer
    answered: bool
    right: bool
    seconds: float | None
    confidence: int
    points: int


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int  # 1-based; ties share a rank (1, 1, 3)
    team: str
    total: int
    right: int  # right answers
    last: int  # points on the last question asked


@dataclass(slots=True)
class QuestionState:
    status: Status = "pending"
    answers: dict[int, TeamAnswer] = field(default_factory=dict)  # by team index
    closed_at: float | None = None  # elapsed seconds when the question closed


class Drill:
    """One drill: settings, questions and where the teacher is. Mutated by the actions below."""

    def __init__(
        self,
        deck_id: str,
        deck_title: str,
        settings: DrillSettings,
        questions: Sequence[Question],
        clock: Clock,
        started_at: datetime | None = None,
        drill_id: int | None = None,
    ) -> None:
        if not questions:
            raise DrillError("the drill has no questions")
        problems = settings.problems()
        if problems:
            raise DrillError("; ".join(problems))
        self.id = drill_id
        self.deck_id = deck_id
        self.deck_title = deck_title
        self.settings = settings
        self.questions = list(questions)
        self.clock = clock
        self.started_at = started_at or clock.now()
        self.finished_at: datetime | None = None
        self.index = 0
        self.phase: Phase = "ready"
        self.states = [QuestionState() for _ in self.questions]
        self.paused = False
        self.revision = 0  # goes up by one on every change (the store keeps the newest)
        self.note = ""  # for the teacher when it starts (see new_drill); not stored
        self._banked = 0.0  # elapsed seconds of the open question before the current run
        self._run_from: float | None = None  # monotonic time the current run started

    # -- what the screens show --------------------------------------------------------------

    @property
    def teams(self) -> tuple[str, ...]:
        return self.settings.teams

    @property
    def question(self) -> Question:
        return self.questions[self.index]

    @property
    def state(self) -> QuestionState:
        return self.states[self.index]

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def limit(self) -> float | None:
        return float(self.settings.timer) if self.settings.timer else None

    def elapsed(self) -> float:
        """Seconds the current question has been open (pauses excluded)."""
        if self.phase != "open":
            closed = self.state.closed_at if self.phase != "finished" else None
            return closed or 0.0
        running = self.clock.monotonic() - self._run_from if self._run_from is not None else 0.0
        return self._banked + max(running, 0.0)

    def remaining(self) -> float | None:
        """Seconds left on the open question's timer (None when there is no timer)."""
        if self.limit is None:
            return None
        return max(self.limit - self.elapsed(), 0.0)

    def answered(self, team: int) -> TeamAnswer | None:
        return self.state.answers.get(team)

    # -- teacher actions -----------------------------------------------------------------------

    def start(self) -> None:
        """Show the current question and start its timer."""
        self._expect("ready")
        self.phase = "open"
        self.paused = False
        self._banked = 0.0
        self._run_from = self.clock.monotonic()
        self._changed()

    def pause(self) -> None:
        self._expect("open")
        if self.paused:
            return
        self._banked = self.elapsed()
        self._run_from = None
        self.paused = True
        self._changed()

    def resume(self) -> None:
        self._expect("open")
        if not self.paused:
            return
        self._run_from = self.clock.monotonic()
        self.paused = False
        self._changed()

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def poll(self) -> bool:
        """Reveal the open question if its time is up. True when that happened."""
        if self.phase != "open" or self.paused or self.limit is None:
            return False
        if self.elapsed() < self.limit:
            return False
        self.reveal()
        return True

    def checkpoint(self) -> None:
        """Mark the open question's running time as worth saving (nothing else changes).

        Screens call this every few seconds so a crash loses at most that much time.
        """
        self._expect("open")
        self._changed()

    def reveal(self) -> None:
        """Close the open question and show its answer."""
        self._expect("open")
        closed = self.elapsed()
        if self.limit is not None:
            closed = min(closed, self.limit)
        self.state.closed_at = round(closed, 3)
        self.state.status = "done"
        self.phase = "revealed"
        self.paused = False
        self._run_from = None
        self._changed()

    def advance(self) -> None:
        """From the answer to the leaderboard, and from there to the next question."""
        if self.phase == "revealed" and not self.settings.hide_board:
            self.phase = "board"
            self._changed()
            return
        if self.phase not in ("revealed", "board"):
            raise DrillError(f"nothing to move on to while the question is {self.phase}")
        self._go_to(self.index + 1)

    def skip(self) -> None:
        """Leave the current question unasked and go to the next one."""
        if self.phase not in ("ready", "open"):
            raise DrillError("only a question not yet revealed can be skipped")
        self.states[self.index] = QuestionState(status="skipped")
        self._go_to(self.index + 1)

    def back(self) -> None:
        """Re-show the previous question (its answer if it was asked, else ready to ask).

        From the leaderboard, back re-shows the answer of the question just asked.
        """
        if self.phase == "finished":
            raise DrillError("the drill is over")
        if self.phase == "board":
            self.phase = "revealed"
            self._changed()
            return
        if self.index == 0:
            raise DrillError("this is the first question")
        if self.phase == "open":
            self.states[self.index] = QuestionState()
        self._go_to(self.index - 1)

    def end(self) -> None:
        """End the drill now (an open question is dropped, not scored)."""
        if self.phase == "finished":
            return
        if self.phase == "open":
            self.states[self.index] = QuestionState()
        self._finish()

    def set_choice(self, team: int, letter: str) -> None:
        """Team `team` (0-based) answered `letter` (A-D) to the current question."""
        self._expect_answerable(team)
        letters = option_letters(self.question)
        letter = letter.upper()
        if not letters:
            raise DrillError("this question is marked right or wrong, not answered with a letter")
        if letter not in letters:
            raise DrillError(f"choose one of {', '.join(letters)}")
        right = letter in right_letters(self.question)
        self._record(team, letter, right)

    def mark(self, team: int, right: bool) -> None:
        """Mark team `team`'s typed or spoken answer right or wrong."""
        self._expect_answerable(team)
        self._record(team, "", right)

    def set_confidence(self, team: int, level: int) -> None:
        """How sure team `team` was of its answer (1-3); the answer must be entered first."""
        self._expect_answerable(team)
        if level not in CONFIDENCE_LEVELS:
            raise DrillError("confidence is 1, 2 or 3")
        answer = self.state.answers.get(team)
        if answer is None:
            raise DrillError(f"enter {self.teams[team]}'s answer first")
        answer.confidence = level
        self._changed()

    def clear(self, team: int) -> None:
        """Forget team `team`'s answer to the current question."""
        self._expect_answerable(team)
        if self.state.answers.pop(team, None) is not None:
            self._changed()

    # -- results -------------------------------------------------------------------------------

    def results(self) -> list[ResultRow]:
        """One row per team per asked question, in question order, with the points scored."""
        rows: list[ResultRow] = []
        streaks = [0] * len(self.teams)
        for qi, (question, qs) in enumerate(zip(self.questions, self.states, strict=True)):
            if qs.status != "done":
                continue
            for ti, team in enumerate(self.teams):
                answer = qs.answers.get(ti)
                right = answer is not None and answer.right
                streaks[ti] = streaks[ti] + 1 if right else 0
                points = 0
                if answer is not None:
                    points = self._points(answer, streaks[ti])
                rows.append(
                    ResultRow(
                        number=qi + 1,
                        team=team,
                        answer=describe_answer(question, answer),
                        answered=answer is not None,
                        right=right,
                        seconds=answer.seconds if answer is not None else None,
                        confidence=answer.confidence if answer is not None else 0,
                        points=points,
                    )
                )
        return rows

    def standings(self) -> list[Standing]:
        """The leaderboard: highest total first; ties share a rank and keep team order."""
        rows = self.results()
        totals = [0] * len(self.teams)
        rights = [0] * len(self.teams)
        last = [0] * len(self.teams)
        last_number = max((r.number for r in rows), default=0)
        for r in rows:
            ti = self.teams.index(r.team)
            totals[ti] += r.points
            rights[ti] += int(r.right)
            if r.number == last_number:
                last[ti] = r.points
        order = sorted(range(len(self.teams)), key=lambda i: -totals[i])
        out: list[Standing] = []
        for pos, ti in enumerate(order):
            rank = out[-1].rank if out and out[-1].total == totals[ti] else pos + 1
            out.append(Standing(rank, self.teams[ti], totals[ti], rights[ti], last[ti]))
        return out

    def asked(self) -> int:
        return sum(1 for s in self.states if s.status == "done")

    # -- persistence ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Everything needed to resume; an open question is saved with its elapsed time."""
        return {
            "deck_id": self.deck_id,
            "deck_title": self.deck_title,
            "settings": self.settings.to_dict(),
            "questions": [q.to_dict() for q in self.questions],
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "index": self.index,
            "phase": self.phase,
            "paused": self.paused,
            "elapsed": round(self.elapsed(), 3) if self.phase == "open" else 0.0,
            "revision": self.revision,
            "states": [
                {
                    "status": s.status,
                    "closed_at": s.closed_at,
                    "answers": {str(t): a.to_dict() for t, a in s.answers.items()},
                }
                for s in self.states
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], clock: Clock, drill_id: int | None = None) -> Drill:
        """Rebuild a saved drill; an open question comes back paused at its saved time."""
        drill = cls(
            deck_id=data["deck_id"],
            deck_title=data.get("deck_title", data["deck_id"]),
            settings=DrillSettings.from_dict(data["settings"]),
            questions=[question_from_dict(q) for q in data["questions"]],
            clock=clock,
            started_at=datetime.fromisoformat(data["started_at"]),
            drill_id=drill_id,
        )
        if data.get("finished_at"):
            drill.finished_at = datetime.fromisoformat(data["finished_at"])
        drill.index = int(data["index"])
        drill.phase = data["phase"]
        drill.states = [
            QuestionState(
                status=s["status"],
                closed_at=s.get("closed_at"),
                answers={int(t): TeamAnswer.from_dict(a) for t, a in s["answers"].items()},
            )
            for s in data["states"]
        ]
        drill.revision = int(data.get("revision", 0))
        if drill.phase == "open":
            drill._banked = float(data.get("elapsed", 0.0))
            drill._run_from = None
            drill.paused = True
        return drill

    # -- internals -----------------------------------------------------------------------------

    def _points(self, answer: TeamAnswer, streak: int) -> int:
        return preset_points(
            self.settings.scoring,
            answer.right,
            answer.seconds,
            self.limit,
            streak,
            answer.confidence,
        )

    def _record(self, team: int, choice: str, right: bool) -> None:
        previous = self.state.answers.get(team)
        if previous is not None:
            seconds = previous.seconds
            confidence = previous.confidence
        else:
            seconds = self.elapsed() if self.phase == "open" else (self.state.closed_at or 0.0)
            if self.limit is not None:
                seconds = min(seconds, self.limit)
            seconds = round(seconds, 3)
            confidence = 0
        self.state.answers[team] = TeamAnswer(choice, right, seconds, confidence)
        self._changed()

    def _go_to(self, index: int) -> None:
        self._banked = 0.0
        self._run_from = None
        self.paused = False
        if index >= len(self.questions):
            self._finish()
            return
        self.index = index
        self.phase = "revealed" if self.states[index].status == "done" else "ready"
        self._changed()

    def _finish(self) -> None:
        self.phase = "finished"
        self.paused = False
        self._run_from = None
        self.finished_at = self.clock.now()
        self._changed()

    def _expect(self, *phases: Phase) -> None:
        if self.phase not in phases:
            raise DrillError(f"cannot do that while the question is {self.phase}")

    def _expect_answerable(self, team: int) -> None:
        self._expect("open", "revealed")
        if not 0 <= team < len(self.teams):
            raise DrillError(f"there is no team {team + 1}")

    def _changed(self) -> None:
        self.revision += 1


def describe_answer(question: Question, answer: TeamAnswer | None) -> str:
    """How an answer reads in results: 'B: Belarus', 'right', 'wrong' or ''."""
    if answer is None:
        return ""
    if answer.choice:
        i = LETTERS.index(answer.choice)
        return f"{answer.choice}: {question.options[i]}"
    return "right" if answer.right else "wrong"


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

    A drill keeps its questions as they were asked, so a resumed or exported drill does not
    change when the deck is edited afterwards. The item carries a stand-in card holding only
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
