"""The live room's web server: the phone page and one WebSocket per device, on the caller's loop.

`LiveServer` wraps a core `Room`. It starts with `await server.start()` on whatever asyncio
loop is running (Textual's, in the app: no thread, no second loop) through aiohttp's
`AppRunner`/`TCPSite`, and stops with `await server.stop()`.

Everything a device sends is handled synchronously on the loop as it arrives: the message is
validated (`protocol.parse_client`), then the room decides (`Room.join`, `Room.answer`...), so
an answer's time is taken on receipt and two messages never interleave. The teacher's actions
come through `act`. After every change the server sends each device its `state` frame when the
room moved, tells its listeners (the host screen) and saves the room (at most every
`SAVE_INTERVAL` seconds, in a worker thread).

Security: the page and the WebSocket answer only at ``/CODE/KEY`` (both compared in constant
time); static files come from explicit routes, read once from the package; a message is at most
`MAX_MESSAGE_BYTES`; new connections are rate-limited per address; a connection that keeps
sending bad messages is closed; every response carries a strict Content-Security-Policy and no
referrer (the address holds the key).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from aiohttp import WSMsgType, web

from quizapp.core.classroom.room import Player, Refused, Room, RoomError
from quizapp.core.classroom.room_store import RoomStore, snapshot
from quizapp.live import protocol
from quizapp.live.netinfo import DEFAULT_PORT, LOCAL_HOST
from quizapp.live.protocol import Answer, Hello, ProtocolError

log = logging.getLogger(__name__)
logging.getLogger("aiohttp").addHandler(logging.NullHandler())

TICK_SECONDS = 0.1
CHECKPOINT_SECONDS = 5.0  # an open question's time is saved this often (for crash recovery)
SAVE_INTERVAL = 0.5  # at most two saves a second; a crash loses at most this much
SAVE_DELAY = 0.05  # a change is saved this long after it happened, once its frames are sent
HEARTBEAT_SECONDS = 20.0
MAX_OUTBOX = 256  # frames queued for one device before it is dropped as too slow

STATIC_FILES = {
    "room.js": "application/javascript",
    "room.css": "text/css",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
ROOT_PAGE = (
    "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>"
    "<title>quizapp</title><p>Open the full address shown on the teacher's screen"
    " (or scan its QR code).</p>"
)


@dataclass(frozen=True, slots=True)
class Limits:
    """What one address and one connection may do."""

    max_message_bytes: int = protocol.MAX_MESSAGE_BYTES
    join_burst: int = 20  # connections an address may open at once...
    join_refill_seconds: float = 0.5  # ...and one more every this many seconds
    max_errors: int = 20  # bad messages before a connection is closed
    max_connections: int = 1000  # open WebSockets in all


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """A token bucket per address (monotonic time from the caller)."""

    def __init__(self, burst: int, refill_seconds: float) -> None:
        self.burst = burst
        self.refill = refill_seconds
        self._buckets: dict[str, _Bucket] = {}

    def allow(self, address: str, now: float) -> bool:
        b = self._buckets.get(address)
        if b is None:
            b = self._buckets[address] = _Bucket(float(self.burst), now)
        if self.refill > 0:
            b.tokens = min(float(self.burst), b.tokens + (now - b.at) / self.refill)
        b.at = now
        if b.tokens < 1:
            return False
        b.tokens -= 1
        if len(self._buckets) > 10_000:  # forget the oldest addresses
            for key in sorted(self._buckets, key=lambda k: self._buckets[k].at)[:5000]:
                del self._buckets[key]
        return True


@dataclass(eq=False)
class Connection:
    """One device's WebSocket and the frames waiting to be written to it."""

    ws: web.WebSocketResponse
    address: str
    player_id: int | None = None
    errors: int = 0
    outbox: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    writer: asyncio.Task[None] | None = None
    closing: bool = False
    close_code: tuple[int, str] = (1000, "")

    def send(self, frame: str) -> None:
        if self.closing:
            return
        if self.outbox.qsize() >= MAX_OUTBOX:
            self.close(protocol.CLOSE_TOO_MANY_ERRORS, "too slow")
            return
        self.outbox.put_nowait(frame)

    def close(self, code: int, reason: str) -> None:
        """Send what is queued, then close with `code`."""
        if self.closing:
            return
        self.closing = True
        self.close_code = (code, reason)
        self.outbox.put_nowait(None)

    async def run_writer(self) -> None:
        try:
            while True:
                frame = await self.outbox.get()
                if frame is None:
                    code, reason = self.close_code
                    await self.ws.close(code=code, message=reason.encode())
                    return
                await self.ws.send_str(frame)
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            return


