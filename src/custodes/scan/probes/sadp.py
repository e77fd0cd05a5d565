"""Hikvision SADP: the XML ``inquiry`` on UDP 37020, answered with model, serial, MAC, firmware.

Only ``inquiry`` is ever built (:mod:`custodes.scan.safety` refuses anything else). Many
firmwares multicast the reply to the group, so the link probe binds 37020 with address
reuse and joins the group as well as reading replies to its own socket.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from custodes.scan.probes.base import (
    BadReply,
    Context,
    Observation,
    local,
    parse_xml,
    replies_to_observations,
    text,
)
from custodes.scan.transport import Datagram

PORT = 37020
GROUP = "239.255.255.250"
FIELDS = {
    "DeviceDescription": "model",
    "DeviceSN": "serial",
    "MAC": "mac",
    "SoftwareVersion": "firmware",
    "OEMInfo": "oem",
    "DeviceType": "device_code",
}


def inquiry(token: uuid.UUID | None = None) -> bytes:
    value = str(token or uuid.uuid4()).upper()
    return (
        f'<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>{value}</Uuid><Types>inquiry</Types></Probe>'
    ).encode()


def parse(data: bytes, source: str) -> list[tuple[str, str]]:
    root = parse_xml(data, "sadp")
    if local(root.tag) != "ProbeMatch":
        raise BadReply(f"sadp: <{local(root.tag)[:40]}> is not a ProbeMatch")
    out = [("protocol", "sadp")]
    for element in root:
        name = FIELDS.get(local(element.tag))
        if name is not None and element.text:
            out.append((name, text(element.text)))
    return out


class SADP:
    name: ClassVar[str] = "sadp"

    async def host(self, ctx: Context, address: str) -> list[Observation]:
        port = ctx.port("sadp", PORT)
        replies, flooded = await ctx.transport.datagram(Datagram("sadp", inquiry(), address, port, ctx.wait))
        return replies_to_observations(ctx, "sadp", replies, flooded, parse, port)

    async def link(self, ctx: Context, interface: str) -> list[Observation]:
        port = ctx.port("sadp", PORT)
        message = Datagram("sadp", inquiry(), GROUP, port, ctx.wait, interface, bind_port=port, group=GROUP)
        replies, flooded = await ctx.transport.datagram(message)
        return replies_to_observations(ctx, "sadp", replies, flooded, parse, port)
