"""The home screen as a learner uses it: decks, keys, empty states, broken decks, theme, palette."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, OptionList, Static

from quizapp.core import config, paths
from quizapp.core.srs.answering import Answering
from quizapp.tui.app import QuizApp
from quizapp.tui.messages import OpenDrillSetup, OpenQuiz, OpenStudy
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.study import StudyScreen
from tests.tui_helpers import (
    START,
    isolate_decks,
    make_app,
    make_ctx,
    record_notifications,
    write_decks,
)

SIZE = (80, 24)


async def settle(app: QuizApp, pilot: Any) -> None:
    """Wait for the loader worker and the messages it posts."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def rows(app: QuizApp) -> list[list[object]]:
    """The table's cells, numbers as ints."""
    table = app.screen.query_one(DataTable)
    out = []
    for i in range(table.row_count):
        cells = [str(c) for c in table.get_row_at(i)]
        out.append([int(c) if c.isdigit() else c for c in cells])
    return out


def text_of(app: QuizApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


class Calls:
    """Records the navigation a key asked for (the target screens are tested elsewhere): the
    App's routing of the navigation messages is replaced by a note of what was asked."""

    def __init__(self, app: QuizApp) -> None:
        self.seen: list[tuple[str, object]] = []
        self.app = app

    def __call__(self, message: Message) -> None:
        if isinstance(message, OpenStudy):
            self.seen.append(
                ("study", None if message.deck_ids is None else list(message.deck_ids))
            )
        elif isinstance(message, OpenQuiz):
            self.seen.append(("quiz", message.deck_id))
        elif isinstance(message, OpenDrillSetup):
            self.seen.append(("drill", message.deck_id))
        else:
            return
        message.prevent_default()


class RecordingApp(QuizApp):
    """The app with navigation recorded instead of done."""

    calls: Calls | None = None

    def _record(self, message: Message) -> None:
        if self.calls is not None:
            self.calls(message)

    def on_open_study(self, message: OpenStudy) -> None:
        self._record(message)

    def on_open_quiz(self, message: OpenQuiz) -> None:
        self._record(message)

    def on_open_drill_setup(self, message: OpenDrillSetup) -> None:
        self._record(message)


def recording_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **options: Any
) -> tuple[RecordingApp, Calls]:
    base = make_app(monkeypatch, tmp_path, **options)
    app = RecordingApp(base.ctx)
    calls = Calls(app)
    app.calls = calls
    return app, calls


async def test_home_lists_decks_with_counts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert rows(app) == [
            ["Capitals of the South Caucasus", 3, 0, 0, 3],
            ["The 1992 treaty", 3, 0, 0, 4],  # cloze siblings: one a day
        ]
        assert "6 new" in text_of(app, "#summary")
        assert "Which city is the capital" in text_of(app, "#detail")
        await pilot.press("down")
        assert "Collective Security Treaty" in text_of(app, "#detail")
        assert sorted(app.ctx.decks.decks) == ["capitals", "treaty"]


async def test_keys_open_study_quiz_and_drill(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app, calls = recording_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "a", "down", "z", "d")
        assert calls.seen == [
            ("study", ["capitals"]),
            ("study", None),
            ("quiz", "treaty"),
            ("drill", "treaty"),
        ]


async def test_mouse_double_click_studies_a_deck(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app, calls = recording_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.click(DataTable, offset=(5, 2))  # the second row
        await pilot.click(DataTable, offset=(5, 2))
        assert calls.seen == [("study", ["treaty"])]


async def test_enter_pushes_the_study_screen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StudyScreen)


async def test_help_opens_with_question_mark_and_f1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")  # not a second copy
        assert sum(isinstance(s, HelpScreen) for s in app.screen_stack) == 1


