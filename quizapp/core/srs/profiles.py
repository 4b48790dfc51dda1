"""Opening a profile: its settings, its progress store, and what the user should be told.

The home screen, the TUI sessions and every command open a profile through `open_profile`, so
they agree on what a bad ``config.yaml`` means (the defaults, and a note), on the name check
(the whole name: ``alice\\n`` is refused) and on the notes about the store (a damaged file moved
aside, a read-only file).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.core.clock import Clock
from quizapp.core.config import Config, ConfigError
from quizapp.core.config_cache import load_config_cached
from quizapp.core.database import ClosesOnExit
from quizapp.core.srs.answering import Answering
from quizapp.core.srs.store import Store


@dataclass(slots=True)
class OpenedProfile(ClosesOnExit):
    """An open profile; close it (or use it as a context manager) when done."""

    config: Config
    store: Store  # reading: counts, statistics, the log
    answering: Answering  # the same store, answered with the config's retention (sessions)
    notes: list[str] = field(default_factory=list)  # for the user, in the order they arose

    def close(self) -> None:
        self.store.close()


def open_profile(
    profile: str,
    clock: Clock,
    *,
    config: Config | None = None,
    strict_config: bool = False,
) -> OpenedProfile:
    """Read the settings (unless `config` is given) and open the profile's store.

    A ``config.yaml`` that cannot be used gives the defaults and the note
    ``Settings ignored: ...``, or raises ConfigError with `strict_config` (the commands, which
    stop on it). Raises StoreError when the store cannot be opened (bad name, unwritable
    folder, newer schema: see `quizapp.core.database`).
    """
    notes: list[str] = []
    if config is None:
        try:
            config = load_config_cached()  # no YAML while config.yaml is unchanged
        except ConfigError as exc:
            if strict_config:
                raise
            config = Config()
            notes.append(f"Settings ignored: {exc}")
    notes += [f"warning: {w}" for w in config.warnings()]
    store = Store.open(profile, clock)
    if store.recovered_from is not None:
        notes.append(
            f"The progress database {store.path} was damaged; it was moved to"
            f" {store.recovered_from} and a fresh one was started."
        )
    if store.read_only:
        notes.append(
            f"The progress database {store.path} is read-only: progress is shown but"
            " nothing can be saved."
        )
    return OpenedProfile(config, store, Answering(store, clock, config), notes)
