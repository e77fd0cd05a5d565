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
    Discovery,
    local,
    parse_xml,
    text,
)

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


class SADP(Discovery):
    name: ClassVar[str] = "sadp"
    port: ClassVar[int] = PORT
    group: ClassVar[str] = GROUP
    bind_to_port: ClassVar[bool] = True

    def message(self) -> bytes:
        return inquiry()

    def parse(self, data: bytes, source: str) -> list[tuple[str, str]]:
        return parse(data, source)
