"""Everything a device sends is parsed safely: any text, any JSON (hypothesis)."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from live_helpers import make_room

from quizapp.core.classroom.nickname import (
    MAX_NICKNAME,
    REFUSED_CATEGORIES,
    NicknameError,
    nickname_key,
    normalise_nickname,
)
from quizapp.core.classroom.room import Refused, check_response
from quizapp.live.protocol import Answer, Hello, ProtocolError, parse_client

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=20,
)
ROOM = make_room(count=None, types=("choice", "multi", "truefalse", "typed", "order", "match"))


@given(st.text())
def test_any_nickname_is_either_clean_or_refused(raw: str) -> None:
    try:
        name = normalise_nickname(raw)
    except NicknameError:
        return
    assert 1 <= len(name) <= MAX_NICKNAME
    assert name == name.strip() and "  " not in name
    assert not any(unicodedata.category(c) in REFUSED_CATEGORIES for c in name)
    assert normalise_nickname(name) == name
    assert nickname_key(name) == nickname_key(name.casefold())


@given(st.text(max_size=300))
def test_any_text_is_a_message_or_a_protocol_error(text: str) -> None:
    try:
        msg = parse_client(text)
    except ProtocolError as exc:
        assert exc.code == "bad_message"
        return
    assert isinstance(msg, Hello | Answer)


@given(JSON)
def test_any_json_is_a_message_or_a_protocol_error(value: object) -> None:
    try:
        parse_client(json.dumps(value))
    except ProtocolError:
        pass


@settings(max_examples=300)
@given(JSON, st.sampled_from(range(len(ROOM.questions))))
def test_any_response_fits_the_question_or_is_refused(value: object, index: int) -> None:
    q = ROOM.questions[index]
    try:
        checked = check_response(q, value)
    except Refused as exc:
        assert exc.code == "bad_answer"
        return
    if q.kind in ("choice", "truefalse"):
        assert isinstance(checked, int) and 0 <= checked < len(q.options)
    elif q.kind == "typed":
        assert isinstance(checked, str)
    else:
        assert isinstance(checked, list)
        assert all(isinstance(i, int) and 0 <= i < len(q.options) for i in checked)
