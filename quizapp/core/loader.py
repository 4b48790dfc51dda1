"""Deck loading and validation (being written: interface only)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizapp.core.model import Deck


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class DeckLoadError(Exception):
    def __init__(self, problems: list[Problem], deck_id: str = "") -> None:
        super().__init__(str(problems[0]) if problems else "deck did not load")
        self.problems = problems
        self.deck_id = deck_id

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


def load_deck_file(path: Path) -> Deck:
    raise NotImplementedError


def validate_file(path: Path) -> list[Problem]:
    raise NotImplementedError
