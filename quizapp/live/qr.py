"""The room's address as a QR code drawn with half blocks (two modules per character cell).

`qr_lines` gives plain text: the caller draws it dark on light whatever its theme (a QR code
needs dark modules on a light ground to scan), with the quiet zone included.
"""

from __future__ import annotations

import segno

QUIET_ZONE = 4  # modules of light border the QR standard asks for


def qr_matrix(text: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """The QR code's modules (True = dark), the quiet zone included: the smallest version,
    with the strongest error correction that fits it."""
    code = segno.make(text, error="l", micro=False, boost_error=True)
    return [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=border)]


def qr_lines(text: str, border: int = QUIET_ZONE) -> list[str]:
    """The QR code of `text` as lines of ' ▀▄█' (a character's top half is one module row,
    its bottom half the next; '█' is dark over dark)."""
    rows = qr_matrix(text, border)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    out: list[str] = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        out.append("".join(_CELL[(t, b)] for t, b in zip(top, bottom, strict=True)))
    return out


_CELL = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
