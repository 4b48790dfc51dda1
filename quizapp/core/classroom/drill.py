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

The teacher may pause and resume an open question (the paused time does not count, and no
answer is entered or changed while it is paused), skip a question, go back to re-show the
previous one (a skipped question comes back ready to ask), and end the drill early.

Time: the question's timer is a `QuestionClock` (the live room's too): it runs on
``clock.monotonic()`` and computes the elapsed time from when the question was started (minus
pauses), never decremented per tick, so a slow repaint changes nobody's time. A team's time is
the question's elapsed time when its answer is entered; an answer entered after the question
closed gets the closing time (at most the time limit); a correction keeps the first answer's
time.

Scores are never stored incrementally: `Drill.results()` recomputes them from the answers of
the questions asked, in question order, so going back and correcting an answer is always
consistent (the speed preset's streaks included). See `drill_scoring` for the presets.

A drill round-trips through `to_dict`/`from_dict` after every change (the drill store keeps it),
so a drill interrupted by a crash resumes where it stopped; an open question comes back paused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, get_args

from quizapp.core.classroom.asking import draw_questions, question_from_dict, settings_problems
from quizapp.core.classroom.scoring import CONFIDENCE_LEVELS, Scorer, Scoring, ranked, tally
from quizapp.core.classroom.session import ClassSession
from quizapp.core.clock import Clock
from quizapp.core.decks.model import Deck
from quizapp.core.practice.questions import LETTERS as ALL_LETTERS
from quizapp.core.practice.questions import MAX_CHOICES, Question
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
        out += settings_problems(self.timer, self.count, self.scoring)
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


def new_drill(deck: Deck, settings: DrillSettings, clock: Clock) -> Drill:
    """A drill on `deck`: its questions drawn by the quiz engine with the settings' seed.

    A missing seed is drawn now and recorded in the drill's settings, so the same drill can be
    run again. Raises DrillError for bad settings or a deck with no question of the types.
    When the deck makes fewer questions than the settings' count, the drill has them all and
    its `note` says so (`count_note`), for the teacher.
    """
    seed, questions = draw_questions(deck, settings, DrillError)
    settings = replace(settings, seed=seed)
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


class Drill(ClassSession[DrillSettings, QuestionState]):
    """One drill: settings, questions and where the teacher is. Mutated by the actions below."""

    what = "drill"
    error = DrillError
    open_phase = "open"
    closed_phases = ("ready", "revealed", "board")
    shown_phase = "revealed"
    end_phase = "finished"
    phases = get_args(Phase)
    not_now = "cannot do that while the question is {phase}"

    phase: Phase

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
        super().__init__(deck_id, deck_title, settings, questions, clock, started_at, drill_id)
        self.phase = "ready"
        self.states = [QuestionState() for _ in self.questions]
        self.note = ""  # for the teacher when it starts (see new_drill); not stored

    # -- what the screens show --------------------------------------------------------------

    def answered(self, team: int) -> TeamAnswer | None:
        return self.state.answers.get(team)

    # -- teacher actions -----------------------------------------------------------------------

    def start(self) -> None:
        """Show the current question and start its timer."""
        self._expect("ready")
        self.phase = "open"
        self.question_clock.start()
        self._changed()

    def resume(self) -> None:
        """Resume the paused question (`resume_question`)."""
        self.resume_question()

    def reveal(self) -> None:
        """Close the open question and show its answer."""
        self._expect("open")
        self.state.closed_at = self.question_clock.capped(self.elapsed())
        self.question_clock.stop()
        self.state.status = "done"
        self.phase = "revealed"
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
        scorer = Scorer(self.settings.scoring, self.limit)
        for qi, (question, qs) in enumerate(zip(self.questions, self.states, strict=True)):
            if qs.status != "done":
                continue
            for ti, team in enumerate(self.teams):
                answer = qs.answers.get(ti)
                right = answer is not None and answer.right
                rows.append(
                    ResultRow(
                        number=qi + 1,
                        team=team,
                        answer=describe_answer(question, answer),
                        answered=answer is not None,
                        right=right,
                        seconds=answer.seconds if answer is not None else None,
                        confidence=answer.confidence if answer is not None else 0,
                        points=scorer.score(ti, right, answer),
                    )
                )
        return rows

    def standings(self) -> list[Standing]:
        """The leaderboard: highest total first; ties share a rank and keep team order."""
        tallies = tally(self.results(), lambda r: r.team, self.teams)
        return [
            Standing(rank, team, t.total, t.right, t.last)
            for rank, (team, t) in ranked(tallies.items(), lambda kv: kv[1].total)
        ]

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
        states = [
            QuestionState(
                status=s["status"],
                closed_at=s.get("closed_at"),
                answers={int(t): TeamAnswer.from_dict(a) for t, a in s["answers"].items()},
            )
            for s in data["states"]
        ]
        drill._restore_place(data["phase"], int(data["index"]), states)
        drill.revision = int(data.get("revision", 0))
        drill._restore_clock(float(data.get("elapsed", 0.0)))
        return drill

    # -- internals -----------------------------------------------------------------------------

    def _record(self, team: int, choice: str, right: bool) -> None:
        previous = self.state.answers.get(team)
        if previous is not None:
            seconds = previous.seconds
            confidence = previous.confidence
        else:
            seconds = self.question_clock.capped(self.elapsed())
            confidence = 0
        self.state.answers[team] = TeamAnswer(choice, right, seconds, confidence)
        self._changed()

    def _time_up(self) -> None:
        self.reveal()

    def _ask(self, index: int) -> None:
        self.index = index
        self.phase = "ready"
        self._changed()

    def _expect_answerable(self, team: int) -> None:
        self._expect("open", "revealed")
        if self.paused:
            raise DrillError("the question is paused: resume it before entering answers")
        if not 0 <= team < len(self.teams):
            raise DrillError(f"there is no team {team + 1}")


def describe_answer(question: Question, answer: TeamAnswer | None) -> str:
    """How an answer reads in results: 'B: Belarus', 'right', 'wrong' or ''."""
    if answer is None:
        return ""
    if answer.choice:
        i = LETTERS.index(answer.choice)
        return f"{answer.choice}: {question.options[i]}"
    return "right" if answer.right else "wrong"
