"""A live room's results as CSV or JSON (the drill's formats, one row per student), and a
per-student summary the teacher can hand back.

CSV columns (`CSV_COLUMNS`): ``row`` is ``answer`` for a student's answer to a question,
``total`` for a student's total (then ``right`` counts their right answers, ``points`` is their
total and ``rank`` their place) and ``team`` for a team's score (the average of its members).
``right`` is ``yes``/``no`` on answer rows, ``overridden`` says the teacher counted a typed
answer right; ``answer`` is empty when the student gave none; ``seconds`` is their device's time.

Every cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) gets a leading ``'``: nicknames and typed answers come from strangers.

JSON: ``{"room": {...}, "questions": [...], "rows": [...], "totals": [...], "teams": [...]}``
with the same field names (JSON values are not neutralised: they are not formulas).

Summaries (``.txt``): one block per student (nickname, team, total, rank, then each question
with their answer, the right answer, right/wrong, time and points), separated by form feeds so
each prints on its own page.
"""

from __future__ import annotations

import json
from pathlib import Path

from quizapp.core.classroom import exporting
from quizapp.core.classroom.exporting import Record
from quizapp.core.classroom.room import Room
from quizapp.core.untrusted import csv_cell

FORMATS = ("csv", "json", "txt")
CSV_COLUMNS = (
    "row",
    "room",
    "deck",
    "question",
    "prompt",
    "correct_answer",
    "player",
    "team",
    "answer",
    "right",
    "overridden",
    "seconds",
    "confidence",
    "points",
    "rank",
)


def neutralise_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading '
    (the one rule for every CSV quizapp writes: `quizapp.core.untrusted.csv_cell`)."""
    return csv_cell(value)


def export_format(path: Path) -> str:
    """'csv', 'json' or 'txt' (summaries) from the file name; ValueError for anything else."""
    return exporting.export_format(path, FORMATS, "a .csv, .json or .txt (summaries) file")


def answer_records(room: Room) -> list[Record]:
    owner = _owner(room)
    return [
        exporting.answer_record(
            CSV_COLUMNS,
            owner,
            r,
            room.questions[r.number - 1],
            player=r.player,
            team=r.team or None,
            overridden=r.overridden,
        )
        for r in room.results()
    ]


def total_records(room: Room) -> list[Record]:
    owner = _owner(room)
    return [
        exporting.record(
            CSV_COLUMNS,
            row="total",
            **owner,
            player=s.name,
            team=s.team or None,
            right=s.right,
            points=s.total,
            rank=s.rank,
        )
        for s in room.standings()
    ]


def team_records(room: Room) -> list[Record]:
    owner = _owner(room)
    return [
        exporting.record(CSV_COLUMNS, row="team", **owner, team=t.team, points=t.score, rank=t.rank)
        for t in room.team_standings()
    ]


def _owner(room: Room) -> dict[str, object]:
    return {"room": room.id, "deck": room.deck_id}


def to_csv(room: Room) -> str:
    others = total_records(room) + team_records(room)
    marks = {"right": "no", "overridden": ""}
    return exporting.csv_text(CSV_COLUMNS, answer_records(room), others, marks)


def to_json(room: Room) -> str:
    data = {
        "room": {
            "id": room.id,
            "code": room.code,
            "deck_id": room.deck_id,
            "deck_title": room.deck_title,
            "started_at": room.started_at.isoformat(),
            "finished_at": room.finished_at.isoformat() if room.finished_at else None,
            "settings": room.settings.to_dict(),
            "players": len(room.active_players()),
        },
        "questions": [
            {**rec, "overrides": sorted(state.overrides)}
            for rec, state in zip(
                exporting.question_records(room.questions, room.states), room.states, strict=True
            )
        ],
        "rows": answer_records(room),
        "totals": total_records(room),
        "teams": team_records(room),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_summaries(room: Room) -> str:
    """One printable block per student, separated by form feeds."""
    by_player: dict[int, list[str]] = {}
    for r in room.results():
        q = room.questions[r.number - 1]
        mark = "right" if r.right else ("no answer" if not r.answered else "wrong")
        if r.overridden:
            mark = "right (counted by the teacher)"
        seconds = f"{r.seconds:.1f} s" if r.seconds is not None else "-"
        by_player.setdefault(r.player_id, []).extend(
            [
                f"{r.number}. {q.prompt}",
                f"   Your answer: {r.answer or '(none)'}",
                f"   Right answer: {q.answer_text}",
                f"   {mark} · {seconds} · {r.points:+d} points",
            ]
        )
    blocks: list[str] = []
    standings = room.standings()
    of = len(standings)
    for s in standings:
        head = [
            f"{s.name}" + (f" · team {s.team}" if s.team else ""),
            f"{room.deck_title} · live room {room.code} · {room.started_at:%Y-%m-%d %H:%M} UTC",
            f"Total: {s.total} points · {s.right} right of {room.asked()} · place {s.rank} of {of}",
            "",
        ]
        blocks.append("\n".join(head + by_player.get(s.player_id, ["(no questions asked)"])))
    return "\n\f\n".join(blocks) + "\n"


def write_export(room: Room, path: Path) -> str:
    """Write the room's results to `path` (.csv, .json or .txt summaries); returns the format."""
    fmt = export_format(path)
    if fmt == "csv":
        text = to_csv(room)
    elif fmt == "json":
        text = to_json(room)
    else:
        text = to_summaries(room)
    exporting.write_text(path, text)
    return fmt


def saved_export_paths(room: Room) -> list[Path]:
    """Where the host screen saves a room: ``exports/room-N.csv``, ``.json`` and
    ``room-N-students.txt`` in the data dir (the folder is created)."""
    folder = exporting.exports_folder()
    base = f"room-{room.id}"
    return [folder / f"{base}.csv", folder / f"{base}.json", folder / f"{base}-students.txt"]
