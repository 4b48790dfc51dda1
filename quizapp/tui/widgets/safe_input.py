"""An Input that never holds a control character: what is pasted or set is outside text."""

from __future__ import annotations

from textual.widgets import Input

from quizapp.core.untrusted import safe_line


class SafeInput(Input):
    """`Input` whose value is made safe (quizapp.core.untrusted) however it arrives: typed,
    pasted (a paste may carry escape codes from a web page) or set by the program."""

    def validate_value(self, value: str) -> str:
        return safe_line(value)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(safe_line(text), start, end)
