"""The drill state machine: phases, timer on the monotonic clock, actions, scores, resume."""

from __future__ import annotations

import pytest
from drill_helpers import fake_clock, make_drill, right, wrong
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.classroom.drill import Drill, DrillError, DrillSettings, parse_teams
from quizapp.core.classroom.scoring import SCORING_PRESETS


def test_settings_problems() -> None:
    assert DrillSettings().problems() == []
    assert DrillSettings(teams=("Red", "red")).problems() == ["teams: two teams have the same name"]
    assert DrillSettings(scoring="speed", timer=0).problems() == [
        "timer: speed scoring needs a timer (e.g. --timer 20)"
    ]
    assert DrillSettings(teams=tuple("ABCDEFGHIJ")).problems()[0].startswith("teams: give 1 to 9")
    assert parse_teams(" Red, Blue ,Green") == ("Red", "Blue", "Green")


def test_timer_runs_on_monotonic_time_and_expires() -> None:
    clock = fake_clock()
    drill = make_drill(clock)
    assert drill.phase == "ready"
    drill.start()
    clock.advance(5)
    assert drill.remaining() == 15
    assert not drill.poll()
    clock.advance(15)
    assert drill.poll()
    assert drill.phase == "revealed"
    assert drill.state.closed_at == 20


def test_a_late_poll_does_not_stretch_the_clock() -> None:
    clock = fake_clock()
    drill = make_drill(clock)
    drill.start()
    clock.advance(31.5)  # nobody looked for a while (a slow repaint)
    drill.set_choice(0, right(drill))
    assert drill.answered(0).seconds == 20  # capped at the limit
    assert drill.poll()
    assert drill.state.closed_at == 20


def test_pause_stops_the_timer() -> None:
    clock = fake_clock()
    drill = make_drill(clock)
    drill.start()
    clock.advance(4)
    drill.pause()
    clock.advance(100)
    assert drill.elapsed() == 4
    assert not drill.poll()
    drill.resume()
    clock.advance(2)
    assert drill.elapsed() == 6
    drill.set_choice(1, wrong(drill))
    assert drill.answered(1).seconds == 6


def test_a_paused_question_refuses_every_answer_until_it_resumes() -> None:
    """The decision is the core's: while paused, no answer is entered, marked, changed or
    cleared (the screen only says so)."""
    drill = make_drill(types=("choice", "truefalse", "typed"))
    drill.start()
    drill.set_choice(0, right(drill))
    drill.pause()
    for attempt in (
        lambda: drill.set_choice(1, wrong(drill)),
        lambda: drill.set_choice(0, wrong(drill)),  # a correction
        lambda: drill.mark(1, True),
        lambda: drill.clear(0),
    ):
        with pytest.raises(DrillError, match="paused"):
            attempt()
    assert drill.answered(0) is not None and drill.answered(0).choice == right(drill)
    assert drill.answered(1) is None
    drill.resume()
    drill.set_choice(1, wrong(drill))
    assert drill.answered(1) is not None


def test_is_last_on_the_last_question_only() -> None:
    drill = make_drill(count=2)
    assert not drill.is_last
    drill.start()
    drill.reveal()
    drill.advance()  # the board
    assert not drill.is_last
    drill.advance()
    assert drill.number == 2 and drill.is_last


def test_early_reveal_and_answer_times() -> None:
    clock = fake_clock()
    drill = make_drill(clock)
    drill.start()
    clock.advance(3)
    drill.set_choice(0, right(drill))
    clock.advance(2)
    drill.reveal()
    clock.advance(30)
    drill.set_choice(1, wrong(drill))  # entered after the reveal: the closing time
    assert drill.answered(0).seconds == 3
    assert drill.answered(1).seconds == 5
    drill.set_choice(0, wrong(drill))  # a correction keeps the first time
    assert drill.answered(0).seconds == 3
    assert not drill.answered(0).right


def test_phases_board_next_and_finish() -> None:
    drill = make_drill(count=2)
    drill.start()
    drill.reveal()
    drill.advance()
    assert drill.phase == "board"
    drill.advance()
    assert (drill.index, drill.phase) == (1, "ready")
    drill.start()
    drill.reveal()
    drill.advance()
    drill.advance()
    assert drill.phase == "finished"
    assert drill.finished_at is not None


def test_hidden_board_goes_straight_to_the_next_question() -> None:
    drill = make_drill(count=2, hide_board=True)
    drill.start()
    drill.reveal()
    drill.advance()
    assert (drill.index, drill.phase) == (1, "ready")


