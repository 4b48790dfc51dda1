"""300 simulated students in one live room, against a bare aiohttp WebSocket echo server.

One server process, one loop (as `quizapp host` runs); the students are WebSocket clients in
this process. Measured for the live room and, in the same run on the same machine, for a
baseline server that does nothing but echo (and broadcast one fixed frame):

- join: every student connects and says hello until the room has welcomed all of them (the
  baseline: until each hello is echoed); total time and per-join p50/p99;
- broadcast: the teacher opens a question; from the server's clock just before it starts
  sending, to the last student receiving its frame (CLOCK_MONOTONIC is shared by processes);
- answer ack: every student answers at once; each measures send -> ack (p50/p99);
- memory: the server's resident memory after the students joined, minus before, per connection.

The live server saves the room to a temporary store as it goes, as `quizapp host` does.

Usage: python benchmarks/bench_live.py [--students 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# -- the server processes -----------------------------------------------------------------------


async def serve_echo() -> None:
    from aiohttp import web

    sockets: set[web.WebSocketResponse] = set()

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False)
        await ws.prepare(request)
        sockets.add(ws)
        try:
            async for msg in ws:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    await ws.send_str(msg.data)
        finally:
            sockets.discard(ws)
        return ws

    app = web.Application()
    app.router.add_get("/ws", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    frame = json.dumps({"type": "state", "room": {"phase": "question", "prompt": "x" * 200}})

    sending: set[asyncio.Task[None]] = set()

    def broadcast() -> None:
        for ws in list(sockets):
            task = asyncio.ensure_future(ws.send_str(frame))
            sending.add(task)
            task.add_done_callback(sending.discard)

    await control(f"http://127.0.0.1:{port}/ws", broadcast)
    await runner.cleanup()


async def serve_live() -> None:
    from quizapp.core.classroom.room import RoomSettings, new_room
    from quizapp.core.classroom.room_store import RoomStore
    from quizapp.core.clock import SystemClock
    from quizapp.core.decks.model import Card, Deck
    from quizapp.live.server import Limits, LiveServer

    cards = [
        Card(
            id=f"c{i}",
            type="choice",
            question=f"Question number {i}: which of these is the right one?",
            choices=(f"Right {i}", f"Wrong {i}a", f"Wrong {i}b", f"Wrong {i}c"),
            answers=(f"Right {i}",),
        )
        for i in range(20)
    ]
    deck = Deck("bench", "Benchmark deck", "Generated cards.", cards)
    settings = RoomSettings(count=20, timer=600, seed=1, scoring="speed", max_players=10_000)
    room = new_room(deck, settings, SystemClock())
    with tempfile.TemporaryDirectory() as tmp:
        store = RoomStore(Path(tmp) / "rooms.sqlite3")
        store.create(room)
        limits = Limits(join_burst=100_000, join_refill_seconds=0, max_connections=100_000)
        server = LiveServer(room, port=0, store=store, limits=limits)
        await server.start()

        def broadcast() -> None:
            if room.phase == "lobby":
                server.act(room.start)
            else:
                server.act(room.reveal)
                server.act(room.advance)
                server.act(room.advance)

        await control(server.url + "/ws", broadcast)
        await server.stop()
        store.close()


async def control(url: str, broadcast: Any) -> None:
    """Read commands on stdin: 'rss', 'broadcast', 'quit'; answer on stdout."""
    print(json.dumps({"url": url, "rss": rss_kib()}), flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
        if line == "rss":
            print(json.dumps({"rss": rss_kib()}), flush=True)
        elif line == "broadcast":
            t0 = time.monotonic()
            broadcast()
            print(json.dumps({"t0": t0}), flush=True)
        else:
            return


# -- the students ----------------------------------------------------------------------------


class Server:
    def __init__(self, kind: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--serve", kind],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        first = self.read()
        self.url: str = first["url"]
        self.rss_start: int = first["rss"]

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        data: dict[str, Any] = json.loads(self.proc.stdout.readline())
        return data

    def command(self, text: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        return self.read()

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("quit\n")
        self.proc.stdin.flush()
        self.proc.wait(timeout=30)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(round(p / 100 * (len(ordered) - 1)), len(ordered) - 1)]


async def run(kind: str, students: int, rounds: int) -> dict[str, Any]:
    server = Server(kind)
    live = kind == "live"
    out: dict[str, Any] = {}
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        sockets: list[aiohttp.ClientWebSocketResponse] = []
        join_times: list[float] = []

        async def join(i: int) -> None:
            start = time.monotonic()
            ws = await session.ws_connect(server.url, compress=0)
            hello = {"type": "hello", "v": 1, "name": f"Student {i:03d}"}
            if live:
                await ws.receive()  # the room's greeting
            await ws.send_str(json.dumps(hello))
            while True:  # live: welcome (then its state); echo: the hello back
                frame = json.loads((await ws.receive()).data)
                if frame["type"] in ("welcome", "hello"):
                    break
            if live:
                await ws.receive()
            join_times.append((time.monotonic() - start) * 1000)
            sockets.append(ws)

        t = time.monotonic()
        await asyncio.gather(*(join(i) for i in range(students)))
        out["join_total_ms"] = (time.monotonic() - t) * 1000
        out["join_p50_ms"] = pct(join_times, 50)
        out["join_p99_ms"] = pct(join_times, 99)
        await asyncio.sleep(0.5)
        rss = server.command("rss")["rss"]
        out["kib_per_connection"] = (rss - server.rss_start) / students

        broadcast_all: list[float] = []
        broadcast_p50: list[float] = []
        ack_times: list[float] = []
        for r in range(rounds):
            arrivals: list[float] = []

            async def wait_state(
                ws: aiohttp.ClientWebSocketResponse, arrivals: list[float] = arrivals
            ) -> None:
                while True:
                    frame = json.loads((await ws.receive()).data)
                    if frame["type"] == "state" and frame["room"]["phase"] == "question":
                        arrivals.append(time.monotonic())
                        return

            waiting = [asyncio.ensure_future(wait_state(ws)) for ws in sockets]
            await asyncio.sleep(0.2)
            t0 = server.command("broadcast")["t0"]
            await asyncio.gather(*waiting)
            lat = [(a - t0) * 1000 for a in arrivals]
            broadcast_all.append(max(lat))
            broadcast_p50.append(pct(lat, 50))

            async def answer(ws: aiohttp.ClientWebSocketResponse, number: int) -> None:
                message = {"type": "answer", "q": number, "response": 0}
                start = time.monotonic()
                await ws.send_str(json.dumps(message))
                while True:
                    frame = json.loads((await ws.receive()).data)
                    if frame["type"] in ("ack", "answer", "error"):
                        ack_times.append((time.monotonic() - start) * 1000)
                        return

            await asyncio.gather(*(answer(ws, r + 1) for ws in sockets))
            await asyncio.sleep(0.3)
            for ws in sockets:  # drop what the lock and reveal sent
                while True:
                    try:
                        await ws.receive(timeout=0.01)
                    except TimeoutError:
                        break
        out["broadcast_to_all_ms"] = statistics.median(broadcast_all)
        out["broadcast_p50_ms"] = statistics.median(broadcast_p50)
        out["ack_p50_ms"] = pct(ack_times, 50)
        out["ack_p99_ms"] = pct(ack_times, 99)
        for ws in sockets:
            await ws.close()
    server.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--serve", choices=("live", "echo"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve == "echo":
        asyncio.run(serve_echo())
        return
    if args.serve == "live":
        asyncio.run(serve_live())
        return
    base = asyncio.run(run("echo", args.students, args.rounds))
    live = asyncio.run(run("live", args.students, args.rounds))
    print(f"{args.students} students, {args.rounds} questions, one server process each")
    print(f"{'':28}{'echo baseline':>16}{'live room':>12}{'ratio':>8}")
    rows = [
        ("join, all students (ms)", "join_total_ms"),
        ("join p50 (ms)", "join_p50_ms"),
        ("join p99 (ms)", "join_p99_ms"),
        ("broadcast to all (ms)", "broadcast_to_all_ms"),
        ("broadcast p50 (ms)", "broadcast_p50_ms"),
        ("answer ack p50 (ms)", "ack_p50_ms"),
        ("answer ack p99 (ms)", "ack_p99_ms"),
        ("memory per connection (KiB)", "kib_per_connection"),
    ]
    for label, key in rows:
        b, v = base[key], live[key]
        ratio = f"{v / b:.1f}x" if b > 0 else "-"
        print(f"{label:28}{b:16.1f}{v:12.1f}{ratio:>8}")


if __name__ == "__main__":
    main()
