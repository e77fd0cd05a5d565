"""Helpers for the scanner tests: simulated devices on loopback, and a transport that records.

(A module named conftest is ambiguous across test folders; tests import from here.)
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field

from sim import PORTS, PROFILES, Device

from custodes.scan.transport import Datagram, Reply, StreamReply

LOOPBACK_PORTS = dict(PORTS, http=18080, rtsp=10554)
"""Unprivileged TCP ports on the simulated devices' own loopback addresses."""
NETWORK = [
    "hikvision-camera",
    "dahua-recorder",
    "onvif-camera",
    "relabelled-camera",
    "web-server",
    "upnp-camera",
]


def loopback_base() -> str:
    """A /24 of 127/8 for this test process, so parallel workers never share an address."""
    return f"127.{100 + os.getpid() % 150}.{os.getpid() // 150 % 250}"


@dataclass
class SimNetwork:
    devices: list[Device]
    cidr: str

    def by_profile(self, name: str) -> Device:
        return next(d for d in self.devices if d.profile is PROFILES[name])


async def start_network(profiles: list[dict[str, object]], base: str) -> SimNetwork:
    devices = [
        await Device(f"{base}.{i + 2}", profile, ports=dict(LOOPBACK_PORTS)).start()
        for i, profile in enumerate(profiles)
    ]
    return SimNetwork(devices, f"{base}.0/27")


@dataclass
class Recording:
    """A fake transport: records every message and answers from a table of canned replies."""

    datagrams: dict[tuple[str, int], list[bytes]] = field(default_factory=dict)
    streams: dict[tuple[str, int], bytes] = field(default_factory=dict)
    sent: list[tuple[str, bytes]] = field(default_factory=list)

    async def datagram(self, message: Datagram) -> tuple[list[Reply], bool]:
        self.sent.append((message.protocol, message.payload))
        replies = self.datagrams.get((message.host, message.port), [])
        return [Reply(r, message.host, message.port) for r in replies[:256]], len(replies) > 256

    async def stream(
        self, protocol: str, host: str, port: int, payload: bytes, wait: float, tls: bool = False
    ) -> StreamReply | None:
        self.sent.append((protocol, payload))
        data = self.streams.get((host, port))
        return None if data is None else StreamReply(data)


def run(coro: object) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]
