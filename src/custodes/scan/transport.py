"""How probes reach the network: one small interface, so tests can inject fakes.

A probe never opens a socket itself: it hands bytes to a :class:`Transport` (UDP datagram
with the replies collected for a while, or one TCP/TLS request and its reply). The
scanner always wraps the transport in :class:`Guarded`, which checks each message with
:mod:`custodes.scan.safety` and logs it before it is sent. Replies are bounded in size and
number, so a hostile device cannot exhaust memory or keep the scan waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from custodes.scan.safety import check

MAX_REPLY = 256 * 1024
"""Bytes read from one TCP reply at most; the rest is not read."""
MAX_REPLIES = 256
"""Datagrams kept for one probe at most; more is a reply flood and the rest is dropped."""
GRACE = 0.05
"""After a unicast probe's first reply, wait this much longer for others, not the full wait."""


@dataclass(frozen=True, slots=True)
class Reply:
    data: bytes
    source: str
    port: int


@dataclass(frozen=True, slots=True)
class StreamReply:
    data: bytes
    tls_subject: str | None = None
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Datagram:
    """One UDP message to send: to a host, or to a multicast group out of ``interface``."""

    protocol: str
    payload: bytes
    host: str
    port: int
    wait: float
    interface: str | None = None
    bind_port: int | None = None
    """Bind this local port (with address reuse) to also hear replies sent to the group."""
    group: str | None = None
    """Join this multicast group on ``interface`` to hear multicast replies."""


class Transport(Protocol):
    async def datagram(self, message: Datagram) -> tuple[list[Reply], bool]:
        """The replies heard within ``message.wait``, and whether more were dropped (a flood)."""
        ...

    async def stream(
        self, protocol: str, host: str, port: int, payload: bytes, wait: float, tls: bool = False
    ) -> StreamReply | None:
        """The reply to one request, or None when nothing answered in time."""
        ...


@dataclass(frozen=True, slots=True)
class Sent:
    """One message that left, as the send log records it."""

    at: float
    protocol: str
    host: str
    port: int
    payload: bytes
    refused: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "at": round(self.at, 3),
            "protocol": self.protocol,
            "host": self.host,
            "port": self.port,
            "bytes": len(self.payload),
            "payload": self.payload.decode("utf-8", "backslashreplace"),
            "refused": self.refused,
        }


@dataclass(slots=True)
class Guarded:
    """A transport that lets only safe messages through and logs every one."""

    inner: Transport
    sent: list[Sent] = field(default_factory=list)
    on_send: Callable[[Sent], None] | None = None

    def _log(self, protocol: str, host: str, port: int, payload: bytes) -> None:
        try:
            check(protocol, payload)
        except Exception as exc:
            record = Sent(time.time(), protocol, host, port, payload, refused=str(exc))
            self._record(record)
            raise
        self._record(Sent(time.time(), protocol, host, port, payload))

    def _record(self, record: Sent) -> None:
        self.sent.append(record)
        if self.on_send is not None:
            self.on_send(record)

    async def datagram(self, message: Datagram) -> tuple[list[Reply], bool]:
        self._log(message.protocol, message.host, message.port, message.payload)
        return await self.inner.datagram(message)

    async def stream(
        self, protocol: str, host: str, port: int, payload: bytes, wait: float, tls: bool = False
    ) -> StreamReply | None:
        self._log(protocol, host, port, payload)
        return await self.inner.stream(protocol, host, port, payload, wait, tls)


class _Collect(asyncio.DatagramProtocol):
    def __init__(self, unicast: str | None) -> None:
        self.replies: list[Reply] = []
        self.flooded = False
        self.first = asyncio.get_running_loop().create_future()
        self.unicast = unicast

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        if len(self.replies) >= MAX_REPLIES:
            self.flooded = True
            return
        self.replies.append(Reply(data, str(addr[0]), int(str(addr[1]))))
        if not self.first.done() and (self.unicast is None or str(addr[0]) == self.unicast):
            self.first.set_result(None)

    def error_received(self, exc: Exception) -> None:  # ICMP port unreachable and the like
        if not self.first.done() and self.unicast is not None:
            self.first.set_result(None)


def _udp_socket(message: Datagram) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    if message.bind_port:
        # share the protocol's well-known port with other listeners; an ephemeral port is never
        # shared, or two probes at once could be given one port and read each other's replies
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        with contextlib.suppress(AttributeError, OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
    index = socket.if_nametoindex(message.interface) if message.interface else 0
    if message.interface:
        sock.setsockopt(
            socket.IPPROTO_IP, socket.IP_MULTICAST_IF, struct.pack("4s4si", bytes(4), bytes(4), index)
        )
    try:
        sock.bind(("", message.bind_port or 0))
    except OSError:
        sock.bind(("", 0))  # the port is taken (another discovery tool): hear unicast replies only
    if message.group:
        with contextlib.suppress(OSError):
            mreq = struct.pack("4s4si", socket.inet_aton(message.group), bytes(4), index)
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    sock.setblocking(False)
    return sock


def _subject(der: bytes | None) -> str | None:
    if not der:
        return None
    try:
        from cryptography import x509

        return str(x509.load_der_x509_certificate(der).subject.rfc4514_string())
    except Exception:  # any malformed certificate: no subject, never a crash
        return None


class NetworkTransport:
    """The real network, through asyncio sockets."""

    async def datagram(self, message: Datagram) -> tuple[list[Reply], bool]:
        loop = asyncio.get_running_loop()
        unicast = None if message.group or message.interface else message.host
        sock = _udp_socket(message)
        transport, proto = await loop.create_datagram_endpoint(lambda: _Collect(unicast), sock=sock)
        try:
            try:
                transport.sendto(message.payload, (message.host, message.port))
            except OSError:
                return [], False
            if unicast is not None:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(asyncio.shield(proto.first), message.wait)
                if proto.first.done():
                    await asyncio.sleep(GRACE)
            else:
                await asyncio.sleep(message.wait)
        finally:
            transport.close()
        return list(proto.replies), proto.flooded

    async def stream(
        self, protocol: str, host: str, port: int, payload: bytes, wait: float, tls: bool = False
    ) -> StreamReply | None:
        context: ssl.SSLContext | None = None
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # reading who the certificate names, not trusting it
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(host, port, ssl=context, server_hostname=host if tls else None), wait
            )
        except (TimeoutError, OSError, ssl.SSLError, ValueError):
            return None
        try:
            subject = None
            if tls:
                obj = writer.get_extra_info("ssl_object")
                subject = _subject(obj.getpeercert(binary_form=True) if obj is not None else None)
            writer.write(payload)
            data = bytearray()
            truncated = False
            deadline = loop_time() + wait
            while True:
                left = deadline - loop_time()
                if left <= 0:
                    break
                try:
                    chunk = await asyncio.wait_for(reader.read(65536), left)
                except (TimeoutError, OSError, ssl.SSLError):
                    break
                if not chunk:
                    break
                data.extend(chunk)
                if len(data) >= MAX_REPLY:
                    del data[MAX_REPLY:]
                    truncated = True
                    break
            return StreamReply(bytes(data), subject, truncated)
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 0.5)


def loop_time() -> float:
    return asyncio.get_running_loop().time()
