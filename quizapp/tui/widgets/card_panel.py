"""The card panel the study and quiz screens share: a status line, then the card.

Layout: a status line (title, progress bar, count) over a scrolling body (what kind of card,
the prompt, the hint, the answer widget, the feedback). A screen puts it between its Header
and Footer and renders a `PanelView` into it with `show`; `ask` swaps the answer widget when a
new card comes.

The panel also runs the screen's store work, so that screens neither block the event loop
nor share a lock: `submit(job)` runs `job` on a thread of the panel's own, one job at a time
in the order submitted. A job posts its result as a message; a `StoreError` or `OSError` it
raises becomes a `WorkFailed` message (the screen tells the learner). What must happen when
the screen goes (ending the store session, closing the store, which checkpoints it) is
registered from a job with `on_close` and runs on that thread after every job already
submitted, when the panel is unmounted: dismissing the screen or quitting the app never
waits for the database, and never skips a queued answer.

Why not a Textual worker: a worker belongs to a DOM node and is cancelled when the node is
removed; a thread worker cancelled before it has started never runs. A close queued as the
screen goes (Escape, the summary replacing it, ctrl+q) would then be lost, and with it the
end of the session. The panel's thread is an ordinary executor thread, so Python waits for
it at exit.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ProgressBar, Static

from quizapp.core.practice.questions import Question
from quizapp.core.srs.store import StoreError
from quizapp.tui.messages import WorkFailed
from quizapp.tui.widgets.answer_base import AnswerWidget
from quizapp.tui.widgets.answers import answer_widget
from quizapp.tui.widgets.card_hint import CardHint
from quizapp.tui.widgets.feedback import Feedback, FeedbackView

Job = Callable[[], None]


@dataclass(frozen=True, slots=True)
class PanelView:
    """What the panel shows: the status line and the card (`feedback` once answered)."""

    title: str
    kind: str
    prompt: str
    done: int = 0  # the progress bar
    total: int = 0
    count: str = ""  # next to the bar ("3/12")
    feedback: FeedbackView | None = None  # None: the front of the card
    right: tuple[int, ...] | None = None  # with feedback: the options to mark right


class StoreThread:
    """One thread for a screen's store work: jobs in order, then the closers, then it ends."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._executor: ThreadPoolExecutor | None = None
        self._closers: list[Callable[[], None]] = []  # touched only on the thread
        self._closed = False

    def submit(self, job: Job) -> bool:
        """Queue `job`; False once closed (the screen is gone: nothing to do it for)."""
        if self._closed:
            return False
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
        self._executor.submit(job)
        return True

    def on_close(self, closer: Callable[[], None]) -> None:
        """(On the thread, from a job) run `closer` at close; the last registered runs first."""
        self._closers.append(closer)

    def close(self) -> None:
        """Run the closers after the jobs already queued, on the thread; do not wait."""
        if self._closed:
            return
        self._closed = True
        if self._executor is not None:
            self._executor.submit(self._run_closers)
            self._executor.shutdown(wait=False)

    def _run_closers(self) -> None:
        while self._closers:
            closer = self._closers.pop()
            try:
                closer()
            except StoreError:
                pass  # the answers are saved; only the session's end time is not


