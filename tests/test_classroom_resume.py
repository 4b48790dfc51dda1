"""Drills and rooms saved before the drill and the room shared their question clock, results
and store still resume: each state below is `to_dict()` as the code of commit c1b02c6 wrote it
(json.dumps, as the stores keep it), with an open question whose time ran across a pause."""

from __future__ import annotations

import json
from typing import Any

import pytest
from drill_helpers import fake_clock as drill_clock
from live_helpers import fake_clock as room_clock
from live_helpers import right_response

from quizapp.core.classroom.drill import Drill
from quizapp.core.classroom.room import Refused, Room

# A drill on drill-demo (speed scoring, 20 s): question 1 answered and revealed, question 2
# skipped, question 3 open for 7.25 s (4 s, a 100 s pause, 3.25 s), Blue answered at 7.25 s.
SAVED_DRILL = """{
 "deck_id": "drill-demo",
 "deck_title": "Drill demo",
 "settings": {
  "teams": [
   "Red",
   "Blue"
  ],
  "timer": 20,
  "count": 3,
  "seed": 7,
  "scoring": "speed",
  "hide_board": false,
  "types": [
   "choice",
   "truefalse"
  ]
 },
 "questions": [
  {
   "deck_id": "drill-demo",
   "item_id": "rhine",
   "kind": "truefalse",
   "prompt": "The Rhine flows into the North Sea.",
   "options": [
    "True",
    "False"
   ],
   "correct": [
    0
   ],
   "accepted": [],
   "lefts": [],
   "explain": "",
   "source": "",
   "hint": "",
   "answer_text": "True",
   "wrong": [],
   "answer_kind": ""
  },
  {
   "deck_id": "drill-demo",
   "item_id": "capital-france",
   "kind": "choice",
   "prompt": "What is the capital of France?",
   "options": [
    "Lyon",
    "Paris",
    "Nice",
    "Marseille"
   ],
   "correct": [
    1
   ],
   "accepted": [],
   "lefts": [],
   "explain": "Paris has been the capital for most of French history.",
   "source": "",
   "hint": "",
   "answer_text": "Paris",
   "wrong": [],
   "answer_kind": ""
  },
  {
   "deck_id": "drill-demo",
   "item_id": "capital-japan",
   "kind": "choice",
   "prompt": "What is the capital of Japan?",
   "options": [
    "Kyoto",
    "Osaka",
    "Tokyo"
   ],
   "correct": [
    2
   ],
   "accepted": [],
   "lefts": [],
   "explain": "",
   "source": "",
   "hint": "",
   "answer_text": "Tokyo",
   "wrong": [],
   "answer_kind": ""
  }
 ],
 "started_at": "2026-03-02T09:30:00+00:00",
 "finished_at": null,
 "index": 2,
 "phase": "open",
 "paused": false,
 "elapsed": 7.25,
 "revision": 11,
 "states": [
  {
   "status": "done",
   "closed_at": 4.5,
   "answers": {
    "0": {
     "choice": "A",
     "right": true,
     "seconds": 3.0,
     "confidence": 0
    },
    "1": {
     "choice": "B",
     "right": false,
     "seconds": 4.5,
     "confidence": 0
    }
   }
  },
  {
   "status": "skipped",
   "closed_at": null,
   "answers": {}
  },
  {
   "status": "pending",
   "closed_at": null,
   "answers": {
    "1": {
     "choice": "C",
     "right": true,
     "seconds": 7.25,
     "confidence": 0
    }
   }
  }
 ]
}"""

