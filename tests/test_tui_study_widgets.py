"""The answer widgets on their own: keys, mouse, take-backs, and what they send."""

from __future__ import annotations

import threading
from typing import Any

from textual.app import App, ComposeResult

from quizapp.core.srs.store import StoreError
from quizapp.tui.messages import WorkFailed
from quizapp.tui.widgets.answer_base import AnswerWidget
from quizapp.tui.widgets.answer_choice import ChoiceAnswer, ChoiceOption, TrueFalseAnswer
from quizapp.tui.widgets.answer_match import MatchAnswer, MatchLeft, MatchRight
from quizapp.tui.widgets.answer_order import OrderAnswer, OrderItem, ordinal
from quizapp.tui.widgets.answer_typed import TypedAnswer
from quizapp.tui.widgets.card_panel import CardPanel
from quizapp.tui.widgets.rating_bar import RatingBar, RatingButton
from tests.study_helpers import join_store_threads


class Host(App[None]):
    def __init__(self, widget: Any) -> None:
        super().__init__()
        self.widget = widget
        self.answers: list[object] = []
        self.rated: list[int] = []

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        self.widget.focus()

    def on_answer_widget_answered(self, message: AnswerWidget.Answered) -> None:
        self.answers.append(message.value)

    def on_rating_bar_rated(self, message: RatingBar.Rated) -> None:
        self.rated.append(message.rating)


async def test_choice_by_letter_answers_once() -> None:
    app = Host(ChoiceAnswer(["Belarus", "Armenia", "Kazakhstan"]))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("b")
        await pilot.press("a")  # locked: ignored
        await pilot.pause()
    assert app.answers == [1]


async def test_choice_by_arrows_and_enter_then_marks() -> None:
    widget = ChoiceAnswer(["Belarus", "Armenia", "Kazakhstan"])
    app = Host(widget)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("down", "down", "up", "enter")
        await pilot.pause()
        widget.show_result([0])
        await pilot.pause()
        lines = [str(o.render()) for o in widget.query(ChoiceOption)]
    assert app.answers == [1]
    assert lines[0].startswith(" ✔") and lines[1].startswith(" ✘")
    assert "your answer" in lines[1]


async def test_select_all_toggles_and_needs_one() -> None:
    app = Host(ChoiceAnswer(["A1", "B1", "C1", "D1"], multi=True))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter")  # nothing chosen yet
        await pilot.press("a", "c", "space", "enter")  # space toggles the cursor's (C) off
        await pilot.pause()
    assert app.answers == [(0,)]


async def test_true_false_keys_and_mouse() -> None:
    app = Host(TrueFalseAnswer())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("f")
        await pilot.pause()
    assert app.answers == [False]
    widget = TrueFalseAnswer()
    app = Host(widget)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.click(widget.query(ChoiceOption).first())
        await pilot.pause()
    assert app.answers == [True]


async def test_order_numbers_take_back_and_last_one_placed() -> None:
    widget = OrderAnswer(["second", "first", "third"])
    app = Host(widget)
    async with app.run_test(size=(60, 20)) as pilot:
        # 1 placed then taken back; 2 first; Enter places the cursor's item (1) second, and
        # the last one follows by itself. Nothing is sent until the next Enter.
        await pilot.press("1", "backspace", "2", "enter")
        await pilot.pause()
        assert app.answers == [] and widget.complete
        await pilot.press("enter")
        await pilot.pause()
        widget.show_result([1, 0, 2])
        await pilot.pause()
        lines = [str(w.render()) for w in widget.query(OrderItem)]
    assert app.answers == [(1, 0, 2)]
    assert all("✔" in line for line in lines)


async def test_order_by_mouse() -> None:
    widget = OrderAnswer(["b", "a"])
    app = Host(widget)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.click(list(widget.query(OrderItem))[1])
        await pilot.press("enter")
        await pilot.pause()
    assert app.answers == [(1, 0)]


async def test_match_pairs_repair_and_unpair() -> None:
    widget = MatchAnswer(["x", "y", "z"], ["X", "Y", "Z"])
    app = Host(widget)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("a", "c")  # x=A, then y (cursor moved on) = C
        await pilot.press("1", "c")  # C taken from y, given to x
        assert widget.pairs == {0: 2}
        await pilot.press("enter")  # not complete: nothing sent
        await pilot.press("2", "b", "3", "a", "1", "backspace", "1", "c", "enter")
        await pilot.pause()
        widget.show_result([2, 1, 0])
        await pilot.pause()
        lines = [str(w.render()) for w in widget.query(MatchLeft)]
    assert app.answers == [(2, 1, 0)]
    assert all("✔" in line for line in lines)


async def test_match_by_mouse() -> None:
    widget = MatchAnswer(["x", "y"], ["Y", "X"])
    app = Host(widget)
    async with app.run_test(size=(60, 20)) as pilot:
        lefts, rights = list(widget.query(MatchLeft)), list(widget.query(MatchRight))
        await pilot.click(lefts[1])
        await pilot.click(rights[0])
        await pilot.click(lefts[0])
        await pilot.click(rights[1])
        await pilot.press("enter")
        await pilot.pause()
    assert app.answers == [(1, 0)]


async def test_typed_answer_and_escape_leaves_the_box() -> None:
    widget = TypedAnswer()
    app = Host(widget)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press(*"Yerevan", "enter")
        await pilot.pause()
        assert widget.input.disabled
    assert app.answers == ["Yerevan"]
    widget = TypedAnswer()
    app = Host(widget)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is None


async def test_rating_bar_shows_intervals_and_proposal() -> None:
    bar = RatingBar()
    app = Host(bar)
    async with app.run_test(size=(80, 10)) as pilot:
        bar.set_intervals({1: "<1m", 2: "<6m", 3: "<10m", 4: "8d"})
        bar.proposed = 3
        await pilot.pause()
        labels = [str(b.render()) for b in bar.query(RatingButton)]
        await pilot.click(list(bar.query(RatingButton))[3])
        await pilot.pause()
    assert labels[0] == "1 Again <1m" and labels[2] == "▶ 3 Good <10m"
    assert app.rated == [4]


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd",
    ]  # fmt: skip


# --- the card panel's store thread -------------------------------------------------------


class PanelHost(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.panel = CardPanel("test", title="Test", loading="Loading…")
        self.failed: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.panel

    def on_work_failed(self, message: WorkFailed) -> None:
        self.failed.append(message.text)


async def test_panel_jobs_run_in_order_and_store_errors_are_reported() -> None:
    app = PanelHost()
    order: list[str] = []

    def fail() -> None:
        order.append("second")
        raise StoreError("database is locked")

    async with app.run_test() as pilot:
        app.panel.submit(lambda: order.append("first"), failed="Not saved")
        app.panel.submit(fail, failed="Not saved")
        for _ in range(100):
            await pilot.pause()
            if app.failed:
                break
    assert order == ["first", "second"]
    assert app.failed == ["Not saved: database is locked"]


async def test_unmounting_the_panel_waits_for_nothing_and_closes_after_the_jobs() -> None:
    app = PanelHost()
    order: list[str] = []
    writing = threading.Event()
    async with app.run_test():
        panel = app.panel

        def answer() -> None:
            assert writing.wait(30)  # an answer still being written as the screen goes
            order.append("answer saved")

        panel.submit(lambda: panel.on_close(lambda: order.append("store closed")), failed="")
        panel.submit(answer, failed="")
        await panel.remove()
        assert order == []  # the event loop did not wait for the store
        writing.set()
    join_store_threads()
    assert order == ["answer saved", "store closed"]
