"""The help screen: the keys of every screen, and where decks and data live, by section.

The sections are listed on the left (everywhere, each screen, answering, where things live);
the one for the screen help was opened from is chosen first, and its keys are shown on the
right. Typing searches every section at once (a key, or a word of what it does); ↑ ↓ choose
another section; Escape clears the search, then goes back. Paths are listed, not tabled, so a
long one wraps instead of being cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, Input, Markdown, OptionList

from quizapp.core import paths
from quizapp.core.untrusted import safe_line
from quizapp.tui.context import AppContext
from quizapp.tui.widgets.keys_footer import KeysFooter

# (heading, keys) for each screen, in the order a learner meets them (`quizapp.tui.keys`).
Sections = Sequence[tuple[str, Sequence[BindingType]]]

EVERYWHERE = """\
## Everywhere

| Key | Action |
| --- | --- |
| ctrl+p | Command palette: study, quiz, drill or host any deck, switch profile, theme |
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


def keys_table(heading: str, bindings: Sequence[BindingType]) -> str | None:
    """A screen's keys as a Markdown section (None when it has no described key)."""
    rows = binding_rows(bindings)
    if not rows:
        return None
    table = "\n".join(f"| {key} | {what} |" for key, what in rows)
    return f"## {heading}\n\n| Key | Action |\n| --- | --- |\n{table}\n"


def keys_markdown(sections: Sections) -> str:
    """Markdown tables of the keys of every screen in `sections`."""
    parts = [EVERYWHERE]
    parts += [t for heading, keys in sections if (t := keys_table(heading, keys)) is not None]
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

- **Your decks**: {code(paths.user_decks_dir())}
- **Bundled decks**: {code(paths.bundled_decks_dir())}
- **Extra deck folders** (--decks, {paths.DECKS_ENV}): {extra_text}
- **Progress** (profile {code(ctx.profile)}): {code(paths.data_dir())}
- **Settings**: {code(paths.config_file())}
- **Cache of parsed decks**: {code(paths.cache_dir())}

Check a deck with `quizapp validate FILE`; `quizapp paths` prints these folders.
"""


@dataclass(frozen=True, slots=True)
class HelpSection:
    """One entry of the help's list: its title and its text (Markdown, with its heading)."""

    title: str
    markdown: str


def help_sections(sections: Sections, ctx: AppContext) -> list[HelpSection]:
    """Everywhere, each screen with keys, answering, and where things live."""
    out = [HelpSection("Everywhere", EVERYWHERE)]
    for heading, bindings in sections:
        table = keys_table(heading, bindings)
        if table is not None:
            out.append(HelpSection(heading, table))
    out.append(HelpSection("Answering", ANSWERING))
    out.append(HelpSection("Where things live", places_markdown(ctx)))
    return out


def _blocks(markdown: str) -> list[list[str]]:
    """The Markdown's blocks (paragraphs, tables, lists), without its heading."""
    blocks: list[list[str]] = [[]]
    for line in markdown.splitlines():
        if line.startswith("## "):
            continue
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _items(block: list[str]) -> list[list[str]]:
    """A list block's items (an item's continuation lines are indented)."""
    items: list[list[str]] = []
    for line in block:
        if line.startswith("- ") or not items:
            items.append([line])
        else:
            items[-1].append(line)
    return items


def matching(markdown: str, query: str) -> str | None:
    """What of a section mentions `query` (case-insensitive): its table rows, list items and
    paragraphs that do (None when nothing does)."""
    q = query.casefold()
    kept: list[str] = []
    for block in _blocks(markdown):
        if block[0].startswith("|"):
            rows = [row for row in block[2:] if q in row.casefold()]
            if rows:
                kept.append("\n".join(block[:2] + rows))
        elif block[0].startswith("- "):
            hits = [i for i in _items(block) if q in " ".join(i).casefold()]
            if hits:
                kept.append("\n".join(line for item in hits for line in item))
        elif q in " ".join(block).casefold():
            kept.append("\n".join(block))
    return "\n\n".join(kept) if kept else None


class HelpScreen(Screen[None]):
    """Keys and places, by section; type to search them all. Escape goes back."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        # before the search box's own (unused) arrows, so that they always choose a section
        Binding("up", "move(-1)", "Section", key_display="↑↓", priority=True),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
    ]

    chosen: var[int] = var(0, init=False)
    """The section shown (an index into `self.entries`) while nothing is searched."""
    search: var[str] = var("", init=False)
    """What the search box holds."""

    def __init__(self, ctx: AppContext, sections: Sections, current: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.sections = sections
        self.entries = help_sections(sections, ctx)
        titles = [e.title for e in self.entries]
        self.set_reactive(HelpScreen.chosen, titles.index(current) if current in titles else 0)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="Search the keys and help: type a key or a word",
            id="help-search",
            compact=True,
        )
        with Horizontal(id="help-main"):
            yield OptionList(*(e.title for e in self.entries), id="help-sections")
            with VerticalScroll(id="help-body", can_focus=False):
                yield Markdown(self.entries[self.chosen].markdown, id="help-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = self.chosen
        self.query_one(Input).focus()

    # -- what is shown

    def shown_markdown(self) -> str:
        """The help shown: the chosen section, or what every section says of the search."""
        if not self.search.strip():
            return self.entries[self.chosen].markdown
        found = [
            f"## {e.title}\n\n{hit}"
            for e in self.entries
            if (hit := matching(e.markdown, self.search.strip())) is not None
        ]
        if not found:
            return f"Nothing in the help mentions “{self.search.strip()}”."
        return "\n\n".join(found)

    def _show(self) -> None:
        self.query_one("#help-text", Markdown).update(self.shown_markdown())
        self.query_one("#help-body", VerticalScroll).scroll_home(animate=False)

    def watch_chosen(self, chosen: int) -> None:
        sections = self.query_one(OptionList)
        if sections.highlighted != chosen:
            sections.highlighted = chosen
        if not self.search.strip():
            self._show()

    def watch_search(self) -> None:
        self._show()

    @on(Input.Changed, "#help-search")
    def _searched(self, event: Input.Changed) -> None:
        self.search = event.value

    @on(OptionList.OptionHighlighted, "#help-sections")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index == event.option_list.highlighted:  # not a stale message
            self.chosen = event.option_index

    @on(OptionList.OptionSelected, "#help-sections")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Choosing a section (Enter, a click) shows it, and leaves the search."""
        self.query_one(Input).value = ""
        self.chosen = event.option_index
        self._show()

    # -- keys

    def action_move(self, step: int) -> None:
        self.query_one(Input).value = ""
        self.chosen = (self.chosen + step) % len(self.entries)

    def action_page(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if step < 0:
            body.scroll_page_up()
        else:
            body.scroll_page_down()

    def action_back(self) -> None:
        """Escape: clear the search first, then go back."""
        box = self.query_one(Input)
        if box.value:
            box.value = ""
            return
        self.app.pop_screen()
