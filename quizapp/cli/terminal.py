"""What the full-screen commands share: the terminal they need, and what a crash leaves.

`require_terminal` is the one check, called by bare `quizapp`, `quizapp study`, `quiz`
(without --plain) and `drill`: without a terminal on stdin and stdout (a pipe, /dev/null, a
cron job) they stop with a message and exit code 2 instead of drawing escape codes into a
pipe. `run_app` runs the app and, when it stopped on an unexpected exception, writes the
traceback to a crash report, names the file, and exits 1.
"""

from __future__ import annotations

import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp import __version__
from quizapp.cli.output import warn
from quizapp.core import paths

if TYPE_CHECKING:
    from quizapp.tui.app import QuizApp

EXIT_NO_TERMINAL = 2
EXIT_CRASH = 1


class NoTerminal(Exception):
    """A full-screen command started without a terminal (exit 2, with the message)."""


def has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def require_terminal(hint: str) -> None:
    """Raise NoTerminal unless stdin and stdout are a terminal; `hint` says what to do."""
    if not has_terminal():
        raise NoTerminal(f"not a terminal: {hint}")


def run_app(app: QuizApp) -> int:
    """Run `app` until it quits: its return code, or EXIT_CRASH after an unexpected error,
    once the traceback is in a crash report whose path is printed."""
    app.run()
    if app.crash_report is None:
        return app.return_code or 0
    where = write_crash_report(app.crash_report)
    if where is None:
        warn("quizapp: the app stopped on an unexpected error (a bug); no report could be saved")
        warn(app.crash_report)
    else:
        warn(
            f"quizapp: the app stopped on an unexpected error (a bug). The report is in {where};"
            " please attach it when you report the problem"
        )
    return EXIT_CRASH


def write_crash_report(traceback_text: str) -> Path | None:
    """Save a crash report (user-only) in the log folder; None when it cannot be written."""
    now = datetime.now(UTC)
    try:
        import textual

        textual_version = textual.__version__
    except (ImportError, AttributeError):  # pragma: no cover - textual is a dependency
        textual_version = "?"
    text = (
        f"quizapp {__version__} crash report, {now.isoformat(timespec='seconds')}\n"
        f"command: {' '.join(sys.argv)}\n"
        f"python {platform.python_version()}, textual {textual_version},"
        f" {platform.platform()}\n\n{traceback_text}"
    )
    try:
        folder = paths.log_dir(create=True)
        where = folder / f"crash-{now.strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}.log"
        fd = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as f:
            f.write(text)
    except OSError:
        return None
    return where
