"""A device's side of the live protocol, for `quizapp join` (the terminal client).

`RoomClient.run` connects, says hello (resuming with the token the room gave, after a dropped
connection), hands every frame to a callback and reconnects with a growing pause until it is
told to stop, removed, replaced or refused for an old protocol version.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import aiohttp

from quizapp.core.untrusted import safe_data
from quizapp.live import protocol
from quizapp.live.netinfo import RoomAddress

FrameHandler = Callable[[dict[str, Any]], None]
StatusHandler = Callable[[str], None]
FINAL_CLOSES = {
    protocol.CLOSE_VERSION: "This quizapp speaks another protocol version than the room.",
    protocol.CLOSE_REMOVED: "The teacher removed you from the room.",
    protocol.CLOSE_REPLACED: "You joined this room from somewhere else.",
}


class RoomClient:
    def __init__(self, address: RoomAddress) -> None:
        self.address = address
        self.token: str | None = None  # the resume token, once the room has welcomed us
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.wanted: dict[str, Any] | None = None  # a join waiting for the connection
        self.stopped = False

    async def run(self, on_frame: FrameHandler, on_status: StatusHandler) -> None:
        """Stay connected until `stop`, a final close, or the room refusing the address."""
        retries = 0
        async with aiohttp.ClientSession() as session:
            while not self.stopped:
                try:
                    async with session.ws_connect(
                        self.address.ws_url, heartbeat=20, max_msg_size=1 << 20
                    ) as ws:
                        self.ws = ws
                        retries = 0
                        on_status("")
                        final = await self._read(ws, on_frame)
                        if final:
                            on_status(final)
                            return
                except aiohttp.WSServerHandshakeError as exc:
                    if exc.status == 404:
                        on_status("No such room at this address: check it on the teacher's screen.")
                        return
                    on_status(f"The room refused the connection ({exc.status}); retrying…")
                except (TimeoutError, aiohttp.ClientError, OSError):
                    on_status("Cannot reach the room; retrying…")
                finally:
                    self.ws = None
                if self.stopped:
                    return
                await asyncio.sleep(min(2**retries, 8))
                retries += 1
                on_status("Reconnecting…")

    async def _read(self, ws: aiohttp.ClientWebSocketResponse, on_frame: FrameHandler) -> str:
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            try:
                frame = safe_data(json.loads(msg.data))  # a server's text is outside text
            except ValueError:
                continue
            if not isinstance(frame, dict):
                continue
            kind = frame.get("type")
            if kind == "room":
                if self.token:
                    await self._send(
                        {"type": "hello", "v": protocol.PROTOCOL_VERSION, "resume": self.token}
                    )
                elif self.wanted:
                    await self._send(self.wanted)
            elif kind == "welcome":
                self.token = str(frame.get("resume") or "") or None
                self.wanted = None
            elif kind == "refused" and frame.get("code") == "bad_resume":
                self.token = None
                if self.wanted:
                    await self._send(self.wanted)
            elif kind == "removed":
                self.token = None
            on_frame(frame)
        code = ws.close_code
        if code in FINAL_CLOSES:
            return FINAL_CLOSES[code]
        if code == protocol.CLOSE_ROOM_CLOSED:
            return "The teacher closed the room."
        return ""

    async def join(self, name: str, team: str | None) -> None:
        self.wanted = {"type": "hello", "v": protocol.PROTOCOL_VERSION, "name": name, "team": team}
        await self._send(self.wanted)

    async def answer(self, number: int, response: Any, sure: int | None = None) -> bool:
        message: dict[str, Any] = {"type": "answer", "q": number, "response": response}
        if sure is not None:
            message["sure"] = sure
        return await self._send(message)

    async def _send(self, message: dict[str, Any]) -> bool:
        ws = self.ws
        if ws is None or ws.closed:
            return False
        try:
            await ws.send_str(json.dumps(message))
        except (ConnectionError, RuntimeError):
            return False
        return True

    async def stop(self) -> None:
        self.stopped = True
        ws = self.ws
        if ws is not None and not ws.closed:
            await ws.close()
