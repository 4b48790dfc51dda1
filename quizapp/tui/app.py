"""The Textual app: opens the home screen (or a given start screen) and navigates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from quizapp.core import config
from quizapp.tui import messages
from quizapp.tui.context import AppContext

if TYPE_CHECKING:
    from textual.command import Provider


def deck_commands() -> type[Provider]:
    """The command palette's deck commands (imported when the palette first opens)."""
    from quizapp.tui.providers import DeckCommands

    return DeckCommands


def saved_theme() -> str:
    """The theme saved in config.yaml ("" when the config cannot be read)."""
    try:
        return config.load_config().theme
    except config.ConfigError:
        return ""


class _Base(Screen[None]):
    """The blank screen under the first real one (whose CSS_PATH is only loaded when pushed).

    When the first screen closes (a `start` screen, usually), the app ends.
    """

    def __init__(self, first: Screen[Any]) -> None:
        super().__init__()
        self.first = first
        self._pushed = False

    def on_mount(self) -> None:
        self.app.push_screen(self.first)
        self._pushed = True

    def on_screen_resume(self) -> None:
        if self._pushed and self.first not in self.app.screen_stack:
            self.app.exit()


class QuizApp(App[None]):
    """quizapp's terminal app. With `start`, that screen opens first and closing it quits."""

    TITLE = "quizapp"
    COMMANDS = App.COMMANDS | {deck_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
    ]

    def __init__(self, ctx: AppContext, start: Screen[Any] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self._start = start
        self.sub_title = f"profile: {ctx.profile}"
        self._saved_theme = saved_theme()
        if self._saved_theme in self.available_themes:
            self.theme = self._saved_theme

    def get_default_screen(self) -> Screen[Any]:
        if self._start is not None:
            return _Base(self._start)
        from quizapp.tui.screens.home import HomeScreen

        return _Base(HomeScreen(self.ctx))

    def watch_theme(self, theme: str) -> None:
        if theme != self._saved_theme:
            self._saved_theme = theme
            self._save_theme(theme)

    @work(thread=True, exclusive=True, group="save-theme")
    def _save_theme(self, theme: str) -> None:
        try:
            config.set_value("theme", theme)
        except (config.ConfigError, OSError, ValueError) as exc:
            message = f"The theme was not saved: {exc}"
            self.call_from_thread(self.notify, message, severity="warning")

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.ctx))

    def action_switch_profile(self) -> None:
        from quizapp.tui.screens.profile_picker import ProfileScreen

        self.push_screen(ProfileScreen(self.ctx.profile), callback=self._switch_profile)

    def _switch_profile(self, profile: str | None) -> None:
        if not profile or profile == self.ctx.profile:
            return
        from quizapp.tui.screens.home import HomeScreen

        self.ctx.profile = profile
        self.sub_title = f"profile: {profile}"
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.action_reload()
        self.notify(f"Now studying as '{profile}'.")

    # --- routing: screens post these messages (quizapp.tui.messages); the App opens screens

    def on_open_study(self, message: messages.OpenStudy) -> None:
        from quizapp.tui.screens.study import StudyScreen

        deck_ids = None if message.deck_ids is None else list(message.deck_ids)
        self.push_screen(StudyScreen(self.ctx, deck_ids, cram=message.cram))

    def on_open_quiz(self, message: messages.OpenQuiz) -> None:
        from quizapp.tui.screens.quiz import QuizScreen

        self.push_screen(
            QuizScreen(
                self.ctx,
                message.deck_id,
                count=message.count,
                types=message.types,
                seed=message.seed,
                schedule=message.schedule,
                questions=message.questions,
            )
        )

    def on_retry_missed(self, message: messages.RetryMissed) -> None:
        from quizapp.tui.screens.quiz import QuizScreen

        screen = QuizScreen(
            self.ctx, message.deck_id, schedule=message.schedule, questions=message.questions
        )
        self.switch_screen(screen)

    def on_open_drill_setup(self, message: messages.OpenDrillSetup) -> None:
        from quizapp.tui.screens.drill_setup import DrillSetupScreen

        self.push_screen(DrillSetupScreen(self.ctx, message.deck_id))

    def on_open_host(self, message: messages.OpenHost) -> None:
        from quizapp.tui.screens.host import HostScreen

        screen = HostScreen.for_deck(self.ctx, message.deck_id, message.settings, lan=message.lan)
        self.push_screen(screen)

    def on_show_study_summary(self, message: messages.ShowStudySummary) -> None:
        from quizapp.tui.screens.study_summary import StudySummaryScreen

        self.switch_screen(StudySummaryScreen(self.ctx, message.end, cram=message.cram))

    def on_show_quiz_results(self, message: messages.ShowQuizResults) -> None:
        from quizapp.tui.screens.quiz_results import QuizResultsScreen

        screen = QuizResultsScreen(
            self.ctx, message.deck, message.results, schedule=message.schedule
        )
        self.switch_screen(screen)

    def on_open_help(self, message: messages.OpenHelp) -> None:
        self.action_help()

    def on_switch_profile(self, message: messages.SwitchProfile) -> None:
        self.action_switch_profile()
