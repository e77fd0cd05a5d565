"""The one probe interface and what probes report.

A probe turns one message and its replies into :class:`Observation` records: which probe
saw which field with which value at which address. Parsing a reply is a pure function
that raises :class:`BadReply` with a reason, so a malformed or hostile reply is logged and
skipped, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from custodes.scan.transport import Datagram, Reply, Transport

MAX_XML = 64 * 1024
"""A discovery reply is a few kilobytes; a longer XML reply is refused unparsed."""


@dataclass(frozen=True, slots=True)
class Observation:
    """One thing a probe (or an imported scan) saw about one address."""

    address: str
    probe: str
    field: str
    value: str
    port: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"probe": self.probe, "field": self.field, "value": self.value, "port": self.port}


class BadReply(ValueError):
    """A reply that is not what the protocol answers; the message says why."""


@dataclass(slots=True)
class Context:
    """What a probe is given: the (guarded) transport, its timing and ports, and the log."""

    transport: Transport
    wait: float = 1.5
    ports: dict[str, int] = field(default_factory=dict)
    log: Callable[[str], None] = lambda message: None

    def port(self, name: str, default: int) -> int:
        return self.ports.get(name, default)


class Probe(Protocol):
    name: ClassVar[str]

    async def host(self, ctx: Context, address: str) -> list[Observation]:
        """Ask one address directly."""
        ...

    async def link(self, ctx: Context, interface: str) -> list[Observation]:
        """Ask every device on a link (multicast/broadcast); [] for unicast-only probes."""
        ...


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_xml(data: bytes, what: str) -> Any:
    """The root element of an XML reply, with DTDs, entities and oversized input refused."""
    if len(data) > MAX_XML:
        raise BadReply(f"{what}: reply of {len(data)} bytes is longer than {MAX_XML}")
    try:
        return ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise BadReply(f"{what}: refused XML ({type(exc).__name__})") from None
    except (ElementTree.ParseError, ValueError) as exc:
        raise BadReply(f"{what}: not well-formed XML ({exc})") from None


def text(value: str | None, limit: int = 256) -> str:
    """A field value as the report keeps it: stripped, control characters removed, bounded."""
    value = value or ""
    cleaned = value if value.isprintable() else "".join(ch for ch in value if ch.isprintable())
    return cleaned.strip()[:limit]


def replies_to_observations(
    ctx: Context,
    probe: str,
    replies: list[Reply],
    flooded: bool,
    parse: Callable[[bytes, str], list[tuple[str, str]]],
    port: int,
) -> list[Observation]:
    """Parse each reply, logging and skipping those that are malformed."""
    out: list[Observation] = []
    if flooded:
        ctx.log(f"{probe}: reply flood; only the first replies were read")
    for reply in replies:
        try:
            fields = parse(reply.data, reply.source)
        except BadReply as exc:
            ctx.log(f"{probe}: reply from {reply.source} ignored: {exc}")
            continue
        out.extend(Observation(reply.source, probe, name, value, port) for name, value in fields if value)
    return out


async def udp(ctx: Context, message: Datagram) -> tuple[list[Reply], bool]:
    return await ctx.transport.datagram(message)


class Discovery:
    """A UDP discovery probe: its one inquiry to a host, or to the protocol's multicast group
    out of an interface, and its replies parsed. Subclasses name the protocol and give the
    message and the parser; nothing else differs between SADP, DHIP and WS-Discovery."""

    name: ClassVar[str]
    port: ClassVar[int]
    group: ClassVar[str]
    join_group: ClassVar[bool] = True
    """Join the group on the interface to hear multicast replies."""
    bind_to_port: ClassVar[bool] = False
    """Bind the protocol's port too (devices that answer to the port, not the sender)."""

    def message(self) -> bytes:
        raise NotImplementedError

    def parse(self, data: bytes, source: str) -> list[tuple[str, str]]:
        raise NotImplementedError

    async def host(self, ctx: Context, address: str) -> list[Observation]:
        port = ctx.port(self.name, self.port)
        message = Datagram(self.name, self.message(), address, port, ctx.wait)
        return await self._ask(ctx, message, port)

    async def link(self, ctx: Context, interface: str) -> list[Observation]:
        port = ctx.port(self.name, self.port)
        message = Datagram(
            self.name,
            self.message(),
            self.group,
            port,
            ctx.wait,
            interface,
            bind_port=port if self.bind_to_port else None,
            group=self.group if self.join_group else None,
        )
        return await self._ask(ctx, message, port)

    async def _ask(self, ctx: Context, message: Datagram, port: int) -> list[Observation]:
        replies, flooded = await ctx.transport.datagram(message)
        return replies_to_observations(ctx, self.name, replies, flooded, self.parse, port)
