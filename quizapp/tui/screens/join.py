"""`quizapp join URL`: a student's terminal in a live room (the phone page's twin).

The connection (`quizapp.live.client.RoomClient`) runs in an async worker on the app's loop
and posts every frame it receives as a `Frame` message; the screen shows the room's phase:
the join form, "you're in", the question with the same answer widgets as the quiz screen,
"answer received", then right/wrong, points and place.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from quizapp.core.classroom.nickname import NicknameError, normalise_nickname
from quizapp.core.practice.questions import LETTERS
from quizapp.core.text import ordinal
from quizapp.live.netinfo import RoomAddress
from quizapp.tui.widgets.answer_base import AnswerWidget
from quizapp.tui.widgets.answer_choice import ChoiceAnswer, TrueFalseAnswer
from quizapp.tui.widgets.answer_match import MatchAnswer
from quizapp.tui.widgets.answer_order import OrderAnswer
from quizapp.tui.widgets.answer_typed import TypedAnswer
from quizapp.tui.widgets.choice_tile import SHAPES
from quizapp.tui.widgets.countdown import Countdown
from quizapp.tui.widgets.keys_footer import KeysFooter

TICK_SECONDS = 0.25


def to_protocol(kind: str, value: Any) -> Any:
    """An answer widget's value as the protocol sends it."""
    if kind == "truefalse":
        return 0 if value else 1
    if isinstance(value, tuple | list | set | frozenset):
        return sorted(value) if kind == "multi" else list(value)
    return value


