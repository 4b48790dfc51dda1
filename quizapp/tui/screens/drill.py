"""The drill screen: a whole classroom drill on one screen whose body follows the drill's phase.

The body (a widget from `quizapp.tui.widgets.drill_*`) shows the question (phases ready and
open), the answer (revealed), the leaderboard (board) or the podium (finished). A key changes
the core `Drill`; the drill is saved in a worker; a new body is shown only once the newest save
has landed. So the drill is on disk before the next question appears, a double press cannot
skip a body (keys are ignored while the screen waits for a save), and a crash or ctrl+q loses
nothing: `quizapp drill --resume` picks it up. When the screen goes away its store is closed
in a worker.

Answer entry (question and answer): the teacher picks a team with 1-9 (or clicks its badge),
then presses its letter A-D (or clicks the tile), or Y / N for a typed or spoken answer; X
clears it. The cursor then moves to the next team still waiting. Under confidence scoring the
screen then asks how sure the team was: 1, 2 or 3 (Escape: skip). While the question is paused
the core refuses answers (the screen says so). K shows the expected answer of a typed or spoken
question for a few seconds, as the live room's host screen does; a drill has one screen, so the
note says the class sees it too when it is projected. On the last question the leaderboard (or,
with the board hidden, the answer) offers the podium, not a next question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Literal

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label

from quizapp.core.classroom.drill import Drill, DrillError, Phase, is_lettered
from quizapp.core.classroom.drill_store import DrillSnapshot, DrillStore, snapshot
from quizapp.core.classroom.export import saved_export_path, write_export
from quizapp.core.classroom.scoring import SCORING_NAMES
from quizapp.core.database import StoreError
from quizapp.tui.context import AppContext
from quizapp.tui.messages import WorkFailed
from quizapp.tui.widgets.choice_tile import ChoiceTile
from quizapp.tui.widgets.drill_answer import AnswerBody
from quizapp.tui.widgets.drill_board import BoardBody
from quizapp.tui.widgets.drill_body import DrillBody, Entry
from quizapp.tui.widgets.drill_podium import PodiumBody
from quizapp.tui.widgets.drill_question import QuestionBody
from quizapp.tui.widgets.keys_footer import KeysFooter
from quizapp.tui.widgets.team_badges import TeamBadge

Body = Literal["question", "answer", "board", "podium"]
BODY_OF: dict[Phase, Body] = {
    "ready": "question",
    "open": "question",
    "revealed": "answer",
    "board": "board",
    "finished": "podium",
}
BODIES: dict[Body, type[DrillBody]] = {
    "question": QuestionBody,
    "answer": AnswerBody,
    "board": BoardBody,
    "podium": PodiumBody,
}

TICK_SECONDS = 0.1
PEEK_SECONDS = 4.0  # as long as the host screen's peek
CHECKPOINT_SECONDS = 5.0  # an open question's time is saved this often (for crash recovery)
END_CONFIRM_SECONDS = 4.0


@dataclass(frozen=True, slots=True)
class Shown:
    """What the screen shows: one body, for one question."""

    body: Body
    index: int

    @classmethod
    def of(cls, drill: Drill) -> Shown:
        """What the drill's current phase and question call for."""
        return cls(BODY_OF[drill.phase], drill.index)


def team_bindings() -> list[BindingType]:
    """1-9 pick a team, A-D its letter, Y/N mark a spoken answer, Escape skips "how sure",
    X clears."""
    out: list[BindingType] = [Binding("1", "team(0)", "Team", key_display="1-9")]
    out += [Binding(str(n), f"team({n - 1})", show=False) for n in range(2, 10)]
    out.append(Binding("a", "choose('A')", "Letter", key_display="A-D"))
    out += [Binding(c.lower(), f"choose('{c}')", show=False) for c in "BCD"]
    out += [
        Binding("y", "mark(True)", "Right"),
        Binding("n", "mark(False)", "Wrong"),
        Binding("escape", "skip_confidence", "Skip how sure"),
        Binding("x", "clear", "Clear team's answer", show=False),
    ]
    return out


