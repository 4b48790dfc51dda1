"""The home screen: every deck with its counts, today's totals and the streak."""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from quizapp.core import paths
from quizapp.core.decks.discovery import DeckSet
from quizapp.core.decks.model import BrokenDeck, Deck
from quizapp.core.untrusted import safe_line, safe_text
from quizapp.tui.context import AppContext
from quizapp.tui.messages import OpenDrillSetup, OpenHost, OpenQuiz, OpenStudy
from quizapp.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from quizapp.core.config import Config
    from quizapp.core.srs.overview import Overview

BROKEN_PREFIX = "broken:"


def number(value: object) -> Text:
    """A table cell aligned right, as numbers are."""
    return Text(str(value), justify="right")


def summary_text(counts: Overview | None, now: datetime, config: Config) -> str:
    """The line above the table: today's work (the sums of the table's columns), or when the
    next card is due."""
    from quizapp.core.srs.overview import when_due

    if counts is None:
        return "Progress could not be opened: counts are not shown."
    done = f"{counts.reviewed_today} answered today ({counts.again_today} again)"
    if counts.streak:
        done += f" · streak {counts.streak} day{'s' if counts.streak > 1 else ''}"
    if counts.due_now or counts.new:
        today = f"{counts.new} new · {counts.learning} learning · {counts.due} due"
        return f"To study today: {today} · {done}"
    if counts.next_due is not None:
        later = ""
        if counts.learning:  # the Learn column: due later today
            n = counts.learning
            later = f" · {n} learning card{'s' if n > 1 else ''} due later today"
        when = when_due(counts.next_due, now, config)
        return f"Nothing due now: the next card is due {when}{later}."
    if counts.counts:
        return f"Nothing to study: no card is due and no new card is left for today · {done}"
    return ""


NUMBER_COLUMNS = ("New", "Learn", "Due", "Cards")
COLUMN_KEYS = ("deck", "new", "learn", "due", "cards")