class JoinScreen(Screen[None]):
    """A student's view of a live room. Closing it leaves the room."""

    CSS_PATH = "join.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "sure(1)", "A guess", show=False),
        Binding("2", "sure(2)", "Fairly sure", show=False),
        Binding("3", "sure(3)", "Certain", show=False),
        Binding("escape", "leave", "Leave"),
    ]

    view_key: reactive[str] = reactive("connecting", recompose=True)

    class Frame(Message):
        def __init__(self, frame: dict[str, Any]) -> None:
            super().__init__()
            self.frame = frame

    class Status(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, address: RoomAddress, name: str | None = None) -> None:
        super().__init__()
        self.address = address
        from quizapp.live.client import RoomClient  # aiohttp, only when joining

        self.client = RoomClient(address)
        self.name_wanted = name
        self.room: dict[str, Any] = {}
        self.me: dict[str, Any] | None = None
        self.state: dict[str, Any] | None = None
        self.answered = False
        self.asking_sure: Any = None  # the response waiting for "how sure?"
        self.status = "Connecting…"
        self.join_error = ""
        self.removed = False
        self._deadline: float | None = None

    # -- the views --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Label(self.bar(), id="join-bar", markup=False)
        status = Label(self.status, id="join-status", markup=False)
        status.display = bool(self.status)
        yield status
        with Vertical(id="join-body"):
            yield from self.body()
        yield KeysFooter()

    def bar(self) -> str:
        parts = ["quizapp live", str(self.room.get("title", ""))]
        if self.me:
            team = f" · team {self.me['team']}" if self.me.get("team") else ""
            parts.append(f"{self.me['name']}{team}")
        you = (self.state or {}).get("you", {})
        if "total" in you:
            parts.append(f"{you['total']} points")
        return " · ".join(p for p in parts if p)

    def body(self) -> ComposeResult:
        if self.removed:
            yield Label("The teacher removed you from the room.", classes="big")
            return
        if self.me is None:
            if not self.room:
                yield Label("Connecting to the room…", classes="muted")
                return
            yield Label("Your nickname", classes="label")
            yield Input(
                value=self.name_wanted or "",
                placeholder="1 to 16 characters",
                max_length=16,
                id="name",
            )
            if self.room.get("choose_team"):
                yield Label("Your team (Tab, ↑↓, Enter)", classes="label")
                yield OptionList(
                    *[Option(Content(t), id=f"t{i}") for i, t in enumerate(self.room["teams"])],
                    id="teams",
                    markup=False,
                )
            yield Label(self.join_error, id="join-error", markup=False)
            yield Label("Enter joins (with a team: Enter, then pick it).", classes="muted")
            return
        if self.state is None:
            yield Label("You're in. Waiting for the room…", classes="big")
            return
        room, you = self.state["room"], self.state["you"]
        phase = room["phase"]
        if phase == "lobby":
            yield Label(Content(f"You're in, {you['name']}!"), classes="big")
            if you.get("team"):
                yield Label(Content(f"Team {you['team']}"))
            yield Label("Watch the big screen: the quiz starts soon.", classes="muted")
        elif phase == "question":
            yield Label(
                f"Question {room['number']} of {room['total']}", classes="muted", markup=False
            )
            yield Countdown(id="countdown")
            if room.get("prompt"):
                yield Label(room["prompt"], id="prompt", markup=False)
            else:
                yield Label("Read the question on the big screen.", classes="muted")
            if not you.get("eligible"):
                yield Label("You joined during this question: the next one is yours.")
            elif self.answered or you.get("answered"):
                yield Label("Answer received ✓  Wait for the others…", id="received", classes="big")
            elif room.get("paused"):
                yield Label("Paused: the teacher paused the question.", classes="big")
            elif self.asking_sure is not None:
                yield Label(
                    "How sure are you? 1 a guess · 2 fairly sure · 3 certain", classes="big"
                )
            else:
                yield self.answer_widget(room)
        elif phase == "locked":
            yield Label(
                f"Question {room['number']} of {room['total']}", classes="muted", markup=False
            )
            yield Label("Time's up!", classes="big")
            note = "Your answer is in." if you.get("answered") else "No answer this time."
            yield Label(note, markup=False)
        elif phase == "reveal":
            yield Label(
                f"Question {room['number']} of {room['total']}", classes="muted", markup=False
            )
            if not you.get("eligible"):
                yield Label("Not your question.", classes="big")
            elif not you.get("answered"):
                yield Label("No answer", id="verdict", classes="big -wrong")
            elif you.get("right"):
                yield Label("✔ Right", id="verdict", classes="big -right")
            else:
                yield Label("✘ Wrong", id="verdict", classes="big -wrong")
            if you.get("eligible"):
                yield Label(
                    f"{you.get('points', 0):+d} points", id="points", classes="big", markup=False
                )
            if you.get("answer"):
                yield Label(Content(f"Your answer: {you['answer']}"))
            yield Label(Content(f"The answer: {room.get('answer_text', '')}"))
            if room.get("explain"):
                yield Label(room["explain"], classes="muted", markup=False)
            yield from self.rank_line(you)
        elif phase in ("board", "end"):
            title = "Final results" if phase == "end" else "Leaderboard"
            yield Label(title, classes="big", markup=False)
            yield from self.rank_line(you)
            lines = [
                f"{s['rank']:>3}. {s['name']}{' (' + s['team'] + ')' if s['team'] else ''}"
                f" · {s['total']}"
                for s in room.get("top", [])
            ]
            yield Label("\n".join(lines), id="top", markup=False)
            teams = room.get("teams", [])
            if teams:
                yield Label(
                    "\n".join(f"{t['rank']:>3}. Team {t['team']} · {t['score']}" for t in teams),
                    markup=False,
                )
            if phase == "end":
                yield Label("Thanks for playing! Escape leaves.", classes="muted")

    def rank_line(self, you: dict[str, Any]) -> ComposeResult:
        if you.get("rank"):
            streak = you.get("streak", 0)
            row = f" · {streak} right in a row" if streak and streak > 1 else ""
            yield Label(
                f"{ordinal(you['rank'])} of {you['of']} · {you['total']} points{row}",
                id="rank",
                classes="big",
                markup=False,
            )

    def answer_widget(self, room: dict[str, Any]) -> AnswerWidget:
        kind = room["kind"]
        options = list(room.get("options", []))
        if kind == "typed":
            return TypedAnswer("Your answer", id="answer")
        if kind == "truefalse":
            return TrueFalseAnswer(id="answer")
        if kind in ("choice", "multi"):
            labels = [
                f"{SHAPES.get(LETTERS[i], '')} {text}".strip() for i, text in enumerate(options)
            ]
            return ChoiceAnswer(labels, multi=kind == "multi", id="answer")
        if kind == "order":
            return OrderAnswer(options, id="answer")
        return MatchAnswer(list(room.get("lefts", [])), options, id="answer")

    def current_key(self) -> str:
        if self.removed:
            return "removed"
        if self.me is None:
            return f"join:{bool(self.room)}:{self.join_error}"
        if self.state is None:
            return "welcome"
        room, you = self.state["room"], self.state["you"]
        return ":".join(
            str(x)
            for x in (
                room["phase"],
                room["number"],
                room.get("paused"),
                self.answered or you.get("answered"),
                self.asking_sure is not None,
                you.get("rank"),
            )
        )

    def show(self) -> None:
        key = self.current_key()
        if key != self.view_key:
            self.view_key = key
        else:
            for bar in self.query("#join-bar").results(Label):
                bar.update(self.bar())
        self.call_after_refresh(self._focus)

    def _focus(self) -> None:
        for widget in self.query("#answer, #name"):
            widget.focus()
            return

    # -- the connection ---------------------------------------------------------------------

    def on_mount(self) -> None:
        self.connect()
        self.set_interval(TICK_SECONDS, self.tick)

    @work(exclusive=True, group="join-connection")
    async def connect(self) -> None:
        def on_frame(frame: dict[str, Any]) -> None:
            self.post_message(self.Frame(frame))

        def on_status(text: str) -> None:
            self.post_message(self.Status(text))

        await self.client.run(on_frame, on_status)

    def on_join_screen_status(self, message: Status) -> None:
        self.status = message.text
        for label in self.query("#join-status").results(Label):
            label.update(message.text)
            label.display = bool(message.text)

    async def on_join_screen_frame(self, message: Frame) -> None:
        frame = message.frame
        kind = frame.get("type")
        if kind == "room":
            first = not self.room
            self.room = frame.get("room", {})
            if first and self.name_wanted and not self.room.get("choose_team"):
                await self.send_join(self.name_wanted, None)  # --name: join at once
        elif kind == "welcome":
            self.me = frame.get("player")
            self.room = frame.get("room", self.room)
            self.join_error = ""
        elif kind == "refused":
            if frame.get("code") != "bad_resume":
                self.me = None
                self.join_error = str(frame.get("message", ""))
                self.client.wanted = None
        elif kind == "state":
            before = self.state
            self.state = frame
            room, you = frame["room"], frame["you"]
            new_question = before is None or before["room"]["number"] != room["number"]
            if room["phase"] == "question" and (new_question or not you.get("answered")):
                self.answered = bool(you.get("answered"))
                if new_question:
                    self.asking_sure = None
            remaining = room.get("remaining")
            if room["phase"] == "question" and remaining is not None and not room.get("paused"):
                self._deadline = self.app_clock() + float(remaining)
            else:
                self._deadline = None
        elif kind == "ack":
            self.answered = True
            self.asking_sure = None
        elif kind == "error":
            self.notify(str(frame.get("message", "")), severity="warning", markup=False)
            if frame.get("code") == "already_answered":
                self.answered = True
        elif kind == "removed":
            self.removed = True
        self.show()

    @staticmethod
    def app_clock() -> float:
        """The event loop's clock (the countdown is display only: the room keeps the time)."""
        return asyncio.get_running_loop().time()

    def tick(self) -> None:
        room = (self.state or {}).get("room", {})
        if room.get("phase") != "question":
            return
        for countdown in self.query(Countdown):
            if not countdown.query("#countdown-digits"):
                continue  # not mounted yet (the view was just recomposed)
            if self._deadline is None:
                countdown.show(room.get("remaining"), bool(room.get("paused")))
            else:
                countdown.show(max(self._deadline - self.app_clock(), 0.0))

    # -- the student's keys -----------------------------------------------------------------

    @on(Input.Submitted, "#name")
    async def name_entered(self, event: Input.Submitted) -> None:
        event.stop()
        if self.room.get("choose_team"):
            teams = self.query_one("#teams", OptionList)
            teams.focus()
            if teams.highlighted is None:
                teams.highlighted = 0
            self.query_one("#join-error", Label).update("Now choose your team: ↑↓ and Enter.")
            return
        await self.send_join(event.value, None)

    @on(OptionList.OptionSelected, "#teams")
    async def team_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = self.query_one("#name", Input).value
        await self.send_join(name, self.room["teams"][event.option_index])

    async def send_join(self, raw_name: str, team: str | None) -> None:
        self.name_wanted = raw_name  # kept in the form if the room refuses it
        try:
            name = normalise_nickname(raw_name)
        except NicknameError as exc:
            self.join_error = str(exc).capitalize() + "."
            self.show()
            return
        await self.client.join(name, team)

    async def on_answer_widget_answered(self, message: AnswerWidget.Answered) -> None:
        if self.state is None:
            return
        room = self.state["room"]
        response = to_protocol(room["kind"], message.value)
        if room.get("scoring") == "confidence":
            self.asking_sure = response
            self.show()
            return
        await self.send_answer(response, None)

    async def send_answer(self, response: Any, sure: int | None) -> None:
        if self.state is None:
            return
        if not await self.client.answer(self.state["room"]["number"], response, sure):
            self.notify("Not connected: the answer was not sent.", severity="warning", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sure":
            return self.asking_sure is not None
        return True

    async def action_sure(self, level: int) -> None:
        response, self.asking_sure = self.asking_sure, None
        if response is not None:
            await self.send_answer(response, level)

    async def action_leave(self) -> None:
        await self.client.stop()
        self.dismiss(None)
