"""Live rooms: a class answers a quiz from its own phones and terminals.

A room asks quiz questions (from `quizapp.core.practice.questions`) to every student at once.
The teacher drives it; the students' devices only join and answer. Phases::

    lobby -> question -> locked -> reveal -> board -> question -> ... -> board -> end

- ``lobby``: students join with a nickname (and a team when the room has teams). The teacher
  starts when ready.
- ``question``: the question is open and its timer runs; each student may answer once. The
  question locks when its time is up, when every student who was in the room when it opened
  has answered, or when the teacher says so.
- ``locked``: no more answers. For typed answers the teacher may count a rejected spelling as
  right ("I was right" overrides) here or after the reveal.
- ``reveal``: the right answer, how many chose what, each student's points.
- ``board``: the leaderboard. After the last question the board is final and leads to ``end``.
- ``end``: the podium; the results stay in the store.

The teacher may pause and resume an open question (answers are refused while it is paused and
the paused time does not count), skip a question, go back, and end the room early (an open
question is then dropped, not scored).

The room decides everything: an answer's time is the question's elapsed time (pauses excluded,
kept by a `QuestionClock` as in drills) when `answer` is called, which the server does on
receipt; the deadline is enforced here; one answer per student per question; every response is
checked against the question's shape and graded by `quizapp.core.practice.grading.grade`, the
same grader as everywhere. Scores are never stored: `results` recomputes them from the answers
in question order with `quizapp.core.classroom.scoring` (the drill's presets), so an override
re-scores the streaks that follow.

A room round-trips through `to_dict`/`from_dict` (the room store keeps it after every change),
so a room interrupted by a crash resumes where it stopped; an open question comes back paused.
Students' resume tokens are part of that state, so their devices come back as the same players.
A room never touches anyone's spaced-repetition schedule.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, TypeGuard

from quizapp.core.classroom.asking import draw_questions, question_from_dict, settings_problems
from quizapp.core.classroom.drill import DrillSettings
from quizapp.core.classroom.nickname import NicknameError, nickname_key, normalise_nickname
from quizapp.core.classroom.scoring import (
    CONFIDENCE_LEVELS,
    Scorer,
    Scoring,
    ranked,
    tally,
    team_score,
)
from quizapp.core.classroom.session import ClassSession
from quizapp.core.clock import Clock
from quizapp.core.decks.model import Deck
from quizapp.core.practice.grading import grade
from quizapp.core.practice.questions import MAX_CHOICES, Question, describe_response
from quizapp.core.text import normalise

RoomPhase = Literal["lobby", "question", "locked", "reveal", "board", "end"]
QuestionStatus = Literal["pending", "skipped", "done"]
ROOM_PHASES: tuple[RoomPhase, ...] = ("lobby", "question", "locked", "reveal", "board", "end")

LIVE_KINDS = ("choice", "multi", "truefalse", "typed", "order", "match")
DEFAULT_LIVE_TYPES = ("choice", "truefalse")
DEFAULT_LIVE_TIMER = 20
DEFAULT_LIVE_COUNT = 10
MAX_PLAYERS = 400
MAX_TEAMS = 9
MAX_TYPED = 200  # characters of a typed answer
CODE_DIGITS = 6
KEY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i lookalikes
KEY_LENGTH = 8

# How a response travels (JSON): an option index, a list of indices, or text.
Response = int | list[int] | str


class RoomError(ValueError):
    """A teacher action that is not possible in the room's current state, or bad settings."""


