"""Helpers for the study and quiz screen tests: a fixture deck with every kind of card.

Not a conftest: import what you need (`from tests.study_helpers import ...`). The deck lives here,
not in the bundled folder, so snapshots do not change when the curriculum does.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from quizapp.core.practice.questions import LETTERS, Question
from quizapp.core.srs.store import profile_path
from quizapp.tui.app import QuizApp
from quizapp.tui.context import AppContext
from tests.tui_helpers import isolate_decks, make_ctx

DECK_ID = "all-kinds"

ALL_KINDS = """\
id: all-kinds
title: Every kind of card
description: One card of each type, for the study and quiz screens.
cards:
  - id: signed
    front: In which year was the Collective Security Treaty signed?
    back: "1992"
    explain: The organisation itself came ten years later.
    source: paragraph 2
  - id: capital
    type: typed
    question: What is the capital of Armenia?
    answer: Yerevan
    accept: [Erevan]
    source: paragraph 6
  - id: president
    type: typed
    question: Who was president of Kyrgyzstan in October 2022?
    answer: Sadyr Japarov
  - id: org-name
    type: cloze
    text: "In 2002 the treaty became an organisation, the {{c1::CSTO}}."
  - id: backed
    type: choice
    question: Which member backed Russia's invasion of Ukraine?
    choices: [Belarus, Kazakhstan, Armenia, Tajikistan]
    answer: Belarus
  - id: members
    type: choice
    question: Which of these are members?
    choices: [Armenia, Belarus, Georgia, Ukraine]
    answer: [Armenia, Belarus]
  - id: org-2002
    type: truefalse
    statement: The CSTO as an organisation dates from 2002.
    answer: true
  - id: timeline
    type: order
    question: Put these in order.
    items: [Treaty signed, Organisation founded, Troops sent to Kazakhstan]
  - id: roles
    type: match
    question: Match each person to their role.
    pairs:
      Sadyr Japarov: President of Kyrgyzstan
      Sergey Lavrov: Foreign Minister of Russia
      Nikol Pashinyan: Prime Minister of Armenia
"""


def write_deck(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "all-kinds.yaml").write_text(ALL_KINDS, encoding="utf-8")
    return folder


def study_ctx(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppContext:
    """A context on the fixture deck only, a fake clock and a temp data dir."""
    isolate_decks(monkeypatch, tmp_path)
    return make_ctx(write_deck(tmp_path / "decks"))


def app_on(ctx: AppContext, screen: Screen[Any]) -> QuizApp:
    return QuizApp(ctx, start=screen)


def right_keys(question: Question) -> list[str]:
    """The key presses that answer `question` right (typed: the canonical answer + Enter)."""
    kind = question.kind
    if kind == "typed":
        return [*question.accepted[0], "enter"]
    if kind == "truefalse":
        return ["t" if question.correct == (0,) else "f"]
    if kind == "choice":
        return [LETTERS[question.correct[0]].lower()]
    if kind == "multi":
        return [*(LETTERS[i].lower() for i in question.correct), "enter"]
    if kind == "order":
        return [*(str(i + 1) for i in question.correct[:-1]), "enter"]
    keys: list[str] = []
    for left, right in enumerate(question.correct):
        keys += [str(left + 1), LETTERS[right].lower()]
    return [*keys, "enter"]


def wrong_keys(question: Question) -> list[str]:
    """Key presses that answer `question` wrong."""
    kind = question.kind
    n = len(question.options)
    if kind == "typed":
        return [*"nonsense", "enter"]
    if kind == "truefalse":
        return ["f" if question.correct == (0,) else "t"]
    if kind == "choice":
        wrong = next(i for i in range(n) if i not in question.correct)
        return [LETTERS[wrong].lower()]
    if kind == "multi":
        wrong = next(i for i in range(n) if i not in question.correct)
        return [LETTERS[wrong].lower(), "enter"]
    if kind == "order":
        return [*(str(i + 1) for i in reversed(question.correct[1:])), "enter"]
    keys = []
    for left, right in enumerate(question.correct):
        keys += [str(left + 1), LETTERS[(right + 1) % n].lower()]
    return [*keys, "enter"]


async def wait_for_screen(pilot: Pilot[None], screen_type: type[Screen[Any]]) -> Screen[Any]:
    """Wait until the app shows a screen of `screen_type` (a store job runs first, in the
    panel's thread, then the App routes the message that opens it)."""
    for _ in range(400):
        if isinstance(pilot.app.screen, screen_type):
            return pilot.app.screen
        await pilot.pause(0.01)
    raise AssertionError(f"{screen_type.__name__} never shown (at {pilot.app.screen!r})")


def join_store_threads() -> None:
    """Wait for the screens' store threads, which close the store after the app is gone."""
    for thread in threading.enumerate():
        if thread.name.startswith("quizapp-") and "-store" in thread.name:
            thread.join(timeout=30)
            assert not thread.is_alive(), thread.name


def stored_sessions() -> list[tuple[str, bool]]:
    """(mode, ended) of every stored session, read from the database file itself."""
    with closing(sqlite3.connect(profile_path("default"))) as db:
        rows = db.execute("SELECT mode, ended_at FROM sessions ORDER BY id").fetchall()
    return [(mode, ended is not None) for mode, ended in rows]
