"""Setting up a classroom drill on one deck: teams, timer, questions and their types, scoring.

The same form hosts a live room instead (ctrl+l or "Host as a live room"): its settings carry
over (`RoomSettings.from_drill`) and the App opens the room (`OpenHost`). What is wrong with
the settings is listed above the form, where it is in view at any size; the form scrolls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet

from quizapp.core.classroom.drill import (
    DEFAULT_COUNT,
    DEFAULT_TEAMS,
    DEFAULT_TIMER,
    DEFAULT_TYPES,
    DrillError,
    DrillSettings,
    new_drill,
    parse_teams,
)
from quizapp.core.classroom.drill_store import DrillStore
from quizapp.core.classroom.room import RoomSettings
from quizapp.core.classroom.scoring import SCORING_LABELS, SCORING_PRESETS, Scoring
from quizapp.core.database import StoreError
from quizapp.core.practice.questions import parse_types
from quizapp.core.untrusted import safe_text
from quizapp.tui.context import AppContext
from quizapp.tui.messages import OpenDrill, OpenHost, WorkFailed
from quizapp.tui.widgets.keys_footer import KeysFooter
from quizapp.tui.widgets.safe_input import SafeInput


class DrillSetupScreen(Screen[None]):
    """The form before a drill. Start opens the first question; ctrl+r resumes an old one;
    ctrl+l hosts a live room with these settings instead."""

    CSS_PATH = "drill_setup.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", priority=True),
        Binding("ctrl+l", "host", "Host live", priority=True),
        Binding("ctrl+r", "resume", "Resume"),
        Binding("escape", "cancel", "Cancel"),
    ]

    @dataclass
    class Unfinished(Message):
        """The newest unfinished drill on this deck (None: there is none)."""

        drill_id: int | None

    def __init__(self, ctx: AppContext, deck_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.deck_id = deck_id
        self.unfinished: int | None = None
        self._busy = False

    def compose(self) -> ComposeResult:
        deck = self.ctx.decks.get(self.deck_id)
        title = deck.title if deck else self.deck_id
        yield Label(f"Classroom drill · {title}", id="setup-title", markup=False)
        yield Label("", id="problems", markup=False)
        yield Label("", id="resume-note", markup=False)
        with VerticalScroll(id="form"):
            with Horizontal(classes="field"):
                yield Label("Teams", classes="field-label")
                yield SafeInput(", ".join(DEFAULT_TEAMS), id="teams", compact=True)
            yield Label("comma-separated, up to 9 teams", classes="field-help")
            with Horizontal(classes="field"):
                yield Label("Seconds per question", classes="field-label")
                yield SafeInput(str(DEFAULT_TIMER), id="timer", type="integer", compact=True)
            with Horizontal(classes="field"):
                yield Label("Questions", classes="field-label")
                yield SafeInput(str(DEFAULT_COUNT), id="count", type="integer", compact=True)
            with Horizontal(classes="field"):
                yield Label("Seed (blank: random)", classes="field-label")
                yield SafeInput("", id="seed", type="integer", compact=True)
            with Horizontal(classes="field"):
                yield Label("Question types", classes="field-label")
                yield SafeInput(", ".join(DEFAULT_TYPES), id="types", compact=True)
            with RadioSet(id="scoring", compact=True):
                for i, name in enumerate(SCORING_PRESETS):
                    yield RadioButton(
                        SCORING_LABELS[name], value=i == 0, name=name, id=f"scoring-{name}"
                    )
            yield Checkbox("Leaderboard only at the end", id="hide-board", compact=True)
            yield Checkbox(
                "Live room: phones on this network can join (else only this computer)",
                id="lan",
                compact=True,
            )
            with Horizontal(id="buttons"):
                yield Button("Start drill", id="start", variant="primary", compact=True)
                yield Button("Host as a live room", id="host", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.ctx.decks.get(self.deck_id) is None:
            self._show_problems([f"No deck with id '{self.deck_id}' is loaded."])
        self._find_unfinished()

    @work(thread=True, group="drill-setup")
    def _find_unfinished(self) -> None:
        try:
            with DrillStore.open() as store:
                found = store.latest_unfinished(self.deck_id)
        except (StoreError, OSError):
            found = None
        self.post_message(self.Unfinished(found))

    def on_drill_setup_screen_unfinished(self, message: Unfinished) -> None:
        self.unfinished = message.drill_id
        if message.drill_id is not None:
            note = self.query_one("#resume-note", Label)
            note.update(
                f"Drill {message.drill_id} on this deck was not finished: ctrl+r resumes it."
            )
            note.display = True
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.unfinished is not None
        return True

    def settings(self) -> DrillSettings:
        """The drill settings in the form; raises DrillError listing what is wrong."""
        settings, problems = self._read_form()
        problems += settings.problems()
        if problems:
            raise DrillError("\n".join(problems))
        return settings

    def room_settings(self) -> RoomSettings:
        """The form's settings for a live room; raises DrillError listing what is wrong."""
        drill, problems = self._read_form()
        settings = RoomSettings.from_drill(drill)
        problems += settings.problems()
        if problems:
            raise DrillError("\n".join(problems))
        return settings

    def _read_form(self) -> tuple[DrillSettings, list[str]]:
        """The settings the form holds, and what could not be read (unchecked otherwise)."""
        problems: list[str] = []

        def number(field: str, what: str, blank: int | None) -> int | None:
            text = self.query_one(f"#{field}", Input).value.strip()
            if not text:
                return blank
            try:
                return int(text)
            except ValueError:
                problems.append(f"{what}: '{text}' is not a whole number")
                return blank

        timer = number("timer", "seconds", 0)
        count = number("count", "questions", None)
        seed = number("seed", "seed", None)
        try:
            types: tuple[str, ...] = tuple(
                sorted(parse_types(self.query_one("#types", Input).value))
            )
        except ValueError as exc:
            problems.append(f"question types: {exc}")
            types = DEFAULT_TYPES
        pressed = self.query_one(RadioSet).pressed_button
        chosen = pressed.name if pressed is not None else None
        scoring: Scoring = next((s for s in SCORING_PRESETS if s == chosen), "accuracy")
        settings = DrillSettings(
            teams=parse_teams(self.query_one("#teams", Input).value),
            timer=timer or 0,
            count=count,
            seed=seed,
            scoring=scoring,
            hide_board=self.query_one("#hide-board", Checkbox).value,
            types=types,
        )
        return settings, problems

    def action_start(self) -> None:
        deck = self.ctx.decks.get(self.deck_id)
        if deck is None or self._busy:
            return
        try:
            settings = self.settings()
        except DrillError as exc:
            self._show_problems(str(exc).splitlines())
            return
        self._show_problems([])
        self._busy = True
        self._create(settings)

    @work(thread=True, group="drill-setup")
    def _create(self, settings: DrillSettings) -> None:
        deck = self.ctx.decks.get(self.deck_id)
        assert deck is not None
        try:
            drill = new_drill(deck, settings, self.ctx.clock)
            store = DrillStore.open()
            store.create(drill)
        except (DrillError, StoreError, OSError, ValueError) as exc:
            self.post_message(WorkFailed(str(exc)))
            return
        if drill.note:  # fewer questions than asked for: the core says so
            note = drill.note[0].upper() + drill.note[1:] + "."
            self.app.call_from_thread(self.notify, note, timeout=10, markup=False)
        self.post_message(OpenDrill(drill, store))  # the App opens it in place of this form

    def action_host(self) -> None:
        """Host a live room on this deck with the form's settings (the App opens it)."""
        if self.ctx.decks.get(self.deck_id) is None or self._busy:
            return
        try:
            settings = self.room_settings()
        except DrillError as exc:
            self._show_problems(str(exc).splitlines())
            return
        self._show_problems([])
        lan = self.query_one("#lan", Checkbox).value
        self.post_message(OpenHost(self.deck_id, settings, lan=lan))

    def action_resume(self) -> None:
        if self.unfinished is not None and not self._busy:
            self._busy = True
            self._resume(self.unfinished)

    @work(thread=True, group="drill-setup")
    def _resume(self, drill_id: int) -> None:
        try:
            store = DrillStore.open()
            drill = store.load(drill_id, self.ctx.clock)
        except (StoreError, OSError, LookupError) as exc:
            self.post_message(WorkFailed(f"Drill {drill_id} cannot be resumed: {exc}"))
            return
        self.post_message(OpenDrill(drill, store))

    def on_work_failed(self, message: WorkFailed) -> None:
        message.stop()
        self._busy = False
        self._show_problems([message.text])

    def action_cancel(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#host")
    def _host_pressed(self) -> None:
        self.action_host()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_start()

    def _show_problems(self, problems: list[str]) -> None:
        label = self.query_one("#problems", Label)
        label.update(safe_text("\n".join(f"✘ {p}" for p in problems)))
        label.display = bool(problems)
