"""The live room's state machine and scoring, with a fake clock."""

from __future__ import annotations

import pytest
from live_helpers import fake_clock, make_room, right_response, wrong_response

from quizapp.core.classroom.nickname import nickname_key, normalise_nickname
from quizapp.core.classroom.room import (
    Refused,
    Room,
    RoomError,
    RoomSettings,
    check_response,
    tiled,
)
from quizapp.core.clock import FakeClock

ALL_KINDS = ("choice", "multi", "truefalse", "typed", "order", "match")


def expect_refused(code: str, fn: object, *args: object) -> Refused:
    assert callable(fn)
    with pytest.raises(Refused) as info:
        fn(*args)
    assert info.value.code == code, info.value.message
    return info.value


def clock_of(room: Room) -> FakeClock:
    assert isinstance(room.clock, FakeClock)
    return room.clock


# -- nicknames -----------------------------------------------------------------------------------


def test_nicknames_are_normalised_and_checked() -> None:
    assert normalise_nickname("  Ana   Maria ") == "Ana Maria"
    assert normalise_nickname("Ａｎａ") == "Ana"  # full-width letters fold (NFKC)
    assert normalise_nickname("[b]x[/b]") == "[b]x[/b]"  # markup is just text
    assert normalise_nickname("x" * 16) == "x" * 16
    assert nickname_key("ANA") == nickname_key("ana") == nickname_key("Ａｎａ")
    for bad in ("", "   ", "x" * 17, "a\x1b[2Jb", "evil\u202etxt", "two\nlines", "zero\u200bw", 42):
        with pytest.raises(ValueError):
            normalise_nickname(bad)


def test_join_refuses_duplicates_case_insensitively_and_bad_names() -> None:
    room = make_room()
    ana = room.join("Ana")
    assert (ana.id, ana.name, ana.team) == (1, "Ana", None)
    expect_refused("name_taken", room.join, "ANA")
    expect_refused("name_taken", room.join, " ana ")
    expect_refused("name_invalid", room.join, "\x1b]52;c;aGk=\x07")
    expect_refused("name_invalid", room.join, "")
    expect_refused("name_invalid", room.join, None)
    assert room.join("[@click=app.bel]").name == "[@click=app.bel]"  # just text


def test_the_room_has_a_cap() -> None:
    room = make_room(max_players=2)
    room.join("a")
    room.join("b")
    expect_refused("room_full", room.join, "c")


def test_teams_chosen_by_the_student_or_by_the_room() -> None:
    room = make_room(teams=("Red", "Blue"))
    assert room.join("a", "blue").team == 1
    expect_refused("team_invalid", room.join, "b")
    expect_refused("team_invalid", room.join, "b", "Green")
    auto = make_room(teams=("Red", "Blue"), auto_teams=True)
    teams = [auto.join(n).team for n in "abcd"]
    assert teams == [0, 1, 0, 1]
    auto.set_team(1, 0)
    assert auto.players[1].team == 0


def test_settings_problems() -> None:
    assert RoomSettings().problems() == []
    assert RoomSettings(teams=("Red",)).problems() == ["teams: give 2 to 9 teams, not 1"]
    assert RoomSettings(teams=("Red", "red")).problems() == ["teams: two teams have the same name"]
    assert RoomSettings(scoring="speed", timer=0).problems() == [
        "timer: speed scoring needs a timer (e.g. --timer 20)"
    ]
    assert RoomSettings(teams=("A\x1b", "B")).problems() == [
        "teams: a team name cannot contain control or invisible characters"
    ]


# -- the flow ------------------------------------------------------------------------------------


def test_a_whole_room_lobby_question_locked_reveal_board_end() -> None:
    room = make_room(count=2, types=("choice",))
    clock = clock_of(room)
    with pytest.raises(RoomError):
        room.start()  # nobody yet
    a, b = room.join("Ana"), room.join("Ben")
    room.advance()
    assert room.phase == "question" and room.number == 1
    clock.advance(3)
    room.answer(a.id, 1, right_response(room.question))
    assert room.phase == "question" and room.answered_count() == 1
    clock.advance(2)
    room.answer(b.id, 1, wrong_response(room.question))
    assert room.phase == "locked"  # everyone answered
    assert room.state.closed_at == 5.0
    room.advance()
    assert room.phase == "reveal"
    room.advance()
    assert room.phase == "board" and not room.is_last
    room.advance()
    assert room.phase == "question" and room.number == 2
    clock.advance(25)
    assert room.poll() and room.phase == "locked"
    room.advance()
    room.advance()
    assert room.phase == "board" and room.is_last
    room.advance()
    assert room.phase == "end" and room.finished_at is not None
    rows = [(r.number, r.player, r.right, r.seconds, r.points) for r in room.results()]
    assert rows == [
        (1, "Ana", True, 3.0, 1),
        (1, "Ben", False, 5.0, 0),
        (2, "Ana", False, None, 0),
        (2, "Ben", False, None, 0),
    ]
    assert [(s.rank, s.name, s.total) for s in room.standings()] == [(1, "Ana", 1), (2, "Ben", 0)]


