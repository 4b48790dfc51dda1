"""Snapshots of the drill screens at 80x24 and at projector size 160x45."""

from __future__ import annotations

from typing import Any

import pytest
from drill_helpers import LONG_OPTIONS, DrillRun, drill_app, make_run, right, run_on_deck, wrong

SIZES = [(80, 24), (160, 45)]
TEAMS = ("Red", "Blue", "Green")


def staged(stop: str) -> DrillRun:
    """A speed drill played through the core up to `stop`: open, revealed, board or finished."""
    run = make_run(teams=TEAMS, count=3, scoring="speed", timer=20)
    d, clock = run.drill, run.ctx.clock
    for _ in range(2):  # question 2 has an explanation
        d.start()
        clock.advance(4)
        d.set_choice(0, right(d))
        clock.advance(3)
        d.set_choice(2, wrong(d))
        if stop == "open" and d.index == 1:
            return run
        clock.advance(2)
        d.set_choice(1, right(d))
        d.reveal()
        if stop == "revealed" and d.index == 1:
            return run
        d.advance()
        if stop == "board" and d.index == 1:
            return run
        d.advance()
    d.end()
    return run


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stop", ["open", "revealed", "board", "finished"])
def test_drill_screens(snap_compare: Any, stop: str, size: tuple[int, int]) -> None:
    run = staged(stop)
    assert run.drill.phase == stop
    assert snap_compare(drill_app(run), terminal_size=size)


def test_drill_question_ready(snap_compare: Any) -> None:
    assert snap_compare(drill_app(make_run(teams=TEAMS)), terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES)
def test_drill_long_options_grow_their_tiles(snap_compare: Any, size: tuple[int, int]) -> None:
    """Four long options: every tile as tall as its text, none cut (80x24 scrolls)."""
    run = run_on_deck(LONG_OPTIONS, count=1, types=("choice",), teams=TEAMS)
    run.drill.start()
    assert snap_compare(drill_app(run), terminal_size=size)


def test_drill_typed_question_peeked(snap_compare: Any) -> None:
    """K on a typed question: the expected answer, with the note that the class sees it too."""
    run = make_run(teams=TEAMS, types=("typed",), count=1)
    run.drill.start()
    assert snap_compare(drill_app(run), terminal_size=(80, 24), press=["k"])


def test_drill_paused_refuses_answers(snap_compare: Any) -> None:
    run = make_run(teams=TEAMS)
    run.drill.start()
    run.drill.pause()
    assert snap_compare(drill_app(run), terminal_size=(80, 24))
