"""A shared deck cannot harm, in the app: hostile text shows literally on every screen, its
markup never runs (no file saved by a click, the app still running after a click on a title
that says app.quit) and no escape sequence of the deck reaches what the screen renders.

The screen is read as the user sees it, from the app's screenshot (its SVG text, line by
line); the raw bytes a real terminal receives are checked in test_hostile_terminal.py.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from drill_helpers import handled, press, settle
from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from quizapp.core import paths
from quizapp.core.classroom.drill import DrillSettings, new_drill, parse_teams
from quizapp.core.classroom.drill_store import DrillStore
from quizapp.core.decks.discovery import DeckSet
from quizapp.core.decks.loader import load_deck_file
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.drill import DrillScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.profile_picker import ProfileScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.quiz_results import QuizResultsScreen
from quizapp.tui.screens.study import StudyScreen
from tests.hostile_helpers import (
    BIDI,
    BROKEN_KEY,
    CLICK_QUIT,
    CSI,
    LINK,
    OSC0,
    OSC8,
    OSC52,
    TYPED_UNBALANCED,
    UNBALANCED,
    shown,
    write_hostile_decks,
)
from tests.tui_helpers import isolate_decks, make_ctx, record_notifications

SIZE = (160, 45)
LINE_RE = re.compile(r'<text [^>]*clip-path="url\(#[\w-]*-line-(\d+)\)"[^>]*>([^<]*)</text>')


def screen_text(app: QuizApp) -> str:
    """What the screen shows, line by line, read from the app's screenshot."""
    lines: dict[int, list[str]] = {}
    for number, text in LINE_RE.findall(app.export_screenshot()):
        lines.setdefault(int(number), []).append(html.unescape(text).replace("\xa0", " "))
    return "\n".join("".join(lines[n]) for n in sorted(lines))


