"""The live server with real WebSocket clients on a real port (port 0), the room on a fake clock."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from live_helpers import Student, fake_clock, make_room, right_response, wrong_response

from quizapp.core.classroom.room import Room
from quizapp.core.classroom.room_store import RoomStore
from quizapp.core.clock import FakeClock
from quizapp.live import protocol
from quizapp.live.server import Limits, LiveServer

MANY = Limits(join_burst=1000, join_refill_seconds=0.0)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


async def serve(room: Room, limits: Limits = MANY, store: RoomStore | None = None) -> LiveServer:
    server = LiveServer(room, port=0, limits=limits, store=store, tick=0.01)
    await server.start()
    return server


async def connect(session: aiohttp.ClientSession, server: LiveServer, **headers: str) -> Student:
    ws = await session.ws_connect(server.url + "/ws", headers=headers or None)
    student = Student(ws)
    first = await student.recv()
    assert first["type"] == "room" and first["room"]["code"] == server.room.code
    return student


async def join(
    session: aiohttp.ClientSession, server: LiveServer, name: str, team: str | None = None
) -> Student:
    student = await connect(session, server)
    await student.send(type="hello", v=1, name=name, team=team)
    welcome = await student.recv()
    assert welcome["type"] == "welcome", welcome
    student.token, student.name = welcome["resume"], welcome["player"]["name"]
    state = await student.recv()
    assert state["type"] == "state"
    return student


def clock_of(room: Room) -> FakeClock:
    assert isinstance(room.clock, FakeClock)
    return room.clock


async def test_thirty_students_join_answer_resume_and_see_their_results(
    session: aiohttp.ClientSession,
) -> None:
    room = make_room(count=3, types=("choice", "typed"), scoring="speed", timer=30)
    clock = clock_of(room)
    server = await serve(room)
    try:
        students = [await join(session, server, f"Student {i:02d}") for i in range(1, 31)]
        assert len(room.active_players()) == 30 and server.connected_count() == 30
        assert server.act(room.start) is None
        question = room.question
        for s in students:
            frame = await s.until(type="state")
            assert frame["room"]["phase"] == "question" and frame["you"]["can_answer"]
            assert frame["room"]["options"] == list(question.options)

        # student 30 loses the connection mid-question and comes back with its token
        dropped = students[29]
        await dropped.ws.close()
        clock.advance(2)
        for i, s in enumerate(students[:29]):
            response = right_response(question) if i % 2 == 0 else wrong_response(question)
            await s.send(type="answer", q=1, response=response)
            ack = await s.until(type="ack")
            assert ack == {"type": "ack", "q": 1, "seconds": 2.0}
        assert room.phase == "question"  # the dropped student has not answered yet
        back = await connect(session, server)
        await back.send(type="hello", v=1, resume=dropped.token)
        welcome = await back.recv()
        assert welcome["type"] == "welcome" and welcome["player"]["name"] == "Student 30"
        state = await back.until(type="state")
        assert state["room"]["phase"] == "question" and state["you"]["can_answer"]
        assert state["room"]["remaining"] == 28.0
        students[29] = back

        # a second answer, then the last one: everyone has answered, the question locks
        await students[0].send(type="answer", q=1, response=wrong_response(question))
        again = await students[0].until(type="error")
        assert again["code"] == "already_answered"
        await back.send(type="answer", q=1, response=right_response(question))
        assert (await back.until(type="ack"))["seconds"] == 2.0
        for s in students:
            assert (await s.until(type="state"))["room"]["phase"] == "locked"

        assert server.act(room.reveal) is None
        for i, s in enumerate(students):
            reveal = await s.until(type="state")
            assert reveal["room"]["phase"] == "reveal"
            you = reveal["you"]
            right = i % 2 == 0 or i == 29
            assert you["right"] is right
            assert you["points"] == (967 if right else 0)  # Kahoot: 2 s of 30 s
            assert you["rank"] == (1 if right else 17)
            assert you["of"] == 30
        assert reveal["room"]["correct"] == list(question.correct)
        assert sum(reveal["room"]["counts"]) == 30
    finally:
        await server.stop()


async def test_a_late_joiner_waits_for_the_next_question_unless_the_door_is_closed(
    session: aiohttp.ClientSession,
) -> None:
    room = make_room(count=2, types=("choice",))
    server = await serve(room)
    try:
        first = await join(session, server, "First")
        server.act(room.start)
        await first.until(type="state")
        late = await join(session, server, "Late")
        assert late.frames[-1]["you"] == {
            "id": 2,
            "name": "Late",
            "team": "",
            "eligible": False,
            "answered": False,
            "can_answer": False,
        }
        await late.send(type="answer", q=1, response=right_response(room.question))
        assert (await late.until(type="error"))["code"] == "not_eligible"
        await first.send(type="answer", q=1, response=right_response(room.question))
        await late.until(type="state", room__phase="locked")  # only First was waited for
        server.act(room.reveal)
        server.act(room.advance)
        server.act(room.advance)
        frame = await late.until(type="state", room__phase="question")
        assert frame["you"]["can_answer"] and frame["room"]["number"] == 2
        server.act(lambda: room.set_late_join(False))
        refused = await connect(session, server)
        await refused.send(type="hello", v=1, name="Later")
        answer = await refused.recv()
        assert answer["type"] == "refused" and answer["code"] == "late_join_off"
    finally:
        await server.stop()


async def test_duplicate_and_hostile_nicknames(session: aiohttp.ClientSession) -> None:
    room = make_room()
    server = await serve(room)
    try:
        await join(session, server, "Ana")
        device = await connect(session, server)
        for name, code in [
            ("ANA", "name_taken"),
            ("  ana  ", "name_taken"),
            ("Ａｎａ", "name_taken"),  # full-width letters are the same name
            ("\x1b[2J\x1b]0;pwned\x07", "name_invalid"),
            ("bidi\u202etxt", "name_invalid"),
            ("x" * 17, "name_invalid"),
            ("", "name_invalid"),
            (None, "name_invalid"),
            (["a"], "name_invalid"),
        ]:
            await device.send(type="hello", v=1, name=name)
            frame = await device.recv()
            assert (frame["type"], frame["code"]) == ("refused", code), name
        for hostile in ("[@click=app.bel]", "<img src=x>", "[/]"):
            s = await join(session, server, hostile)
            assert s.name == hostile  # kept as text: the screens never parse it
    finally:
        await server.stop()


async def test_malformed_oversized_and_binary_messages(session: aiohttp.ClientSession) -> None:
    room = make_room()
    server = await serve(room, Limits(join_burst=1000, join_refill_seconds=0, max_errors=5))
    try:
        other = await join(session, server, "Other")
        s = await connect(session, server)
        for raw in ("not json", "[1, 2]", '{"type": "dance"}', '{"type": "hello"}'):
            await s.ws.send_str(raw)
            frame = await s.recv()
            assert (frame["type"], frame["code"]) == ("error", "bad_message"), raw
        await s.ws.send_bytes(b"\x00\x01")
        assert (await s.recv())["code"] == "bad_message"
        closed = await s.ws.receive()  # the fifth bad message closes the connection
        assert closed.type == aiohttp.WSMsgType.CLOSE
        assert s.ws.close_code == protocol.CLOSE_TOO_MANY_ERRORS

        big = await connect(session, server)
        await big.ws.send_str(json.dumps({"type": "hello", "v": 1, "name": "x" * 5000}))
        msg = await big.ws.receive()
        assert msg.type == aiohttp.WSMsgType.CLOSE and big.ws.close_code == 1009

        nested = await connect(session, server)
        await nested.ws.send_str("[" * 1000 + "]" * 1000)
        assert (await nested.recv())["code"] == "bad_message"

        # the room is still there for everyone else
        server.act(room.start)
        assert (await other.until(type="state"))["room"]["phase"] == "question"
    finally:
        await server.stop()


async def test_a_wrong_code_or_key_finds_no_room_and_files_come_from_explicit_routes(
    session: aiohttp.ClientSession,
) -> None:
    room = make_room()
    server = await serve(room)
    base = server.base_url
    try:
        async with session.get(server.url) as page:
            assert page.status == 200
            assert page.content_type == "text/html"
            assert "script-src 'self'" in page.headers["Content-Security-Policy"]
            assert page.headers["Referrer-Policy"] == "no-referrer"
            assert 'src="/static/room.js"' in await page.text()
        for path in (
            f"/999999/{room.key}",
            f"/{room.code}/wrongkey",
            f"/{room.code}",
            "/static/room.html",
            "/static/../server.py",
            "/static/%2e%2e/server.py",
            "/static/",
        ):
            async with session.get(base + path) as response:
                assert response.status == 404, path
        async with session.get(base + "/static/room.js") as js:
            assert js.status == 200 and js.content_type == "application/javascript"
            assert "innerHTML" not in await js.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as wrong:
            await session.ws_connect(f"{base}/999999/{room.key}/ws")
        assert wrong.value.status == 404
        with pytest.raises(aiohttp.WSServerHandshakeError) as foreign:
            await session.ws_connect(server.url + "/ws", headers={"Origin": "http://evil.test"})
        assert foreign.value.status == 403
    finally:
        await server.stop()


async def test_joins_are_rate_limited_per_address_and_the_room_has_a_cap(
    session: aiohttp.ClientSession,
) -> None:
    room = make_room(max_players=2)
    server = await serve(room, Limits(join_burst=3, join_refill_seconds=60))
    try:
        await join(session, server, "a")
        await join(session, server, "b")
        third = await connect(session, server)
        await third.send(type="hello", v=1, name="c")
        assert (await third.recv())["code"] == "room_full"
        with pytest.raises(aiohttp.WSServerHandshakeError) as limited:
            await session.ws_connect(server.url + "/ws")
        assert limited.value.status == 429
    finally:
        await server.stop()


async def test_answers_after_the_deadline_or_while_paused_are_refused(
    session: aiohttp.ClientSession,
) -> None:
    room = make_room(count=2, types=("choice",), timer=20)
    clock = clock_of(room)
    server = await serve(room)
    try:
        a, b = await join(session, server, "a"), await join(session, server, "b")
        server.act(room.start)
        await a.until(type="state")
        server.act(room.pause)
        paused = await a.until(type="state")
        assert paused["room"]["paused"] and not paused["you"]["can_answer"]
        await a.send(type="answer", q=1, response=right_response(room.question))
        assert (await a.until(type="error"))["code"] == "paused"
        server.act(room.resume_question)
        await a.until(type="state")
        await a.send(type="answer", q=1, response=right_response(room.question))
        await a.until(type="ack")
        clock.advance(20)
        await b.until(type="state", room__phase="locked")  # the server's own timer locked it
        await b.send(type="answer", q=1, response=right_response(room.question))
        assert (await b.until(type="error"))["code"] == "too_late"
        await b.send(type="answer", q=2, response=0)
        assert (await b.until(type="error"))["code"] == "not_open"
    finally:
        await server.stop()


async def test_no_frame_before_the_reveal_holds_the_right_answer(
    session: aiohttp.ClientSession,
) -> None:
    room = make_room(count=None, types=("typed", "choice"), scoring="speed")
    server = await serve(room)
    try:
        students = [await join(session, server, n) for n in ("a", "b", "c")]
        server.act(room.start)
        for _ in range(room.total):
            q, n = room.question, room.number
            before: list[dict[str, Any]] = []
            for s in students:  # from the question on (earlier reveals may show answers)
                before.append(await s.until(type="state", room__phase="question", room__number=n))
            clock_of(room).advance(1)
            await students[0].send(type="answer", q=n, response=right_response(q))
            await students[1].send(type="answer", q=n, response=wrong_response(q))
            for s in students[:2]:
                before += await s.collect(type="ack")
            server.act(room.lock)
            for s in students:
                before += await s.collect(type="state", room__phase="locked")
            text = json.dumps(before, ensure_ascii=False)
            for key in ('"correct"', '"answer_text"', '"explain"', '"accepted"', '"right"'):
                assert key not in text, (q.prompt, key)
            assert q.item.id not in text
            if q.kind == "typed":  # not even to the student who typed it
                for accepted in q.accepted:
                    assert accepted not in text, (q.prompt, accepted)
            if q.explain:
                assert q.explain not in text
            acks = [f for f in before if f["type"] == "ack"]
            assert {tuple(sorted(f)) for f in acks} == {("q", "seconds", "type")}
            server.act(room.reveal)
            reveal = await students[2].until(type="state")
            assert reveal["room"]["answer_text"] == q.answer_text
            server.act(room.advance)
            server.act(room.advance)
    finally:
        await server.stop()


async def test_the_teacher_removes_a_player(session: aiohttp.ClientSession) -> None:
    room = make_room()
    server = await serve(room)
    try:
        rude = await join(session, server, "Rude")
        assert server.remove(room.players[1].id) is None
        frame = await rude.until(type="removed")
        assert "removed" in frame["message"]
        msg = await rude.ws.receive()
        assert msg.type == aiohttp.WSMsgType.CLOSE and rude.ws.close_code == protocol.CLOSE_REMOVED
        again = await connect(session, server)
        await again.send(type="hello", v=1, resume=rude.token)
        assert (await again.recv())["code"] == "bad_resume"
        assert room.active_players() == []
    finally:
        await server.stop()


async def test_the_same_player_on_a_second_device_replaces_the_first(
    session: aiohttp.ClientSession,
) -> None:
    room = make_room()
    server = await serve(room)
    try:
        first = await join(session, server, "Ana")
        second = await connect(session, server)
        await second.send(type="hello", v=1, resume=first.token)
        assert (await second.recv())["type"] == "welcome"
        msg = await first.ws.receive()
        assert msg.type == aiohttp.WSMsgType.CLOSE
        assert first.ws.close_code == protocol.CLOSE_REPLACED
        assert server.connected_count() == 1
    finally:
        await server.stop()


async def test_an_old_protocol_version_is_told_to_reload(session: aiohttp.ClientSession) -> None:
    server = await serve(make_room())
    try:
        s = await connect(session, server)
        await s.send(type="hello", v=99, name="Ana")
        assert (await s.recv())["code"] == "version"
        await s.ws.receive()
        assert s.ws.close_code == protocol.CLOSE_VERSION
    finally:
        await server.stop()


async def test_a_crashed_room_resumes_from_the_store_and_devices_come_back(
    session: aiohttp.ClientSession,
) -> None:
    room = make_room(count=2, types=("choice",))
    store = RoomStore.open()
    store.create(room)
    server = await serve(room, store=store)
    a = await join(session, server, "a")
    b = await join(session, server, "b")
    server.act(room.start)
    await a.until(type="state")
    await a.send(type="answer", q=1, response=right_response(room.question))
    await a.until(type="ack")
    await server.stop()  # what a crash leaves: the last save (stop also saves)
    assert room.id is not None

    back = store.load(room.id, fake_clock())
    assert back.phase == "question" and back.paused  # an open question comes back paused
    assert back.answer_of(1) is not None
    server = await serve(back, store=store)
    try:
        b2 = await connect(session, server)
        await b2.send(type="hello", v=1, resume=b.token)
        assert (await b2.recv())["player"]["name"] == "b"
        state = await b2.until(type="state")
        assert state["room"]["paused"] and not state["you"]["can_answer"]
        server.act(back.resume_question)
        assert (await b2.until(type="state"))["you"]["can_answer"]
        await b2.send(type="answer", q=1, response=wrong_response(back.question))
        await b2.until(type="ack")
        assert back.phase == "locked"
    finally:
        await server.stop()
        store.close()
    with RoomStore.open() as fresh:
        saved = fresh.load(room.id, fake_clock())
    assert saved.phase == "locked" and len(saved.state.answers) == 2
