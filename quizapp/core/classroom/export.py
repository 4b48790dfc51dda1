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

import json
from pathlib import Path

from quizapp.core.classroom import exporting
from quizapp.core.classroom.drill import Drill
from quizapp.core.classroom.exporting import Record, csv_record
from quizapp.core.untrusted import safe_json

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "answer_records",
    "csv_record",
    "export_format",
    "saved_export_path",
    "to_csv",
    "to_json",
    "total_records",
    "write_export",
]

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
    return exporting.export_format(path, FORMATS, "a .csv or .json file")


def answer_records(drill: Drill) -> list[Record]:
    owner = _owner(drill)
    return [
        exporting.answer_record(CSV_COLUMNS, owner, r, drill.questions[r.number - 1], team=r.team)
        for r in drill.results()
    ]


def total_records(drill: Drill) -> list[Record]:
    owner = _owner(drill)
    return [
        exporting.record(
            CSV_COLUMNS,
            row="total",
            **owner,
            team=s.team,
            right=s.right,
            points=s.total,
            rank=s.rank,
        )
        for s in drill.standings()
    ]


def _owner(drill: Drill) -> dict[str, object]:
    return {"drill": drill.id, "deck": drill.deck_id}


def to_csv(drill: Drill) -> str:
    """The CSV text. Prompts, answers and team names are outside text: a cell that a
    spreadsheet would run as a formula gets a leading apostrophe (`untrusted.csv_cell`)."""
    return exporting.csv_text(
        CSV_COLUMNS, answer_records(drill), total_records(drill), {"right": "no"}
    )


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
        "questions": exporting.question_records(drill.questions, drill.states),
        "rows": answer_records(drill),
        "totals": total_records(drill),
    }
    return safe_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def write_export(drill: Drill, path: Path) -> str:
    """Write the drill's results to `path` (.csv or .json); returns the format written."""
    fmt = export_format(path)
    exporting.write_text(path, to_csv(drill) if fmt == "csv" else to_json(drill))
    return fmt


def saved_export_path(drill: Drill) -> Path:
    """Where the app saves a drill's CSV: ``exports/drill-N.csv`` in the data dir (created)."""
    return exporting.exports_folder() / f"drill-{drill.id}.csv"