def assert_clean(app: QuizApp) -> str:
    """The screen's text, checked: no control character of a deck is in it."""
    text = screen_text(app)
    for ch in ("\x1b", "\x07", "\x9b", "\u202e", "\u2066"):
        assert ch not in text, f"{ch!r} reached the screen"
    return text


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, Path]:
    """(the hostile decks' folder, the folder a click action would save a file into)."""
    isolate_decks(monkeypatch, tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    return write_hostile_decks(tmp_path / "decks", victim), victim


async def settle_home(app: QuizApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def row_index(table: DataTable[Any], deck_id: str) -> int:
    return table.get_row_index(deck_id)


async def test_home_shows_every_hostile_title_literally(hostile: tuple[Path, Path]) -> None:
    decks, _ = hostile
    app = QuizApp(make_ctx(decks))
    async with app.run_test(size=SIZE) as pilot:
        await settle_home(app, pilot)
        text = assert_clean(app)
        for literal in (
            CLICK_QUIT,
            "[@click=app.screenshot('victim.svg',",
            LINK,
            shown(OSC8),
            UNBALANCED,
            shown(OSC0),
            shown(OSC52),
            shown(CSI),
            shown(BIDI),
            "✘ broken: broken-hostile",
        ):
            assert literal in text, literal
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=row_index(table, "hostile"))
        await pilot.pause()
        detail = assert_clean(app)
        assert "description [@click=app.quit]QUIT[/] [link=https://example.com]x[/link]" in detail


async def test_clicking_a_hostile_title_runs_nothing(hostile: tuple[Path, Path]) -> None:
    decks, victim = hostile
    app = QuizApp(make_ctx(decks))
    async with app.run_test(size=SIZE) as pilot:
        await settle_home(app, pilot)
        for deck_id in ("hostile", "quitter", "linked"):
            if not isinstance(app.screen, HomeScreen):
                app.pop_screen()
                await settle_home(app, pilot)
            table = app.screen.query_one(DataTable)
            row = row_index(table, deck_id)
            # the title cell: column 0, one header line above the rows; on its first letters
            await pilot.click(DataTable, offset=(4, row + 1))
            await settle_home(app, pilot)
            assert app.is_running
        assert list(victim.iterdir()) == []  # no screenshot was saved by the title


async def test_a_broken_deck_quoting_a_hostile_key_notifies_literally(
    hostile: tuple[Path, Path],
) -> None:
    decks, _ = hostile
    app = QuizApp(make_ctx(decks))
    async with app.run_test(size=SIZE) as pilot:
        seen = record_notifications(app)
        await settle_home(app, pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.row_count - 1)  # the broken deck comes last
        await pilot.pause()
        assert shown(BROKEN_KEY) in assert_clean(app)  # the detail line quotes the problem
        await pilot.press("enter")
        await pilot.pause()
        assert any(shown(BROKEN_KEY) in s for s in seen)
        toast = assert_clean(app)  # the notification, wrapped in its box at the bottom
        assert "[@click=app.quit]key\\x1b[2Jcleared" in toast
        assert app.is_running


async def test_the_palette_shows_hostile_titles_literally(hostile: tuple[Path, Path]) -> None:
    decks, _ = hostile
    app = QuizApp(make_ctx(decks))
    async with app.run_test(size=SIZE) as pilot:
        await settle_home(app, pilot)
        for query in ("quit", "closing", "click", "link"):
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            app.screen.query_one(Input).value = query
            for _ in range(50):
                await pilot.pause(0.02)
                options = app.screen.query_one(OptionList)
                if options.option_count:
                    break
            prompts = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            assert prompts, f"no hit for {query!r}"
            text = assert_clean(app)
            if query == "quit":
                assert f"Study deck… {CLICK_QUIT}" in "\n".join(prompts)
                assert "Study deck… [@click=app.quit]QUIT[/]" in text
            if query == "closing":
                assert any(UNBALANCED in p for p in prompts)
            await pilot.press("escape")
            await pilot.pause()
        assert app.is_running


async def test_study_shows_hostile_cards_and_a_suspend_notice_literally(
    hostile: tuple[Path, Path],
) -> None:
    decks, _ = hostile
    ctx = make_ctx(decks)
    screen = StudyScreen(ctx, ["quitter"])
    app = QuizApp(ctx, start=screen)
    async with app.run_test(size=SIZE) as pilot:
        seen = record_notifications(app)
        for _ in range(200):
            await pilot.pause()
            if screen.phase == "front":
                break
        fronts = []
        basic_back_checked = False
        for _ in range(7):  # every card of the deck: its front, then its back
            fronts.append(assert_clean(app))
            assert "Study: [@click=app.quit]QUIT[/]" in fronts[-1]
            if isinstance(app.focused, Input):
                app.screen.set_focus(None)  # out of the answer box: space shows the answer
            await pilot.press("space")
            for _ in range(100):
                await pilot.pause()
                if screen.phase == "back":
                    break
            back = assert_clean(app)
            if "front [@click=app.quit]" in fronts[-1]:
                assert "back [@click=app.quit]QUIT[/] [link=https://example.com]" in back
                assert shown(OSC52) in back and shown(CSI) in back and shown(BIDI) in back
                basic_back_checked = True
            await pilot.press("s")  # suspend: the notice quotes the prompt
            for _ in range(100):
                await pilot.pause()
                if screen.phase in ("front", "done"):
                    break
            if screen.phase == "done" or not isinstance(app.screen, StudyScreen):
                break
        everything = "\n".join(fronts)
        for literal in ("typed-question [@click=app.quit]", "cloze " + shown(OSC0), "statement"):
            assert literal in everything, literal
        assert basic_back_checked, fronts  # the basic card's back was looked at
        notices = [s for s in seen if s.startswith("Suspended")]
        assert any(CLICK_QUIT in s for s in notices), seen  # the basic card's, quoted as text
        assert app.is_running


async def test_quiz_typed_answers_and_results_show_literally(hostile: tuple[Path, Path]) -> None:
    decks, _ = hostile
    ctx = make_ctx(decks)
    screen = QuizScreen(ctx, "unbalanced", types={"typed", "choice"}, seed=2, count=8)
    app = QuizApp(ctx, start=screen)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            await pilot.pause()
            if screen.phase == "asking":
                break
        assert screen.session is not None
        typed_given = []
        while screen.session.current is not None and isinstance(app.screen, QuizScreen):
            question = screen.session.current
            assert_clean(app)
            if question.kind == "typed":
                box = app.screen.query_one(Input)
                box.focus()
                if not typed_given:
                    answer = TYPED_UNBALANCED
                    await pilot.press(*answer)
                else:
                    answer = shown(CSI + "typed")
                    box.post_message(events.Paste(CSI + "typed"))  # a paste carries the ESC
                await pilot.pause()
                typed_given.append(answer)
                await pilot.press("enter")
            else:
                await pilot.press("a")
            for _ in range(100):
                await pilot.pause()
                if screen.phase == "feedback":
                    break
            feedback = assert_clean(app)
            if question.kind == "typed":
                assert f"You answered: {typed_given[-1]}" in feedback
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, QuizResultsScreen)
        text = assert_clean(app)
        assert "Quiz results: closing [/] tag" in text
        table = app.screen.query_one(DataTable)
        cells = [str(c) for i in range(table.row_count) for c in table.get_row_at(i)]
        assert TYPED_UNBALANCED in cells and shown(CSI + "typed") in cells
        assert app.is_running


