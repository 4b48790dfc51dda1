"""`quizapp quiz DECK`: a graded quiz, in the app or line by line with --plain."""

from __future__ import annotations

import argparse
import random
import sys
from typing import Any, TextIO

from quizapp.cli import arguments
from quizapp.cli.line_mode import HINT, format_question
from quizapp.cli.output import say, warn
from quizapp.cli.profiles import guarded, open_user_profile
from quizapp.cli.terminal import require_terminal, run_app
from quizapp.core.clock import SystemClock
from quizapp.core.decks.discovery import DeckNotFound, discover
from quizapp.core.decks.model import Deck
from quizapp.core.practice.grading import Verdict
from quizapp.core.practice.questions import (
    QUESTION_KINDS,
    Question,
    QuestionKind,
    build_quiz,
    parse_response,
    parse_types,
)
from quizapp.core.practice.quiz import QuizResults, QuizSession
from quizapp.core.srs.quiz_limit import limit_new_cards
from quizapp.core.untrusted import safe_text

OVERRIDE = "!"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `quiz` to the command line."""
    p = sub.add_parser(
        "quiz",
        parents=[common],
        help="take a graded quiz on a deck",
        description="Take a graded quiz on a deck: multiple choice, typed answers, true/false,"
        " order and match questions. Answers are logged and feed the spaced-repetition"
        " schedule (wrong = Again, right = Good) unless --no-schedule is given.",
    )
    p.add_argument("deck", metavar="DECK", help="the deck id (see `quizapp list`)")
    p.add_argument(
        "--count",
        type=arguments.positive_int,
        default=None,
        metavar="N",
        help="ask at most N questions",
    )
    p.add_argument(
        "--types",
        type=_types,
        default=None,
        metavar="KINDS",
        help=f"only these question kinds, comma-separated: {','.join(QUESTION_KINDS)}",
    )
    p.add_argument(
        "--seed",
        type=arguments.seed,
        default=None,
        metavar="S",
        help="the same seed gives the same quiz",
    )
    p.add_argument(
        "--no-schedule",
        dest="schedule",
        action="store_false",
        help="log answers but leave the review schedule alone",
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help=f"ask line by line (works with pipes); '{OVERRIDE}' after a wrong verdict"
        " means 'I was right'",
    )
    p.set_defaults(handler=cmd_quiz)


def _types(text: str) -> frozenset[QuestionKind]:
    try:
        return parse_types(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


@guarded
def cmd_quiz(args: argparse.Namespace) -> int:
    if args.plain:
        return run_plain(args)
    return run_tui(args)


def run_tui(args: argparse.Namespace) -> int:
    """Open the app on the quiz screen (closing it quits); refused without a terminal."""
    require_terminal("use `quizapp quiz DECK --plain` for line mode")
    prepared = prepare(args)
    if prepared is None:
        return 1
    deck, questions, _ = prepared
    from quizapp.tui.app import QuizApp
    from quizapp.tui.context import AppContext
    from quizapp.tui.screens.quiz import QuizScreen

    ctx = AppContext(profile=args.profile, deck_dirs=list(args.decks))
    ctx.decks.decks[deck.id] = deck
    screen = QuizScreen(ctx, deck.id, schedule=args.schedule, questions=questions)
    return run_app(QuizApp(ctx, start=screen))


def prepare(args: argparse.Namespace) -> tuple[Deck, list[Question], int | str] | None:
    """Find the deck and draw the questions; print why and return None when that fails."""
    try:
        deck = discover(args.decks).find(args.deck)
    except DeckNotFound as exc:
        warn(f"quizapp: {exc}")
        return None
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10**6)
    questions = build_quiz(deck, count=args.count, types=args.types, seed=seed)
    if not questions:
        kinds = ",".join(sorted(args.types or QUESTION_KINDS))
        warn(
            f"quizapp: deck '{deck.id}' has no cards that can be asked as {kinds}",
        )
        return None
    return deck, questions, seed


def run_plain(args: argparse.Namespace) -> int:
    """The line-mode quiz on stdin/stdout, logged to the profile's store."""
    prepared = prepare(args)
    if prepared is None:
        return 1
    deck, questions, seed = prepared
    clock = SystemClock()
    with open_user_profile(args, clock) as opened:
        unscheduled: frozenset[tuple[str, str]] = frozenset()
        note = ""
        if args.schedule:  # no more new cards than today's limit (the core decides)
            items = [q.item for q in questions]
            limit = limit_new_cards(opened.store, items, clock.now(), opened.config)
            unscheduled, note = limit.unscheduled, limit.note
        session = QuizSession(
            questions, clock, opened.answering, schedule=args.schedule, unscheduled=unscheduled
        )
        say(f"Quiz: {deck.title} ({len(questions)} questions, seed {seed})")
        if note:
            say(note)
        play_plain(session, sys.stdin, sys.stdout)
    return 0


