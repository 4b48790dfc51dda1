"""Line mode's shared text: a question as plain lines, how to answer it, the feedback.

Used by `quizapp quiz --plain` and `quizapp study --plain`, so a question reads the same in
both (and as the screens show it: the same options in the same order, lettered the same).
Nothing here imports Textual: line mode starts fast and runs without a terminal.
"""

from __future__ import annotations

from quizapp.core.practice.questions import LETTERS, Question

HINT = "?"
HELP = {
    "choice": "Answer with a letter.",
    "multi": "Select all that apply: type every right letter, e.g. A C.",
    "truefalse": "Answer t (true) or f (false).",
    "order": "Type the numbers in the right order, e.g. 3 1 2.",
    "match": "Pair each letter with a number, e.g. A2 B1.",
    "typed": "Type your answer.",
}


def option_lines(question: Question) -> list[str]:
    """The options as indented lines: lettered choices, numbered items, or both for match."""
    if question.kind in ("choice", "multi", "truefalse"):
        return [f"  {LETTERS[i]}) {opt}" for i, opt in enumerate(question.options)]
    if question.kind == "order":
        return [f"  {i + 1}. {opt}" for i, opt in enumerate(question.options)]
    if question.kind == "match":
        lines = [f"  {LETTERS[i]}. {left}" for i, left in enumerate(question.lefts)]
        lines.append("  with")
        return lines + [f"  {i + 1}. {opt}" for i, opt in enumerate(question.options)]
    return []


def format_question(question: Question, number: int, total: int) -> str:
    """A quiz question as lines of plain text, with how to answer it."""
    lines = [f"[{number}/{total}] {question.prompt}", *option_lines(question)]
    hint = f" {HINT} for a hint." if question.hint else ""
    lines.append(f"  ({HELP[question.kind]}{hint})")
    return "\n".join(lines)


def feedback_lines(
    correct: bool | None, answer: str, *, note: str = "", explain: str = "", source: str = ""
) -> list[str]:
    """After an answer, what the screens' feedback panel shows, line by line."""
    lines: list[str] = []
    if correct is not None:
        lines.append("✔ Right" if correct else "✘ Wrong")
    if answer:
        lines.append(f"{'Answer' if correct is None else 'Right answer'}: {answer}")
    if note:
        lines.append(note)
    if explain.strip():
        lines.append(explain.strip())
    if source:
        lines.append(f"Source: {source}")
    return lines
