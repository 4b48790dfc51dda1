"""The home screen: every deck with its counts, today's totals and the streak."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from quizapp.core import paths
from quizapp.core.deckcache import load_decks_cached
from quizapp.core.discovery import DeckSet
from quizapp.core.model import BrokenDeck
from quizapp.tui.context import AppContext

if TYPE_CHECKING:
    from quizapp.tui.app import QuizApp

BROKEN_PREFIX = "broken:"


@dataclass(slots=True)
class HomeData:
    """What the loader worker found: the decks and (when the store opened) their counts."""

    decks: DeckSet
    counts: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    summary: str = ""


class HomeScreen(Screen[None]):
    """Pick a deck and what to do with it."""

    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study", "Study"),
        Binding("a", "study_all", "Study all"),
        Binding("z", "quiz", "Quiz"),
        Binding("d", "drill", "Drill"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("r", "reload", "Reload", show=False),
    ]

    class Loaded(Message):
        """The loader worker finished."""

        def __init__(self, data: HomeData) -> None:
            super().__init__()
            self.data = data

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._broken: dict[str, BrokenDeck] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading decks…", id="summary", markup=False)
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Deck", key="deck")
        for label in ("New", "Learn", "Due", "Cards"):
            table.add_column(label, key=label.lower())
        self.action_reload()

    @property
    def quiz_app(self) -> QuizApp:
        return cast("QuizApp", self.app)

    def action_reload(self) -> None:
        self.query_one(DataTable).loading = True
        self._load()

    @work(thread=True, exclusive=True, group="home-load")
    def _load(self) -> None:
        decks = load_decks_cached(self.ctx.deck_dirs)
        self.post_message(self.Loaded(HomeData(decks)))

    def on_home_screen_loaded(self, message: Loaded) -> None:
        data = message.data
        self.ctx.decks = data.decks
        table = self.query_one(DataTable)
        table.loading = False
        table.clear()
        self._broken = {}
        for deck in data.decks.sorted():
            new, learn, due, total = data.counts.get(deck.id, (0, 0, 0, len(deck.items())))
            table.add_row(deck.title, new, learn, due, total, key=deck.id)
        for i, broken in enumerate(data.decks.broken):
            key = f"{BROKEN_PREFIX}{i}"
            self._broken[key] = broken
            name = broken.id or broken.path.name
            table.add_row(f"✘ broken: {name}", "—", "—", "—", "—", key=key)
        empty = table.row_count == 0
        table.display = not empty
        self.query_one("#summary", Static).update(data.summary)
        if empty:
            self._show_empty()
        else:
            table.focus()
            self._show_detail(self._selected_key())

    def _show_empty(self) -> None:
        self.query_one("#detail", Static).update(
            "No decks found.\n\n"
            f"Put deck files (.yaml) in {paths.user_decks_dir()},\n"
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
            detail.update(f"✘ This deck did not load:\n{self._broken[key].first_problem}")
        else:
            deck = self.ctx.decks.decks[key]
            detail.update(f"{deck.description}\n{deck.id} · {len(deck.cards)} cards")

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.row_key.value)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_study()

    def _selected_deck(self) -> str | None:
        key = self._selected_key()
        if key is None:
            self.notify("No deck to choose.", severity="warning")
            return None
        if key in self._broken:
            self.notify(self._broken[key].first_problem, title="Broken deck", severity="error")
            return None
        return key

    def action_study(self) -> None:
        deck_id = self._selected_deck()
        if deck_id is not None:
            self.quiz_app.open_study([deck_id])

    def action_study_all(self) -> None:
        if self.ctx.decks.decks:
            self.quiz_app.open_study(None)
        else:
            self.notify("No decks to study.", severity="warning")

    def action_quiz(self) -> None:
        deck_id = self._selected_deck()
        if deck_id is not None:
            self.quiz_app.open_quiz(deck_id)

    def action_drill(self) -> None:
        deck_id = self._selected_deck()
        if deck_id is not None:
            self.quiz_app.open_drill(deck_id)
