"""Everything the CLI and line mode print goes through here, made safe for a terminal.

Printed text quotes outside text (deck text, file names, typed answers, team names, config
values), so every string is passed through `quizapp.core.untrusted.safe_text` on its way
out: no control character or bidi override reaches the terminal or a pipe, whatever the
command. `say` prints to stdout, `warn` to stderr (both flush, for line mode's prompts),
`json_text` is JSON with those characters as JSON escapes (still the same data
for a machine). A test checks that no command module prints any other way.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from quizapp.core.untrusted import safe_json, safe_text


def say(
    *parts: object, sep: str = " ", end: str = "\n", file: SupportsWrite[str] | None = None
) -> None:
    """`print`, made safe: to stdout unless `file` is given (flushed when it can be)."""
    out = sys.stdout if file is None else file
    out.write(safe_text(sep.join(str(p) for p in parts) + end))
    flush = getattr(out, "flush", None)
    if flush is not None:
        flush()


def warn(*parts: object, sep: str = " ", end: str = "\n") -> None:
    """`print` to stderr, made safe."""
    say(*parts, sep=sep, end=end, file=sys.stderr)


def json_text(data: Any) -> str:
    """`data` as indented JSON; the characters `safe_text` escapes are JSON escapes
    (``\\u001b``), so a machine reads the same strings and a terminal shows no control."""
    return safe_json(json.dumps(data, indent=2, ensure_ascii=False))
