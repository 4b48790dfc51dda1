"""The Textual app: opens the first screen and routes the messages screens post to navigate.

Screens never import the App or one another: they post a message (`quizapp.tui.messages`) and
a handler below opens the screen it asks for. Screens are imported when first opened, so that
start-up pays only for the home screen.
"""

from __future__ import annotations

import traceback
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from textual import constants, events, on, work
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.reactive import Initialize, Reactive
from textual.screen import Screen

from quizapp.core import paths
from quizapp.core.untrusted import safe_line, safe_text
from quizapp.tui import messages, textual_fixes
from quizapp.tui.context import AppContext
from quizapp.tui.screens.first import FirstScreen
from quizapp.tui.theme import save_theme, saved_theme

if TYPE_CHECKING:
    from textual.command import Provider


def deck_commands() -> type[Provider]:
    """The command palette's deck commands (imported when the palette first opens)."""
    from quizapp.tui.providers import DeckCommands

    return DeckCommands


def screenshot_folder() -> Path:
    """Where screenshots go: ``screenshots`` in the data dir, made if needed; the current
    folder when it cannot be."""
    folder = paths.data_dir() / "screenshots"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path.cwd()
    return folder


def _initial_theme(app: Any) -> str:
    """The theme a QuizApp starts with: the saved one, if it is known."""
    saved: str = app._saved_theme
    return saved if saved in app.available_themes else constants.DEFAULT_THEME


