"""Blocking helpers the screens call from their worker threads (never on the event loop)."""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.core.config import Config, ConfigError, load_config
from quizapp.core.decks.cache import load_decks_cached
from quizapp.core.decks.model import Deck
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.profiles import open_profile
from quizapp.tui.context import AppContext


def user_config() -> Config:
    """The user's config (the defaults when config.yaml cannot be read)."""
    try:
        return load_config()
    except ConfigError:
        return Config()


def open_store(ctx: AppContext, config: Config | None = None) -> Answering:
    """The profile's progress, to answer on (what sessions are given). Raises StoreError when
    it cannot be opened."""
    return open_profile(ctx.profile, ctx.clock, config=config).answering


def find_decks(ctx: AppContext, deck_ids: Sequence[str] | None) -> tuple[list[Deck], list[str]]:
    """The decks asked for (None: all) and the ids not found; loads (cached) decks when the
    context has not got them yet."""
    wanted = list(deck_ids) if deck_ids is not None else None
    if not ctx.decks.decks or any(ctx.decks.get(d) is None for d in wanted or ()):
        ctx.decks = load_decks_cached(ctx.deck_dirs)
    if wanted is None:
        return ctx.decks.sorted(), []
    found = [d for d in (ctx.decks.get(i) for i in wanted) if d is not None]
    return found, [i for i in wanted if ctx.decks.get(i) is None]
