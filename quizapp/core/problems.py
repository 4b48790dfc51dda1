"""Problems found in a user's file (a deck or config.yaml), each at a line and column.

Kept apart from the loader so that code which only reports problems does not import YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from quizapp.core.untrusted import safe_text

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """An error stops the file from loading; a warning (``severity="warning"``) does not: the
    deck loads and works, but something in it will not do what its author may expect."""

    path: str
    line: int  # 1-based
    column: int  # 1-based
    message: str
    severity: Severity = "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def __str__(self) -> str:
        """``path:line:column: [warning: ]message``, safe to show (the path and the message
        quote the user's file: see `quizapp.core.untrusted`)."""
        label = "warning: " if self.is_warning else ""
        return safe_text(f"{self.path}:{self.line}:{self.column}: {label}{self.message}")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
        if self.is_warning:
            out["severity"] = self.severity
        return out


class DeckLoadError(Exception):
    """A deck file did not load; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[Problem], deck_id: str = "") -> None:
        super().__init__(str(problems[0]) if problems else "deck did not load")
        self.problems = problems
        self.deck_id = deck_id

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]
