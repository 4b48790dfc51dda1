"""The palette's Screenshot command saves into the data dir (there is no ~/Downloads here)
and a notification says where."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from tests.tui_helpers import make_app, record_notifications

SIZE = (80, 24)


async def test_screenshot_goes_to_the_data_dir_and_says_where(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "home"  # no Downloads folder in it
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    app = make_app(monkeypatch, tmp_path)
    notified = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Screenshot")
        await pilot.pause(0.3)
        await pilot.press("enter")
        folder = tmp_path / "data" / "screenshots"
        for _ in range(100):  # the palette closes, a timer fires, a thread writes the file
            await pilot.pause(0.05)
            if any("Saved to" in n for n in notified):
                break
        saved = list(folder.glob("*.svg"))
        assert len(saved) == 1 and saved[0].read_text(encoding="utf-8").startswith("<svg")
        assert f"Saved to {saved[0]}" in notified
        assert not (home / "Downloads").exists()
