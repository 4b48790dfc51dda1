"""After an answer: ✔/✘ (with colour), the right answer, a note, the explanation and source."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static


@dataclass(frozen=True, slots=True)
class FeedbackView:
    """What `Feedback.show` shows (``correct`` None: nothing was graded)."""

    correct: bool | None
    answer: str
    note: str = ""
    explain: str = ""
    source: str = ""


class Feedback(Vertical):
    """Hidden until ``show`` is called; ``clear`` hides it again."""

    DEFAULT_CSS = """
    Feedback { height: auto; display: none; padding: 0 1; border-left: thick $panel; }
    Feedback.-shown { display: block; }
    Feedback.-right { border-left: thick $success; }
    Feedback.-wrong { border-left: thick $error; }
    Feedback > .feedback-verdict { text-style: bold; }
    Feedback.-right > .feedback-verdict { color: $text-success; }
    Feedback.-wrong > .feedback-verdict { color: $text-error; }
    Feedback > .feedback-note { color: $text-warning; }
    Feedback > .feedback-explain { color: $text; }
    Feedback > .feedback-source { color: $text-muted; text-style: italic; }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="feedback-verdict", markup=False)
        yield Static(classes="feedback-answer", markup=False)
        yield Static(classes="feedback-note", markup=False)
        yield Static(classes="feedback-explain", markup=False)
        yield Static(classes="feedback-source", markup=False)

    def show(
        self,
        correct: bool | None,
        answer: str,
        *,
        note: str = "",
        explain: str = "",
        source: str = "",
    ) -> None:
        """``correct`` None: nothing was graded (a plain flashcard): only the answer is shown."""
        verdict = {True: "✔ Right", False: "✘ Wrong", None: ""}[correct]
        label = "Answer" if correct is None else "Right answer"
        self._set("feedback-verdict", verdict)
        self._set("feedback-answer", f"{label}: {answer}" if answer else "")
        self._set("feedback-note", note)
        self._set("feedback-explain", explain)
        self._set("feedback-source", f"Source: {source}" if source else "")
        state = {True: "-right", False: "-wrong", None: ""}[correct]
        self._set_state("-shown", state)

    def clear(self) -> None:
        self._set_state()

    def _set_state(self, *classes: str) -> None:
        # One class change (restyling the children once), not one per class.
        kept = self.classes - {"-shown", "-right", "-wrong"}
        self.set_classes(kept | {c for c in classes if c})

    def _set(self, cls: str, text: str) -> None:
        w = self.query_one(f".{cls}", Static)
        w.update(text)
        w.display = bool(text)