class Refused(ValueError):
    """A student's request the room refuses. `code` is for programs, the message for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class RoomSettings:
    count: int | None = DEFAULT_LIVE_COUNT  # None = every question the deck makes
    timer: int = DEFAULT_LIVE_TIMER  # seconds per question; 0 = no timer
    scoring: Scoring = "accuracy"
    teams: tuple[str, ...] = ()  # empty: everyone for themselves
    auto_teams: bool = False  # the room puts each student in the smallest team
    types: tuple[str, ...] = DEFAULT_LIVE_TYPES
    seed: int | None = None
    late_join: bool = True  # students may join after the start (between questions)
    projector_only: bool = False  # the question's text shows on the teacher's screen only
    max_players: int = MAX_PLAYERS

    def problems(self) -> list[str]:
        """What is wrong with these settings (empty when they are fine)."""
        out: list[str] = []
        if self.teams:
            if not 2 <= len(self.teams) <= MAX_TEAMS:
                out.append(f"teams: give 2 to {MAX_TEAMS} teams, not {len(self.teams)}")
            for name in self.teams:
                try:
                    if normalise_nickname(name, "team name") != name:
                        out.append(f"teams: write {name!r} without extra spaces")
                except NicknameError as exc:
                    out.append(f"teams: {exc}")
            if len({nickname_key(n) for n in self.teams}) != len(self.teams):
                out.append("teams: two teams have the same name")
        elif self.auto_teams:
            out.append("teams: --auto-teams needs --teams")
        out += settings_problems(self.timer, self.count, self.scoring)
        unknown = [t for t in self.types if t not in LIVE_KINDS]
        if unknown or not self.types:
            out.append(f"types: choose from {', '.join(LIVE_KINDS)}")
        if not 1 <= self.max_players <= 10_000:
            out.append(f"max players: 1 to 10000, not {self.max_players}")
        return out

    @classmethod
    def from_drill(cls, drill: DrillSettings) -> RoomSettings:
        """A live room set up like a drill (the drill setup's "host as a live room").

        Teams, timer, count, seed, scoring and question types carry over; one team (or none)
        means everyone for themselves. A drill's hidden leaderboard has no room equivalent (a
        room shows the board after every question). Check the result with `problems()`.
        """
        teams = tuple(t.strip() for t in drill.teams if t.strip())
        return cls(
            count=drill.count,
            timer=drill.timer,
            scoring=drill.scoring,
            teams=teams if len(teams) >= 2 else (),
            types=drill.types,
            seed=drill.seed,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "timer": self.timer,
            "scoring": self.scoring,
            "teams": list(self.teams),
            "auto_teams": self.auto_teams,
            "types": list(self.types),
            "seed": self.seed,
            "late_join": self.late_join,
            "projector_only": self.projector_only,
            "max_players": self.max_players,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RoomSettings:
        return cls(
            count=None if data.get("count") is None else int(data["count"]),
            timer=int(data.get("timer", DEFAULT_LIVE_TIMER)),
            scoring=data.get("scoring", "accuracy"),
            teams=tuple(str(t) for t in data.get("teams", ())),
            auto_teams=bool(data.get("auto_teams", False)),
            types=tuple(data.get("types", DEFAULT_LIVE_TYPES)),
            seed=None if data.get("seed") is None else int(data["seed"]),
            late_join=bool(data.get("late_join", True)),
            projector_only=bool(data.get("projector_only", False)),
            max_players=int(data.get("max_players", MAX_PLAYERS)),
        )


def new_room_code() -> str:
    """Six digits, said aloud and shown large (the first is never 0)."""
    rng = secrets.SystemRandom()
    return str(rng.randrange(10 ** (CODE_DIGITS - 1), 10**CODE_DIGITS))


def new_room_key() -> str:
    """The room's secret (in its address): 8 characters, about 40 bits."""
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def new_player_token() -> str:
    """A player's resume token (kept by their device): 144 random bits."""
    return secrets.token_urlsafe(18)


def new_room(
    deck: Deck,
    settings: RoomSettings,
    clock: Clock,
    *,
    code: str | None = None,
    key: str | None = None,
) -> Room:
    """A room on `deck`, its questions drawn by the quiz engine with the settings' seed.

    A missing seed is drawn now and recorded. Raises RoomError for bad settings or a deck with
    no question of the allowed types.
    """
    seed, questions = draw_questions(deck, settings, RoomError)
    settings = replace(settings, seed=seed)
    return Room(
        deck.id,
        deck.title,
        settings,
        questions,
        clock,
        code=code or new_room_code(),
        key=key or new_room_key(),
    )


