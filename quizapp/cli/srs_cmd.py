"""`quizapp study`, `quizapp stats`, `quizapp export-log` and `quizapp doctor`.

`quizapp study --plain` drives the core's `StudySession` line by line, given practice's
`CardQuestioner` (srs cannot import practice, so the caller wires them, as the TUI study
screen does): the questions, the grading, the proposed rating and the summary are the
session's, so line mode and the screen agree. The protocol is in docs/studying.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from typing import Any, TextIO

from quizapp.cli.line_mode import HELP, HINT, feedback_lines, option_lines
from quizapp.cli.output import json_text, say, warn
from quizapp.cli.profiles import Failure, guarded, open_user_profile, pick_decks
from quizapp.cli.terminal import require_terminal, run_app
from quizapp.core.clock import SystemClock
from quizapp.core.decks.discovery import discover
from quizapp.core.practice.card_questions import CardQuestioner, card_label
from quizapp.core.practice.grading import Verdict
from quizapp.core.practice.questions import Question, parse_response
from quizapp.core.srs.audit import integrity_check, orphaned_progress
from quizapp.core.srs.scheduler import RATING_NAMES, fsrs_card_id, to_rating
from quizapp.core.srs.stats import collect_stats, format_stats
from quizapp.core.srs.store import profile_path
from quizapp.core.srs.study import (
    Outcome,
    StudyCard,
    StudyEnd,
    StudySession,
    answer_ms,
    summary_lines,
)
from quizapp.core.untrusted import csv_row, safe_text

HELP_LINE = (
    "type the answer (Enter alone shows it, ? the hint); rate 1-4 or again/hard/good/easy,"
    " Enter takes the proposed rating; u undo, s suspend, q quit"
)
ANSWER_PREFIX = "="  # "=s" answers "s" (a bare s suspends)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "study",
        parents=[common],
        help="study today's cards of a deck (or of every deck)",
        description="Study what is due today with FSRS spaced repetition, in the app or, with"
        " --plain, line by line. In line mode: " + HELP_LINE + ".",
    )
    p.add_argument("deck", nargs="?", help="deck id (default: every deck)")
    p.add_argument("--plain", action="store_true", help="line mode, for screen readers/scripts")
    p.add_argument(
        "--cram", action="store_true", help="practise every card; nothing is rescheduled"
    )
    p.set_defaults(handler=cmd_study)

    p = sub.add_parser("stats", parents=[common], help="progress per deck and overall")
    p.add_argument("deck", nargs="?", help="deck id (default: every deck)")
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser(
        "export-log",
        parents=[common],
        help="write the review log as CSV for FSRS tools",
        description="Columns: card_id (a stable number per item, the id given to py-fsrs),"
        " review_rating (1-4), review_time (UTC ISO 8601), review_duration (ms), deck_id,"
        " item_id, mode (study/quiz/drill/cram). Cram answers are left out unless --all.",
    )
    p.add_argument("--csv", type=Path, required=True, metavar="FILE", help="'-' for stdout")
    p.add_argument("--all", action="store_true", help="also answers that did not reschedule")
    p.set_defaults(handler=cmd_export_log)

    p = sub.add_parser(
        "doctor",
        parents=[common],
        help="check the progress database, orphaned progress and broken decks",
    )
    p.set_defaults(handler=cmd_doctor)


# --- study --------------------------------------------------------------------------------


@guarded
def cmd_study(args: argparse.Namespace) -> int:
    if not args.plain:
        require_terminal("use `quizapp study --plain` for line mode")
    decks = pick_decks(discover(args.decks), args.deck)
    if not args.plain:
        return run_study_screen(args, [d.id for d in decks] if args.deck else None)
    clock = SystemClock()
    with open_user_profile(args, clock) as opened:
        session: Session = StudySession(
            opened.answering,
            decks,
            clock,
            opened.config,
            cram=args.cram,
            questioner=CardQuestioner(),
        )
        try:
            run_plain(session, sys.stdin, sys.stdout)
        finally:
            session.close()
    return 0


def run_study_screen(args: argparse.Namespace, deck_ids: list[str] | None) -> int:
    """Open the app on the study screen; closing it quits."""
    from quizapp.tui.app import QuizApp
    from quizapp.tui.context import AppContext
    from quizapp.tui.screens.study import StudyScreen

    ctx = AppContext(profile=args.profile, deck_dirs=list(args.decks))
    return run_app(QuizApp(ctx, start=StudyScreen(ctx, deck_ids, cram=args.cram)))


Session = StudySession[Question, Verdict]


def run_plain(session: Session, stdin: TextIO, out: TextIO) -> StudyEnd:
    """The line-mode session loop; ends at q or end of input. Returns how it ended.

    Each card is the session's, as on the study screen: the same question (same options in
    the same order), graded by the same grader, the same proposed rating (Enter takes it) and
    at the end the same summary lines. The protocol is in docs/studying.md.
    """
    return _PlainStudy(session, stdin, out).run()


class _PlainStudy:
    def __init__(self, session: Session, stdin: TextIO, out: TextIO) -> None:
        self.session = session
        self.stdin = stdin
        self.out = out

    def say(self, text: str = "") -> None:
        say(text, file=self.out)

    def ask(self, prompt: str) -> str | None:
        """One line without its line end, made safe (None at the end of input)."""
        say(prompt, end="", file=self.out)
        line = self.stdin.readline()
        if not line:
            say("", file=self.out)
            return None
        return safe_text(line.rstrip("\r\n"))

    def run(self) -> StudyEnd:
        session = self.session
        mode = "Cramming (nothing is rescheduled)" if session.cram else "Studying"
        names = ", ".join(d.id for d in session.decks)
        self.say(f"{mode} {names}: {session.remaining} cards. {HELP_LINE}.")
        while (card := session.next_card()) is not None:
            started = session.clock.monotonic()
            front = self.front(card)
            if front is None:
                break
            if isinstance(front, str):
                self.undo_or_suspend(front)
                continue
            if not self.back(front, started):
                break
        return self.finish()

    def front(self, card: StudyCard[Question]) -> Outcome[Question, Verdict] | str | None:
        """Show the card and read the answer: its Outcome, "u"/"s", or None to stop."""
        done, total = card.progress  # this card is the next to finish: done + 1
        later = f", {card.coming_back} coming back" if card.coming_back else ""
        question = card.question
        label = card_label(card.item, question)
        self.say(f"\n[{done + 1}/{total}{later}] {card.item.deck_id} · {label}")
        self.say(card.prompt)
        if question is not None:
            for option in option_lines(question):
                self.say(option)
            self.say(f"  ({HELP[question.kind]})")
        hint = card.item.card.hint
        what = "" if question is None else "answer; "
        prompt = f"({what}Enter: show answer{', ?: hint' if hint else ''}) > "
        while True:
            line = self.ask(prompt)
            if line is None:
                return None
            command = line.strip().lower()
            if command == HINT:
                self.say(f"Hint: {hint}" if hint else "No hint for this card.")
                prompt = f"({what}Enter: show answer) > "
                continue
            if command == "q":
                return None
            if command in ("u", "s"):
                return command
            text = line.strip()
            if text.startswith(ANSWER_PREFIX):  # "=s": the answer s, not the command
                text = text[len(ANSWER_PREFIX) :]
            elif question is None or (not text and question.kind != "typed"):
                return self.session.show_answer(card)
            assert question is not None
            try:
                response = parse_response(question, text)
            except ValueError as exc:
                self.say(f"  {exc}")
                continue
            return self.session.respond(card, response)

    def back(self, outcome: Outcome[Question, Verdict], started: float) -> bool:
        """Show the answer and read a rating (saved); False to stop."""
        session, card = self.session, outcome.card
        c = card.item.card
        self.say("--- answer ---")
        for shown in feedback_lines(
            outcome.correct,
            card.answer_text,
            note=outcome.note,
            explain=c.explain,
            source=c.source,
        ):
            self.say(shown)
        labels = card.preview
        self.say(
            "   ".join(
                f"{int(r)} {name}" + (f" {labels[int(r)]}" if labels else "")
                for r, name in RATING_NAMES.items()
            )
        )
        default = RATING_NAMES[outcome.default_rating]
        proposed = ", as proposed" if outcome.proposed is not None else ""
        while True:
            line = self.ask(f"rating (Enter: {default}{proposed}) > ")
            command = "q" if line is None else line.strip().lower()
            if command == "q":
                return False
            if command in ("u", "s"):
                self.undo_or_suspend(command)
                return True
            try:
                rating = to_rating(command) if command else None
            except ValueError:
                self.say(
                    "type 1-4 (or again/hard/good/easy), Enter for the proposed rating,"
                    " u to undo, s to suspend, q to quit"
                )
                continue
            duration_ms = answer_ms(started, session.clock.monotonic())
            result = session.rate(outcome, rating, duration_ms)
            if result.became_leech:
                item = card.item
                self.say(
                    f"This card has lapsed {result.state.lapses} times: it is now a leech and"
                    " has been suspended. Consider rewriting it, then bring it back with"
                    f" `quizapp unsuspend {item.deck_id}/{item.id}`."
                )
            return True

    def undo_or_suspend(self, command: str) -> None:
        if command == "u":
            item = self.session.undo()
            self.say("Undone." if item else "Nothing to undo.")
        else:
            item = self.session.suspend()
            self.say(f"Suspended {item.deck_id}/{item.id}." if item else "Nothing to suspend.")

    def finish(self) -> StudyEnd:
        end = self.session.end()
        self.say("")
        for line in summary_lines(end, self.session.clock.now(), cram=self.session.cram):
            self.say(line)
        return end


# --- stats, export, doctor ----------------------------------------------------------------


@guarded
def cmd_stats(args: argparse.Namespace) -> int:
    decks = pick_decks(discover(args.decks), args.deck)
    clock = SystemClock()
    with open_user_profile(args, clock) as opened:
        stats = collect_stats(opened.store, decks, clock.now(), opened.config)
    if args.json:
        say(json_text(stats))
    else:
        say(format_stats(stats))
    return 0


@guarded
def cmd_export_log(args: argparse.Namespace) -> int:
    with open_user_profile(args, SystemClock()) as opened:
        rows = [e for e in opened.store.log() if args.all or e.rescheduled]
    header = ["card_id", "review_rating", "review_time", "review_duration"]
    header += ["deck_id", "item_id", "mode"]

    def write(f: TextIO) -> None:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for e in rows:
            w.writerow(
                csv_row(
                    [
                        fsrs_card_id(e.deck_id, e.item_id),
                        e.rating,
                        e.reviewed_at.isoformat(),
                        e.duration_ms,
                        e.deck_id,
                        e.item_id,
                        e.mode,
                    ]
                )
            )

    if str(args.csv) == "-":
        buffer = io.StringIO()
        write(buffer)
        say(buffer.getvalue(), end="")
        return 0
    try:
        with open(args.csv, "w", encoding="utf-8", newline="") as f:
            write(f)
    except OSError as exc:
        raise Failure(f"cannot write {args.csv}: {exc.strerror or exc}") from None
    warn(f"wrote {len(rows)} reviews to {args.csv}")
    return 0


@guarded
def cmd_doctor(args: argparse.Namespace) -> int:
    deckset = discover(args.decks)
    problems = 0
    path = profile_path(args.profile)
    say(f"progress database: {path}")
    with open_user_profile(args, SystemClock()) as opened:
        check = integrity_check(opened.store)
        if check == ["ok"]:
            say("integrity check: ok")
        else:
            problems += 1
            say("integrity check FAILED:")
            for line in check[:20]:
                say(f"  {line}")
        orphans = orphaned_progress(opened.store, deckset)
    broken_ids = {b.id for b in deckset.broken if b.id}
    for deck_id, item_ids in sorted(orphans.items()):
        if deck_id in broken_ids:
            say(f"deck '{deck_id}' has progress but does not load now (kept)")
        elif deck_id not in deckset.decks:
            say(f"deck '{deck_id}' is gone: progress for {len(item_ids)} item(s) kept")
        else:
            shown = ", ".join(sorted(item_ids)[:5]) + (" ..." if len(item_ids) > 5 else "")
            say(
                f"deck '{deck_id}': {len(item_ids)} item(s) no longer in the deck,"
                f" progress kept: {shown}"
            )
    if not orphans:
        say("orphaned progress: none")
    for b in deckset.broken:
        problems += 1
        say(f"broken deck: {b.first_problem}")
    if not deckset.broken:
        say(f"decks: {len(deckset.decks)} load")
    return 1 if problems else 0
