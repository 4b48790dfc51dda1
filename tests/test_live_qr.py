"""The QR code on the join screen: faithful half blocks, its quiet zone, dark on light always."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.color import Color

from quizapp.live.qr import QUIET_ZONE, qr_lines, qr_matrix
from quizapp.tui.widgets.qr_code import QrCode

URL = "http://192.168.100.200:8765/482913/h3k9m2qa"


def decode(lines: list[str]) -> list[list[bool]]:
    """The module rows the half blocks stand for."""
    top = {" ": False, "▀": True, "▄": False, "█": True}
    bottom = {" ": False, "▀": False, "▄": True, "█": True}
    rows: list[list[bool]] = []
    for line in lines:
        rows.append([top[c] for c in line])
        rows.append([bottom[c] for c in line])
    return rows


def test_the_half_blocks_draw_every_module_with_the_quiet_zone() -> None:
    matrix = qr_matrix(URL)
    lines = qr_lines(URL)
    assert decode(lines)[: len(matrix)] == matrix
    assert len(lines[0]) == 29 + 2 * QUIET_ZONE  # version 3: fits 80x24 with its quiet zone
    for row in matrix[:QUIET_ZONE] + matrix[-QUIET_ZONE:]:
        assert not any(row)
    for row in matrix:
        assert not any(row[:QUIET_ZONE]) and not any(row[-QUIET_ZONE:])


class QrApp(App[None]):
    def compose(self) -> ComposeResult:
        yield QrCode(URL, id="qr")


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "solarized-light"])
async def test_dark_on_light_whatever_the_theme(theme: str) -> None:
    app = QrApp()
    async with app.run_test() as pilot:
        app.theme = theme
        await pilot.pause()
        qr = app.query_one(QrCode)
        assert qr.styles.color == Color.parse("#000000")
        assert qr.styles.background == Color.parse("#ffffff")