# Each body's keys, in the order its footer shows them. Where two bodies share a key the screen
# enables the binding of the body shown (`check_action`), so the footer shows that one.
KEYS: dict[Body, list[BindingType]] = {
    "question": [
        Binding("space", "start", "Show question", key_display="space"),
        Binding("space", "reveal", "Reveal", key_display="space"),
        Binding("enter", "start", show=False),
        Binding("enter", "reveal", show=False),
        *team_bindings(),
        Binding("p", "pause", "Pause"),
        Binding("k", "peek", "Peek"),
        Binding("s", "skip", "Skip"),
        Binding("left", "back", "Back", key_display="←"),
        Binding("e", "end", "End"),
    ],
    "answer": [
        Binding("space", "next", "Next", key_display="space"),
        Binding("space", "podium", "Podium", key_display="space"),
        Binding("enter", "next", show=False),
        Binding("enter", "podium", show=False),
        Binding("right", "next", show=False),
        *team_bindings(),
        Binding("left", "back", "Back", key_display="←"),
        Binding("e", "end", "End"),
    ],
    "board": [
        Binding("space", "next_question", "Next question", key_display="space"),
        Binding("space", "podium", "Podium", key_display="space"),
        Binding("enter", "next_question", show=False),
        Binding("enter", "podium", show=False),
        Binding("right", "next_question", show=False),
        Binding("left", "back", "Back", key_display="←"),
        Binding("e", "end", "End"),
    ],
    "podium": [
        Binding("escape", "close", "Close"),
        Binding("x", "export", "Save results (CSV)"),
        Binding("enter", "close", show=False),
        Binding("q", "close", show=False),
    ],
}


def action_names(bindings: list[BindingType]) -> frozenset[str]:
    return frozenset(b.action.split("(")[0] for b in Binding.make_bindings(bindings))


ACTIONS: dict[Body, frozenset[str]] = {body: action_names(keys) for body, keys in KEYS.items()}
EVERY_ACTION = frozenset().union(*ACTIONS.values())
ANSWERING = frozenset({"team", "choose", "mark", "clear"})


def close_store(store: DrillStore, last: DrillSnapshot) -> None:
    """Save the newest state (ignored when already stored) and close (in a worker thread)."""
    try:
        store.save(last)
    except (StoreError, OSError):
        pass  # the failed save was reported when it happened; what was saved stays
    finally:
        store.close()


