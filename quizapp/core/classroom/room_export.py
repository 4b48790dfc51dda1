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

import csv
import io
import json
from pathlib import Path
from typing import Any

from quizapp.core import paths
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
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"{path}: export to a .csv, .json or .txt (summaries) file")
    return suffix


def answer_records(room: Room) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in room.results():
        q = room.questions[r.number - 1]
        out.append(
            {
                "row": "answer",
                "room": room.id,
                "deck": room.deck_id,
                "question": r.number,
                "prompt": q.prompt,
                "correct_answer": q.answer_text,
                "player": r.player,
                "team": r.team or None,
                "answer": r.answer,
                "right": r.right,
                "overridden": r.overridden,
                "seconds": r.seconds,
                "confidence": r.confidence or None,
                "points": r.points,
                "rank": None,
            }
        )
    return out


def total_records(room: Room) -> list[dict[str, Any]]:
    return [
        {
            "row": "total",
            "room": room.id,
            "deck": room.deck_id,
            "question": None,
            "prompt": None,
            "correct_answer": None,
            "player": s.name,
            "team": s.team or None,
            "answer": None,
            "right": s.right,
            "overridden": None,
            "seconds": None,
            "confidence": None,
            "points": s.total,
            "rank": s.rank,
        }
        for s in room.standings()
    ]


def team_records(room: Room) -> list[dict[str, Any]]:
    return [
        {
            "row": "team",
            "room": room.id,
            "deck": room.deck_id,
            "question": None,
            "prompt": None,
            "correct_answer": None,
            "player": None,
            "team": t.team,
            "answer": None,
            "right": None,
            "overridden": None,
            "seconds": None,
            "confidence": None,
            "points": t.score,
            "rank": t.rank,
        }
        for t in room.team_standings()
    ]


def to_csv(room: Room) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for rec in answer_records(room):
        rec["right"] = "yes" if rec["right"] else "no"
        rec["overridden"] = "yes" if rec["overridden"] else ""
        _write(writer, rec)
    for rec in total_records(room) + team_records(room):
        _write(writer, rec)
    return buf.getvalue()


def _write(writer: csv.DictWriter[str], rec: dict[str, Any]) -> None:
    writer.writerow({k: "" if v is None else neutralise_cell(v) for k, v in rec.items()})


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
            {
                "number": i + 1,
                "status": state.status,
                "kind": q.kind,
                "prompt": q.prompt,
                "options": list(q.options),
                "correct_answer": q.answer_text,
                "explain": q.explain,
                "overrides": sorted(state.overrides),
            }
            for i, (q, state) in enumerate(zip(room.questions, room.states, strict=True))
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
    path.write_text(text, encoding="utf-8", newline="")
    return fmt


def saved_export_paths(room: Room) -> list[Path]:
    """Where the host screen saves a room: ``exports/room-N.csv``, ``.json`` and
    ``room-N-students.txt`` in the data dir (the folder is created)."""
    folder = paths.data_dir(create=True) / "exports"
    folder.mkdir(exist_ok=True)
    base = f"room-{room.id}"
    return [folder / f"{base}.csv", folder / f"{base}.json", folder / f"{base}-students.txt"]