def play_plain(session: QuizSession, inp: TextIO, out: TextIO) -> QuizResults:
    """Run `session` line by line until it ends or input runs out; offer to retry the missed."""
    say(f"Press Ctrl-D to stop. '{OVERRIDE}' after a wrong answer means 'I was right'.", file=out)
    while True:
        try:
            finished = _play(session, inp, out)
        except KeyboardInterrupt:
            say(file=out)
            finished = False
        session.close()  # stopped early: the store session ends all the same
        results = session.results()
        print_results(results, out)
        if not finished or not results.missed:
            return results
        say(f"\nRetry the {len(results.missed)} missed? [y/N]", file=out)
        if _read(inp, out).strip().lower() not in ("y", "yes"):
            return results
        session = session.retry_missed()


def _read(inp: TextIO, out: TextIO) -> str:
    """One line of input after a prompt ("" at the end of input); echoed when piped."""
    say("> ", end="", file=out)
    line = inp.readline()
    if not line or not inp.isatty():
        say(line.rstrip("\r\n"), file=out)
    return line


def _play(session: QuizSession, inp: TextIO, out: TextIO) -> bool:
    """Ask every question of `session`; False when input ran out first."""
    while (question := session.current) is not None:
        say(file=out)
        say(format_question(question, session.index + 1, session.total), file=out)
        response = _read_response(session, question, inp, out)
        if response is None:
            return False
        verdict = session.answer(response)
        say(format_verdict(question, verdict), file=out)
        session.next()
    if session.can_override:
        say(f"(Enter for your score, {OVERRIDE} if you were right)", file=out)
        if _read(inp, out).strip() == OVERRIDE:
            _override(session, out)
    return True


def _read_response(
    session: QuizSession, question: Question, inp: TextIO, out: TextIO
) -> object | None:
    """Read lines until one answers `question` ("!" overrides the previous verdict)."""
    while True:
        line = _read(inp, out)
        if not line:
            return None
        if line.strip() == HINT:
            say(
                f"  Hint: {question.hint}" if question.hint else "  No hint for this one.", file=out
            )
            continue
        if line.strip() == OVERRIDE:
            last = session.last
            if session.can_override:
                _override(session, out)
            elif last is not None and not last.correct:
                say(
                    f"  '{OVERRIDE}' is for typed answers only: a {last.question.kind}"
                    " answer is graded exactly.",
                    file=out,
                )
            else:
                say(f"  '{OVERRIDE}' only counts right an answer graded wrong.", file=out)
            continue
        try:
            return parse_response(question, safe_text(line.rstrip("\r\n")))
        except ValueError as exc:
            say(f"  {exc}", file=out)


def _override(session: QuizSession, out: TextIO) -> None:
    session.override()
    say("  ✔ Counted as right (logged as overridden).", file=out)


def format_verdict(question: Question, verdict: Verdict) -> str:
    """The feedback after an answer: a symbol as well as words, the answer, explanation, source."""
    if verdict.correct:
        lines = [f"  ✔ {verdict.message}"]
    else:
        lines = [f"  ✘ {verdict.message}"]
        if verdict.overridable:
            lines.append(f"  (if you were right, type {OVERRIDE} at the next prompt)")
    if question.explain:
        lines.append(f"  {question.explain.strip()}")
    if question.source:
        lines.append(f"  Source: {question.source}")
    return "\n".join(lines)


def print_results(results: QuizResults, out: TextIO) -> None:
    """The score, the time, and every missed question with your answer and the right one."""
    minutes, seconds = divmod(round(results.seconds), 60)
    took = f"{minutes}m {seconds:02d}s" if minutes else f"{seconds}s"
    say(
        f"\nScore: {results.score}/{results.total} ({results.percent}%) in {took}",
        file=out,
    )
    if results.answered < results.total:
        say(f"  ({results.total - results.answered} not answered)", file=out)
    overridden = sum(1 for a in results.answers if a.overridden)
    if overridden:
        say(f"  ({overridden} counted right by override)", file=out)
    if results.missed:
        say("Missed:", file=out)
        for a in results.missed:
            say(f"  - {a.prompt}", file=out)
            say(f"    your answer: {a.given or '(none)'}", file=out)
            say(f"    right answer: {a.right_answer}", file=out)
