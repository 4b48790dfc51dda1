"""What drills and rooms share to score and rank: the streak-keeping scorer, the tally of
result rows and the leaderboard's ranks."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.classroom.scoring import Scorer, Tally, ranked, tally


@dataclass(frozen=True)
class Answer:
    seconds: float
    confidence: int = 0


@dataclass(frozen=True)
class Row:
    number: int
    who: str
    right: bool
    points: int


def test_the_scorer_keeps_each_ones_streak_and_no_answer_ends_it() -> None:
    scorer = Scorer("speed", 30.0)
    assert scorer.score("a", True, Answer(2)) == 967  # first right: no bonus
    assert scorer.score("b", False, None) == 0
    assert scorer.score("a", True, Answer(15)) == 850  # second in a row: +100
    assert scorer.score("b", True, Answer(0)) == 1000  # b's run starts again
    assert scorer.score("a", False, None) == 0  # no answer ends a's run
    assert scorer.score("a", True, Answer(0)) == 1000


def test_confidence_and_accuracy_through_the_scorer() -> None:
    sure = Scorer("confidence", None)
    assert [sure.score("a", True, Answer(1, 3)), sure.score("a", False, Answer(1, 3))] == [3, -6]
    assert Scorer("confidence", None).score("a", True, Answer(1)) == 1  # no level counts as 1
    assert Scorer("accuracy", None).score("a", True, Answer(99)) == 1


def test_tally_sums_the_rows_of_each_and_the_last_question() -> None:
    rows = [
        Row(1, "a", True, 3),
        Row(1, "b", False, 0),
        Row(2, "a", False, -2),
        Row(2, "b", True, 1),
    ]
    assert tally(rows, lambda r: r.who, ("a", "b", "c")) == {
        "a": Tally(total=1, right=1, last=-2, streak=0),
        "b": Tally(total=1, right=1, last=1, streak=1),
        "c": Tally(),
    }


def test_ranked_ties_share_a_rank_and_keep_their_order() -> None:
    scores = [("a", 2), ("b", 5), ("c", 2), ("d", 5), ("e", 0)]
    assert ranked(scores, lambda x: x[1]) == [
        (1, ("b", 5)),
        (1, ("d", 5)),
        (3, ("a", 2)),
        (3, ("c", 2)),
        (5, ("e", 0)),
    ]


@given(st.lists(st.integers(-50, 50), max_size=12))
def test_ranks_are_competition_ranks(totals: list[int]) -> None:
    out = ranked(list(enumerate(totals)), lambda x: x[1])
    for rank, (_, total) in out:
        assert rank == 1 + sum(1 for t in totals if t > total)