Listener = Callable[[], None]


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """Where and how to serve a room (the command line's --lan and --port)."""

    host: str = LOCAL_HOST  # the interface to listen on: 127.0.0.1 unless --lan
    port: int = DEFAULT_PORT  # 0: any free port
    public_url: str | None = None  # the address to show when a reverse proxy sits in front
    limits: Limits = field(default_factory=Limits)
    lan: bool = False  # look up the machine's LAN address when the room opens


class LiveServer:
    """One room served over HTTP and WebSocket. See the module docstring."""

    def __init__(
        self,
        room: Room,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        store: RoomStore | None = None,
        limits: Limits | None = None,
        public_url: str | None = None,
        tick: float = TICK_SECONDS,
    ) -> None:
        self.room = room
        self.host = host
        self.requested_port = port
        self.store = store
        self.limits = limits or Limits()
        self.public_url_override = public_url
        self.tick_seconds = tick
        self.connections: set[Connection] = set()
        self.by_player: dict[int, Connection] = {}
        self.listeners: list[Listener] = []
        self.problems: list[Callable[[str], None]] = []
        self.port: int | None = None
        self._runner: web.AppRunner | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._saver: asyncio.Task[None] | None = None
        self._dirty = False
        self._rate = RateLimiter(self.limits.join_burst, self.limits.join_refill_seconds)
        self._static = {name: _package_file(name) for name in STATIC_FILES}
        self._page = _package_file("room.html")
        self._last_checkpoint = 0.0
        self._seen: tuple[str, int, bool, int] = self._moment()

    # -- addresses ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self.public_url_override:
            return self.public_url_override.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The address students open (it holds the room code and the key)."""
        return f"{self.base_url}/{self.room.code}/{self.room.key}"

    # -- life ---------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen (raises OSError when the address or port cannot be used)."""
        app = web.Application(client_max_size=4096)
        app.router.add_get("/", self._root)
        app.router.add_get("/favicon.ico", self._no_icon)
        app.router.add_get("/{code}/{key}", self._page_handler)
        app.router.add_get("/{code}/{key}/ws", self._ws_handler)
        for name in STATIC_FILES:
            app.router.add_get(f"/static/{name}", self._static_handler(name))
        app.on_response_prepare.append(self._headers)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.requested_port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = _bound_port(runner)
        self.room.port = self.port
        self._ticker = asyncio.get_running_loop().create_task(self._tick_loop())
        self._save_soon()

    async def stop(self) -> None:
        """Close every device's connection (they see 'room closed'), save, stop listening."""
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
            self._ticker = None
        for conn in list(self.connections):
            conn.close(protocol.CLOSE_ROOM_CLOSED, "room closed")
        writers = [c.writer for c in self.connections if c.writer is not None]
        if writers:
            await asyncio.wait(writers, timeout=1.0)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._saver is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._saver
        await self._save_now()

    # -- the teacher -----------------------------------------------------------------------------

    def act(self, action: Callable[[], object]) -> str | None:
        """Do a room action for the teacher; the devices follow. Returns why it was refused."""
        try:
            action()
        except RoomError as exc:
            return str(exc)
        self._after(broadcast=True)
        return None

    def remove(self, player_id: int) -> str | None:
        """Remove a player: their device is told and disconnected."""
        try:
            self.room.remove_player(player_id)
        except RoomError as exc:
            return str(exc)
        conn = self.by_player.pop(player_id, None)
        if conn is not None:
            conn.player_id = None
            conn.send(protocol.removed())
            conn.close(protocol.CLOSE_REMOVED, "removed")
        self._after(broadcast=self._moved())
        return None

    def connected_count(self) -> int:
        return len(self.by_player)

    # -- HTTP ---------------------------------------------------------------------------------

    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)

    async def _root(self, request: web.Request) -> web.Response:
        return web.Response(text=ROOT_PAGE, content_type="text/html")

    async def _no_icon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    def _room_matches(self, request: web.Request) -> bool:
        code = request.match_info.get("code", "")
        key = request.match_info.get("key", "").lower()
        return hmac.compare_digest(code.encode(), self.room.code.encode()) and hmac.compare_digest(
            key.encode(), self.room.key.encode()
        )

    async def _page_handler(self, request: web.Request) -> web.Response:
        if not self._room_matches(request):
            raise web.HTTPNotFound(text="No such room: check the address on the teacher's screen.")
        return web.Response(body=self._page, content_type="text/html", charset="utf-8")

    def _static_handler(self, name: str) -> Callable[[web.Request], Any]:
        body, content_type = self._static[name], STATIC_FILES[name]

        async def handler(request: web.Request) -> web.Response:
            return web.Response(body=body, content_type=content_type, charset="utf-8")

        return handler

    # -- WebSocket ----------------------------------------------------------------------------

    async def _ws_handler(self, request: web.Request) -> web.StreamResponse:
        if not self._room_matches(request):
            raise web.HTTPNotFound(text="No such room.")
        if not _same_origin(request):
            raise web.HTTPForbidden(text="Connections come from the room's own page.")
        address = request.remote or "unknown"
        if not self._rate.allow(address, self.room.clock.monotonic()):
            raise web.HTTPTooManyRequests(text="Too many connections from this address: wait.")
        if len(self.connections) >= self.limits.max_connections:
            raise web.HTTPServiceUnavailable(text="The room is full.")
        ws = web.WebSocketResponse(
            max_msg_size=self.limits.max_message_bytes,
            heartbeat=HEARTBEAT_SECONDS,
            compress=False,
        )
        await ws.prepare(request)
        conn = Connection(ws, address)
        conn.writer = asyncio.get_running_loop().create_task(conn.run_writer())
        self.connections.add(conn)
        conn.send(protocol.lobby_info(self.room))
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    self._on_text(conn, msg.data)
                elif msg.type == WSMsgType.BINARY:
                    self._bad(conn, "bad_message", "send text frames (JSON)")
                else:
                    break
                if conn.closing:
                    break
        finally:
            self._gone(conn)
            if not conn.closing:
                conn.closing = True
                conn.outbox.put_nowait(None)
            if conn.writer is not None:
                with contextlib.suppress(asyncio.CancelledError, asyncio.TimeoutError):
                    await asyncio.wait_for(asyncio.shield(conn.writer), timeout=2.0)
        return ws

    def _on_text(self, conn: Connection, text: str) -> None:
        try:
            msg = protocol.parse_client(text)
        except ProtocolError as exc:
            self._bad(conn, exc.code, exc.message)
            return
        try:
            if isinstance(msg, Hello):
                self._hello(conn, msg)
            elif isinstance(msg, Answer):
                self._answer(conn, msg)
        except Exception as exc:  # a bug must not take the room down
            log.exception("live room: message failed")
            self._report(f"A device's message failed: {exc}")
            self._bad(conn, "server_error", "the server could not handle that")

    def _hello(self, conn: Connection, msg: Hello) -> None:
        if conn.player_id is not None:
            self._bad(conn, "already_joined", "this connection has joined already")
            return
        if msg.version != protocol.PROTOCOL_VERSION:
            conn.send(protocol.refused("version", "This page is out of date: reload it."))
            conn.close(protocol.CLOSE_VERSION, "protocol version")
            return
        try:
            player = (
                self.room.resume(msg.resume) if msg.resume else self.room.join(msg.name, msg.team)
            )
        except Refused as exc:
            conn.errors += 1
            conn.send(protocol.refused(exc.code, exc.message))
            if conn.errors >= self.limits.max_errors:
                conn.close(protocol.CLOSE_TOO_MANY_ERRORS, "too many errors")
            return
        old = self.by_player.get(player.id)
        if old is not None and old is not conn:
            old.player_id = None
            old.close(protocol.CLOSE_REPLACED, "opened elsewhere")
        conn.player_id = player.id
        self.by_player[player.id] = conn
        self.room.set_connected(player.id, True)
        conn.send(protocol.welcome(self.room, player))
        conn.send(protocol.state_frame(protocol.state_context(self.room), player))
        self._after(broadcast=self._moved())

    def _answer(self, conn: Connection, msg: Answer) -> None:
        pid = conn.player_id
        if pid is None:
            self._bad(conn, "not_joined", "say hello first")
            return
        try:
            answer = self.room.answer(pid, msg.number, msg.response, msg.sure)
        except Refused as exc:
            conn.errors += 1
            conn.send(protocol.error(exc.code, exc.message))
            if conn.errors >= self.limits.max_errors:
                conn.close(protocol.CLOSE_TOO_MANY_ERRORS, "too many errors")
            self._after(broadcast=self._moved())
            return
        conn.send(protocol.ack(self.room.number, answer))
        self._after(broadcast=self._moved())

    def _bad(self, conn: Connection, code: str, message: str) -> None:
        conn.errors += 1
        conn.send(protocol.error(code, message))
        if conn.errors >= self.limits.max_errors:
            conn.close(protocol.CLOSE_TOO_MANY_ERRORS, "too many errors")

    def _gone(self, conn: Connection) -> None:
        self.connections.discard(conn)
        pid = conn.player_id
        if pid is not None and self.by_player.get(pid) is conn:
            del self.by_player[pid]
            self.room.set_connected(pid, False)
            self._notify()

    # -- after a change -------------------------------------------------------------------------

    def _moment(self) -> tuple[str, int, bool, int]:
        """What, when it changes, every device must hear about."""
        return (self.room.phase, self.room.index, self.room.paused, len(self.room.state.overrides))

    def _moved(self) -> bool:
        return self._moment() != self._seen

    def _after(self, broadcast: bool) -> None:
        if broadcast:
            self.broadcast()
        self._notify()
        self._save_soon()

    def broadcast(self) -> None:
        """Send every joined device its state frame (the shared part encoded once)."""
        self._seen = self._moment()
        ctx = protocol.state_context(self.room)
        players = self.room.players
        for pid, conn in self.by_player.items():
            player: Player | None = players.get(pid)
            if player is not None and not player.removed:
                conn.send(protocol.state_frame(ctx, player))

    def _notify(self) -> None:
        for listener in list(self.listeners):
            try:
                listener()
            except Exception:  # a listener's bug must not stop the room
                log.exception("live room: listener failed")

    def _report(self, text: str) -> None:
        for problem in list(self.problems):
            with contextlib.suppress(Exception):
                problem(text)

    async def _tick_loop(self) -> None:
        """Lock the question when its time is up; keep its running time saved."""
        while True:
            await asyncio.sleep(self.tick_seconds)
            room = self.room
            if room.poll():
                self._after(broadcast=True)
            elif room.phase == "question" and not room.paused:
                now = room.elapsed()
                if now - self._last_checkpoint >= CHECKPOINT_SECONDS:
                    self._last_checkpoint = now
                    room.checkpoint()
                    self._save_soon()
            else:
                self._last_checkpoint = 0.0

    # -- saving ---------------------------------------------------------------------------------

    def _save_soon(self) -> None:
        if self.store is None or self.room.id is None:
            return
        self._dirty = True
        if self._saver is None or self._saver.done():
            self._saver = asyncio.get_running_loop().create_task(self._save_loop())

    async def _save_loop(self) -> None:
        await asyncio.sleep(SAVE_DELAY)  # the devices' frames go out first
        while self._dirty:
            await self._save_now()
            await asyncio.sleep(SAVE_INTERVAL)

    async def _save_now(self) -> None:
        if self.store is None or self.room.id is None:
            return
        self._dirty = False
        snap = snapshot(self.room)
        try:
            await asyncio.to_thread(self.store.save, snap)
        except Exception as exc:
            self._report(f"The room was not saved: {exc}")


def _package_file(name: str) -> bytes:
    return resources.files("quizapp.live").joinpath("static", name).read_bytes()


def _bound_port(runner: web.AppRunner) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    raise OSError("the server is not listening")


def _same_origin(request: web.Request) -> bool:
    """A browser's WebSocket must come from the room's own page (no Origin: not a browser)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    host = request.headers.get("Host", "")
    return origin.split("://", 1)[-1].rstrip("/").lower() == host.lower()