@dataclass(slots=True)
class Player:
    id: int
    name: str
    team: int | None  # index into the settings' teams
    token: str  # the resume token (secret)
    joined_at: datetime
    removed: bool = False
    connected: bool = False  # the server says so; not saved (a resumed room starts with none)

    @property
    def key(self) -> str:
        return nickname_key(self.name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "team": self.team,
            "token": self.token,
            "joined_at": self.joined_at.isoformat(),
            "removed": self.removed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Player:
        return cls(
            id=int(data["id"]),
            name=str(data["name"]),
            team=None if data.get("team") is None else int(data["team"]),
            token=str(data["token"]),
            joined_at=datetime.fromisoformat(data["joined_at"]),
            removed=bool(data.get("removed", False)),
        )


@dataclass(slots=True)
class PlayerAnswer:
    """What one student answered to one question, as received."""

    response: Response
    seconds: float  # the question's elapsed time (pauses excluded) when it arrived
    correct: bool  # the grader's verdict
    confidence: int = 0  # 1-3 under confidence scoring, else 0
    typed_key: str = ""  # typed answers: the normalised text (overrides go by it)

    def to_dict(self) -> dict[str, Any]:
        return {
            "response": self.response,
            "seconds": self.seconds,
            "correct": self.correct,
            "confidence": self.confidence,
            "typed_key": self.typed_key,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlayerAnswer:
        return cls(
            response=data["response"],
            seconds=float(data["seconds"]),
            correct=bool(data["correct"]),
            confidence=int(data.get("confidence", 0)),
            typed_key=str(data.get("typed_key", "")),
        )


@dataclass(slots=True)
class QuestionState:
    status: QuestionStatus = "pending"
    answers: dict[int, PlayerAnswer] = field(default_factory=dict)  # by player id
    eligible: set[int] = field(default_factory=set)  # in the room when it opened
    closed_at: float | None = None  # elapsed seconds when it locked
    overrides: set[str] = field(default_factory=set)  # typed: normalised answers counted right

    def is_right(self, answer: PlayerAnswer) -> bool:
        return answer.correct or (bool(answer.typed_key) and answer.typed_key in self.overrides)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "answers": {str(p): a.to_dict() for p, a in self.answers.items()},
            "eligible": sorted(self.eligible),
            "closed_at": self.closed_at,
            "overrides": sorted(self.overrides),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuestionState:
        return cls(
            status=data.get("status", "pending"),
            answers={int(p): PlayerAnswer.from_dict(a) for p, a in data["answers"].items()},
            eligible={int(p) for p in data.get("eligible", ())},
            closed_at=data.get("closed_at"),
            overrides={str(k) for k in data.get("overrides", ())},
        )


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One student's result on one asked question (what exports and the store write)."""

    number: int  # 1-based question number
    player_id: int
    player: str
    team: str  # "" without teams
    answer: str  # the answer as text ("B) Belarus", "Yerevan"), "" when none
    answered: bool
    right: bool
    overridden: bool  # counted right by the teacher after the grader said wrong
    seconds: float | None
    confidence: int
    points: int


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int  # 1-based; ties share a rank (1, 1, 3)
    player_id: int
    name: str
    team: str
    total: int
    right: int
    last: int  # points on the last question asked
    streak: int  # right answers in a row up to the last question asked


@dataclass(frozen=True, slots=True)
class TeamStanding:
    rank: int
    team: str
    score: int  # the average of its members' totals
    members: int


@dataclass(frozen=True, slots=True)
class TypedGroup:
    """The students who typed the same (normalised) answer to a typed question."""

    key: str
    text: str  # how the first of them wrote it
    count: int
    correct: bool  # the grader's verdict
    overridden: bool  # the teacher counted it right


class Room(ClassSession[RoomSettings, QuestionState]):
    """One live room: settings, questions, players and where the teacher is."""

    what = "room"
    error = RoomError
    open_phase = "question"
    closed_phases = ("locked", "reveal", "board")
    shown_phase = "reveal"
    end_phase = "end"
    phases = ROOM_PHASES
    not_now = "cannot do that in the {phase} phase"

    phase: RoomPhase

    def __init__(
        self,
        deck_id: str,
        deck_title: str,
        settings: RoomSettings,
        questions: Sequence[Question],
        clock: Clock,
        *,
        code: str,
        key: str,
        started_at: datetime | None = None,
        room_id: int | None = None,
    ) -> None:
        super().__init__(deck_id, deck_title, settings, questions, clock, started_at, room_id)
        unaskable = [q.kind for q in questions if q.kind not in LIVE_KINDS]
        if unaskable:
            raise RoomError(f"a live room cannot ask {', '.join(sorted(set(unaskable)))}")
        self.code = code
        self.key = key
        self.port: int | None = None  # where it was last served (a resumed room asks again)
        self.phase = "lobby"
        self.states = [QuestionState() for _ in self.questions]
        self.players: dict[int, Player] = {}
        self._next_id = 1
        self._by_token: dict[str, int] = {}
        self._by_key: dict[str, int] = {}
        self._results: tuple[int, list[ResultRow]] | None = None

    # -- what screens and devices show ----------------------------------------------------------

    def active_players(self) -> list[Player]:
        """Players not removed, in joining order."""
        return [p for p in self.players.values() if not p.removed]

    def team_name(self, player: Player) -> str:
        return self.teams[player.team] if player.team is not None else ""

    def answered_count(self) -> int:
        return sum(1 for p in self.state.answers if p in self.players and self._active(p))

    def right_count(self) -> int:
        """Right answers to the current question once revealed, overrides counted."""
        return sum(1 for r in self.results() if r.number == self.number and r.right)

    def eligible_count(self) -> int:
        return sum(1 for p in self.state.eligible if self._active(p))

    def can_answer(self, player_id: int) -> bool:
        """Whether this player may answer the open question now."""
        return (
            self.phase == "question"
            and not self.paused
            and player_id in self.state.eligible
            and player_id not in self.state.answers
        )

    def answer_of(self, player_id: int, index: int | None = None) -> PlayerAnswer | None:
        qs = self.states[self.index if index is None else index]
        return qs.answers.get(player_id)

    def option_counts(self) -> list[int]:
        """How many students chose each option of the current question (active players).

        choice/truefalse/multi: per option; order and match: per option, how many put it in
        its right place; typed: empty (see `typed_groups`).
        """
        q, qs = self.question, self.state
        counts = [0] * len(q.options)
        for pid, a in qs.answers.items():
            if not self._active(pid):
                continue
            r = a.response
            if isinstance(r, int) and 0 <= r < len(counts):
                counts[r] += 1
            elif isinstance(r, list) and q.kind == "multi":
                for i in r:
                    counts[i] += 1
            elif isinstance(r, list) and q.kind in ("order", "match"):
                for place, i in enumerate(r):  # a position (order) or a left item (match)
                    if place < len(q.correct) and q.correct[place] == i:
                        counts[i] += 1
        return counts

    def typed_groups(self) -> list[TypedGroup]:
        """A typed question's answers grouped by normalised text, most common first."""
        qs = self.state
        groups: dict[str, list[Any]] = {}
        for pid, a in qs.answers.items():
            if not self._active(pid) or not isinstance(a.response, str):
                continue
            g = groups.setdefault(a.typed_key, [a.response, 0, a.correct])
            g[1] += 1
        out = [
            TypedGroup(k, str(t), int(n), bool(c), k in qs.overrides and not c)
            for k, (t, n, c) in groups.items()
        ]
        out.sort(key=lambda g: (-g.count, g.key))
        return out

    # -- students -----------------------------------------------------------------------------

    def join(self, name: object, team: object = None) -> Player:
        """A new student. Refused with a reason the student can act on."""
        if self.phase == "end":
            raise Refused("room_over", "this room has ended")
        if self.phase != "lobby" and not self.settings.late_join:
            raise Refused("late_join_off", "the quiz has started and the teacher closed the door")
        try:
            clean = normalise_nickname(name)
        except NicknameError as exc:
            raise Refused("name_invalid", str(exc).capitalize() + ".") from None
        key = nickname_key(clean)
        if key in self._by_key:
            raise Refused("name_taken", f"Someone is already called {clean}: choose another name.")
        if len(self.active_players()) >= self.settings.max_players:
            raise Refused("room_full", "The room is full.")
        team_index = self._team_for_join(team)
        player = Player(
            id=self._next_id,
            name=clean,
            team=team_index,
            token=new_player_token(),
            joined_at=self.clock.now(),
            connected=True,
        )
        self._next_id += 1
        self.players[player.id] = player
        self._by_token[player.token] = player.id
        self._by_key[key] = player.id
        self._changed()
        return player

    def resume(self, token: object) -> Player:
        """The player whose device kept `token` (it reconnected)."""
        pid = self._by_token.get(token) if isinstance(token, str) else None
        if pid is None:
            raise Refused("bad_resume", "This device is not in the room (or was removed).")
        player = self.players[pid]
        player.connected = True
        return player

    def set_connected(self, player_id: int, connected: bool) -> None:
        """The server says whether a player's device is connected (display only, not saved)."""
        player = self.players.get(player_id)
        if player is not None:
            player.connected = connected

    def answer(
        self, player_id: int, number: object, response: object, confidence: object = None
    ) -> PlayerAnswer:
        """Record a student's answer to question `number` (1-based), timed now.

        Refused (with a code) when the question is not open, paused or over, when the student
        already answered or joined during it, or when the response does not fit the question.
        """
        player = self.players.get(player_id)
        if player is None or player.removed:
            raise Refused("not_joined", "Join the room first.")
        if isinstance(number, bool) or not isinstance(number, int):
            raise Refused("bad_message", "Which question? (q must be a number).")
        if self.phase == "question" and number == self.number:
            pass
        elif self.phase in ("locked", "reveal", "board") and number == self.number:
            raise Refused("too_late", "Time's up: answers are closed.")
        else:
            raise Refused("not_open", f"Question {number} is not open.")
        if self.paused:
            raise Refused("paused", "The question is paused: answer when it resumes.")
        seconds = self.elapsed()
        if self.limit is not None and seconds >= self.limit:
            self._lock()
            raise Refused("too_late", "Time's up: answers are closed.")
        qs = self.state
        if player_id not in qs.eligible:
            raise Refused("not_eligible", "You joined during this question: the next one is yours.")
        if player_id in qs.answers:
            raise Refused("already_answered", "You have already answered this question.")
        q = self.question
        parsed = check_response(q, response)
        level = 0
        if self.settings.scoring == "confidence":
            sure = 1 if confidence is None else confidence
            if not _is_int(sure) or sure not in CONFIDENCE_LEVELS:
                raise Refused("bad_answer", "How sure: 1, 2 or 3.")
            level = sure
        verdict = grade(q, gradable(q, parsed))
        typed_key = normalise(parsed) if isinstance(parsed, str) else ""
        answer = PlayerAnswer(
            parsed, self.question_clock.capped(seconds), verdict.correct, level, typed_key
        )
        qs.answers[player_id] = answer
        self._changed()
        if self._everyone_answered():
            self._lock()
        return answer

    # -- the teacher --------------------------------------------------------------------------

    def start(self) -> None:
        """From the lobby to the first question."""
        self._expect("lobby")
        if not self.active_players():
            raise RoomError("nobody has joined yet")
        self._open(0)

    def lock(self) -> None:
        """Close the open question early (no more answers)."""
        self._expect("question")
        self._lock()

    def reveal(self) -> None:
        """Show the right answer (locking the question first if it is still open)."""
        self._expect("question", "locked")
        if self.phase == "question":
            self._lock()
        self.state.status = "done"
        self.phase = "reveal"
        self._changed()

    def advance(self) -> None:
        """The main key: lobby -> first question, question -> locked, locked -> reveal,
        reveal -> board, board -> the next question (the end after the last)."""
        if self.phase == "lobby":
            self.start()
        elif self.phase == "question":
            self.lock()
        elif self.phase == "locked":
            self.reveal()
        elif self.phase == "reveal":
            self.phase = "board"
            self._changed()
        elif self.phase == "board":
            self._go_to(self.index + 1)
        else:
            raise RoomError("the room has ended")

    def skip(self) -> None:
        """Leave the current question unasked (its answers dropped) and go to the next one."""
        self._expect("question", "locked")
        self.states[self.index] = QuestionState(status="skipped")
        self._go_to(self.index + 1)

    def back(self) -> None:
        """Go back: from the board to the answer; otherwise to the previous question's answer
        (or, if it was not asked, ask it now). An open question is dropped."""
        if self.phase == "end":
            raise RoomError("the room has ended")
        if self.phase == "lobby":
            raise RoomError("this is the start")
        if self.phase == "board":
            self.phase = "reveal"
            self._changed()
            return
        if self.index == 0:
            if self.phase == "reveal":
                raise RoomError("this is the first question")
            self.states[0] = QuestionState()
            self.question_clock.stop()
            self.phase = "lobby"
            self._changed()
            return
        if self.phase in ("question", "locked"):
            self.states[self.index] = QuestionState()
        self.question_clock.stop()
        previous = self.index - 1
        if self.states[previous].status == "done":
            self.index = previous
            self.phase = "reveal"
            self._changed()
        else:
            self._open(previous)

    def end(self) -> None:
        """End the room now (a question not yet revealed is dropped, not scored)."""
        if self.phase == "end":
            return
        if self.phase in ("question", "locked"):
            self.states[self.index] = QuestionState()
        self._finish()

    def set_override(self, key: str, right: bool) -> None:
        """Count a typed answer (by its normalised text) as right, or take that back."""
        self._expect("locked", "reveal", "board")
        if self.question.kind != "typed":
            raise RoomError("only typed answers can be counted right by hand")
        qs = self.state
        if right:
            qs.overrides.add(key)
        else:
            qs.overrides.discard(key)
        self._changed()

    def toggle_override(self, key: str) -> bool:
        """Flip the override of a typed answer; True when it is now counted right."""
        now = key not in self.state.overrides
        self.set_override(key, now)
        return now

    def remove_player(self, player_id: int) -> Player:
        """Take a player out of the room (their device is told; their token stops working)."""
        player = self.players.get(player_id)
        if player is None or player.removed:
            raise RoomError("no such player in the room")
        player.removed = True
        player.connected = False
        self._by_token.pop(player.token, None)
        self._by_key.pop(player.key, None)
        self._changed()
        if self.phase == "question" and self.state.answers and self._everyone_answered():
            self._lock()
        return player

    def set_team(self, player_id: int, team: int | None) -> None:
        """Move a player to another team (the teacher chooses)."""
        if not self.teams:
            raise RoomError("this room has no teams")
        if team is not None and not 0 <= team < len(self.teams):
            raise RoomError(f"there is no team {team + 1}")
        player = self.players.get(player_id)
        if player is None or player.removed:
            raise RoomError("no such player in the room")
        player.team = team
        self._changed()

    def next_team(self, player_id: int) -> None:
        """Move a player to the next team (round the list)."""
        player = self.players.get(player_id)
        if player is None:
            raise RoomError("no such player in the room")
        current = -1 if player.team is None else player.team
        self.set_team(player_id, (current + 1) % len(self.teams) if self.teams else None)

    def set_late_join(self, allowed: bool) -> None:
        self.settings = replace(self.settings, late_join=allowed)
        self._changed()

    # -- results ------------------------------------------------------------------------------

    def results(self) -> list[ResultRow]:
        """One row per active student per asked question they were in the room for, in
        question order, with the points scored (recomputed from the answers)."""
        if self._results is not None and self._results[0] == self.revision:
            return self._results[1]
        rows: list[ResultRow] = []
        scorer = Scorer(self.settings.scoring, self.limit)
        players = self.active_players()
        for qi, (q, qs) in enumerate(zip(self.questions, self.states, strict=True)):
            if qs.status != "done":
                continue
            for p in players:
                if p.id not in qs.eligible:
                    continue
                a = qs.answers.get(p.id)
                right = a is not None and qs.is_right(a)
                rows.append(
                    ResultRow(
                        number=qi + 1,
                        player_id=p.id,
                        player=p.name,
                        team=self.team_name(p),
                        answer=describe_response(q, gradable(q, a.response)) if a else "",
                        answered=a is not None,
                        right=right,
                        overridden=a is not None and right and not a.correct,
                        seconds=a.seconds if a is not None else None,
                        confidence=a.confidence if a is not None else 0,
                        points=scorer.score(p.id, right, a),
                    )
                )
        self._results = (self.revision, rows)
        return rows

    def standings(self) -> list[Standing]:
        """The leaderboard: highest total first; ties share a rank and keep joining order."""
        ids = sorted(p.id for p in self.active_players())
        tallies = tally(self.results(), lambda r: r.player_id, ids)
        out: list[Standing] = []
        for rank, (pid, t) in ranked(tallies.items(), lambda kv: kv[1].total):
            p = self.players[pid]
            name, team = p.name, self.team_name(p)
            out.append(Standing(rank, pid, name, team, t.total, t.right, t.last, t.streak))
        return out

    def team_standings(self, standings: Sequence[Standing] | None = None) -> list[TeamStanding]:
        """Teams by score (the average of their members' totals); empty without teams."""
        if not self.teams:
            return []
        standings = self.standings() if standings is None else standings
        members: dict[str, list[int]] = {t: [] for t in self.teams}
        for s in standings:
            if s.team in members:
                members[s.team].append(s.total)
        scores = [(team, team_score(totals), len(totals)) for team, totals in members.items()]
        return [
            TeamStanding(rank, team, score, n)
            for rank, (team, score, n) in ranked(scores, lambda x: x[1])
        ]

    # -- persistence ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Everything needed to resume (tokens included); an open question keeps its time."""
        return {
            "deck_id": self.deck_id,
            "deck_title": self.deck_title,
            "settings": self.settings.to_dict(),
            "questions": [q.to_dict() for q in self.questions],
            "code": self.code,
            "key": self.key,
            "port": self.port,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "phase": self.phase,
            "index": self.index,
            "paused": self.paused,
            "elapsed": round(self.elapsed(), 3) if self.phase == "question" else 0.0,
            "revision": self.revision,
            "next_id": self._next_id,
            "players": [p.to_dict() for p in self.players.values()],
            "states": [s.to_dict() for s in self.states],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], clock: Clock, room_id: int | None = None) -> Room:
        """Rebuild a saved room; an open question comes back paused at its saved time."""
        questions = [question_from_dict(q) for q in data["questions"]]
        room = cls(
            deck_id=data["deck_id"],
            deck_title=data.get("deck_title", data["deck_id"]),
            settings=RoomSettings.from_dict(data["settings"]),
            questions=questions,
            clock=clock,
            code=str(data["code"]),
            key=str(data["key"]),
            started_at=datetime.fromisoformat(data["started_at"]),
            room_id=room_id,
        )
        room.port = None if data.get("port") is None else int(data["port"])
        if data.get("finished_at"):
            room.finished_at = datetime.fromisoformat(data["finished_at"])
        states = [QuestionState.from_dict(s) for s in data["states"]]
        room._restore_place(data["phase"], int(data["index"]), states)
        for pd in data.get("players", ()):
            p = Player.from_dict(pd)
            room.players[p.id] = p
            if not p.removed:
                room._by_token[p.token] = p.id
                room._by_key[p.key] = p.id
        room._next_id = int(data.get("next_id", max(room.players, default=0) + 1))
        room.revision = int(data.get("revision", 0))
        room._restore_clock(float(data.get("elapsed", 0.0)))
        return room

    # -- internals ------------------------------------------------------------------------------

    def _everyone_answered(self) -> bool:
        qs = self.state
        return all(p in qs.answers for p in qs.eligible if self._active(p))

    def _active(self, player_id: int) -> bool:
        p = self.players.get(player_id)
        return p is not None and not p.removed

    def _team_for_join(self, team: object) -> int | None:
        if not self.teams:
            return None
        if self.settings.auto_teams or team is None:
            if not self.settings.auto_teams:
                raise Refused("team_invalid", f"Choose a team: {', '.join(self.teams)}.")
            sizes = [0] * len(self.teams)
            for p in self.active_players():
                if p.team is not None:
                    sizes[p.team] += 1
            return sizes.index(min(sizes))
        if isinstance(team, str):
            keys = [nickname_key(t) for t in self.teams]
            k = nickname_key(unicodedata.normalize("NFKC", team.strip()))
            if k in keys:
                return keys.index(k)
        raise Refused("team_invalid", f"Choose a team: {', '.join(self.teams)}.")

    def _open(self, index: int) -> None:
        self.index = index
        self.states[index] = QuestionState(eligible={p.id for p in self.active_players()})
        self.phase = "question"
        self.question_clock.start()
        self._changed()

    def _lock(self) -> None:
        self.state.closed_at = self.question_clock.capped(self.elapsed())
        self.question_clock.stop()
        self.phase = "locked"
        self._changed()

    def _time_up(self) -> None:
        self._lock()

    def _ask(self, index: int) -> None:
        self._open(index)


TILED_KINDS = ("choice", "truefalse", "multi")


def tiled(question: Question) -> bool:
    """Whether a question is shown (and counted at the reveal) as lettered tiles, A-D."""
    return question.kind in TILED_KINDS and len(question.options) <= MAX_CHOICES


def check_response(question: Question, response: object) -> Response:
    """The response if it fits the question's shape (JSON: an index, indices or text), else
    Refused('bad_answer'). Nothing here says whether it is right."""
    n = len(question.options)
    kind = question.kind
    if kind in ("choice", "truefalse"):
        if _is_int(response) and 0 <= response < n:
            return response
        raise Refused("bad_answer", f"Choose one of the {n} options.")
    if kind == "typed":
        if not isinstance(response, str):
            raise Refused("bad_answer", "Type your answer.")
        text = unicodedata.normalize("NFC", response).strip()
        if len(text) > MAX_TYPED:
            raise Refused("bad_answer", f"An answer has at most {MAX_TYPED} characters.")
        if any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in text):
            raise Refused("bad_answer", "An answer cannot contain control characters.")
        return text
    if not isinstance(response, list) or not all(_is_int(i) for i in response):
        raise Refused("bad_answer", "Send a list of option numbers.")
    values: list[int] = [int(i) for i in response]
    if kind == "multi":
        if values and len(set(values)) == len(values) and all(0 <= i < n for i in values):
            return sorted(values)
        raise Refused("bad_answer", "Choose one or more different options.")
    if kind == "order":
        if sorted(values) == list(range(n)):
            return values
        raise Refused("bad_answer", f"Put all {n} items in an order, each once.")
    if len(values) == len(question.lefts) and all(0 <= i < n for i in values):
        return values
    raise Refused("bad_answer", f"Match each of the {len(question.lefts)} items.")


def gradable(question: Question, response: Response) -> object:
    """A checked response in the shape `grade` and `describe_response` take."""
    if question.kind == "multi" and isinstance(response, list):
        return frozenset(response)
    if isinstance(response, list):
        return tuple(response)
    return response


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
