"""Command palette commands: every home-screen action, by deck. Each posts the message the
App routes (as the screens do), so the palette knows no screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape
from textual.message import Message

from quizapp.tui.context import AppContext
from quizapp.tui.messages import (
    OpenDrillSetup,
    OpenHelp,
    OpenHost,
    OpenQuiz,
    OpenStudy,
    SwitchProfile,
)

Command = tuple[str, str, Callable[[], object]]


class _HasContext(Protocol):
    ctx: AppContext


class DeckCommands(Provider):
    """Study, quiz, drill or host any deck; study everything; switch profile; help."""

    def _post(self, make: Callable[[], Message]) -> Callable[[], object]:
        return lambda: self.app.post_message(make())

    def commands(self) -> list[Command]:
        ctx = cast(_HasContext, self.app).ctx
        post = self._post
        out: list[Command] = [
            ("Study all decks", "Study what is due in every deck", post(partial(OpenStudy, None))),
        ]
        decks = ctx.decks.sorted()
        for d in decks:
            out.append(
                (
                    f"Study deck… {d.title}",
                    f"Study the cards due in '{d.id}'",
                    post(partial(OpenStudy, [d.id])),
                )
            )
        for d in decks:
            out.append(
                (
                    f"Quiz deck… {d.title}",
                    f"A graded quiz on '{d.id}'",
                    post(partial(OpenQuiz, d.id)),
                )
            )
        for d in decks:
            out.append(
                (
                    f"Drill deck… {d.title}",
                    f"A classroom drill on '{d.id}'",
                    post(partial(OpenDrillSetup, d.id)),
                )
            )
        for d in decks:
            out.append(
                (
                    f"Host deck… {d.title}",
                    f"A live room on '{d.id}': students answer from their own devices",
                    post(partial(OpenHost, d.id)),
                )
            )
        out.append(("Switch profile…", f"Now: {ctx.profile}", post(SwitchProfile)))
        out.append(("Help", "Every key, and where decks and data live", post(OpenHelp)))
        return out

    async def discover(self) -> Hits:
        for text, help_text, command in self.commands():
            yield DiscoveryHit(Content(text), command, text=text, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self.commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score, highlight(matcher, text), command, text=text, help=escape(help_text)
                )


def highlight(matcher: Matcher, text: str) -> Content:
    """`text` with the letters the query matched highlighted, as `Matcher.highlight` does,
    but never read as markup: a deck title is data. (The palette reads a hit's help as
    markup, so help is escaped.)"""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
