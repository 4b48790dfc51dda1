"""Ask which profile to study as (each profile has its own progress)."""

from __future__ import annotations

import re
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

PROFILE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


class ProfileScreen(ModalScreen[str | None]):
    """A small dialog: type a profile name, Enter switches, Escape cancels."""

    CSS_PATH = "profile.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="profile-dialog"):
            yield Label(f"Switch profile (now: {self.current})", id="profile-title")
            yield Input(
                placeholder="profile name, e.g. alice",
                restrict=r"[A-Za-z0-9_.-]*",
                max_length=40,
                id="profile-name",
            )
            yield Label("Enter switches · Escape cancels", id="profile-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if PROFILE_RE.match(name):
            self.dismiss(name)
        else:
            self.notify("A profile name is letters, digits, '-', '_' or '.'.", severity="error")

    def action_cancel(self) -> None:
        self.dismiss(None)