# A room on live-demo (speed, 20 s, teams Red and Blue): question 1 (typed) answered by Ana and
# Ben, Ben's "Zanzibar" counted right by the teacher; question 2 skipped; Dee joined after;
# question 3 open for 4.5 s (3 s, a 50 s pause, 1.5 s), Ben and Cy answered.
SAVED_ROOM = """{
 "deck_id": "live-demo",
 "deck_title": "Live demo",
 "settings": {
  "count": 3,
  "timer": 20,
  "scoring": "speed",
  "teams": [
   "Red",
   "Blue"
  ],
  "auto_teams": false,
  "types": [
   "choice",
   "typed"
  ],
  "seed": 1,
  "late_join": true,
  "projector_only": false,
  "max_players": 400
 },
 "questions": [
  {
   "deck_id": "live-demo",
   "item_id": "capital-peru",
   "kind": "typed",
   "prompt": "What is the capital of Peru?",
   "options": [],
   "correct": [],
   "accepted": [
    "Lima"
   ],
   "lefts": [],
   "explain": "",
   "source": "",
   "hint": "",
   "answer_text": "Lima",
   "wrong": [],
   "answer_kind": ""
  },
  {
   "deck_id": "live-demo",
   "item_id": "capital-france",
   "kind": "choice",
   "prompt": "What is the capital of France?",
   "options": [
    "Nice",
    "Marseille",
    "Lyon",
    "Paris"
   ],
   "correct": [
    3
   ],
   "accepted": [],
   "lefts": [],
   "explain": "Paris has been the capital for most of French history.",
   "source": "",
   "hint": "",
   "answer_text": "Paris",
   "wrong": [],
   "answer_kind": ""
  },
  {
   "deck_id": "live-demo",
   "item_id": "cairo-river",
   "kind": "choice",
   "prompt": "Which river flows through Cairo?",
   "options": [
    "Danube",
    "Nile",
    "Amazon",
    "Volga"
   ],
   "correct": [
    1
   ],
   "accepted": [],
   "lefts": [],
   "explain": "",
   "source": "",
   "hint": "",
   "answer_text": "Nile",
   "wrong": [],
   "answer_kind": ""
  }
 ],
 "code": "482913",
 "key": "h3k9m2qa",
 "port": null,
 "started_at": "2026-03-02T09:30:00+00:00",
 "finished_at": null,
 "phase": "question",
 "index": 2,
 "paused": false,
 "elapsed": 4.5,
 "revision": 17,
 "next_id": 5,
 "players": [
  {
   "id": 1,
   "name": "Ana",
   "team": 0,
   "token": "3MC4AS1O9i9WAVGe5LaBI8mY",
   "joined_at": "2026-03-02T09:30:00+00:00",
   "removed": false
  },
  {
   "id": 2,
   "name": "Ben",
   "team": 1,
   "token": "ldHOuaZTHd3L1Lwq0ID44sfZ",
   "joined_at": "2026-03-02T09:30:00+00:00",
   "removed": false
  },
  {
   "id": 3,
   "name": "Cy",
   "team": 0,
   "token": "RjH0uoeJ5zII8Xxe_QHRvGMl",
   "joined_at": "2026-03-02T09:30:00+00:00",
   "removed": false
  },
  {
   "id": 4,
   "name": "Dee",
   "team": 1,
   "token": "5GoBmNFDqh5DD2HDMh0w_n-i",
   "joined_at": "2026-03-02T09:30:03+00:00",
   "removed": false
  }
 ],
 "states": [
  {
   "status": "done",
   "answers": {
    "1": {
     "response": "Lima",
     "seconds": 2.0,
     "correct": true,
     "confidence": 0,
     "typed_key": "lima"
    },
    "2": {
     "response": "Zanzibar",
     "seconds": 3.0,
     "correct": false,
     "confidence": 0,
     "typed_key": "zanzibar"
    }
   },
   "eligible": [
    1,
    2,
    3
   ],
   "closed_at": 3.0,
   "overrides": [
    "zanzibar"
   ]
  },
  {
   "status": "skipped",
   "answers": {},
   "eligible": [],
   "closed_at": null,
   "overrides": []
  },
  {
   "status": "pending",
   "answers": {
    "2": {
     "response": 1,
     "seconds": 2.0,
     "correct": true,
     "confidence": 0,
     "typed_key": ""
    },
    "3": {
     "response": 0,
     "seconds": 4.5,
     "correct": false,
     "confidence": 0,
     "typed_key": ""
    }
   },
   "eligible": [
    1,
    2,
    3
   ],
   "closed_at": null,
   "overrides": []
  }
 ]
}"""