class HomeScreen(Screen[None]):
    """Pick a deck and what to do with it."""

    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study", "Study", priority=True),
        Binding("a", "study_all", "Study all"),
        Binding("z", "quiz", "Quiz"),
        Binding("d", "drill", "Drill"),
        Binding("h", "host", "Host live"),
        Binding("U", "unsuspend", "Unsuspend"),
        # the answers to U's question, which says them (not listed in help)
        Binding("y", "confirm_unsuspend", "", show=False),
        Binding("n,escape", "cancel_unsuspend", "", show=False),
        Binding("question_mark", "app.help", "Help", key_display="?", show=False),
        Binding("r", "reload", "Reload", show=False),
    ]

    confirming: var[str | None] = var[str | None](None)  # the deck U asks about, if any

    @dataclass
    class Listed(Message):
        """The decks to show while their cards and counts load (titles and item totals)."""

        decks: DeckSet
        totals: dict[str, int]
        painted: threading.Event  # set once the table shows them

    @dataclass
    class Progress(Message):
        """The loader worker read `done` of `total` deck files."""

        done: int
        total: int

    @dataclass
    class Counted(Message):
        """Today's counts of the listed decks, before their cards are in (the notes of opening
        the profile come with them, once)."""

        counts: Overview | None
        summary: str
        notes: list[str]

    @dataclass
    class Loaded(Message):
        """The decks with their cards, and today's counts (None when the store did not open)."""

        decks: DeckSet
        counts: Overview | None
        summary: str
        notes: list[str]

    @dataclass
    class Unsuspended(Message):
        """The suspended cards of a deck were brought back (`error`: they were not)."""

        title: str
        count: int
        error: str = ""

    # A deck action (and the deck it is for) asked for while the decks were loading.
    pending: var[tuple[str, str | None] | None] = var[tuple[str, str | None] | None](None)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._shown = DeckSet()  # what the table lists (cards not loaded yet until _ready)
        self._totals: dict[str, int] = {}
        self._ready = False
        self._resumed = False
        self._broken: dict[str, BrokenDeck] = {}
        self._counts: Overview | None = None
        self._actions_shown = True  # what check_action last said of the deck actions

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading decks…", id="summary", markup=False)
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._set_columns([])
        self.set_timer(0.3, self._show_loading)
        self._load(list_first=True)  # now: the first frame is painted meanwhile

    def _show_loading(self) -> None:
        """A spinner only when the listing is slow (it costs CPU the loader could use)."""
        table = self.query_one(DataTable)
        if table.row_count == 0 and not self._ready:
            table.loading = True

    def on_screen_resume(self) -> None:
        """Load again on coming back (the counts changed); the first load starts on mount."""
        if self._resumed:
            self.call_after_refresh(self.action_reload)
        self._resumed = True

    def action_reload(self) -> None:
        self._load(list_first=not self._ready)

    @work(thread=True, exclusive=True, group="home-load")
    def _load(self, list_first: bool) -> None:
        """List the decks as soon as known (from the cache heads alone when possible), count
        today's work (from the item ids the cache keeps, before any card is decoded), then load
        their cards. The core is imported here, off the event loop, so that the screen paints
        before the scheduler and the store are loaded."""
        from quizapp.core.decks.cache import (
            add_item_ids,
            cached_listing,
            load_decks_cached,
            same_items,
        )

        listing = cached_listing(self.ctx.deck_dirs) if list_first else None
        early: tuple[Overview | None, str, list[str]] | None = None
        if listing is not None:
            self._post_listed(listing.decks, listing.item_totals)
            if add_item_ids(listing):
                early = self._count(listing.decks)
                self.post_message(self.Counted(*early))
        decks = load_decks_cached(
            self.ctx.deck_dirs,
            progress=self._post_progress if list_first and listing is None else None,
        )
        if list_first and listing is None:
            self._post_listed(decks, {d.id: len(d.items()) for d in decks.decks.values()})
        if early is None or listing is None or not same_items(listing.decks, decks):
            counts, summary, notes = self._count(decks)
        else:  # counted above, and the cards are those the ids were kept for
            counts, summary, notes = early[0], early[1], []
        # The cards stay in memory for the whole run, and they are many small objects: the
        # collector's full passes would walk them all every few seconds (a 60 ms pause with
        # 100,000 cards, felt on key presses). Frozen, they are left out of its passes
        # (they hold no cycles; freed ones are still freed). On a reload (back from a screen),
        # collect first: freezing would otherwise keep the closed screen's cyclic garbage.
        if not list_first:
            gc.collect()
        gc.freeze()
        self.post_message(self.Loaded(decks, counts, summary, notes))

    def _count(self, decks: DeckSet) -> tuple[Overview | None, str, list[str]]:
        """Today's counts of `decks` (None when the store did not open), the line that says
        them, and the notes opening the profile gave."""
        from quizapp.core.config import Config
        from quizapp.core.srs.overview import overview
        from quizapp.core.srs.profiles import open_profile
        from quizapp.core.srs.store import StoreError

        notes: list[str] = []
        cfg = Config()
        counts: Overview | None = None
        now = self.ctx.clock.now()
        try:
            with open_profile(self.ctx.profile, self.ctx.clock) as opened:
                cfg, notes = opened.config, opened.notes
                counts = overview(opened.store, decks.sorted(), now, cfg)
        except StoreError as exc:
            notes.append(str(exc))
        return counts, summary_text(counts, now, cfg), notes

    def _post_progress(self, done: int, total: int) -> None:
        self.post_message(self.Progress(done, total))

    def on_home_screen_progress(self, message: Progress) -> None:
        if not self._ready:
            self.query_one("#summary", Static).update(
                f"Loading decks… {message.done}/{message.total} files"
                " (new or changed files are read once, then cached)"
            )

    def _post_listed(self, decks: DeckSet, totals: dict[str, int]) -> None:
        """Post the listing and wait (briefly) until it is painted: decoding cards next would
        otherwise hold the GIL while the table draws."""
        painted = threading.Event()
        self.post_message(self.Listed(decks, totals, painted))
        painted.wait(timeout=1.0)

    def on_home_screen_listed(self, message: Listed) -> None:
        self._shown, self._totals = message.decks, message.totals
        self._fill_table(None, "…")
        self.call_after_refresh(message.painted.set)

    def on_home_screen_counted(self, message: Counted) -> None:
        for note in message.notes:
            self.notify(note, severity="warning", timeout=10, markup=False)
        self._counts = message.counts
        self._fill_table(message.counts, "?")
        self.query_one("#summary", Static).update(message.summary)

    def on_home_screen_loaded(self, message: Loaded) -> None:
        self.ctx.decks = self._shown = message.decks
        self._ready = True
        for note in message.notes:
            self.notify(note, severity="warning", timeout=10, markup=False)
        self._counts = message.counts
        self._fill_table(message.counts, "?")
        self.query_one("#summary", Static).update(message.summary)
        pending, self.pending = self.pending, None
        if pending is not None:  # a key pressed while the decks loaded: do it now
            action, key = pending
            table = self.query_one(DataTable)
            if key is not None and key in table.rows:
                table.move_cursor(row=table.get_row_index(key))
            getattr(self, f"action_{action}")()

    def _set_columns(self, rows: list[list[Text]]) -> None:
        """The table's columns, each as wide as its widest cell: sized now, with the rows,
        not when the table next idles (a frame in between showed titles cut to the width of
        the "Deck" label)."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        labels = [Text("Deck"), *(number(label) for label in NUMBER_COLUMNS)]
        for n, label in enumerate(labels):
            width = max([label.cell_len, *(row[n].cell_len for row in rows)])
            table.add_column(label, key=COLUMN_KEYS[n], width=width)

    def _fill_table(self, counts: Overview | None, unknown: str) -> None:
        table = self.query_one(DataTable)
        selected = self._selected_key()
        table.loading = False
        self._broken = {}
        rows: list[list[Text]] = []
        keys: list[str] = []
        for deck in self._shown.sorted():
            c = counts.counts.get(deck.id) if counts else None
            if c is None:
                cells: list[object] = [unknown] * 3 + [self._totals.get(deck.id, unknown)]
            else:
                cells = [c.new, c.learning, c.due, c.cards]
            rows.append([Text(deck.title), *map(number, cells)])  # a title is text, not markup
            keys.append(deck.id)
        for i, broken in enumerate(self._shown.broken):
            key = f"{BROKEN_PREFIX}{i}"
            self._broken[key] = broken
            name = broken.id or broken.path.name
            rows.append([Text(f"✘ broken: {safe_line(name)}"), *[number("—")] * 4])
            keys.append(key)
        self._set_columns(rows)
        for key, row in zip(keys, rows, strict=True):
            table.add_row(*row, key=key)
        empty = table.row_count == 0
        self.set_class(empty, "-empty")
        shown = self._ready is False or not empty
        if shown != self._actions_shown:  # (the Footer is rebuilt on each refresh)
            self._actions_shown = shown
            self.refresh_bindings()
        if empty:
            self._show_empty()
            return
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        table.focus()
        self._show_detail(self._selected_key())

    def _show_empty(self) -> None:
        self.query_one("#detail", Static).update(
            "No decks found.\n\n"
            f"Put deck files (.yaml) in {safe_text(str(paths.user_decks_dir()))},\n"
            "or start quizapp with --decks DIR, or list folders in QUIZAPP_DECKS.\n"
            "The format is described in docs/deck-format.md; check a deck with"
            " `quizapp validate FILE`."
        )

    def _selected_key(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key

    def _show_detail(self, key: str | None) -> None:
        detail = self.query_one("#detail", Static)
        if key is None:
            detail.update("")
        elif key in self._broken:
            problem = safe_text(self._broken[key].first_problem)
            detail.update(f"✘ This deck did not load:\n{problem}")
        else:
            deck = self._shown.decks[key]
            where = "bundled with quizapp" if deck.bundled else safe_text(str(deck.path))
            text = f"{deck.description}\n{deck.id} · {where}"
            suspended = self._suspended_in(key)
            if suspended:
                text += f" · {suspended} suspended (U: unsuspend)"
            if self.confirming == key:
                cards = "the suspended card"
                if suspended > 1:
                    cards = f"the {suspended} suspended cards"
                text = (
                    f"Bring back {cards} of “{deck.title}”? Leeches lose their leech mark.\n"
                    "y: yes, unsuspend · n or Escape: no"
                )
            detail.update(text)

    def _suspended_in(self, deck_id: str | None) -> int:
        """Suspended cards of a deck, as last counted (0 while loading)."""
        if deck_id is None or self._counts is None or not self._ready:
            return 0
        c = self._counts.counts.get(deck_id)
        return c.suspended if c is not None else 0

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.confirming = None
        self._show_detail(event.row_key.value)
        self.refresh_bindings()

    def watch_confirming(self) -> None:
        if self.is_mounted:
            self._show_detail(self._selected_key())
            self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_study()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Deck actions are hidden once it is known there is no deck (while the decks load,
        they wait for them)."""
        if action in ("study", "study_all", "quiz", "drill", "host"):
            return not self._ready or bool(self._shown.decks or self._shown.broken)
        if action == "unsuspend":
            return self.confirming is None and self._suspended_in(self._selected_key()) > 0
        if action in ("confirm_unsuspend", "cancel_unsuspend"):
            return self.confirming is not None
        return True

    def _wait_for_decks(self, action: str) -> bool:
        """While the decks load, keep `action` (on the deck selected now) for when they
        have: True when it was kept. A later key replaces it."""
        if self._ready:
            return False
        self.pending = (action, self._selected_key())
        self.notify(
            "Loading the decks: that starts as soon as they are in.", timeout=3, markup=False
        )
        return True

    def _selected_deck(self, action: str) -> str | None:
        if self._wait_for_decks(action):
            return None
        key = self._selected_key()
        if key is None:
            self.notify("No deck to choose.", severity="warning", markup=False)
            return None
        if key in self._broken:
            problem = self._broken[key].first_problem
            self.notify(problem, title="Broken deck", severity="error", markup=False)
            return None
        return key

    def action_study(self) -> None:
        deck_id = self._selected_deck("study")
        if deck_id is not None:
            self.post_message(OpenStudy([deck_id]))

    def action_study_all(self) -> None:
        if self._wait_for_decks("study_all"):
            return
        if self.ctx.decks.decks:
            self.post_message(OpenStudy(None))
        else:
            self.notify("No decks to study.", severity="warning", markup=False)

    def action_quiz(self) -> None:
        deck_id = self._selected_deck("quiz")
        if deck_id is not None:
            self.post_message(OpenQuiz(deck_id))

    def action_drill(self) -> None:
        deck_id = self._selected_deck("drill")
        if deck_id is not None:
            self.post_message(OpenDrillSetup(deck_id))

    def action_host(self) -> None:
        """A live room on the selected deck, with the room's defaults (the drill setup's
        "Host as a live room" sets it up first)."""
        deck_id = self._selected_deck("host")
        if deck_id is not None:
            self.post_message(OpenHost(deck_id))

    # --- unsuspending the selected deck's cards (the core decides which; see
    # quizapp.core.srs.suspension)

    def action_unsuspend(self) -> None:
        key = self._selected_key()
        if self._suspended_in(key) > 0:
            self.confirming = key

    def action_cancel_unsuspend(self) -> None:
        self.confirming = None

    def action_confirm_unsuspend(self) -> None:
        deck_id, self.confirming = self.confirming, None
        deck = self._shown.decks.get(deck_id) if deck_id is not None else None
        if deck is not None:
            self._unsuspend(deck)

    @work(thread=True, group="home-unsuspend")
    def _unsuspend(self, deck: Deck) -> None:
        from quizapp.core.srs.profiles import open_profile
        from quizapp.core.srs.store import StoreError
        from quizapp.core.srs.suspension import unsuspend_deck

        try:
            with open_profile(self.ctx.profile, self.ctx.clock) as opened:
                n = unsuspend_deck(opened.answering, deck)
        except StoreError as exc:
            self.post_message(self.Unsuspended(deck.title, 0, str(exc)))
            return
        self.post_message(self.Unsuspended(deck.title, n))

    def on_home_screen_unsuspended(self, message: Unsuspended) -> None:
        if message.error:
            self.notify(f"Nothing was unsuspended: {message.error}", severity="error", markup=False)
            return
        n = message.count
        self.notify(
            f"{n} card{'s' if n != 1 else ''} of “{message.title}” brought back.", markup=False
        )
        self.action_reload()
