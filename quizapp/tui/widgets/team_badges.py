"""The row of team badges on drill screens: number, name, and what the team answered.

During an open question a badge shows only whether the team is in (○ waiting / ● in), not its
letter, so the room cannot copy; after the reveal it shows the letter, ✔/✘ and the points.

Each team has a colour by its slot (team 1 red, 2 blue, 3 green, 4 yellow, ...
in most themes), taken from the
theme's variables (`TEAM_COLOURS`), never a fixed colour; the number and name say it too. The
live room's screen uses the same colours.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Label

from quizapp.core.classroom.drill import Drill, describe_answer
from quizapp.tui.widgets.share_bar import ShareBar

# One theme variable per team slot (team 1 first); teams past the ninth reuse them in turn.
TEAM_COLOURS = (
    "$error",
    "$primary",
    "$success",
    "$warning",
    "$accent",
    "$secondary",
    "$error-lighten-2",
    "$primary-lighten-2",
    "$success-lighten-2",
)


def team_colour(team: int) -> str:
    """The theme variable of team `team` (0-based)."""
    return TEAM_COLOURS[team % len(TEAM_COLOURS)]


def team_class(team: int) -> str:
    """The CSS class of team `team`'s (0-based) colour slot: `-team-1` ... `-team-9`."""
    return f"-team-{team % len(TEAM_COLOURS) + 1}"


def _slot_css(widget: str, coloured: str) -> str:
    """CSS giving each slot's `widget` its colour: the border, and the `coloured` parts' text."""
    rules = []
    for i, colour in enumerate(TEAM_COLOURS, 1):
        rules.append(
            f"{widget}.-team-{i} {{ border: round {colour}; }}\n"
            f"{widget}.-team-{i}.-current {{ border: heavy {colour}; }}\n"
            f"{widget}.-team-{i} {coloured} {{ color: {colour}; }}\n"
        )
    return "".join(rules)


class TeamBadge(Vertical):
    DEFAULT_CSS = """
    TeamBadge {
        width: 1fr;
        height: auto;
        border: round $panel;
        padding: 0 1;
    }
    TeamBadge > .badge-name {
        text-style: bold;
        width: 1fr;
    }
    TeamBadge > .badge-status {
        width: 1fr;
        color: $text-muted;
    }
    TeamBadge.-current {
        background: $boost;
    }
    TeamBadge.-in > .badge-status {
        color: $text;
        text-style: bold;
    }
    TeamBadge.-right > .badge-status {
        color: $success;
        text-style: bold;
    }
    TeamBadge.-wrong > .badge-status {
        color: $error;
    }
    """ + _slot_css("TeamBadge", "> .badge-name")

    @dataclass
    class Selected(Message):
        """The badge of this team (0-based) was clicked."""

        team: int

    def __init__(self, team: int, name: str) -> None:
        super().__init__(id=f"team-{team + 1}", classes=team_class(team))
        self.team = team
        self.team_name = name

    def compose(self) -> ComposeResult:
        yield Label(f"{self.team + 1} {self.team_name}", classes="badge-name", markup=False)
        yield Label("", classes="badge-status", markup=False)  # quotes a team's answer

    def show(self, status: str, state: str, current: bool) -> None:
        """`state`: 'waiting', 'in', 'right' or 'wrong' (styled; the text says it too)."""
        name = self.query_one(".badge-name", Label)
        name.update(f"{'▶ ' if current else ''}{self.team + 1} {self.team_name}")
        self.query_one(".badge-status", Label).update(status)
        for s in ("in", "right", "wrong"):
            self.set_class(state == s, f"-{s}")
        self.set_class(current, "-current")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Selected(self.team))


class TeamBadges(Grid):
    """The badges side by side, in two rows when there are more than `PER_ROW` teams."""

    PER_ROW = 5
    DEFAULT_CSS = """
    TeamBadges {
        height: auto;
        width: 1fr;
        grid-rows: auto;
    }
    """

    def __init__(self, teams: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.teams = teams

    def compose(self) -> ComposeResult:
        for i, name in enumerate(self.teams):
            yield TeamBadge(i, name)

    def on_mount(self) -> None:
        self.styles.grid_size_columns = min(len(self.teams), self.PER_ROW)

    def badge(self, team: int) -> TeamBadge:
        return self.query_one(f"#team-{team + 1}", TeamBadge)

    def show_answers(self, drill: Drill, *, reveal: bool, current: int, asking: int | None) -> None:
        """Each team's answer to the drill's current question: in/waiting while it is open, the
        answer with ✔/✘ and its points once revealed. `current` is the team the next key is
        for; `asking` the team asked how sure it was (None: none)."""
        points = {r.team: r.points for r in drill.results() if r.number == drill.number}
        for t, name in enumerate(drill.teams):
            answer = drill.answered(t)
            sure = f" · sure {answer.confidence}" if answer and answer.confidence else ""
            if t == asking:
                sure = " · sure ?"
            if answer is None:
                status, state = ("✘ no answer", "wrong") if reveal else ("○ waiting", "waiting")
            elif not reveal:
                status, state = f"● in{sure}", "in"
            else:
                mark = "✔" if answer.right else "✘"
                said = describe_answer(drill.question, answer)
                said = said.split(":")[0] if answer.choice else said
                status = f"{mark} {said}{sure} · {points.get(name, 0):+d}"
                state = "right" if answer.right else "wrong"
            self.badge(t).show(status, state, current=t == current)


class TeamCard(Vertical):
    """A team on a leaderboard, framed in its colour: place, name, score and a bar of its share
    of the best score."""

    DEFAULT_CSS = """
    TeamCard {
        height: auto;
        border: round $panel;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    TeamCard > .card-line {
        height: 1;
    }
    TeamCard .card-place {
        width: 5;
        text-style: bold;
    }
    TeamCard .card-name {
        width: 1fr;
        text-style: bold;
    }
    TeamCard .card-score {
        width: auto;
        text-style: bold;
    }
    TeamCard > .card-bar {
        width: 1fr;
        height: 1;
    }
    """ + _slot_css("TeamCard", "> .card-bar")

    def __init__(self, team: int, name: str, place: str, score: int, share: float) -> None:
        super().__init__(classes=team_class(team))
        self.team = team
        self.team_name = name
        self.place = place
        self.score = score
        self.share = share

    def compose(self) -> ComposeResult:
        with Horizontal(classes="card-line"):
            yield Label(self.place, classes="card-place", markup=False)
            yield Label(Content(self.team_name), classes="card-name", markup=False)
            yield Label(str(self.score), classes="card-score", markup=False)
        yield ShareBar(self.share, classes="card-bar")