def saved(text: str) -> dict[str, Any]:
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


def test_a_drill_saved_before_resumes_paused_at_its_time() -> None:
    clock = drill_clock()
    drill = Drill.from_dict(saved(SAVED_DRILL), clock, drill_id=5)
    assert (drill.id, drill.index, drill.phase, drill.paused) == (5, 2, "open", True)
    assert drill.elapsed() == 7.25
    assert [s.status for s in drill.states] == ["done", "skipped", "pending"]
    assert drill.to_dict() == {**saved(SAVED_DRILL), "paused": True}
    rows = [(r.number, r.team, r.answer, r.right, r.seconds, r.points) for r in drill.results()]
    assert rows == [(1, "Red", "A: True", True, 3.0, 925), (1, "Blue", "B: False", False, 4.5, 0)]
    assert [(s.rank, s.team, s.total, s.right, s.last) for s in drill.standings()] == [
        (1, "Red", 925, 1, 925),
        (2, "Blue", 0, 0, 0),
    ]
    clock.advance(60)  # paused: nothing runs
    assert drill.remaining() == 12.75 and not drill.poll()
    drill.resume()
    clock.advance(2)
    assert drill.elapsed() == 9.25
    assert drill.answered(1) is not None and drill.answered(1).seconds == 7.25  # type: ignore[union-attr]
    clock.advance(20)
    assert drill.poll() and drill.phase == "revealed" and drill.state.closed_at == 20
    drill.set_choice(0, "A")  # entered after the close: the closing time
    assert drill.answered(0) is not None and drill.answered(0).seconds == 20  # type: ignore[union-attr]


def test_a_room_saved_before_resumes_paused_at_its_time() -> None:
    clock = room_clock()
    room = Room.from_dict(saved(SAVED_ROOM), clock, room_id=3)
    assert (room.id, room.index, room.phase, room.paused) == (3, 2, "question", True)
    assert room.elapsed() == 4.5
    assert [s.status for s in room.states] == ["done", "skipped", "pending"]
    assert room.to_dict() == {**saved(SAVED_ROOM), "paused": True}
    rows = [
        (r.number, r.player, r.team, r.answer, r.right, r.overridden, r.seconds, r.points)
        for r in room.results()
    ]
    assert rows == [
        (1, "Ana", "Red", "Lima", True, False, 2.0, 950),
        (1, "Ben", "Blue", "Zanzibar", True, True, 3.0, 925),
        (1, "Cy", "Red", "", False, False, None, 0),
    ]
    standings = [(s.rank, s.name, s.team, s.total, s.streak) for s in room.standings()]
    assert standings == [
        (1, "Ana", "Red", 950, 1),
        (2, "Ben", "Blue", 925, 1),
        (3, "Cy", "Red", 0, 0),
        (3, "Dee", "Blue", 0, 0),
    ]
    assert [(t.rank, t.team, t.score) for t in room.team_standings()] == [
        (1, "Red", 475),
        (2, "Blue", 463),
    ]
    with pytest.raises(Refused) as paused:
        room.answer(1, 3, right_response(room.question))
    assert paused.value.code == "paused"
    clock.advance(60)
    assert room.remaining() == 15.5 and not room.poll()
    room.resume_question()
    clock.advance(1.5)
    with pytest.raises(Refused) as late:
        room.answer(4, 3, right_response(room.question))  # Dee joined during the question
    assert late.value.code == "not_eligible"
    assert room.answer(1, 3, right_response(room.question)).seconds == 6.0
    assert room.phase == "locked" and room.state.closed_at == 6.0  # everyone in it answered
    later = room_clock()
    again = Room.from_dict(saved(SAVED_ROOM), later, room_id=3)
    again.resume_question()
    later.advance(15.5)
    assert again.poll() and again.phase == "locked" and again.state.closed_at == 20
