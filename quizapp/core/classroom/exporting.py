"""What a drill's export (`quizapp.core.classroom.export`) and a room's
(`quizapp.core.classroom.room_export`) have in common: the format from the file name, records
with every column, the CSV (formula-like cells neutralised), the questions' JSON and where the
app saves exports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from quizapp.core import paths
from quizapp.core.practice.questions import Question
from quizapp.core.untrusted import csv_cell

Record = dict[str, Any]


class _State(Protocol):
    @property
    def status(self) -> str: ...


class _Result(Protocol):
    """A drill's or a room's result row."""

    @property
    def number(self) -> int: ...
    @property
    def answer(self) -> str: ...
    @property
    def right(self) -> bool: ...
    @property
    def seconds(self) -> float | None: ...
    @property
    def confidence(self) -> int: ...
    @property
    def points(self) -> int: ...


def export_format(path: Path, formats: Sequence[str], files: str) -> str:
    """One of `formats` from the file name; ValueError for anything else (`files` says which
    files can be written: "a .csv or .json file")."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in formats:
        raise ValueError(f"{path}: export to {files}")
    return suffix


def record(columns: Sequence[str], **values: Any) -> Record:
    """A row with every column, in order: None where `values` gives none."""
    unknown = values.keys() - set(columns)
    if unknown:
        raise ValueError(f"not a column: {', '.join(sorted(unknown))}")
    return {c: values.get(c) for c in columns}


def answer_record(
    columns: Sequence[str], owner: Mapping[str, Any], r: _Result, q: Question, **values: Any
) -> Record:
    """The record of a result row: `owner` names the drill or room and its deck, `values`
    what only a drill's or a room's rows say (the team, the player)."""
    return record(
        columns,
        row="answer",
        **owner,
        question=r.number,
        prompt=q.prompt,
        correct_answer=q.answer_text,
        answer=r.answer,
        right=r.right,
        seconds=r.seconds,
        confidence=r.confidence or None,
        points=r.points,
        **values,
    )


def csv_text(
    columns: Sequence[str],
    answers: Iterable[Record],
    others: Iterable[Record],
    marks: Mapping[str, str],
) -> str:
    """The CSV text: a header, the answer rows, then the other rows. On answer rows each
    column of `marks` is a flag written ``yes`` when true, else as `marks` says (``no``, "").
    Every text cell a spreadsheet would run as a formula gets a leading apostrophe
    (`untrusted.csv_cell`)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for rec in answers:
        for column, when_false in marks.items():
            rec[column] = "yes" if rec[column] else when_false
        writer.writerow(csv_record(rec))
    for rec in others:
        writer.writerow(csv_record(rec))
    return buf.getvalue()


def csv_record(rec: Record) -> Record:
    return {k: "" if v is None else csv_cell(v) for k, v in rec.items()}


def question_records(questions: Sequence[Question], states: Sequence[_State]) -> list[Record]:
    """Every question, in order, and whether it was asked (its state's status)."""
    return [
        {
            "number": i + 1,
            "status": state.status,
            "kind": q.kind,
            "prompt": q.prompt,
            "options": list(q.options),
            "correct_answer": q.answer_text,
            "explain": q.explain,
        }
        for i, (q, state) in enumerate(zip(questions, states, strict=True))
    ]


def write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="")


def exports_folder() -> Path:
    """``exports`` in the data dir, where the app saves exports (created)."""
    folder = paths.data_dir(create=True) / "exports"
    folder.mkdir(exist_ok=True)
    return folder
