"""Issue 10 in line mode: a scheduled quiz within the day's new-card limit, "I was right" only
for typed answers, and a drill that says when the deck makes fewer questions than asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from drill_helpers import FIXTURES

from quizapp.cli import drill_cmd, main, terminal
from quizapp.core import config
from quizapp.core.classroom.drill import Drill, DrillSettings, count_note, new_drill
from quizapp.core.classroom.drill_store import DrillStore
from quizapp.core.clock import FakeClock
from quizapp.core.decks.discovery import discover
from quizapp.core.practice.grading import can_override
from quizapp.core.practice.quiz import QuizSession
from tests.test_quiz_cli import decks, quiz_for, run, store_log, wrong_line

__all__ = ["decks"]  # the fixture, shared with the quiz CLI tests


def test_a_scheduled_quiz_starts_only_the_days_new_cards(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config.set_value("new_per_day", 2)
    qs = quiz_for(decks, 11)
    assert len(qs) == 7
    stdin = "".join(wrong_line(q) + "\n" for q in qs) + "\n"
    code, out, err = run(
        ["quiz", "cli-quiz", "--plain", "--seed", "11", "--decks", str(decks)],
        stdin,
        capsys,
        monkeypatch,
    )
    assert code == 0, err
    assert (
        "Today's new-card limit leaves room for 2 new cards: 5 of the quiz's 7 new cards are"
        " asked without scheduling (they stay new for another day)."
    ) in out
    log = store_log()
    assert [item for item, *_ in log] == [q.item.id for q in qs]
    assert [rescheduled for *_, rescheduled in log] == [True, True] + [False] * 5
    # a second quiz the same day: no room left, nothing new is started
    code, out, _ = run(
        ["quiz", "cli-quiz", "--plain", "--seed", "11", "--decks", str(decks)],
        stdin,
        capsys,
        monkeypatch,
    )
    assert "leaves no new card: 5 of the quiz's 5 new cards" in out
    assert [r for *_, r in store_log()][7:] == [True, True] + [False] * 5


def test_no_schedule_quizzes_are_not_limited(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config.set_value("new_per_day", 1)
    qs = quiz_for(decks, 11)
    stdin = "".join(wrong_line(q) + "\n" for q in qs) + "\n"
    args = ["quiz", "cli-quiz", "--plain", "--seed", "11", "--no-schedule", "--decks", str(decks)]
    code, out, _ = run(args, stdin, capsys, monkeypatch)
    assert code == 0 and "new-card limit" not in out


def test_i_was_right_is_refused_for_an_objective_answer(
    decks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    qs = quiz_for(decks, 2, types={"truefalse"})
    assert [q.kind for q in qs] == ["truefalse"]
    args = ["quiz", "cli-quiz", "--plain", "--seed", "2", "--types", "truefalse"]
    code, out, _ = run(
        [*args, "--decks", str(decks)], wrong_line(qs[0]) + "\n!\n", capsys, monkeypatch
    )
    assert code == 0
    assert "if you were right" not in out  # not offered after the wrong verdict
    assert "Score: 0/1" in out and "counted right" not in out
    assert [overridden for _, _, _, overridden, _ in store_log()] == [False]


def test_can_override_is_for_typed_answers_only(decks: Path) -> None:
    deck = discover([decks]).decks["cli-quiz"]
    kinds = {}
    for seed in range(30):
        for q in quiz_for(decks, seed):
            kinds[q.kind] = can_override(q)
    assert kinds == {
        "typed": True,
        "choice": False,
        "multi": False,
        "truefalse": False,
        "order": False,
        "match": False,
    }
    (tf,) = quiz_for(decks, 2, types={"truefalse"})
    session = QuizSession([tf], FakeClock())
    session.answer(tf.correct[0] == 1)  # wrong
    assert not session.can_override
    with pytest.raises(RuntimeError, match="cannot be overridden"):
        session.override()
    assert deck.id == "cli-quiz"


def test_new_drill_reports_a_short_deck() -> None:
    deck = discover([FIXTURES]).find("drill-demo")
    full = new_drill(deck, DrillSettings(count=None, seed=1), FakeClock())
    made = full.total
    assert full.note == ""
    short = new_drill(deck, DrillSettings(count=made + 15, seed=1), FakeClock())
    assert short.total == made
    assert short.note == (
        f"the deck makes only {made} questions of these types; the drill has {made}"
        f" (not {made + 15})"
    )
    assert new_drill(deck, DrillSettings(count=made, seed=1), FakeClock()).note == ""
    assert (
        count_note(25, 1)
        == "the deck makes only 1 question of these types; the drill has 1 (not 25)"
    )


def test_drill_count_25_on_a_small_deck_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def stop(ctx: object, drill: Drill, store: DrillStore) -> None:
        return None

    monkeypatch.setattr(drill_cmd, "launch", stop)
    monkeypatch.setattr(terminal, "has_terminal", lambda: True)  # `stop` stands in for the app
    assert main(["drill", "drill-demo", "--decks", str(FIXTURES), "--count", "25"]) == 0
    out, err = capsys.readouterr()
    deck = discover([FIXTURES]).find("drill-demo")
    made = new_drill(deck, DrillSettings(count=None, seed=1), FakeClock()).total
    assert made < 25
    assert (
        f"quizapp: the deck makes only {made} questions of these types; the drill has {made}"
        " (not 25)\n"
    ) == err
    assert f"0 of {made} questions asked" in out
