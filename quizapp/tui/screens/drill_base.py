"""What every drill screen shares: the running drill, saving it, and moving between screens.

A drill is shown by one screen per phase (`screen_for`): the question (ready and open), the
answer (revealed), the leaderboard (board) and the podium (finished). A screen changes the
core `Drill`, then saves it in a worker; when the newest save is done it shows the screen for
the drill's phase. So the drill is on disk before the next question appears, and a crash or
ctrl+q loses nothing: `quizapp drill --resume` picks it up.

Answer entry (question and answer screens): the teacher picks a team with 1-9 (or clicks its
badge), then presses its letter A-D (or clicks the tile), or Y / N for a typed or spoken answer.
The cursor then moves to the next team still waiting. Under confidence scoring the screen then
asks how sure the team was: 1, 2 or 3.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label

from quizapp.core.classroom.drill import Drill, DrillError, Phase, describe_answer, is_lettered
from quizapp.core.classroom.drill_store import DrillSnapshot, DrillStore, snapshot
from quizapp.core.database import StoreError
from quizapp.tui.context import AppContext
from quizapp.tui.widgets.choice_tile import ChoiceTile
from quizapp.tui.widgets.team_badges import TeamBadge, TeamBadges

END_CONFIRM_SECONDS = 4.0
SCORING_NAMES = {
    "accuracy": "1 point per right answer",
    "speed": "speed: up to 1000 + streaks",
    "confidence": "confidence: ±1/2/3",
}


@dataclass(slots=True)
class DrillRun:
    """A drill being shown: the app context, the core drill and the store it is saved to."""

    ctx: AppContext
    drill: Drill
    store: DrillStore


def screen_for(run: DrillRun) -> DrillScreen:
    """A new screen showing the drill's current phase."""
    from quizapp.tui.screens.drill_leaderboard import DrillLeaderboardScreen
    from quizapp.tui.screens.drill_podium import DrillPodiumScreen
    from quizapp.tui.screens.drill_question import DrillQuestionScreen
    from quizapp.tui.screens.drill_reveal import DrillRevealScreen

    phase = run.drill.phase
    if phase in ("ready", "open"):
        return DrillQuestionScreen(run)
    if phase == "revealed":
        return DrillRevealScreen(run)
    if phase == "board":
        return DrillLeaderboardScreen(run)
    return DrillPodiumScreen(run)


class DrillScreen(Screen[None]):
    """Base of the drill screens: acts on the drill, saves it, follows its phase."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-small"),
        (120, "-large"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-short"), (36, "-tall")]
    PHASES: ClassVar[tuple[Phase, ...]] = ()  # the drill phases this screen shows

    class Saved(Message):
        """A save worker wrote `revision` (or found a newer one stored)."""

        def __init__(self, revision: int) -> None:
            super().__init__()
            self.revision = revision

    class SaveFailed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, run: DrillRun) -> None:
        super().__init__()
        self.run = run
        self.drill = run.drill
        self.shown_index = run.drill.index
        self._end_asked_at: float | None = None

    # -- acting and saving ---------------------------------------------------------------------

    def shows_current(self) -> bool:
        """Whether this screen still shows the drill's phase and question."""
        return self.drill.phase in self.PHASES and self.drill.index == self.shown_index

    def act(self, action: Callable[[], object]) -> bool:
        """Do a drill action; on success save the drill and refresh. False when refused.

        Keys pressed while the screen waits for a save to show the next one are ignored, so a
        double press cannot skip a screen.
        """
        if not self.shows_current():
            return False
        before = self.drill.revision
        try:
            action()
        except DrillError as exc:
            self.notify(str(exc), severity="warning", timeout=3)
            return False
        if self.drill.revision != before:
            self.persist()
            self.refresh_view()
        return True

    def persist(self) -> None:
        self._save(snapshot(self.drill))

    @work(thread=True, group="drill-save")
    def _save(self, snap: DrillSnapshot) -> None:
        try:
            self.run.store.save(snap)
        except (StoreError, OSError) as exc:
            self.post_message(self.SaveFailed(f"The drill was not saved: {exc}"))
            return
        self.post_message(self.Saved(snap.revision))

    def on_drill_screen_saved(self, message: Saved) -> None:
        if message.revision == self.drill.revision:
            self.follow()

    def on_drill_screen_save_failed(self, message: SaveFailed) -> None:
        self.notify(message.error, severity="error", timeout=10)

    def follow(self) -> None:
        """Show the screen for the drill's phase if this one no longer fits."""
        if not self.shows_current():
            self.app.switch_screen(screen_for(self.run))

    def refresh_view(self) -> None:
        """Show the drill's current state (subclasses)."""

    # -- shared actions ------------------------------------------------------------------------

    def action_end(self) -> None:
        """E asks; E again within a few seconds ends the drill."""
        now = self.drill.clock.monotonic()
        asked = self._end_asked_at
        if asked is None or now - asked > END_CONFIRM_SECONDS:
            self._end_asked_at = now
            self.notify("Press E again to end the drill and show the podium.", timeout=4)
            return
        self.act(self.drill.end)

    def action_back(self) -> None:
        self.act(self.drill.back)

    def top_line(self) -> str:
        d = self.drill
        board = " · board hidden" if d.settings.hide_board else ""
        return (
            f"Drill · {d.deck_title} · Question {d.number} of {d.total}"
            f" · {SCORING_NAMES[d.settings.scoring]}{board}"
        )