def test_the_deadline_one_answer_each_and_the_question_number() -> None:
    room = make_room(count=2, types=("choice",))
    clock = clock_of(room)
    a, b, c = room.join("a"), room.join("b"), room.join("c")
    room.start()
    q = room.question
    expect_refused("not_open", room.answer, a.id, 2, right_response(q))
    expect_refused("bad_message", room.answer, a.id, "1", right_response(q))
    expect_refused("bad_answer", room.answer, a.id, 1, 9)
    expect_refused("bad_answer", room.answer, a.id, 1, True)
    room.answer(a.id, 1, right_response(q))
    expect_refused("already_answered", room.answer, a.id, 1, wrong_response(q))
    assert room.answer_of(a.id) is not None and room.answer_of(a.id).correct  # type: ignore[union-attr]
    clock.advance(19.999)
    room.answer(b.id, 1, right_response(q))
    clock.advance(0.001)
    expect_refused("too_late", room.answer, c.id, 1, right_response(q))
    assert room.phase == "locked"
    expect_refused("too_late", room.answer, c.id, 1, right_response(q))


def test_pause_refuses_answers_and_the_paused_time_does_not_count() -> None:
    room = make_room(count=1, types=("choice",), scoring="speed", timer=30)
    clock = clock_of(room)
    a, b = room.join("a"), room.join("b")
    room.start()
    clock.advance(1)
    room.pause()
    clock.advance(100)
    expect_refused("paused", room.answer, a.id, 1, right_response(room.question))
    assert room.remaining() == 29.0
    room.resume_question()
    clock.advance(1)
    answer = room.answer(a.id, 1, right_response(room.question))
    assert answer.seconds == 2.0
    room.answer(b.id, 1, wrong_response(room.question))
    room.reveal()
    by_name = {r.player: r.points for r in room.results()}
    assert by_name == {"a": 967, "b": 0}  # Kahoot: 2 s of 30 s scores 967


def test_speed_points_follow_kahoot_with_the_streak_bonus() -> None:
    room = make_room(count=3, types=("choice", "truefalse"), scoring="speed", timer=30)
    clock = clock_of(room)
    a = room.join("a")
    room.join("b")  # never answers
    room.start()
    for seconds in (2, 15, 29.9):
        clock.advance(seconds)
        room.answer(a.id, room.number, right_response(room.question))
        room.reveal()
        room.advance()  # board
        room.advance()  # next question (the end after the last)
    assert room.phase == "end"
    pts = [r.points for r in room.results() if r.player == "a"]
    # 2 s: 967; 15 s: 750 + 100 (second in a row); 29.9 s: 502 + 200
    assert pts == [967, 850, 702]
    standings = room.standings()
    assert standings[0].name == "a" and standings[0].streak == 3
    assert standings[1].total == 0


def test_confidence_scoring() -> None:
    room = make_room(count=2, types=("choice",), scoring="confidence")
    a, b = room.join("a"), room.join("b")
    room.start()
    room.answer(a.id, 1, right_response(room.question), 3)
    room.answer(b.id, 1, wrong_response(room.question), 3)
    room.reveal()
    room.advance()
    room.advance()
    expect_refused("bad_answer", room.answer, a.id, 2, right_response(room.question), 4)
    room.answer(a.id, 2, wrong_response(room.question), 2)
    room.answer(b.id, 2, right_response(room.question))  # no level: counts as 1
    room.reveal()
    pts = [(r.number, r.player, r.confidence, r.points) for r in room.results()]
    assert pts == [(1, "a", 3, 3), (1, "b", 3, -6), (2, "a", 2, -2), (2, "b", 1, 1)]