class QuizApp(App[None]):
    """quizapp's terminal app. With `start`, that screen opens first and closing it quits."""

    TITLE = "quizapp"
    COMMANDS = App.COMMANDS | {deck_commands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help", key_display="F1"),
    ]

    # The saved theme is the theme from the start (read while the app is built), so its CSS
    # variables are those of the first parse: setting it later would parse the stylesheet
    # again before the first frame.
    theme: Reactive[str] = Reactive(Initialize(lambda app: _initial_theme(app)))

    def __init__(self, ctx: AppContext, start: Screen[Any] | None = None) -> None:
        textual_fixes.apply()  # two leaks of Textual 8.2 (see there)
        self._saved_theme = saved_theme()
        self.ctx = ctx
        self._start = start
        self.crash_report: str | None = None  # the traceback, when an exception ended the app
        if start is None:
            from quizapp.tui.screens.home import HomeScreen

            start = HomeScreen(ctx)
        self._first: Screen[Any] = start
        # The first screen's stylesheet is read with the app's, so that the stylesheet is
        # parsed once before the first frame (not again when that screen is shown).
        css: list[str | PurePath] = list(self._first.css_path)
        super().__init__(css_path=css or None)
        self.sub_title = f"profile: {safe_line(ctx.profile)}"

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, made safe: most quote outside text (a problem, a path, an
        error). quizapp's own pass markup=False; Textual's keep their markup."""
        super().notify(
            safe_text(message),
            title=safe_text(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def _handle_exception(self, error: Exception) -> None:
        """Keep the traceback of what ends the app, for the crash report (`run_app` in the
        CLI writes it and exits non-zero); Textual then exits as it always does."""
        if self.crash_report is None:
            self.crash_report = "".join(traceback.format_exception(error))
        super()._handle_exception(error)

    def get_default_screen(self) -> Screen[Any]:
        """The home screen itself, or (with `start`) a blank screen under the start screen,
        so that closing that one quits."""
        return self._first if self._start is None else FirstScreen(self._first)

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """The palette's "Screenshot": Textual saves it in ~/Downloads, and fails when there
        is none; quizapp saves it in the data dir's ``screenshots`` folder (the current
        folder if that cannot be made) and says where (`_screenshot_saved`)."""
        if path is None:
            path = str(screenshot_folder())
        return super().deliver_screenshot(filename, path, time_format)

    @on(events.DeliveryComplete)
    def _screenshot_saved(self, event: events.DeliveryComplete) -> None:
        if event.name == "screenshot":
            event.prevent_default()  # (Textual's own note: markup around the path)
            where = f"Saved to {event.path}" if event.path else "Saved"
            self.notify(where, title="Screenshot", markup=False, timeout=8)

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == "screenshot":
            event.prevent_default()
            self.notify(
                f"The screenshot was not saved: {event.exception}",
                title="Screenshot",
                severity="error",
                markup=False,
            )

    def watch_theme(self, theme: str) -> None:
        if theme != self._saved_theme:
            self._saved_theme = theme
            self._save_theme(theme)

    @work(thread=True, exclusive=True, group="save-theme")
    def _save_theme(self, theme: str) -> None:
        problem = save_theme(theme)
        if problem is not None:
            self.call_from_thread(self.notify, problem, severity="warning", markup=False)

    def action_help(self) -> None:
        from quizapp.tui.keys import SCREEN_KEYS, section_for
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            current = section_for(self.screen)
            self.push_screen(HelpScreen(self.ctx, SCREEN_KEYS, current=current))

    def action_switch_profile(self) -> None:
        from quizapp.tui.screens.profile_picker import ProfileScreen

        self.push_screen(ProfileScreen(self.ctx.profile), callback=self._switch_profile)

    def _switch_profile(self, profile: str | None) -> None:
        from quizapp.tui.screens.home import HomeScreen

        if not profile or profile == self.ctx.profile:
            return
        self.ctx.profile = profile
        self.sub_title = f"profile: {safe_line(profile)}"
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.action_reload()
        self.notify(f"Now studying as '{profile}'.", markup=False)

    # -- routing: each message a screen (or the palette) posts opens one screen

    def on_open_study(self, message: messages.OpenStudy) -> None:
        from quizapp.tui.screens.study import StudyScreen

        deck_ids = None if message.deck_ids is None else list(message.deck_ids)
        self.push_screen(StudyScreen(self.ctx, deck_ids, cram=message.cram))

    def on_open_quiz(self, m: messages.OpenQuiz) -> None:
        from quizapp.tui.screens.quiz import QuizScreen

        self.push_screen(
            QuizScreen(
                self.ctx,
                m.deck_id,
                count=m.count,
                types=m.types,
                seed=m.seed,
                schedule=m.schedule,
                questions=m.questions,
            )
        )

    def on_retry_missed(self, m: messages.RetryMissed) -> None:
        from quizapp.tui.screens.quiz import QuizScreen

        self.switch_screen(
            QuizScreen(self.ctx, m.deck_id, schedule=m.schedule, questions=m.questions)
        )

    def on_open_drill_setup(self, message: messages.OpenDrillSetup) -> None:
        from quizapp.tui.screens.drill_setup import DrillSetupScreen

        self.push_screen(DrillSetupScreen(self.ctx, message.deck_id))

    def on_open_drill(self, message: messages.OpenDrill) -> None:
        from quizapp.tui.screens.drill import DrillScreen

        self.switch_screen(DrillScreen(self.ctx, message.drill, message.store))

    def on_open_host(self, message: messages.OpenHost) -> None:
        from quizapp.tui.screens.host import HostScreen

        screen = HostScreen.for_deck(self.ctx, message.deck_id, message.settings, lan=message.lan)
        self.push_screen(screen)

    def on_show_study_summary(self, message: messages.ShowStudySummary) -> None:
        from quizapp.tui.screens.study_summary import StudySummaryScreen

        self.switch_screen(StudySummaryScreen(self.ctx, message.end, cram=message.cram))

    def on_show_quiz_results(self, m: messages.ShowQuizResults) -> None:
        from quizapp.tui.screens.quiz_results import QuizResultsScreen

        self.switch_screen(QuizResultsScreen(self.ctx, m.deck, m.results, schedule=m.schedule))

    def on_open_help(self, message: messages.OpenHelp) -> None:
        self.action_help()

    def on_switch_profile(self, message: messages.SwitchProfile) -> None:
        self.action_switch_profile()
