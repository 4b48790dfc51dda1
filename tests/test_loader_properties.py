"""Property tests: whatever the text, the loader answers with a Deck or a DeckLoadError."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_loader import GOOD

from quizapp.core.decks.loader import DeckLoadError, load_deck_file, load_deck_text

BUNDLED = sorted((Path(__file__).resolve().parents[1] / "decks").glob("*.yaml"))
SAMPLES = [GOOD] + [p.read_text(encoding="utf-8") for p in BUNDLED]

YAML_BITS = st.sampled_from(
    [
        ":",
        "-",
        " ",
        "\n",
        "  ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a",
        "*a",
        "!!",
        "!x",
        "'",
        '"',
        "#",
        "|",
        ">",
        "?",
        "---",
        "...",
        "id",
        "cards",
        "type",
        "choice",
        "front",
        "{{c1::",
        "}}",
        "true",
        "~",
        "1992",
        "\t",
        "%YAML 1.1",
        "\\",
        "é",
        "\ufeff",
        "answer",
        "pairs",
        "items",
    ]
)


def check(text: str) -> None:
    try:
        load_deck_text(text, "prop.yaml")
    except DeckLoadError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.line >= 1 and p.column >= 1 and p.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_BITS, max_size=80).map("".join))
def test_yamlish_text(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SAMPLES),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 40), YAML_BITS), max_size=6),
)
def test_mutated_decks(text: str, edits: list[tuple[int, int, str]]) -> None:
    for at, cut, insert in edits:
        i = at % (len(text) + 1)
        text = text[:i] + insert + text[i + cut :]
    check(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLES), st.data())
def test_structural_mutations(text: str, data: st.DataObject) -> None:
    """Replace one value of a real deck with a value of another shape."""
    doc = yaml.safe_load(text)
    cards = doc["cards"]
    card = cards[data.draw(st.integers(0, len(cards) - 1))]
    key = data.draw(st.sampled_from(sorted(card)))
    card[key] = data.draw(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(max_size=5),
            st.lists(st.text(max_size=3), max_size=3),
            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        )
    )
    check(yaml.safe_dump(doc, allow_unicode=True))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("bytes") / "deck.yaml"
    path.write_bytes(data)
    try:
        load_deck_file(path)
    except DeckLoadError as exc:
        assert exc.problems[0].path == str(path)