def team_bindings() -> list[BindingType]:
    """1-9 pick a team, A-D its letter, Y/N mark a spoken answer, X clears."""
    out: list[BindingType] = [Binding("1", "team(0)", "Team", key_display="1-9")]
    out += [Binding(str(n), f"team({n - 1})", show=False) for n in range(2, 10)]
    out.append(Binding("a", "choose('A')", "Letter", key_display="A-D"))
    out += [Binding(c.lower(), f"choose('{c}')", show=False) for c in "BCD"]
    out += [
        Binding("y", "mark(True)", "Mark right"),
        Binding("n", "mark(False)", "Mark wrong"),
        Binding("x", "clear", "Clear team's answer", show=False),
        Binding("escape", "skip_confidence", "Skip how sure"),
    ]
    return out


END_BINDING = Binding("e", "end", "End")


class DrillAnswerScreen(DrillScreen):
    """A drill screen where the teacher enters each team's answer (subclasses list the keys,
    including `team_bindings()`, in the order the footer shows them)."""

    def __init__(self, run: DrillRun) -> None:
        super().__init__(run)
        self.team = 0  # the team the next key is for
        self.awaiting_confidence: int | None = None  # team asked "how sure?"

    def accepts_answers(self) -> bool:
        return self.drill.phase in ("open", "revealed")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        lettered = is_lettered(self.drill.question)
        if action in ("team", "choose", "mark", "clear") and not self.accepts_answers():
            return False
        if action == "skip_confidence":
            return self.awaiting_confidence is not None
        if action == "choose":
            return lettered
        if action == "mark":
            return not lettered
        return True

    def action_team(self, team: int) -> None:
        if self.awaiting_confidence is not None and 1 <= team + 1 <= 3:
            asked = self.awaiting_confidence
            if self.act(lambda: self.drill.set_confidence(asked, team + 1)):
                self.awaiting_confidence = None
                self._next_team(asked)
            return
        if team >= len(self.drill.teams):
            self.notify(f"There are {len(self.drill.teams)} teams.", timeout=2)
            return
        self.awaiting_confidence = None
        self.team = team
        self.refresh_view()

    def action_choose(self, letter: str) -> None:
        team = self.team
        self._entered(team, self.act(lambda: self.drill.set_choice(team, letter)))

    def action_mark(self, right: bool) -> None:
        team = self.team
        self._entered(team, self.act(lambda: self.drill.mark(team, right)))

    def action_skip_confidence(self) -> None:
        """Go on without a confidence level (it counts as 1)."""
        asked = self.awaiting_confidence
        if asked is not None:
            self.awaiting_confidence = None
            self._next_team(asked)

    def action_clear(self) -> None:
        team = self.team
        self.awaiting_confidence = None
        self.act(lambda: self.drill.clear(team))
        self.refresh_view()

    def on_choice_tile_picked(self, message: ChoiceTile.Picked) -> None:
        if self.accepts_answers():
            self.action_choose(message.letter)

    def on_team_badge_selected(self, message: TeamBadge.Selected) -> None:
        self.awaiting_confidence = None
        self.team = message.team
        self.refresh_view()

    def _entered(self, team: int, ok: bool) -> None:
        if not ok:
            return
        if self.drill.settings.scoring == "confidence":
            self.awaiting_confidence = team
            self.refresh_view()
            return
        self._next_team(team)

    def _next_team(self, team: int) -> None:
        n = len(self.drill.teams)
        waiting = [t for t in range(n) if self.drill.answered(t) is None]
        later = [t for t in waiting if t > team] or waiting
        self.team = later[0] if later else (team + 1) % n
        self.refresh_view()

    def entry_hint(self) -> str:
        """One line telling the teacher which key does what now."""
        d = self.drill
        name = d.teams[self.team]
        if d.phase == "ready":
            return "Press space to show the question."
        if self.awaiting_confidence is not None:
            asked = d.teams[self.awaiting_confidence]
            return f"How sure is {asked}? Press 1, 2 or 3 (Escape: skip, counts as 1)."
        verb = "correct" if d.phase == "revealed" else "enter"
        if is_lettered(d.question):
            keys = "A-" + "ABCD"[len(d.question.options) - 1]
        else:
            keys = "Y (right) or N (wrong)"
        return f"Team {self.team + 1} {name}: press {keys} to {verb} its answer · 1-9 other team"

    def show_badges(self, reveal: bool) -> None:
        """Fill the team badges: in/waiting while open, the answer and ✔/✘ once revealed."""
        d = self.drill
        badges = self.query_one(TeamBadges)
        points = {r.team: r.points for r in d.results() if r.number == d.number}
        for t, name in enumerate(d.teams):
            answer = d.answered(t)
            sure = f" · sure {answer.confidence}" if answer and answer.confidence else ""
            if t == self.awaiting_confidence:
                sure = " · sure ?"
            if answer is None:
                status, state = ("✘ no answer", "wrong") if reveal else ("○ waiting", "waiting")
            elif not reveal:
                status, state = f"● in{sure}", "in"
            else:
                mark = "✔" if answer.right else "✘"
                said = describe_answer(d.question, answer)
                said = said.split(":")[0] if answer.choice else said
                status = f"{mark} {said}{sure} · {points.get(name, 0):+d}"
                state = "right" if answer.right else "wrong"
            badges.badge(t).show(status, state, current=t == self.team)
        self.query_one("#entry-hint", Label).update(self.entry_hint())