def test_help_lists_keys_and_places(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from quizapp.tui.keys import SCREEN_KEYS
    from quizapp.tui.screens.help import keys_markdown, places_markdown

    isolate_decks(monkeypatch, tmp_path)
    keys = keys_markdown(SCREEN_KEYS)
    for expected in ("## Home", "| ctrl+q | Quit |", "| a | Study all |", "| ? | Help |"):
        assert expected in keys
    for screen in ("Study", "Quiz", "Drill setup", "Drill", "Drill podium"):  # every screen
        assert f"## {screen}\n" in keys
    places = places_markdown(make_ctx(tmp_path / "extra"))
    assert str(paths.user_decks_dir()) in places
    assert str(tmp_path / "extra") in places
    assert str(paths.config_file()) in places


async def test_no_decks_explains_where_to_put_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path, decks=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        detail = text_of(app, "#detail")
        assert "No decks found" in detail
        assert str(paths.user_decks_dir()) in detail
        assert "--decks DIR" in detail and "QUIZAPP_DECKS" in detail
        assert app.screen.query_one(DataTable).display is False
        await pilot.press("a", "z")
        assert isinstance(app.screen, HomeScreen)


async def test_broken_deck_is_listed_with_its_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app, calls = recording_app(monkeypatch, tmp_path, broken=True)
    notified = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert rows(app)[-1] == ["✘ broken: broken-deck", "—", "—", "—", "—"]
        await pilot.press("down", "down")
        detail = text_of(app, "#detail")
        assert "did not load" in detail
        assert "broken.yaml:6:11" in detail and "unknown card type 'essay'" in detail
        await pilot.press("enter")
        assert calls.seen == []  # told why instead
        assert any("essay" in n for n in notified)


async def test_nothing_due_says_when_the_next_card_is(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    config.set_value("new_per_day", 0)
    config.set_value("timezone", "UTC")
    cfg = config.load_config()
    with Answering.open("default", app.ctx.clock, config=cfg) as store:
        deck = write_decks(tmp_path / "decks")  # same files make_app wrote
        assert deck.exists()
        from quizapp.core.decks.loader import load_deck_file

        item = load_deck_file(deck / "capitals.yaml").items()[0]
        store.record_answer(item, 3, mode="study", duration_ms=1000)
        due = store.state(item).due
    assert due is not None and due > START
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        summary = text_of(app, "#summary")
        assert summary.startswith("Nothing due now: the next card is due in ")
        assert f"(today {due:%H:%M})" in summary
        assert rows(app)[0][1:4] == [0, 1, 0]


async def test_counts_refresh_when_coming_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with Answering.open("default", app.ctx.clock) as store:
            item = app.ctx.decks.decks["capitals"].items()[0]
            store.record_answer(item, 1, mode="study", duration_ms=500)
        app.ctx.clock.advance(timedelta(minutes=2))  # type: ignore[attr-defined]
        await app.push_screen(Screen())
        app.pop_screen()
        await settle(app, pilot)
        assert rows(app)[0][1:3] == [2, 1]
        assert "1 answered today (1 again)" in text_of(app, "#summary")


async def test_theme_is_remembered_across_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.theme = "nord"
        await settle(app, pilot)
    assert config.load_config().theme == "nord"
    again = QuizApp(make_ctx(tmp_path / "decks"))
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert again.theme == "nord"


async def test_bad_config_does_not_stop_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    isolate_decks(monkeypatch, tmp_path)
    paths.config_dir(create=True)
    paths.config_file().write_text("retention: 2\ntheme: [\n")
    app = QuizApp(make_ctx(write_decks(tmp_path / "decks")))
    notified = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert len(rows(app)) == 2
        assert any("Settings ignored" in n for n in notified)
        app.theme = "nord"
        await settle(app, pilot)
        assert any("theme was not saved" in n for n in notified)
    assert paths.config_file().read_text() == "retention: 2\ntheme: [\n"  # left for the user


async def palette(app: QuizApp, pilot: Any, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause()
    options = app.screen.query_one("CommandList")
    prompts = (str(options.get_option_at_index(i).prompt) for i in range(options.option_count))
    return [p.splitlines()[0] for p in prompts]


async def test_palette_finds_study_deck(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app, calls = recording_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        found = await palette(app, pilot, "Study deck")
        assert "Study deck… Capitals of the South Caucasus" in found
        chosen = found.index("Study deck… The 1992 treaty")
        options = app.screen.query_one(OptionList)
        for _ in range(len(found) + 1):  # down to the treaty's row
            if options.highlighted == chosen:
                break
            await pilot.press("down")
        assert options.highlighted == chosen
        await pilot.press("enter")
        await pilot.pause()
        assert calls.seen == [("study", ["treaty"])]


async def test_palette_has_every_action(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app = make_app(monkeypatch, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        for query, expected in (
            ("Quiz deck", "Quiz deck… The 1992 treaty"),
            ("Drill deck", "Drill deck… Capitals of the South Caucasus"),
            ("Study all", "Study all decks"),
            ("Switch profile", "Switch profile…"),
            ("Help", "Help"),
        ):
            assert expected in await palette(app, pilot, query)
            await pilot.press("escape")
            await pilot.pause()


async def test_switch_profile_reopens_counts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with Answering.open("alice", app.ctx.clock) as store:
            store.record_answer(
                app.ctx.decks.decks["capitals"].items()[0], 1, mode="study", duration_ms=500
            )
        app.action_switch_profile()
        await settle(app, pilot)
        assert "Known profiles: alice, default" in text_of(app, "#profile-known")
        app.screen.query_one(Input).focus()
        await pilot.press(*"alice", "enter")
        await settle(app, pilot)
        assert app.ctx.profile == "alice"
        assert app.sub_title == "profile: alice"
        assert rows(app)[0][1:3] == [2, 1]


async def test_switch_profile_refuses_bad_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_switch_profile()
        await pilot.pause()
        await pilot.press(".", "enter")
        assert app.ctx.profile == "default"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert app.ctx.profile == "default"


class Start(Screen[None]):
    BINDINGS = [("escape", "app.pop_screen", "Back")]


async def test_start_screen_first_and_closing_it_quits(tmp_path: Path) -> None:
    start = Start()
    app = QuizApp(make_ctx(None), start=start)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen is start
        assert not app.query(HomeScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_cached_listing_shows_before_cards_load(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import threading

    from quizapp.core.decks import cache as deckcache
    from quizapp.core.decks.cache import load_decks_cached

    app, calls = recording_app(monkeypatch, tmp_path)
    load_decks_cached(app.ctx.deck_dirs)  # a previous start filled the cache
    for f in (tmp_path / "decks").glob("*.yaml"):  # ...a while ago
        st = f.stat()
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns - 60_000_000_000))
    load_decks_cached(app.ctx.deck_dirs)
    release, count = threading.Event(), threading.Event()
    add_item_ids = deckcache.add_item_ids

    def slow_load(dirs: list[Path], **options: Any) -> Any:
        release.wait(10)
        return load_decks_cached(dirs, **options)

    def slow_ids(listing: Any) -> bool:
        count.wait(10)
        return add_item_ids(listing)

    monkeypatch.setattr(deckcache, "load_decks_cached", slow_load)
    monkeypatch.setattr(deckcache, "add_item_ids", slow_ids)
    notified = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.screen.query_one(DataTable).row_count:
                break
        assert rows(app) == [
            ["Capitals of the South Caucasus", "…", "…", "…", 3],
            ["The 1992 treaty", "…", "…", "…", 4],
        ]
        # Enter as soon as the titles show: kept, not dropped (it used to be dropped with
        # "Still loading the decks…"), and done once the cards and counts are in
        await pilot.press("enter")
        assert calls.seen == []
        assert any("as soon as they are in" in n for n in notified)
        # the counts come from the item ids the cache keeps, before any card is decoded
        count.set()
        for _ in range(100):
            await pilot.pause(0.05)
            if rows(app)[0][1] != "…":
                break
        assert rows(app)[0][1:] == [3, 0, 0, 3]
        early = text_of(app, "#summary")
        assert early.startswith("To study today: 6 new")
        assert calls.seen == []  # the study waits for the cards
        release.set()
        await settle(app, pilot)
        assert calls.seen == [("study", ["capitals"])]
        assert rows(app)[0][1:] == [3, 0, 0, 3]
        assert text_of(app, "#summary") == early  # the cards' own count says the same


async def test_first_start_shows_file_progress(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(monkeypatch, tmp_path)
    seen: list[str] = []
    original = HomeScreen.on_home_screen_progress

    def spy(screen: HomeScreen, message: HomeScreen.Progress) -> None:
        original(screen, message)
        seen.append(text_of(app, "#summary"))

    monkeypatch.setattr(HomeScreen, "on_home_screen_progress", spy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
    assert seen[-1].startswith("Loading decks… 2/2 files")


async def test_progress_store_that_cannot_open_still_lists_decks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    isolate_decks(monkeypatch, tmp_path)
    app = QuizApp(make_ctx(write_decks(tmp_path / "decks"), profile="no good"))
    notified = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert [r[0] for r in rows(app)] == ["Capitals of the South Caucasus", "The 1992 treaty"]
        assert rows(app)[0][1:] == ["?", "?", "?", 3]
        assert text_of(app, "#summary") == "Progress could not be opened: counts are not shown."
        assert any("bad profile name" in n for n in notified)


async def test_keys_pressed_while_loading_act_on_the_deck_chosen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Down then d (drill) while the cards load: the drill setup opens for the second deck
    once they are in; the last key pressed is the one done."""
    import threading

    from quizapp.core.decks import cache as deckcache
    from quizapp.core.decks.cache import load_decks_cached

    app, calls = recording_app(monkeypatch, tmp_path)
    load_decks_cached(app.ctx.deck_dirs)
    for f in (tmp_path / "decks").glob("*.yaml"):
        st = f.stat()
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns - 60_000_000_000))
    load_decks_cached(app.ctx.deck_dirs)
    release = threading.Event()

    def slow_load(dirs: list[Path], **options: Any) -> Any:
        release.wait(10)
        return load_decks_cached(dirs, **options)

    monkeypatch.setattr(deckcache, "load_decks_cached", slow_load)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.screen.query_one(DataTable).row_count:
                break
        await pilot.press("z")
        await pilot.press("down", "d")
        assert calls.seen == []
        release.set()
        await settle(app, pilot)
        assert calls.seen == [("drill", "treaty")]
