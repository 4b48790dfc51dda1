"""Decoding cached cards pauses the garbage collector and leaves it as it was found."""

from __future__ import annotations

import gc

import pytest

from quizapp.core.decks.cache import BadEntry, decode_cards, encode_cards
from quizapp.core.decks.model import Card


@pytest.mark.parametrize("enabled", [True, False])
def test_decoding_leaves_the_collector_as_it_was(enabled: bool) -> None:
    cards = [Card(f"c{i}", "basic", front=f"q{i}", back=f"a{i}") for i in range(50)]
    body = encode_cards(cards)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert decode_cards(body) == cards
        assert gc.isenabled() is enabled
        with pytest.raises(BadEntry):
            decode_cards(b"not marshal")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