class CardPanel(Widget):
    """The status line and the card. Ids are `<prefix>-title`, `<prefix>-prompt`..."""

    DEFAULT_CSS = """
    CardPanel { height: 1fr; layout: vertical; }
    CardPanel > .card-status { height: 1; padding: 0 1; background: $panel; }
    CardPanel .card-title {
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        text-style: bold;
    }
    CardPanel .card-progress { width: auto; padding: 0 1; }
    CardPanel .card-progress Bar { width: 20; }
    CardPanel .card-count { width: auto; min-width: 5; color: $text-muted; }
    CardPanel > .card-body { height: 1fr; padding: 1 2 0 2; }
    CardPanel .card-kind { color: $text-muted; }
    CardPanel .card-prompt { text-style: bold; margin-bottom: 1; }
    CardPanel .card-answer { height: auto; }
    CardPanel .card-feedback { margin-top: 1; }
    """

    @dataclass
    class Crashed(Message):
        """A job failed unexpectedly (a bug): raised on the event loop, as a worker's is."""

        error: Exception

    FAILURES: ClassVar[tuple[type[Exception], ...]] = (StoreError, OSError)

    def __init__(self, prefix: str, *, title: str, loading: str) -> None:
        super().__init__(id=f"{prefix}-panel")
        self.prefix = prefix
        self._title = title
        self._loading = loading
        self._store = StoreThread(f"quizapp-{prefix}-store")

    def compose(self) -> ComposeResult:
        p = self.prefix
        with Horizontal(id=f"{p}-status", classes="card-status"):
            yield Static(self._title, id=f"{p}-title", classes="card-title", markup=False)
            yield ProgressBar(
                id=f"{p}-progress", classes="card-progress", show_eta=False, show_percentage=False
            )
            yield Static("", id=f"{p}-count", classes="card-count", markup=False)
        with VerticalScroll(id=f"{p}-body", classes="card-body"):
            yield Static(self._loading, id=f"{p}-kind", classes="card-kind", markup=False)
            yield Static("", id=f"{p}-prompt", classes="card-prompt", markup=False)
            yield CardHint(id=f"{p}-card-hint")
            yield Vertical(id=f"{p}-answer", classes="card-answer")
            yield Feedback(id=f"{p}-feedback", classes="card-feedback")

    def on_unmount(self) -> None:
        self._store.close()

    # --- the card -----------------------------------------------------------------------

    @property
    def hint(self) -> CardHint:
        return self.query_one(CardHint)

    @property
    def feedback(self) -> Feedback:
        return self.query_one(Feedback)

    def _static(self, name: str) -> Static:
        return self.query_one(f"#{self.prefix}-{name}", Static)

    async def ask(self, question: Question | None, hint: str = "") -> None:
        """A new card: its hint (hidden), no feedback, the answer widget for `question` (none
        for a plain card) focused, scrolled to the top."""
        self.hint.set_hint(hint)
        self.feedback.clear()
        holder = self.query_one(f"#{self.prefix}-answer", Vertical)
        if holder.children:
            await holder.remove_children()
        if question is not None:
            widget = answer_widget(question)
            await holder.mount(widget)
            widget.focus()
        else:
            self.screen.set_focus(None)
        self.query_one(f"#{self.prefix}-body", VerticalScroll).scroll_home(animate=False)

    def show(self, view: PanelView) -> None:
        """Render `view` (the answer widget stays: `ask` changes it)."""
        self._static("title").update(view.title)
        self.query_one(ProgressBar).update(total=max(view.total, 1), progress=view.done)
        self._static("count").update(view.count)
        self._static("kind").update(view.kind)
        self._static("prompt").update(view.prompt)
        feedback = view.feedback
        if feedback is None:
            return
        for widget in self.query(AnswerWidget):
            widget.locked = True
            if view.right is not None:
                widget.show_result(view.right)
        self.feedback.show(
            feedback.correct,
            feedback.answer,
            note=feedback.note,
            explain=feedback.explain,
            source=feedback.source,
        )
        self.screen.set_focus(None)

    def show_failure(self, text: str) -> None:
        """Nothing to show: say why, and how to leave."""
        self._static("kind").update(text)
        self._static("prompt").update("Press Escape to go back.")

    # --- store work ---------------------------------------------------------------------

    def submit(self, job: Job, *, failed: str) -> None:
        """Run `job` on the panel's store thread; a StoreError/OSError it raises is posted as
        `WorkFailed(f"{failed}: {error}")`."""

        def run() -> None:
            try:
                job()
            except self.FAILURES as exc:
                self._post(WorkFailed(f"{failed}: {exc}"))
            except Exception as exc:
                self._post(self.Crashed(exc))

        self._store.submit(run)

    def on_close(self, closer: Callable[[], None]) -> None:
        """(From a job) run `closer` on the store thread when the panel goes."""
        self._store.on_close(closer)

    def _post(self, message: Message) -> None:
        try:
            self.post_message(message)
        except RuntimeError:
            pass  # the app's loop has closed: nobody is left to tell

    def on_card_panel_crashed(self, message: Crashed) -> None:
        raise message.error
