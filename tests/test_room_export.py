"""A live room's exports: CSV with formula cells neutralised, JSON, and per-student summaries."""

from __future__ import annotations

import csv
import io
import json

import pytest
from live_helpers import make_room, right_response, wrong_response

from quizapp.core.classroom.room import Room
from quizapp.core.classroom.room_export import (
    CSV_COLUMNS,
    neutralise_cell,
    to_csv,
    to_json,
    to_summaries,
)

HOSTILE = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tTab", "\rCR"]


def played() -> Room:
    room = make_room(count=1, types=("typed",), teams=("Red", "Blue"), scoring="speed")
    players = [room.join(n, ("Red", "Blue")[i % 2]) for i, n in enumerate(["Ana", "-Ben"])]
    room.start()
    room.clock.advance(3)  # type: ignore[attr-defined]
    room.answer(players[0].id, 1, right_response(room.question))
    room.answer(players[1].id, 1, '=HYPERLINK("http://x")')
    room.reveal()
    room.end()
    room.id = 7
    return room


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_cells_get_a_leading_quote(text: str) -> None:
    assert neutralise_cell(text) == "'" + text
    assert neutralise_cell("Ana") == "Ana" and neutralise_cell(3) == 3


def test_csv_has_one_row_per_student_per_question_then_totals_and_teams() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(played()))))
    assert tuple(rows[0]) == CSV_COLUMNS
    summary = [
        (r["row"], r["player"], r["team"], r["answer"], r["right"], r["points"]) for r in rows
    ]
    assert summary == [
        ("answer", "Ana", "Red", "Lima", "yes", "925"),
        ("answer", "'-Ben", "Blue", '\'=HYPERLINK("http://x")', "no", "0"),
        ("total", "Ana", "Red", "", "1", "925"),
        ("total", "'-Ben", "Blue", "", "0", "0"),
        ("team", "", "Red", "", "", "925"),
        ("team", "", "Blue", "", "", "0"),
    ]
    assert rows[0]["seconds"] == "3.0" and rows[0]["room"] == "7"


def test_json_keeps_the_text_and_lists_every_question() -> None:
    data = json.loads(to_json(played()))
    assert data["room"]["id"] == 7 and data["room"]["players"] == 2
    assert [q["status"] for q in data["questions"]] == ["done"]
    assert data["rows"][1]["answer"] == '=HYPERLINK("http://x")'
    assert data["teams"][0] == {**data["teams"][0], "team": "Red", "points": 925, "rank": 1}


def test_a_summary_per_student_to_hand_back() -> None:
    text = to_summaries(played())
    ana, ben = text.split("\f")
    assert ana.startswith("Ana · team Red\n")
    assert "Total: 925 points · 1 right of 1 · place 1 of 2" in ana
    assert "   Your answer: Lima" in ana and "right · 3.0 s · +925 points" in ana
    assert "-Ben · team Blue" in ben and "wrong" in ben


def test_an_override_shows_in_the_exports() -> None:
    room = make_room(count=1, types=("typed",))
    a = room.join("a")
    room.start()
    room.answer(a.id, 1, "Lema-ish")  # the only player: the question locks
    room.toggle_override("lema ish")
    room.reveal()
    row = next(csv.DictReader(io.StringIO(to_csv(room))))
    assert (row["right"], row["overridden"]) == ("yes", "yes")
    assert "counted by the teacher" in to_summaries(room)


def test_wrong_is_a_shape_of_the_question() -> None:
    room = make_room(count=1, types=("choice",))
    a = room.join("a")
    room.start()
    room.answer(a.id, 1, wrong_response(room.question))
    room.reveal()
    assert next(csv.DictReader(io.StringIO(to_csv(room))))["right"] == "no"
