"""The rule for outside text stays in one place: read from the source, so that a new command
or screen cannot bypass it by accident.

- The CLI prints only through quizapp/cli/output.py (`say`, `warn`): no `print`, no write to
  sys.stdout/sys.stderr in any other module of quizapp/cli.
- In the TUI every `notify` passes markup=False, and every Static or Label built from
  anything but a literal string or a Content/Text passes markup=False (their text quotes
  decks, paths, names).
"""

from __future__ import annotations

import ast
from pathlib import Path

import quizapp

PACKAGE = Path(quizapp.__file__).parent


def calls(path: Path) -> list[ast.Call]:
    return [
        n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)
    ]


def name_of(call: ast.Call) -> str:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        base = f.value
        prefix = f"{base.id}." if isinstance(base, ast.Name) else ""
        if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
            prefix = f"{base.value.id}.{base.attr}."
        return prefix + f.attr
    return ""


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def test_the_cli_prints_only_through_the_output_helper() -> None:
    found = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        if path.name == "output.py":
            continue
        for call in calls(path):
            name = name_of(call)
            if name in ("print", "sys.stdout.write", "sys.stderr.write", "pprint"):
                found.append(f"{path.name}:{call.lineno}: {name}")
    assert found == []


def test_tui_text_from_outside_is_never_markup() -> None:
    found = []
    for path in sorted((PACKAGE / "tui").rglob("*.py")):
        for call in calls(path):
            name = name_of(call).rsplit(".", 1)[-1]
            markup = keyword(call, "markup")
            plain = isinstance(markup, ast.Constant) and markup.value is False
            passes_on = isinstance(call.func, ast.Attribute) and isinstance(
                call.func.value, ast.Call
            )
            if name == "notify" and not plain and not passes_on:  # QuizApp.notify passes it on
                found.append(f"{path.relative_to(PACKAGE)}:{call.lineno}: notify")
            if name in ("Static", "Label") and call.args and not plain:
                first = call.args[0]
                literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
                content = isinstance(first, ast.Call) and name_of(first) in ("Content", "Text")
                if not (literal or content):
                    found.append(f"{path.relative_to(PACKAGE)}:{call.lineno}: {name}")
    assert found == []
