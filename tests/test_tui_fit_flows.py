"""What the teacher and the learner do on the screens that were made to fit: pausing, the last
leaderboard, peeking at a typed answer, hosting from the home screen, the palette and the drill
setup, searching the help. Read from the screen (the app's own screenshot) and the core."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from drill_helpers import drill_app, make_ctx, make_run, press, right, settle, showing, wrong
from test_tui_home import palette
from test_tui_host_snapshots import host_app, served
from test_tui_host_snapshots import staged as staged_room
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import DataTable
from tui_helpers import make_app, screen_lines, text_in

from quizapp.core import paths
from quizapp.tui.app import QuizApp
from quizapp.tui.keys import SCREEN_KEYS
from quizapp.tui.screens.drill_setup import DrillSetupScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.host import HostScreen
from quizapp.tui.widgets.team_badges import TEAM_COLOURS, TeamCard

SMALL = (80, 24)
LARGE = (160, 45)


def shown(app: Any) -> str:
    return "\n".join(screen_lines(app))


async def wait_for(pilot: Pilot[None], ready: Callable[[], bool], what: str) -> None:
    for _ in range(200):
        if ready():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never saw {what}")


def footer(app: Any) -> str:
    return screen_lines(app)[-1]


async def footer_shows(pilot: Pilot[None], text: str) -> str:
    await wait_for(pilot, lambda: text in footer(pilot.app), repr(text))
    return footer(pilot.app)


# -- the drill: pause, the last leaderboard, peeking ------------------------------------------


async def test_keys_pressed_while_paused_enter_no_answer() -> None:
    run = make_run(teams=("Red", "Blue"))
    d = run.drill
    d.start()
    app = drill_app(run)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        assert d.paused
        await press(pilot, "1", right(d).lower(), "2", wrong(d).lower())
        assert d.answered(0) is None and d.answered(1) is None
        assert "Paused: answers are refused until you press P again." in shown(app)
        await press(pilot, "p", "1", right(d).lower())
        assert not d.paused and d.answered(0) is not None and d.answered(0).right


@pytest.mark.parametrize("hide_board", [False, True])
async def test_the_last_question_offers_the_podium_not_a_next_question(hide_board: bool) -> None:
    run = make_run(teams=("Red", "Blue"), count=2, hide_board=hide_board)
    d = run.drill
    app = drill_app(run)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        await press(pilot, "space")  # show question 1
        await press(pilot, "1", right(d).lower(), "space")  # Red answers; reveal
        assert showing(pilot) == "answer"
        if not hide_board:
            await press(pilot, "space")
            assert showing(pilot) == "board"
            assert "Next question" in await footer_shows(pilot, "Next question")
            assert "Podium" not in footer(app)
        await press(pilot, "space")  # on to question 2
        assert d.number == 2
        await press(pilot, "space")  # show it
        await press(pilot, "1", right(d).lower(), "space")
        assert d.is_last and showing(pilot) == "answer"
        if not hide_board:
            await press(pilot, "space")
            assert showing(pilot) == "board"
            final = "Final leaderboard after question 2 of 2"
            await wait_for(pilot, lambda: final in shown(app), "the final leaderboard")
        line = await footer_shows(pilot, "Podium")
        assert "Next question" not in line and "space Next " not in line
        await press(pilot, "space")
        assert showing(pilot) == "podium" and d.phase == "finished"


async def test_k_shows_a_typed_questions_expected_answer_and_hides_it_again() -> None:
    run = make_run(teams=("Red", "Blue"), types=("typed",), count=1)
    d = run.drill
    d.start()
    expected = d.question.answer_text
    app = drill_app(run)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "k Peek" in await footer_shows(pilot, "Peek")
        assert "Expected answer" not in shown(app)
        await press(pilot, "k")
        text = " ".join(shown(app).split())
        assert f"projected): {expected}" in text
        await press(pilot, "k")
        assert "Expected answer" not in shown(app)


async def test_k_is_not_offered_for_a_lettered_question() -> None:
    run = make_run(teams=("Red", "Blue"), types=("choice",), count=1)
    run.drill.start()
    app = drill_app(run)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        line = await footer_shows(pilot, "Pause")
        assert "Peek" not in line
        await press(pilot, "k")
        assert "Expected answer" not in shown(app)


# -- hosting a live room from the home screen, the palette and the drill setup ----------------


async def host_screen(pilot: Pilot[None]) -> HostScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, HostScreen), "the host screen")
    screen = app.screen
    assert isinstance(screen, HostScreen)
    await wait_for(pilot, lambda: screen.room is not None and screen.server is not None, "a room")
    return screen


async def test_h_on_the_home_screen_hosts_the_highlighted_deck(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: "h Host live" in footer(app), "h in the footer")
        table = app.screen.query_one(DataTable)
        await pilot.press("down")
        chosen = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await pilot.press("h")
        screen = await host_screen(pilot)
        assert screen.room is not None and screen.room.deck_id == chosen
        assert screen.options.host == "127.0.0.1"  # the defaults: only this computer


async def test_the_palette_hosts_any_deck(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app = make_app(monkeypatch, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        await wait_for(pilot, lambda: "Host live" in footer(app), "the decks")
        found = await palette(app, pilot, "Host deck")
        assert "Host deck… The 1992 treaty" in found
        assert found[0].startswith("Host deck… ")
        await pilot.press("enter")
        screen = await host_screen(pilot)
        assert screen.room is not None and screen.room.deck_id in app.ctx.decks.decks


async def test_the_drill_setup_hosts_its_settings_as_a_live_room() -> None:
    ctx = make_ctx()
    app = QuizApp(ctx, start=DrillSetupScreen(ctx, "drill-demo"))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        form = app.screen
        form.query_one("#teams").value = "Owls, Foxes, Bees"  # type: ignore[attr-defined]
        form.query_one("#timer").value = "12"  # type: ignore[attr-defined]
        form.query_one("#count").value = "3"  # type: ignore[attr-defined]
        form.query_one("#host").focus()
        await pilot.pause()
        assert "Host as a live room" in shown(app)  # the button is in view once focused
        await pilot.press("enter")
        screen = await host_screen(pilot)
        assert screen.room is not None
        settings = screen.room.settings
        assert settings.teams == ("Owls", "Foxes", "Bees")
        assert (settings.timer, settings.count) == (12, 3)


async def test_the_drill_setup_refuses_to_host_what_a_room_cannot_be() -> None:
    ctx = make_ctx()
    app = QuizApp(ctx, start=DrillSetupScreen(ctx, "drill-demo"))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.screen.query_one("#types").value = "choice, essay"  # type: ignore[attr-defined]
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupScreen)
        assert "essay" in shown(app)


# -- team cards in their team's colour on the host screen --------------------------------------


async def test_the_host_screens_team_cards_are_in_their_teams_theme_colour() -> None:
    room = staged_room("board")
    app = host_app(room)
    async with app.run_test(size=LARGE) as pilot:
        await served(pilot)
        cards = list(app.screen.query(TeamCard))
        assert {c.team_name for c in cards} == {"Red", "Blue"}
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            for card in cards:
                variable = TEAM_COLOURS[room.teams.index(card.team_name)].removeprefix("$")
                expected = Color.parse(app.theme_variables[variable])
                assert card.styles.border_top[1] == expected, (theme, card.team_name)


# -- the help: by section, searchable, paths whole ---------------------------------------------


def help_app(current: str | None = None) -> QuizApp:
    ctx = make_ctx()
    return QuizApp(ctx, start=HelpScreen(ctx, SCREEN_KEYS, current=current))


async def test_f1_opens_the_help_on_the_screens_own_section() -> None:
    run = make_run(teams=("Red", "Blue"))
    run.drill.start()
    app = drill_app(run)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await pilot.pause()
        text = shown(app)
        assert "Drill" in text and "Pause" in text and "Reveal" in text
        assert "Study all" not in text  # the home screen's keys are in their own section


async def test_typing_in_the_help_filters_every_section() -> None:
    app = help_app("Home")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "Study all" in shown(app)
        await pilot.press(*"pause")
        await pilot.pause()
        text = shown(app)
        for section in ("Drill", "Live room (teacher)"):
            assert section in text
        assert "Pause" in text and "Study all" not in text
        await pilot.press(*"zzqx")
        await pilot.pause()
        assert "Nothing in the help mentions “pausezzqx”." in " ".join(shown(app).split())
        await pilot.press("escape")  # clears the search first
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and "Study all" in shown(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_the_help_shows_long_paths_whole_at_80x24(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    long_dir = tmp_path / ("a-data-folder-with-a-long-name-" * 3)
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(long_dir))
    app = help_app("Where things live")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: "Settings:" in shown(app), "the places")
        body = text_in(app, app.screen.query_one("#help-body").region)
        squeezed = "".join(body.split())  # a long path wraps: read it across lines
        assert str(paths.user_decks_dir()) in squeezed
        assert str(paths.data_dir()) in squeezed