def test_skip_back_and_reask() -> None:
    drill = make_drill()
    drill.start()
    drill.skip()
    assert (drill.index, drill.phase) == (1, "ready")
    assert drill.states[0].status == "skipped"
    drill.back()
    assert (drill.index, drill.phase) == (0, "ready")  # a skipped question can be asked now
    drill.start()
    drill.set_choice(0, right(drill))
    drill.reveal()
    drill.advance()
    drill.advance()
    drill.back()
    assert (drill.index, drill.phase) == (0, "revealed")  # re-shown with its answers
    assert drill.answered(0) is not None
    with pytest.raises(DrillError):
        drill.back()
    with pytest.raises(DrillError):
        drill.skip()


def test_end_early_drops_the_open_question() -> None:
    drill = make_drill()
    drill.start()
    drill.set_choice(0, right(drill))
    drill.reveal()
    drill.advance()
    drill.advance()
    drill.start()
    drill.set_choice(0, right(drill))
    drill.end()
    assert drill.phase == "finished"
    assert drill.asked() == 1
    assert [s.total for s in drill.standings()] == [1, 0]


def test_answers_need_an_open_or_revealed_question() -> None:
    drill = make_drill()
    with pytest.raises(DrillError):
        drill.set_choice(0, "A")
    drill.start()
    with pytest.raises(DrillError):
        drill.set_choice(2, "A")
    with pytest.raises(DrillError):
        drill.set_choice(0, "D")  # the first question is true/false: A or B
    with pytest.raises(DrillError):
        drill.set_confidence(0, 2)  # no answer yet


def play(drill: Drill, clock, plan: list[tuple[tuple[str, float, int], ...]]) -> None:
    """Play questions: per question, per team (right|wrong|none, seconds, confidence)."""
    for per_team in plan:
        drill.start()
        start = clock.monotonic()
        for team, (what, at, conf) in sorted(enumerate(per_team), key=lambda x: x[1][1]):
            clock.advance(start + at - clock.monotonic())
            if what != "none":
                drill.set_choice(team, right(drill) if what == "right" else wrong(drill))
                if conf:
                    drill.set_confidence(team, conf)
        drill.reveal()
        drill.advance()
        if drill.phase == "board":
            drill.advance()


def test_accuracy_scores() -> None:
    clock = fake_clock()
    drill = make_drill(clock)
    play(
        drill,
        clock,
        [
            (("right", 2, 0), ("wrong", 3, 0)),
            (("right", 2, 0), ("right", 3, 0)),
            (("none", 0, 0), ("right", 3, 0)),
            (("wrong", 1, 0), ("right", 3, 0)),
        ],
    )
    assert drill.phase == "finished"
    assert [(s.team, s.total, s.rank) for s in drill.standings()] == [("Blue", 3, 1), ("Red", 2, 2)]


def test_speed_scores_with_streaks() -> None:
    clock = fake_clock()
    drill = make_drill(clock, scoring="speed", timer=20)
    play(
        drill,
        clock,
        [
            (("right", 0, 0), ("right", 10, 0)),  # Red 1000 (first: no bonus); Blue 750
            (("right", 5, 0), ("wrong", 1, 0)),  # Red 875 + 100; Blue 0, streak broken
            (("right", 20, 0), ("right", 4, 0)),  # Red 500 + 200; Blue 900
            (("none", 0, 0), ("right", 8, 0)),  # Red 0, streak broken; Blue 800 + 100
        ],
    )
    points = [(r.number, r.team, r.points) for r in drill.results()]
    assert points == [
        (1, "Red", 1000),
        (1, "Blue", 750),
        (2, "Red", 975),
        (2, "Blue", 0),
        (3, "Red", 700),
        (3, "Blue", 900),
        (4, "Red", 0),
        (4, "Blue", 900),
    ]
    assert [(s.team, s.total) for s in drill.standings()] == [("Red", 2675), ("Blue", 2550)]


def test_speed_streak_caps_at_500() -> None:
    clock = fake_clock()
    drill = make_drill(clock, scoring="speed", timer=10, count=6)
    assert drill.total == 6 - 1  # the typed card is not a drill question by default
    play(drill, clock, [(("right", 10, 0), ("none", 0, 0))] * drill.total)
    assert [r.points for r in drill.results() if r.team == "Red"] == [500, 600, 700, 800, 900]