class DrillScreen(Screen[None]):
    """A drill from its first question to its podium. Closing the podium goes back to where
    the drill was opened from."""

    CSS_PATH = "drill.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-small"), (120, "-large")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]
    BINDINGS = [binding for keys in KEYS.values() for binding in keys]

    shown: var[Shown] = var(Shown("question", 0), init=False)
    """The body on screen and its question (it follows the drill once a save has landed)."""
    entry: var[Entry] = var(Entry(), init=False)
    """Whom the next answer key is for."""
    revision: var[int] = var(0, init=False)
    """The drill revision on screen (the drill changes in place; this says that it did)."""
    peeking: var[bool] = var(False, init=False)
    """Whether the expected answer of the typed question is shown (K, for a few seconds)."""

    @dataclass
    class Saved(Message):
        """A save worker wrote `revision` (or found a newer one stored)."""

        revision: int

    @dataclass
    class Exported(Message):
        """The podium's results were written (`ok`) or not; `text` says where or why."""

        text: str
        ok: bool

    def __init__(self, ctx: AppContext, drill: Drill, store: DrillStore) -> None:
        super().__init__()
        self.ctx = ctx
        self.drill = drill
        self.store = store
        self.set_reactive(DrillScreen.shown, Shown.of(drill))
        self.set_reactive(DrillScreen.revision, drill.revision)
        self._saved_elapsed = drill.elapsed()
        self._end_asked_at: float | None = None
        self._keys_for: tuple[object, ...] = ()
        self._peek_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Label(self.top_line(), id="drill-bar", markup=False)
        with Container(id="drill-body"):
            yield BODIES[self.shown.body](self.drill)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show_drill()
        self.set_interval(TICK_SECONDS, self.tick)

    def on_unmount(self) -> None:
        """Closed, or the app quits: the store is closed in a worker (a last save can wait
        on the database), on the app since this screen's workers end with it."""
        last = snapshot(self.drill)
        self.app.run_worker(
            partial(close_store, self.store, last), thread=True, group="drill-close"
        )

    # -- showing -------------------------------------------------------------------------------

    def shows_current(self) -> bool:
        """Whether the body on screen is the one the drill's phase and question call for."""
        return Shown.of(self.drill) == self.shown

    def body(self) -> DrillBody:
        return self.query_one("#drill-body", Container).query_exactly_one(DrillBody)

    def show_drill(self) -> None:
        """Show the drill's state in the body (unless a newer body waits for its save)."""
        if not self.shows_current():
            return
        self.body().show(self.drill, self.entry)
        # what `check_action` depends on: the footer is rebuilt only when that changes
        keys = (self.shown, self.drill.phase, self.entry.asking is None)
        if keys != self._keys_for:
            self._keys_for = keys
            self.refresh_bindings()

    def watch_shown(self) -> None:
        self.query_one("#drill-bar", Label).update(self.top_line())
        self.show_drill()

    def watch_entry(self) -> None:
        self.show_drill()

    def watch_revision(self) -> None:
        self.show_drill()

    def top_line(self) -> str:
        d = self.drill
        if self.shown.body == "podium":
            return f"Drill · {d.deck_title} · {d.asked()} of {d.total} questions asked"
        board = " · board hidden" if d.settings.hide_board else ""
        return (
            f"Drill · {d.deck_title} · Question {d.number} of {d.total}"
            f" · {SCORING_NAMES[d.settings.scoring]}{board}"
        )

    def tick(self) -> None:
        """Check the timer; the time left is computed from the start, never counted down."""
        d = self.drill
        if d.phase != "open" or not self.shows_current():
            return
        if d.poll():  # time's up: revealed (shown once saved)
            self.changed()
            return
        elapsed = d.elapsed()
        if not d.paused and elapsed - self._saved_elapsed >= CHECKPOINT_SECONDS:
            self._saved_elapsed = elapsed
            d.checkpoint()
            self.persist()
        self.query_one(QuestionBody).show_time(d)

    # -- acting and saving ---------------------------------------------------------------------

    def act(self, action: Callable[[], object]) -> bool:
        """Do a drill action; on success save the drill and show it. False when refused.

        Keys pressed while the screen waits for a save to show the next body are ignored, so a
        double press cannot skip a body.
        """
        if not self.shows_current():
            return False
        before = self.drill.revision
        try:
            action()
        except DrillError as exc:
            self.notify(str(exc), severity="warning", timeout=3, markup=False)
            return False
        if self.drill.revision != before:
            self.changed()
        return True

    def changed(self) -> None:
        """The drill changed: save it, and show what can be shown before the save lands."""
        self.persist()
        self.revision = self.drill.revision

    def persist(self) -> None:
        self._save(snapshot(self.drill))

    @work(thread=True, group="drill-save")
    def _save(self, snap: DrillSnapshot) -> None:
        try:
            self.store.save(snap)
        except (StoreError, OSError) as exc:
            self.post_message(WorkFailed(f"The drill was not saved: {exc}"))
            return
        self.post_message(self.Saved(snap.revision))

    async def on_drill_screen_saved(self, message: Saved) -> None:
        """The newest save landed: show the body the drill's phase calls for."""
        shown = Shown.of(self.drill)
        if message.revision != self.drill.revision or shown == self.shown:
            return
        holder = self.query_one("#drill-body", Container)
        with self.app.batch_update():  # one repaint for the whole swap
            await holder.remove_children()
            await holder.mount(BODIES[shown.body](self.drill))
            self._saved_elapsed = self.drill.elapsed()
            self.entry = Entry()
            self.peeking = False
            self.shown = shown

    def on_work_failed(self, message: WorkFailed) -> None:
        self.notify(message.text, severity="error", timeout=10, markup=False)

    # -- keys ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EVERY_ACTION and action not in ACTIONS[self.shown.body]:
            return False  # another body's key
        d = self.drill
        if action in ANSWERING and d.phase not in ("open", "revealed"):
            return False
        if action == "skip_confidence":
            return self.entry.asking is not None
        if action == "choose":
            return is_lettered(d.question)
        if action == "mark":
            return not is_lettered(d.question)
        if action in ("pause", "reveal"):
            return d.phase == "open"
        if action == "peek":
            return d.phase == "open" and not is_lettered(d.question)
        if action in ("next_question", "next", "podium"):
            to_podium = d.is_last and (self.shown.body == "board" or d.settings.hide_board)
            return to_podium == (action == "podium")
        if action == "start":
            return d.phase == "ready"
        return True

    def action_start(self) -> None:
        self.act(self.drill.start)

    def action_reveal(self) -> None:
        """Reveal early (the timer reveals by itself when it runs out)."""
        self.act(self.drill.reveal)

    def action_pause(self) -> None:
        self.act(self.drill.toggle_pause)

    def action_skip(self) -> None:
        self.act(self.drill.skip)

    def action_next(self) -> None:
        self.act(self.drill.advance)

    def action_next_question(self) -> None:
        self.act(self.drill.advance)

    def action_podium(self) -> None:
        """After the last question: the podium (the only way on from there)."""
        self.act(self.drill.advance)

    def action_peek(self) -> None:
        """Show the expected answer for a few seconds (K again: hide it at once)."""
        if self._peek_timer is not None:
            self._peek_timer.stop()
            self._peek_timer = None
        self.peeking = not self.peeking
        if self.peeking:
            self._peek_timer = self.set_timer(PEEK_SECONDS, self.end_peek)

    def end_peek(self) -> None:
        """The peek's time is up: the expected answer is hidden again."""
        self._peek_timer = None
        self.peeking = False

    def watch_peeking(self, peeking: bool) -> None:
        if self.shown.body == "question" and self.is_mounted:
            body = self.body()
            if isinstance(body, QuestionBody):
                body.show_peek(self.drill.question.answer_text if peeking else None)

    def action_back(self) -> None:
        self.act(self.drill.back)

    def action_end(self) -> None:
        """E asks; E again within a few seconds ends the drill."""
        now = self.drill.clock.monotonic()
        asked = self._end_asked_at
        if asked is None or now - asked > END_CONFIRM_SECONDS:
            self._end_asked_at = now
            self.notify(
                "Press E again to end the drill and show the podium.", timeout=4, markup=False
            )
            return
        self.act(self.drill.end)

    # -- answer entry --------------------------------------------------------------------------

    def action_team(self, team: int) -> None:
        if not self.shows_current():
            return
        asking = self.entry.asking
        if asking is not None and 1 <= team + 1 <= 3:
            if self.act(lambda: self.drill.set_confidence(asking, team + 1)):
                self._next_team(asking)
            return
        if team >= len(self.drill.teams):
            self.notify(f"There are {len(self.drill.teams)} teams.", timeout=2, markup=False)
            return
        self.entry = Entry(team)

    def action_choose(self, letter: str) -> None:
        team = self.entry.team
        self._entered(team, self.act(lambda: self.drill.set_choice(team, letter)))

    def action_mark(self, right: bool) -> None:
        team = self.entry.team
        self._entered(team, self.act(lambda: self.drill.mark(team, right)))

    def action_skip_confidence(self) -> None:
        """Go on without a confidence level (it counts as 1)."""
        if self.entry.asking is not None:
            self._next_team(self.entry.asking)

    def action_clear(self) -> None:
        team = self.entry.team
        self.entry = Entry(team)
        self.act(lambda: self.drill.clear(team))

    def on_choice_tile_picked(self, message: ChoiceTile.Picked) -> None:
        if self.drill.phase in ("open", "revealed"):
            self.action_choose(message.letter)

    def on_team_badge_selected(self, message: TeamBadge.Selected) -> None:
        if self.shows_current():
            self.entry = Entry(message.team)

    def _entered(self, team: int, ok: bool) -> None:
        if not ok:
            return
        if self.drill.settings.scoring == "confidence":
            self.entry = Entry(team, asking=team)
            return
        self._next_team(team)

    def _next_team(self, team: int) -> None:
        """The cursor goes to the next team still waiting (or simply the next one)."""
        n = len(self.drill.teams)
        waiting = [t for t in range(n) if self.drill.answered(t) is None]
        later = [t for t in waiting if t > team] or waiting
        self.entry = Entry(later[0] if later else (team + 1) % n)

    # -- the podium ----------------------------------------------------------------------------

    def action_export(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, group="drill-export")
    def _export(self) -> None:
        try:
            path = saved_export_path(self.drill)
            write_export(self.drill, path)
        except OSError as exc:
            self.post_message(self.Exported(f"The results were not saved: {exc}", ok=False))
            return
        self.post_message(self.Exported(f"Results saved to {path}", ok=True))

    def on_drill_screen_exported(self, message: Exported) -> None:
        self.notify(
            message.text, severity="information" if message.ok else "error", timeout=8, markup=False
        )

    def action_close(self) -> None:
        """Back to where the drill was opened from (the store closes as the screen goes)."""
        self.app.pop_screen()
