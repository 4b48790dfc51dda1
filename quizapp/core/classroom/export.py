"""Drill results as CSV or JSON: one row per team per asked question, plus one total per team.

CSV columns (`CSV_COLUMNS`): ``row`` is ``answer`` for a team's answer to a question and
``total`` for a team's total (then ``right`` counts its right answers, ``points`` is its total
and ``rank`` its place; the question columns are empty). ``right`` is ``yes``/``no`` on answer
rows; ``answer`` is empty when the team gave none; ``seconds`` is the team's time. A text
cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a
leading ``'`` so that a spreadsheet shows it instead of running it (numbers stay numbers).

JSON: ``{"drill": {...settings and times}, "questions": [...every question and whether it
was asked], "rows": [...answer rows], "totals": [...]}`` with the same field names.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from quizapp.core import paths
from quizapp.core.classroom.drill import Drill
from quizapp.core.untrusted import csv_cell, safe_json

FORMATS = ("csv", "json")
CSV_COLUMNS = (
    "row",
    "drill",
    "deck",
    "question",
    "prompt",
    "correct_answer",
    "team",
    "answer",
    "right",
    "seconds",
    "confidence",
    "points",
    "rank",
)


def export_format(path: Path) -> str:
    """'csv' or 'json' from the file name; ValueError for anything else."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"{path}: export to a .csv or .json file")
    return suffix


def answer_records(drill: Drill) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in drill.results():
        q = drill.questions[r.number - 1]
        out.append(
            {
                "row": "answer",
                "drill": drill.id,
                "deck": drill.deck_id,
                "question": r.number,
                "prompt": q.prompt,
                "correct_answer": q.answer_text,
                "team": r.team,
                "answer": r.answer,
                "right": r.right,
                "seconds": r.seconds,
                "confidence": r.confidence or None,
                "points": r.points,
                "rank": None,
            }
        )
    return out


def total_records(drill: Drill) -> list[dict[str, Any]]:
    return [
        {
            "row": "total",
            "drill": drill.id,
            "deck": drill.deck_id,
            "question": None,
            "prompt": None,
            "correct_answer": None,
            "team": s.team,
            "answer": None,
            "right": s.right,
            "seconds": None,
            "confidence": None,
            "points": s.total,
            "rank": s.rank,
        }
        for s in drill.standings()
    ]


def to_csv(drill: Drill) -> str:
    """The CSV text. Prompts, answers and team names are outside text: a cell that a
    spreadsheet would run as a formula gets a leading apostrophe (`untrusted.csv_cell`)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for rec in answer_records(drill):
        rec["right"] = "yes" if rec["right"] else "no"
        writer.writerow(csv_record(rec))
    for rec in total_records(drill):
        writer.writerow(csv_record(rec))
    return buf.getvalue()


def csv_record(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: "" if v is None else csv_cell(v) for k, v in rec.items()}


def to_json(drill: Drill) -> str:
    data = {
        "drill": {
            "id": drill.id,
            "deck_id": drill.deck_id,
            "deck_title": drill.deck_title,
            "started_at": drill.started_at.isoformat(),
            "finished_at": drill.finished_at.isoformat() if drill.finished_at else None,
            "settings": drill.settings.to_dict(),
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
            }
            for i, (q, state) in enumerate(zip(drill.questions, drill.states, strict=True))
        ],
        "rows": answer_records(drill),
        "totals": total_records(drill),
    }
    return safe_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def write_export(drill: Drill, path: Path) -> str:
    """Write the drill's results to `path` (.csv or .json); returns the format written."""
    fmt = export_format(path)
    text = to_csv(drill) if fmt == "csv" else to_json(drill)
    path.write_text(text, encoding="utf-8", newline="")
    return fmt


def saved_export_path(drill: Drill) -> Path:
    """Where the app saves a drill's CSV: ``exports/drill-N.csv`` in the data dir (created)."""
    folder = paths.data_dir(create=True) / "exports"
    folder.mkdir(exist_ok=True)
    return folder / f"drill-{drill.id}.csv"
