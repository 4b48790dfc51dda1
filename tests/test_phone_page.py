"""The phone page in a real browser: Debian's Chromium driven by Playwright (never downloaded).

Five phones join, answer and see their result; one reloads mid-question and comes back as the
same player; a nickname that looks like HTML shows as text.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from live_helpers import make_room

from quizapp.live.server import Limits, LiveServer

playwright_api = pytest.importorskip("playwright.async_api")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() and shutil.which("chromium") is None,
        reason="needs Debian's chromium (apt-get install chromium)",
    ),
]


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async with playwright_api.async_playwright() as p:
        b = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            await b.close()


async def test_five_phones_join_answer_and_see_their_result(browser: Any) -> None:
    room = make_room(count=2, types=("choice",), scoring="speed")
    server = LiveServer(room, port=0, limits=Limits(join_burst=100, join_refill_seconds=0))
    await server.start()
    errors: list[str] = []
    try:
        names = ["Ana", "Ben", "Cy", "Dee", "<b>Eve</b>"]
        pages = []
        for name in names:
            context = await browser.new_context(**PHONE)
            page = await context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            await page.goto(server.url)
            await page.fill("#join-name", name)
            await page.click("#join-button")
            await page.wait_for_selector("text=You're in")
            pages.append(page)
        assert [p.name for p in room.active_players()] == names
        assert await pages[4].text_content("#bar-me") == "<b>Eve</b>"  # text, not HTML
        assert await pages[4].locator("#view b").count() == 0

        server.act(room.start)
        q = room.question
        for page in pages:
            await page.wait_for_selector(".tile")
            assert await page.text_content(".prompt") == q.prompt
            assert await page.locator(".tile").count() == len(q.options)
        # phone 1 reloads mid-question: the same player, still able to answer
        await pages[0].reload()
        await pages[0].wait_for_selector(".tile")
        assert len(room.active_players()) == 5
        right = q.correct[0]
        wrong = next(i for i in range(len(q.options)) if i != right)
        for i, page in enumerate(pages):
            letter = "abcd"[right if i < 3 else wrong]
            await page.click(f".tile.-{letter}")
            if i < 4:
                await page.wait_for_selector("text=Answer received")
        for page in pages:  # the fifth answer locks the question: everyone has answered
            await page.wait_for_selector("text=Time's up!")
            assert await page.text_content(".done p") == "Your answer is in. The answer comes next."
        server.act(room.reveal)
        for i, page in enumerate(pages):
            await page.wait_for_selector(".verdict")
            verdict = await page.text_content(".verdict")
            points = await page.text_content("#points")
            if i < 3:
                assert verdict == "✔ Right"
                assert points is not None and points.startswith("+")
            else:
                assert verdict == "✘ Wrong" and points == "0 points"
            assert "of 5" in (await page.text_content("#rank") or "")
        server.act(room.advance)
        await pages[0].wait_for_selector("text=Leaderboard")
        assert errors == []
    finally:
        await server.stop()