def test_team_score_is_the_average_of_its_members() -> None:
    room = make_room(count=1, types=("choice",), scoring="speed", timer=20, teams=("Red", "Blue"))
    clock = clock_of(room)
    r1, r2, b1 = room.join("r1", "Red"), room.join("r2", "Red"), room.join("b1", "Blue")
    room.start()
    q = room.question
    room.answer(r1.id, 1, right_response(q))  # 0 s: 1000
    clock.advance(10)
    room.answer(r2.id, 1, right_response(q))  # 10 s: 750
    room.answer(b1.id, 1, wrong_response(q))  # 0
    room.reveal()
    teams = [(t.rank, t.team, t.score, t.members) for t in room.team_standings()]
    assert teams == [(1, "Red", 875, 2), (2, "Blue", 0, 1)]


def test_a_late_joiner_plays_from_the_next_question_unless_the_door_is_closed() -> None:
    room = make_room(count=2, types=("choice",))
    a = room.join("a")
    room.start()
    late = room.join("late")
    expect_refused("not_eligible", room.answer, late.id, 1, right_response(room.question))
    assert room.eligible_count() == 1
    room.answer(a.id, 1, right_response(room.question))
    assert room.phase == "locked"  # the late joiner is not waited for
    room.reveal()
    room.advance()
    room.set_late_join(False)
    expect_refused("late_join_off", room.join, "later")
    room.advance()
    room.answer(late.id, 2, right_response(room.question))
    assert [(r.number, r.player) for r in room.results()] == [(1, "a")]
    room.reveal()
    assert [(r.number, r.player) for r in room.results()] == [(1, "a"), (2, "a"), (2, "late")]


def test_resume_and_remove() -> None:
    room = make_room(count=1, types=("choice",))
    a, b = room.join("a"), room.join("b")
    room.set_connected(a.id, False)
    assert room.resume(a.token) is a and a.connected
    expect_refused("bad_resume", room.resume, "not-a-token")
    room.start()
    room.remove_player(b.id)
    expect_refused("bad_resume", room.resume, b.token)
    expect_refused("not_joined", room.answer, b.id, 1, right_response(room.question))
    room.join("b")  # the name is free again
    room.answer(a.id, 1, right_response(room.question))
    assert room.phase == "locked"
    room.reveal()
    assert [s.name for s in room.standings()] == ["a", "b"]
    assert [r.player for r in room.results()] == ["a"]


def test_typed_answers_are_graded_and_the_teacher_can_override() -> None:
    room = make_room(count=1, types=("typed",))
    a, b, c = room.join("a"), room.join("b"), room.join("c")
    room.start()
    room.answer(a.id, 1, "lima")
    room.answer(b.id, 1, "Cuzco ")
    expect_refused("bad_answer", room.answer, c.id, 1, "x" * 201)
    expect_refused("bad_answer", room.answer, c.id, 1, "li\x1bma")
    room.answer(c.id, 1, "cuzco")
    assert room.phase == "locked"
    groups = [(g.key, g.text, g.count, g.correct, g.overridden) for g in room.typed_groups()]
    assert groups == [("cuzco", "Cuzco", 2, False, False), ("lima", "lima", 1, True, False)]
    assert room.toggle_override("cuzco")
    room.reveal()
    rows = [(r.player, r.answer, r.right, r.overridden) for r in room.results()]
    assert rows == [
        ("a", "lima", True, False),
        ("b", "Cuzco", True, True),
        ("c", "cuzco", True, True),
    ]
    assert not room.toggle_override("cuzco")
    assert [r.right for r in room.results()] == [True, False, False]


def test_overrides_only_for_typed_questions() -> None:
    room = make_room(count=1, types=("choice",))
    a = room.join("a")
    room.start()
    room.answer(a.id, 1, wrong_response(room.question))
    with pytest.raises(RoomError):
        room.set_override("anything", True)


def test_skip_back_and_end() -> None:
    room = make_room(count=3, types=("choice", "truefalse"))
    a = room.join("a")
    room.start()
    room.answer(a.id, 1, right_response(room.question))
    room.reveal()
    room.advance()  # board
    room.back()
    assert room.phase == "reveal" and room.number == 1
    room.advance()
    room.advance()
    assert room.phase == "question" and room.number == 2
    room.skip()
    assert room.phase == "question" and room.number == 3 and room.states[1].status == "skipped"
    room.back()  # question 3 dropped; question 2 was skipped, so it is asked now
    assert room.phase == "question" and room.number == 2
    assert room.states[2].status == "pending"
    room.back()
    assert room.phase == "reveal" and room.number == 1
    room.end()
    assert room.phase == "end" and room.asked() == 1


