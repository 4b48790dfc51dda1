"""Whole drills driven by keys in the app, two teams, under each scoring preset (fake clock)."""

from __future__ import annotations

import csv
import io
import threading

from drill_helpers import (
    DrillRun,
    drill_app,
    drill_screen,
    make_run,
    press,
    right,
    settle,
    showing,
    tick,
    wrong,
)
from tui_helpers import record_notifications

from quizapp.core import paths
from quizapp.core.classroom.drill_store import DrillSnapshot, DrillStore
from quizapp.core.classroom.export import to_csv
from quizapp.tui.widgets.countdown import Countdown
from quizapp.tui.widgets.drill_body import Entry

SIZE = (80, 24)


def letters(run: DrillRun) -> tuple[str, str]:
    return right(run.drill).lower(), wrong(run.drill).lower()


async def test_accuracy_drill_with_early_reveals_board_podium_and_csv() -> None:
    run = make_run(count=3)
    clock = run.ctx.clock
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert showing(pilot) == "question"
        for _ in range(3):
            await press(pilot, "space")  # show the question
            ok, ko = letters(run)
            clock.advance(3)
            await press(pilot, ok)  # team 1 (Red) is selected first, then the cursor moves
            clock.advance(1)
            await press(pilot, ko)  # team 2 (Blue)
            await press(pilot, "space")  # reveal early
            assert showing(pilot) == "answer"
            await press(pilot, "space")
            assert showing(pilot) == "board"
            await press(pilot, "space")
        assert showing(pilot) == "podium"
    assert [(s.team, s.total) for s in run.drill.standings()] == [("Red", 3), ("Blue", 0)]
    with DrillStore.open() as store:
        saved = store.load(run.drill.id or 0, clock)
    rows = list(csv.DictReader(io.StringIO(to_csv(saved))))
    assert [(r["question"], r["team"], r["right"], r["seconds"], r["points"]) for r in rows] == [
        ("1", "Red", "yes", "3.0", "1"),
        ("1", "Blue", "no", "4.0", "0"),
        ("2", "Red", "yes", "3.0", "1"),
        ("2", "Blue", "no", "4.0", "0"),
        ("3", "Red", "yes", "3.0", "1"),
        ("3", "Blue", "no", "4.0", "0"),
        ("", "Red", "3", "", "3"),
        ("", "Blue", "0", "", "0"),
    ]


async def test_speed_drill_timer_expiry_and_team_keys() -> None:
    run = make_run(count=2, scoring="speed", timer=10)
    clock = run.ctx.clock
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space")
        ok, _ = letters(run)
        await press(pilot, "2")  # pick Blue first
        clock.advance(4)
        await press(pilot, ok)  # Blue right after 4 s: 800
        clock.advance(1)
        await press(pilot, ok)  # the cursor went to Red: right after 5 s: 750
        clock.advance(5)  # the timer runs out: the answer shows by itself on the next tick
        await tick(pilot)
        assert showing(pilot) == "answer"
        assert run.drill.state.closed_at == 10
        await press(pilot, "space", "space", "space")
        ok, _ = letters(run)
        clock.advance(2)
        await press(pilot, ok)  # Red right after 2 s: 900 + 100 streak
        clock.advance(30)
        await tick(pilot)
        assert showing(pilot) == "answer"
        await press(pilot, "2", ok)  # Blue answers late: time = 10 s
        await press(pilot, "space", "space")
        assert showing(pilot) == "podium"
    points = [(r.number, r.team, r.seconds, r.points) for r in run.drill.results()]
    assert points == [
        (1, "Red", 5.0, 750),
        (1, "Blue", 4.0, 800),
        (2, "Red", 2.0, 1000),
        (2, "Blue", 10.0, 600),
    ]


async def test_confidence_drill_asks_how_sure() -> None:
    run = make_run(count=2, scoring="confidence", timer=0)
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for red_sure, blue_sure in (("3", "3"), ("2", "1")):
            await press(pilot, "space")
            ok, ko = letters(run)
            await press(pilot, ok, red_sure, ko, blue_sure)
            await press(pilot, "space", "space", "space")
        assert showing(pilot) == "podium"
    # Red: right 3 + right 2 = 5; Blue: wrong 3 (-6) + wrong 1 (0) = -6
    assert [(s.team, s.total) for s in run.drill.standings()] == [("Red", 5), ("Blue", -6)]


async def test_pause_resume_and_the_countdown() -> None:
    run = make_run(timer=20)
    clock = run.ctx.clock
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space")
        clock.advance(5)
        await tick(pilot)
        countdown = app.screen.query_one(Countdown)
        assert countdown.query_one("#countdown-digits").value == "15"
        await press(pilot, "p")
        clock.advance(60)
        await tick(pilot)
        assert showing(pilot) == "question"  # the timer did not run out
        assert countdown.has_class("-paused")
        assert run.drill.remaining() == 15
        await press(pilot, "p")
        clock.advance(14.5)
        await tick(pilot)
        assert countdown.query_one("#countdown-digits").value == "1"
        clock.advance(0.5)
        await tick(pilot)
        assert showing(pilot) == "answer"


async def test_skip_back_and_end_early() -> None:
    run = make_run(count=3)
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space", "s")  # skip question 1 while it is open
        assert (run.drill.index, run.drill.phase) == (1, "ready")
        await press(pilot, "left")  # back: question 1 can be asked after all
        assert (run.drill.index, run.drill.phase) == (0, "ready")
        await press(pilot, "space", right(run.drill).lower(), "space", "space")
        assert showing(pilot) == "board"
        await press(pilot, "left")  # back from the board: the answer again
        assert showing(pilot) == "answer"
        await press(pilot, "e")
        assert showing(pilot) == "answer"  # one E only asks
        await press(pilot, "e")
        assert showing(pilot) == "podium"
    assert run.drill.asked() == 1
    assert [(s.team, s.total) for s in run.drill.standings()] == [("Red", 1), ("Blue", 0)]