async def test_a_drill_with_hostile_teams_and_cards_shows_them_literally(
    hostile: tuple[Path, Path],
) -> None:
    decks, _ = hostile
    ctx = make_ctx(decks)
    deck = load_deck_file(decks / "quitter.yaml")
    ctx.decks = DeckSet(decks={deck.id: deck})
    teams = parse_teams(f"{CLICK_QUIT}, {UNBALANCED} {OSC0}, {LINK}")
    settings = DrillSettings(teams=teams, timer=20, count=3, seed=1)
    drill = new_drill(deck, settings, ctx.clock)
    store = DrillStore.open()
    store.create(drill)
    app = QuizApp(ctx, start=DrillScreen(ctx, drill, store))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = []
        while drill.phase != "finished":
            await press(pilot, "space")  # show the question
            seen.append(assert_clean(app))
            for team in range(len(teams)):
                if drill.question.kind == "typed" or not drill.question.options:
                    await press(pilot, "y" if team == 0 else "n")
                else:
                    await press(pilot, "a")
            await press(pilot, "space")  # reveal
            seen.append(assert_clean(app))
            await press(pilot, "space")  # board (or the next question)
            seen.append(assert_clean(app))
            if drill.phase == "board":
                await press(pilot, "space")
        await handled(app.screen)
        seen.append(assert_clean(app))  # the podium
        everything = "\n".join(seen)
        for literal in (CLICK_QUIT, f"{UNBALANCED} {shown(OSC0)}", LINK, "[link=https://"):
            assert literal in everything, literal
        assert app.is_running


async def test_profile_list_and_config_values_are_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    isolate_decks(monkeypatch, tmp_path)
    folder = paths.data_dir() / "profiles"
    folder.mkdir(parents=True)
    (folder / "[@click=app.quit]QUIT.sqlite3").write_bytes(b"")
    (folder / "[link=https:\\x]l.sqlite3").write_bytes(b"")
    paths.config_dir(create=True)
    paths.config_file().write_text(
        'timezone: "[/]"\ntheme: "[@click=app.quit]x"\n', encoding="utf-8"
    )
    app = QuizApp(make_ctx(None))
    async with app.run_test(size=SIZE) as pilot:
        seen = record_notifications(app)
        await settle_home(app, pilot)
        assert app.is_running
        assert any("timezone" in s and "'[/]'" in s for s in seen), seen
        app.push_screen(ProfileScreen("default"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = assert_clean(app)
        assert "Known profiles: [@click=app.quit]QUIT, [link" in text  # cut at the box's edge
        known = str(app.screen.query_one("#profile-known").render())
        assert known == "Known profiles: [@click=app.quit]QUIT, [link=https:\\x]l, default"
        await pilot.click("#profile-known", offset=(20, 0))
        await pilot.pause()
        assert app.is_running
    assert not any("Traceback" in s for s in seen)
