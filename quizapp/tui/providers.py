"""Command palette commands: every home-screen action, by deck."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from quizapp.tui.app import QuizApp

Command = tuple[str, str, Callable[[], object]]


class DeckCommands(Provider):
    """Study, quiz or drill any deck; study everything; switch profile; help."""

    def commands(self) -> list[Command]:
        app = cast("QuizApp", self.app)
        out: list[Command] = [
            ("Study all decks", "Study what is due in every deck", partial(app.open_study, None)),
        ]
        decks = app.ctx.decks.sorted()
        out += [
            (
                f"Study deck… {d.title}",
                f"Study the cards due in '{d.id}'",
                partial(app.open_study, [d.id]),
            )
            for d in decks
        ]
        out += [
            (f"Quiz deck… {d.title}", f"A graded quiz on '{d.id}'", partial(app.open_quiz, d.id))
            for d in decks
        ]
        out += [
            (
                f"Drill deck… {d.title}",
                f"A classroom drill on '{d.id}'",
                partial(app.open_drill, d.id),
            )
            for d in decks
        ]
        out.append(("Switch profile…", f"Now: {app.ctx.profile}", app.action_switch_profile))
        out.append(("Help", "Every key, and where decks and data live", app.action_help))
        return out

    async def discover(self) -> Hits:
        for text, help_text, command in self.commands():
            yield DiscoveryHit(text, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self.commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)
