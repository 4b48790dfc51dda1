"""Two leaks of Textual 8.2, worked around until Textual fixes them (applied by `quizapp.tui.app`).

Both keep what every shown card builds alive for the rest of the run. A study session of a few
hundred cards then holds tens of thousands of objects more with each card, and the garbage
collector's full passes over them (every few cards, 50-100 ms and growing) were the slow key
presses of issue 11 (bench_keypress --library: p95).

- Textualize/textual#6666: each time a screen's keys change (on every card: front, then back)
  the Footer rebuilds its keys, and each new key binds itself to the Footer's `compact`
  reactive. The binding stays on the Footer until `compact` changes, which it never does, so
  every key ever built stays alive. Here the Footer forgets the keys it removed when it
  rebuilds.
- Textualize/textual#6665: `StylesCache.get_inner_outer`, an `lru_cache` on a method, keeps
  the last 1,024 widgets' style caches (and all the lines they rendered) alive, keyed by the
  cache object although its result depends on two colours only. Here it is cached by the two
  colours alone.

Each fix checks that Textual still has the shape it fixes, and otherwise does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

_applied = False


def apply() -> None:
    """Apply both fixes (once)."""
    global _applied
    if not _applied:
        _applied = True
        _footer_forgets_removed_keys()
        _inner_outer_by_colours()


def _footer_forgets_removed_keys() -> None:
    from textual.widgets import Footer

    rebuild = Footer.recompose

    async def recompose(self: Footer) -> None:
        await rebuild(self)
        # Textual's own store of the watchers of this node's reactives; `compact`'s holds
        # (key, setter) for every key bound to it, removed or not.
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, call) for node, call in watchers if node.is_attached]

    Footer.recompose = recompose  # type: ignore[method-assign,assignment]


def _inner_outer_by_colours() -> None:
    from textual import _styles_cache

    cached = getattr(_styles_cache.StylesCache, "get_inner_outer", None)
    body: Callable[..., Any] | None = getattr(cached, "__wrapped__", None)
    if body is None or not hasattr(cached, "cache_clear"):
        return  # not the lru_cache this fixes

    @lru_cache(1024)
    def by_colours(base_background: Any, background: Any) -> Any:
        return body(None, base_background, background)  # (its first argument is unused)

    def get_inner_outer(self: Any, base_background: Any, background: Any) -> Any:
        return by_colours(base_background, background)

    _styles_cache.StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign,assignment]
