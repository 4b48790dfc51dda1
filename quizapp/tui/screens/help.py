"""The help screen: every key of every screen, and where decks and data live."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from quizapp.core import paths
from quizapp.core.untrusted import safe_line
from quizapp.tui.context import AppContext

# (heading, keys) for each screen, in the order a learner meets them (`quizapp.tui.keys`).
Sections = Sequence[tuple[str, Sequence[BindingType]]]

EVERYWHERE = """\
## Everywhere

| Key | Action |
| --- | --- |
| ctrl+p | Command palette: study, quiz or drill any deck, switch profile, theme |
| F1 | This help |
| ctrl+q | Quit |

The mouse works too: click a row, a button or an answer.
"""

ANSWERING = """\
## Answering

- Cloze and typed cards: type the answer and press Enter. Case, accents, punctuation and
  spacing do not matter, and a small typo still counts (the right spelling is shown).
- Choice and true/false: the letter or number shown beside each answer, or click it.
- Order and match: the keys shown on the card, or the mouse.
- After a flashcard is graded, the proposed rating is highlighted: Enter accepts it,
  1-4 (Again / Hard / Good / Easy) choose another.
"""


KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "question_mark": "?",
}


def binding_rows(bindings: Sequence[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) for every described binding, keys that do the same thing on one
    row, in the order they are declared."""
    keys_for: dict[str, list[str]] = {}
    for binding in Binding.make_bindings(bindings):
        description = binding.description or binding.tooltip
        if description and not binding.system:
            key = binding.key_display or KEY_NAMES.get(binding.key, binding.key)
            keys = keys_for.setdefault(description, [])
            if key not in keys:
                keys.append(key)
    return [(", ".join(keys), description) for description, keys in keys_for.items()]


def keys_markdown(sections: Sections) -> str:
    """Markdown tables of the keys of every screen in `sections`."""
    parts = [EVERYWHERE]
    for heading, bindings in sections:
        rows = binding_rows(bindings)
        if rows:
            table = "\n".join(f"| {key} | {what} |" for key, what in rows)
            parts.append(f"## {heading}\n\n| Key | Action |\n| --- | --- |\n{table}\n")
    parts.append(ANSWERING)
    return "\n".join(parts)


def code(value: object) -> str:
    """A path or name as a Markdown code span: outside text, so made safe, and unable to
    close the span (a backtick) or a table cell (a bar)."""
    text = safe_line(str(value)).replace("`", "'").replace("|", "¦")
    return f"`{text}`"


def places_markdown(ctx: AppContext) -> str:
    extra = [str(p) for p in ctx.deck_dirs + paths.extra_deck_dirs_from_env()]
    extra_text = ", ".join(code(p) for p in extra) if extra else "none"
    return f"""\
## Where things live

| What | Where |
| --- | --- |
| Your decks | {code(paths.user_decks_dir())} |
| Bundled decks | {code(paths.bundled_decks_dir())} |
| Extra deck folders (--decks, {paths.DECKS_ENV}) | {extra_text} |
| Progress (profile {code(ctx.profile)}) | {code(paths.data_dir())} |
| Settings | {code(paths.config_file())} |
| Cache of parsed decks | {code(paths.cache_dir())} |

Check a deck with `quizapp validate FILE`; `quizapp paths` prints these folders.
"""


class HelpScreen(Screen[None]):
    """Keys and places; Escape goes back."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.pop_screen", "Back", show=False),
    ]

    def __init__(self, ctx: AppContext, sections: Sections) -> None:
        super().__init__()
        self.ctx = ctx
        self.sections = sections

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-body"):
            yield Markdown(f"# Help\n\n{keys_markdown(self.sections)}\n{places_markdown(self.ctx)}")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