def test_back_from_the_first_question_returns_to_the_lobby() -> None:
    room = make_room(count=2, types=("choice",))
    room.join("a")
    room.start()
    room.back()
    assert room.phase == "lobby"
    with pytest.raises(RoomError):
        room.back()


def test_end_drops_an_open_question() -> None:
    room = make_room(count=2, types=("choice",))
    a = room.join("a")
    room.start()
    room.answer(a.id, 1, right_response(room.question))
    room.end()
    assert room.asked() == 0 and room.results() == []


def test_a_saved_room_resumes_with_its_players_and_an_open_question_paused() -> None:
    room = make_room(count=2, types=("typed", "choice"), teams=("Red", "Blue"), scoring="speed")
    clock = clock_of(room)
    a, b = room.join("a", "Red"), room.join("b", "Blue")
    room.start()
    clock.advance(4)
    room.answer(a.id, 1, right_response(room.question))
    clock.advance(3)
    data = room.to_dict()
    back = Room.from_dict(data, fake_clock(), room_id=5)
    assert back.phase == "question" and back.paused and back.elapsed() == 7.0
    assert back.resume(b.token).name == "b"
    expect_refused("name_taken", back.join, "A")
    expect_refused("paused", back.answer, b.id, 1, right_response(back.question))
    back.resume_question()
    back.answer(b.id, 1, wrong_response(back.question))
    assert back.phase == "locked"
    assert back.questions[0].wrong == room.questions[0].wrong
    assert back.to_dict()["players"] == data["players"]


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_checks_its_shape_and_grades_right_and_wrong(kind: str) -> None:
    room = make_room(count=None, types=(kind,))
    q = room.question
    assert q.kind == kind
    a, b = room.join("a"), room.join("b")
    room.start()
    room.answer(a.id, 1, right_response(q))
    room.answer(b.id, 1, wrong_response(q))
    room.reveal()
    assert [r.right for r in room.results()] == [True, False]
    for bad in ({"x": 1}, 1.5, [True], None):
        with pytest.raises(Refused):
            check_response(q, bad)


def test_order_and_match_shapes() -> None:
    room = make_room(count=None, types=("order", "match", "multi"))
    by_kind = {q.kind: q for q in room.questions}
    order, match, multi = by_kind["order"], by_kind["match"], by_kind["multi"]
    with pytest.raises(Refused):
        check_response(order, [0, 0, 1, 2])  # not a permutation
    with pytest.raises(Refused):
        check_response(match, [0, 1])  # one left unmatched
    with pytest.raises(Refused):
        check_response(multi, [])
    assert check_response(multi, [2, 0]) == [0, 2]


def test_room_settings_from_a_drill_setup() -> None:
    """The drill setup's "Host as a live room": the form's settings carry over; one team is
    everyone for themselves."""
    from quizapp.core.classroom.drill import DrillSettings

    drill = DrillSettings(
        teams=("Red", " Blue "), timer=15, count=5, seed=7, scoring="speed", types=("choice",)
    )
    room = RoomSettings.from_drill(drill)
    assert (room.teams, room.timer, room.count, room.seed, room.scoring, room.types) == (
        ("Red", "Blue"),
        15,
        5,
        7,
        "speed",
        ("choice",),
    )
    assert room.problems() == []
    assert RoomSettings.from_drill(DrillSettings(teams=("Solo",))).teams == ()


def test_the_reveal_counts_right_answers_and_which_questions_are_tiles() -> None:
    room = make_room(count=2, types=("choice", "typed"))
    a, b, c = room.join("a"), room.join("b"), room.join("c")
    room.start()
    for _ in range(room.total):
        q = room.question
        assert tiled(q) == (q.kind == "choice")
        room.answer(a.id, room.number, right_response(q))
        room.answer(b.id, room.number, wrong_response(q))
        room.answer(c.id, room.number, right_response(q))
        assert room.phase == "locked"  # everyone answered
        room.reveal()
        assert room.right_count() == 2
        room.advance()
        room.advance()