async def test_an_interrupted_drill_resumes_where_it_stopped() -> None:
    run = make_run(count=2, scoring="speed")
    clock = run.ctx.clock
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space", right(run.drill).lower(), "space", "space", "space")
        await press(pilot, "space")
        clock.advance(6)
        await press(pilot, "2", wrong(run.drill).lower())
        await pilot.press("ctrl+q")
    drill_id = run.drill.id or 0
    run.store.close()
    clock.advance(3600)
    store = DrillStore.open()
    again = DrillRun(run.ctx, store.load(drill_id, clock), store)
    assert (again.drill.index, again.drill.phase, again.drill.paused) == (1, "open", True)
    app = drill_app(again)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert showing(pilot) == "question"
        assert drill_screen(pilot).body().has_class("-paused")
        await press(pilot, "p")
        clock.advance(1)
        await press(pilot, "1", right(again.drill).lower(), "space")
        assert showing(pilot) == "answer"
    points = [(r.number, r.team, r.seconds, r.points) for r in again.drill.results()]
    assert points == [
        (1, "Red", 0.0, 1000),
        (1, "Blue", None, 0),
        (2, "Red", 7.0, 825 + 100),
        (2, "Blue", 6.0, 0),
    ]
    store.close()


async def test_spoken_answers_are_marked_right_or_wrong() -> None:
    run = make_run(count=1, types=("typed",))
    assert run.drill.question.kind == "typed"
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space", "a")  # no letters for a spoken answer: ignored
        assert run.drill.answered(0) is None
        await press(pilot, "y", "n", "space")
        assert showing(pilot) == "answer"
        await press(pilot, "2", "y")  # a correction after the reveal
    assert [(r.team, r.answer, r.points) for r in run.drill.results()] == [
        ("Red", "right", 1),
        ("Blue", "right", 1),
    ]


async def test_the_mouse_picks_a_team_and_an_option() -> None:
    run = make_run()
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space")
        await pilot.click("#team-2")
        await pilot.click(f"#choice-{right(run.drill).lower()}")
        await settle(pilot)
    assert run.drill.answered(0) is None
    answer = run.drill.answered(1)
    assert answer is not None and answer.right


async def test_an_open_question_saves_its_time_every_few_seconds() -> None:
    run = make_run()
    clock = run.ctx.clock
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space")
        clock.advance(12)
        await tick(pilot)
        # the app dies here: no key saved anything since the question started
    with DrillStore.open() as store:
        saved = store.load(run.drill.id or 0, clock)
    assert (saved.phase, saved.paused, saved.elapsed()) == ("open", True, 12)


async def test_a_double_press_does_not_skip_the_leaderboard() -> None:
    run = make_run()
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space", "space")
        assert showing(pilot) == "answer"
        screen = drill_screen(pilot)
        screen.action_next()
        screen.action_next()  # pressed again before the save lands and the board shows
        await settle(pilot)
        assert showing(pilot) == "board"
        assert (run.drill.index, run.drill.phase) == (0, "board")


async def test_escape_skips_the_confidence_question() -> None:
    run = make_run(count=1, scoring="confidence", timer=0)
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space", wrong(run.drill).lower())
        assert drill_screen(pilot).entry == Entry(team=0, asking=0)
        await press(pilot, "escape")  # no level: counts as 1, so a wrong answer costs nothing
        assert drill_screen(pilot).entry == Entry(team=1, asking=None)
        await press(pilot, right(run.drill).lower(), "2", "space")
    assert [(r.team, r.confidence, r.points) for r in run.drill.results()] == [
        ("Red", 0, 0),
        ("Blue", 2, 2),
    ]


async def test_hidden_board_and_saving_results_from_the_podium() -> None:
    run = make_run(count=2, hide_board=True)
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space", right(run.drill).lower(), "space", "space")
        assert showing(pilot) == "question"  # no leaderboard in between
        assert run.drill.index == 1
        await press(pilot, "space", "space", "space")
        assert showing(pilot) == "podium"
        await press(pilot, "x")
    saved = paths.data_dir() / "exports" / f"drill-{run.drill.id}.csv"
    rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    assert [(r["row"], r["team"], r["points"]) for r in rows[-2:]] == [
        ("total", "Red", "1"),
        ("total", "Blue", "0"),
    ]


async def test_a_phase_shows_only_once_its_save_landed() -> None:
    run = make_run()
    gate = threading.Event()
    gate.set()
    save = run.store.save

    def slow_save(snap: DrillSnapshot) -> bool:
        gate.wait(10)
        return save(snap)

    run.store.save = slow_save  # type: ignore[method-assign]
    app = drill_app(run)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "space")
        gate.clear()  # the database is slow now
        await pilot.press("space")  # reveal: done in the drill, saving...
        assert (run.drill.phase, showing(pilot)) == ("revealed", "question")
        await pilot.press("space")  # ...so this press is ignored: it cannot skip the answer
        assert (run.drill.phase, showing(pilot)) == ("revealed", "question")
        gate.set()
        await settle(pilot)
        assert (run.drill.phase, showing(pilot)) == ("revealed", "answer")


async def test_a_failed_save_is_reported_and_the_screen_waits() -> None:
    run = make_run()
    app = drill_app(run)
    messages = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        run.store.close()  # every save fails from now on
        await press(pilot, "space", "space")
        assert showing(pilot) == "question"  # the answer is not shown while unsaved
    assert any(m.startswith("The drill was not saved") for m in messages)
