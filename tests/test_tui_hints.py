"""A card's `hint` is offered before answering: ctrl+t shows it, in study and in quizzes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.widgets.card_hint import CardHint
from tests.study_helpers import app_on
from tests.tui_helpers import isolate_decks, make_ctx

HINTED = """\
id: hinted
title: Hinted
description: Cards with and without hints.
cards:
  - id: capital
    type: typed
    question: What is the capital of Armenia?
    answer: Yerevan
    hint: It starts with a Y.
  - id: plain
    type: typed
    question: What is the capital of Azerbaijan?
    answer: Baku
"""


def ctx_for(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    isolate_decks(monkeypatch, tmp_path)
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "hinted.yaml").write_text(HINTED, encoding="utf-8")
    return make_ctx(tmp_path / "decks")


async def until(pilot: Pilot[None], check) -> None:  # type: ignore[no-untyped-def]
    for _ in range(300):
        await pilot.pause()
        if check():
            return
    raise AssertionError("timed out")


def footer_offers_hint(screen: Screen[None]) -> bool:
    return any(b.binding.action == "hint" and b.enabled for b in screen.active_bindings.values())


async def hint_flow(pilot: Pilot[None], screen: Screen[None], prompt_id: str) -> None:
    hint = screen.query_one(CardHint)
    await until(pilot, lambda: "Armenia" in str(screen.query_one(prompt_id).render()))
    assert not hint.has_class("-shown") and footer_offers_hint(screen)
    await pilot.press("ctrl+t")
    await until(pilot, lambda: hint.has_class("-shown"))
    assert "It starts with a Y." in str(hint.render())
    assert not footer_offers_hint(screen), "once shown, the hint key goes away"


async def test_study_offers_the_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ctx = ctx_for(monkeypatch, tmp_path)
    screen = StudyScreen(ctx, ["hinted"])
    async with app_on(ctx, screen).run_test(size=(80, 24)) as pilot:
        await hint_flow(pilot, screen, "#study-prompt")
        await pilot.press(*"Yerevan", "enter")
        await until(pilot, lambda: screen.phase == "back")
        await pilot.press("3")
        await until(pilot, lambda: screen.phase == "front" and screen.item.card.id == "plain")
        assert not screen.query_one(CardHint).has_class("-shown")
        assert not footer_offers_hint(screen), "a card without a hint offers none"


async def test_quiz_offers_the_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ctx = ctx_for(monkeypatch, tmp_path)
    screen = QuizScreen(ctx, "hinted", types=["typed"], seed=1)
    async with app_on(ctx, screen).run_test(size=(80, 24)) as pilot:
        prompt = "#quiz-prompt"
        await until(pilot, lambda: screen.phase == "asking")
        if "Armenia" not in str(screen.query_one(prompt).render()):
            await pilot.press(*"Baku", "enter")
            await until(pilot, lambda: screen.phase == "feedback")
            await pilot.press("enter")
        await hint_flow(pilot, screen, prompt)
