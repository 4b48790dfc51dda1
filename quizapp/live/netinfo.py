"""Which address to serve a room on, and the addresses students and `quizapp join` use."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

LOCAL_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


class AddressError(ValueError):
    pass


def lan_address() -> str:
    """This machine's address on its local network: the one its default route leaves from.

    No packet is sent (a UDP socket is only 'connected' to pick the route). AddressError when
    the machine has no network.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: routed like the internet, never reached
            address = str(s.getsockname()[0])
        except OSError as exc:
            raise AddressError(f"no network to serve on ({exc}); give --lan ADDRESS") from None
    if address.startswith("0.") or address == "0.0.0.0":
        raise AddressError("no network to serve on; give --lan ADDRESS")
    return address


def check_bind_address(text: str) -> str:
    """An IP address to bind to (the interface the room is served on)."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        raise AddressError(f"'{text}' is not an IP address (e.g. 192.168.1.20)") from None


@dataclass(frozen=True, slots=True)
class RoomAddress:
    """Where a room is: http(s)://host:port, its code and its key."""

    base: str
    code: str
    key: str

    @property
    def url(self) -> str:
        return f"{self.base}/{self.code}/{self.key}"

    @property
    def ws_url(self) -> str:
        scheme = "wss" if self.base.startswith("https:") else "ws"
        return f"{scheme}{self.base[self.base.index(':') :]}/{self.code}/{self.key}/ws"


def parse_room_url(text: str) -> RoomAddress:
    """The address shown on the teacher's screen, e.g. http://192.168.1.20:8765/482913/h3k9m2qa."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise AddressError(f"'{text}' is not a room address (http://HOST:PORT/CODE/KEY)")
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) != 2 or not segments[0].isdigit():
        raise AddressError(f"'{text}' is not a room address (http://HOST:PORT/CODE/KEY)")
    return RoomAddress(f"{parts.scheme}://{parts.netloc}", segments[0], segments[1].lower())
