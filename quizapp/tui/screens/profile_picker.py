"""Ask which profile to study as (each profile has its own progress)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from quizapp.core.srs.store import PROFILE_RE, profile_path
from quizapp.core.untrusted import safe_line
from quizapp.tui.widgets.safe_input import SafeInput


class ProfileScreen(ModalScreen[str | None]):
    """A small dialog: type a profile name (a new one starts empty), Enter switches."""

    CSS_PATH = "profile_picker.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    @dataclass
    class Known(Message):
        """The profiles that have progress on disk, by name."""

        names: list[str]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="profile-dialog"):
            yield Label(
                f"Switch profile (now: {safe_line(self.current)})", id="profile-title", markup=False
            )
            yield SafeInput(
                placeholder="profile name, e.g. alice",
                restrict=r"[A-Za-z0-9_.-]*",
                max_length=64,
                id="profile-name",
            )
            yield Label("", id="profile-known", markup=False)  # file names: outside text
            yield Label("Enter switches · Escape cancels", id="profile-hint")

    def on_mount(self) -> None:
        self._find_profiles()

    @work(thread=True)
    def _find_profiles(self) -> None:
        """List the profile files (a folder listing: off the event loop, and off the DOM)."""
        folder = profile_path(self.current).parent
        names = sorted(p.stem for p in folder.glob("*.sqlite3")) if folder.is_dir() else []
        self.post_message(self.Known(names))

    def on_profile_screen_known(self, message: Known) -> None:
        if message.names:
            text = "Known profiles: " + ", ".join(safe_line(n) for n in message.names)
            self.query_one("#profile-known", Label).update(text)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if PROFILE_RE.match(name):
            self.dismiss(name)
        else:
            self.notify(
                "A profile name is letters, digits, '-', '_' or '.'.",
                severity="error",
                markup=False,
            )

    def action_cancel(self) -> None:
        self.dismiss(None)
