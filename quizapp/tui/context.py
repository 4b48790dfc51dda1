"""What every screen needs: who is studying, where decks are, and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizapp.core.clock import Clock, SystemClock
from quizapp.core.decks.discovery import DeckSet


@dataclass
class AppContext:
    profile: str = "default"
    deck_dirs: list[Path] = field(default_factory=list)  # from --decks
    clock: Clock = field(default_factory=SystemClock)
    decks: DeckSet = field(default_factory=DeckSet)  # filled by the home screen's loader worker