def test_confidence_scores() -> None:
    clock = fake_clock()
    drill = make_drill(clock, scoring="confidence", timer=0)
    play(
        drill,
        clock,
        [
            (("right", 1, 3), ("wrong", 1, 3)),  # +3 / -6
            (("right", 1, 2), ("wrong", 1, 2)),  # +2 / -2
            (("right", 1, 1), ("wrong", 1, 1)),  # +1 / 0
            (("wrong", 1, 0), ("none", 0, 0)),  # no level given counts as 1: 0 / 0
        ],
    )
    assert [(s.team, s.total) for s in drill.standings()] == [("Red", 6), ("Blue", -8)]


def test_a_correction_after_going_back_rescores_everything() -> None:
    clock = fake_clock()
    drill = make_drill(clock, scoring="speed")
    play(drill, clock, [(("right", 0, 0), ("none", 0, 0))] * 2)
    assert [r.points for r in drill.results() if r.team == "Red"] == [1000, 1100]
    drill.back()
    drill.back()
    assert drill.index == 0
    drill.set_choice(0, wrong(drill))
    assert [r.points for r in drill.results() if r.team == "Red"] == [0, 1000]


def test_ties_share_a_rank() -> None:
    drill = make_drill(teams=("Red", "Blue", "Green"))
    drill.start()
    drill.set_choice(0, right(drill))
    drill.set_choice(2, right(drill))
    drill.reveal()
    assert [(s.team, s.rank) for s in drill.standings()] == [
        ("Red", 1),
        ("Green", 1),
        ("Blue", 3),
    ]


def test_round_trip_resumes_an_open_question_paused() -> None:
    clock = fake_clock()
    drill = make_drill(clock, scoring="speed")
    play(drill, clock, [(("right", 2, 0), ("wrong", 3, 0))])
    drill.start()
    clock.advance(7)
    drill.set_choice(1, right(drill))
    saved = drill.to_dict()
    clock.advance(500)  # the crash and the restart
    again = Drill.from_dict(saved, clock, drill_id=3)
    assert (again.index, again.phase, again.paused) == (1, "open", True)
    assert again.elapsed() == 7
    assert again.results() == drill.results()
    assert again.questions[1].prompt == drill.questions[1].prompt
    assert again.questions[1].correct == drill.questions[1].correct
    again.resume()
    clock.advance(1)
    again.set_choice(0, right(again))
    assert again.answered(0).seconds == 8


answers = st.lists(
    st.tuples(
        st.sampled_from(["right", "wrong", "none"]),
        st.floats(min_value=0, max_value=40, allow_nan=False),
        st.sampled_from([0, 1, 2, 3]),
    ),
    min_size=4,
    max_size=4,
)


@settings(max_examples=40, deadline=None)
@given(scoring=st.sampled_from(SCORING_PRESETS), plan=answers)
def test_totals_stay_within_bounds_and_survive_a_round_trip(
    scoring: str, plan: list[tuple[str, float, int]]
) -> None:
    clock = fake_clock()
    drill = make_drill(clock, scoring=scoring, teams=("Solo",))
    for what, seconds, sure in plan:
        drill.start()
        clock.advance(seconds)
        if what != "none":
            drill.set_choice(0, right(drill) if what == "right" else wrong(drill))
            if sure:
                drill.set_confidence(0, sure)
        drill.poll() or drill.reveal()
        drill.advance()
        drill.advance()
    total = drill.standings()[0].total
    asked = drill.asked()
    low, high = {"accuracy": (0, 1), "speed": (0, 1500), "confidence": (-6, 3)}[scoring]
    assert asked * low <= total <= asked * high
    again = Drill.from_dict(drill.to_dict(), clock)
    assert again.results() == drill.results()


def test_a_restored_typed_question_is_graded_by_the_same_rules() -> None:
    """A drill keeps its questions as asked: a typed question restored from the store still
    knows its near-miss wrong answers and its answer's kind (surnames for people)."""
    from quizapp.core.classroom.drill import question_from_dict
    from quizapp.core.decks.model import Card, Item
    from quizapp.core.practice.grading import grade
    from quizapp.core.practice.questions import Question

    card = Card(id="pm", type="typed", question="Who?", answer="Nikol Pashinyan", kind="person")
    item = Item("d", "pm", card)
    asked = Question(
        item=item,
        kind="typed",
        prompt="Who?",
        accepted=("Nikol Pashinyan",),
        answer_text="Nikol Pashinyan",
        wrong=("Nikol Pashinian",),
    )
    again = question_from_dict(asked.to_dict())
    assert again.wrong == asked.wrong and again.answer_kind == "person"
    assert grade(again, "Pashinyan").correct == grade(asked, "Pashinyan").correct is True
    assert not grade(again, "Nikol Pashinian").correct
