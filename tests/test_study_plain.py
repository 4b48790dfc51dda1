"""`quizapp study --plain` asks and grades every card type as the study screen does.

The same `StudySession` with the same `CardQuestioner` makes the question (same options, same
order), grades the typed line, proposes the rating (Enter takes it) and ends with the summary
screen's lines. The first test pipes answers into the real `quizapp` command.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.cli.line_mode import option_lines
from quizapp.cli.srs_cmd import run_plain
from quizapp.core.clock import FakeClock
from quizapp.core.config import Config
from quizapp.core.decks.loader import load_deck_text
from quizapp.core.practice.card_questions import CardQuestioner
from quizapp.core.practice.questions import (
    LETTERS,
    Question,
    describe_response,
    parse_response,
)
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.store import Store
from quizapp.core.srs.study import StudySession, question_seed, summary_lines
from tests.study_helpers import ALL_KINDS, DECK_ID, write_deck
from tests.tui_helpers import START

QUIZAPP = Path(sys.executable).with_name("quizapp")  # the console script of this environment


def log_rows(clock: FakeClock | None = None) -> list[tuple[object, ...]]:
    with Store.open("default", clock) as store:
        return [(e.item_id, e.rating, e.correct, e.answer) for e in store.log(deck_id=DECK_ID)]


def right_text(question: Question) -> str:
    """A line that answers `question` right, as a learner types it in line mode."""
    c = question.correct
    if question.kind == "typed":
        return question.accepted[0]
    if question.kind == "choice":
        return LETTERS[c[0]].lower()
    if question.kind == "multi":
        return " ".join(LETTERS[i] for i in c)
    if question.kind == "truefalse":
        return "t" if c == (0,) else "f"
    if question.kind == "order":
        return " ".join(str(i + 1) for i in c)
    return " ".join(f"{LETTERS[left]}{right + 1}" for left, right in enumerate(c))


def given(question: Question) -> str:
    """How the log records `right_text` (as the study screen logs the widget's answer)."""
    return describe_response(question, parse_response(question, right_text(question)))


def test_piped_typed_answers_are_graded_as_on_the_study_screen(tmp_path: Path) -> None:
    # The keys of test_tui_study's test_wrong_answer_proposes_again_and_right_proposes_good:
    # the plain card rated Easy; "Tbilisi" for the capital of Armenia (wrong: Enter takes the
    # proposed Again); "sadyr japarow" (a typo let through: Good proposed, 2 chosen).
    decks = write_deck(tmp_path / "decks")
    proc = subprocess.run(
        [str(QUIZAPP), "study", DECK_ID, "--plain", "--decks", str(decks)],
        input="\n4\nTbilisi\n\nsadyr japarow\n2\nq\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = proc.stdout
    assert "[2/9] all-kinds · Type the answer\nWhat is the capital of Armenia?\n" in out
    assert "--- answer ---\n✘ Wrong\nRight answer: Yerevan\nYou answered: Tbilisi.\n" in out, out
    assert "rating (Enter: again, as proposed) > " in out
    assert (
        "--- answer ---\n✔ Right\nRight answer: Sadyr Japarov\n"
        "You answered: sadyr japarow. Right, with a typo: the spelling is Sadyr Japarov.\n"
    ) in out
    assert "rating (Enter: good, as proposed) > " in out
    assert "\nCards studied: 3\nAgain: 1\n" in out
    # the log holds what the study screen logs for the same keys
    assert log_rows() == [
        ("signed", 4, None, None),
        ("capital", 1, False, "Tbilisi"),
        ("president", 2, True, "sadyr japarow"),
    ]


def test_every_card_type_is_the_screens_question_and_enter_takes_the_proposal() -> None:
    clock = FakeClock(START)
    deck = load_deck_text(ALL_KINDS)
    items = deck.items()
    maker = CardQuestioner()  # a second one: the session's questions must be the same
    questions = [maker.question(it, deck, question_seed(it)) for it in items]
    lines = []
    for question in questions:
        lines += ["" if question is None else right_text(question), ""]  # then Enter: proposed
    out = io.StringIO()
    with Answering.open("default", clock, config=Config(timezone="UTC")) as answering:
        session = StudySession(
            answering, [deck], clock, Config(timezone="UTC"), questioner=CardQuestioner()
        )
        end = run_plain(session, io.StringIO("\n".join([*lines, "q", ""])), out)
    text = out.getvalue()
    for question in questions:
        if question is None:
            continue
        listing = "\n".join([question.prompt, *option_lines(question)])
        assert listing in text, listing
    assert text.count("✔ Right") == len(items) - 1 and "✘ Wrong" not in text
    assert text.count("rating (Enter: good, as proposed) > ") == len(items) - 1
    assert log_rows(clock) == [
        (it.id, 3, None if q is None else True, None if q is None else given(q))
        for it, q in zip(items, questions, strict=True)
    ]
    assert text.endswith("\n".join(summary_lines(end, clock.now())) + "\n")
    assert end.summary.cards == len(items) and end.summary.again == 0


def test_a_typed_answer_that_is_a_command_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "symbols.yaml").write_text(
        "id: symbols\ntitle: Symbols\ndescription: One letter answers.\ncards:\n"
        "  - id: sulfur\n    type: typed\n    question: The symbol of sulfur?\n    answer: S\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("=s\n\n"))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["study", "symbols", "--plain", "--decks", str(folder)]) == 0
    text = out.getvalue()
    assert "✔ Right\nRight answer: S\nYou answered: s.\n" in text and "Suspended" not in text
