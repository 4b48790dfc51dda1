"""What a shown card builds is freed once it is gone (two Textual 8.2 leaks worked around in
quizapp.tui.textual_fixes): the Footer's old keys, and removed widgets' style caches."""

from __future__ import annotations

import gc
import weakref
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.tui.app import QuizApp
from tests.tui_helpers import make_ctx

SIZE = (80, 24)


class Toggling(Screen[None]):
    """A screen whose keys change, as the study screen's do on every card."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "turn", "Show answer"),
        Binding("3", "turn", "Good"),
    ]
    front = True

    def compose(self) -> ComposeResult:
        yield Vertical(id="cards")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return True

    def action_turn(self) -> None:
        self.front = not self.front
        self.refresh_bindings()


def live(kind: str) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o).__name__ == kind)


async def test_the_footer_frees_the_keys_it_rebuilt() -> None:
    screen = Toggling()
    app = QuizApp(make_ctx(None), start=screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = screen.query_one(Footer)
        first = [weakref.ref(key) for key in footer.children]
        assert first
        for _ in range(10):
            await pilot.press("space")
            await pilot.pause()
        gc.collect()
        assert all(ref() is None for ref in first)
        assert footer.children  # the keys it shows now


async def test_removed_widgets_style_caches_are_freed() -> None:
    screen = Toggling()
    app = QuizApp(make_ctx(None), start=screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cards = screen.query_one("#cards", Vertical)
        before = live("StylesCache")
        for n in range(60):  # a new card's widgets, painted, then replaced
            await cards.remove_children()
            await cards.mount(*(Static(f"card {n} line {i}") for i in range(5)))
            await pilot.pause()
        assert live("StylesCache") < before + 20
