"""Dahua DHIP discovery: a 32-byte header and ``DHDiscover.search`` on UDP 37810.

Header: 0x20 (header size, little-endian), ASCII ``DHIP``, eight zero bytes (session and
request id), then the body length twice as 64-bit little-endian. The reply carries the
device class, model, serial, vendor and manufacturer; an OEM label shows in the last two
while the protocol itself is Dahua's.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from custodes.scan.probes.base import BadReply, Discovery, text

PORT = 37810
GROUP = "239.255.255.251"
MAX_BODY = 64 * 1024
SEARCH = {"method": "DHDiscover.search", "params": {"mac": "", "uni": 1}}
FIELDS = {
    "DeviceType": "model",
    "DeviceClass": "device_class",
    "SerialNo": "serial",
    "Vendor": "vendor",
    "Manufacturer": "manufacturer",
    "Version": "firmware",
    "MachineName": "name",
}


def frame(body: bytes) -> bytes:
    size = len(body).to_bytes(8, "little")
    return b"\x20\x00\x00\x00DHIP" + bytes(8) + size + size + body


def search() -> bytes:
    return frame(json.dumps(SEARCH, separators=(",", ":")).encode())


def parse(data: bytes, source: str) -> list[tuple[str, str]]:
    if len(data) < 32:
        raise BadReply(f"dhip: {len(data)} bytes is shorter than the 32-byte header")
    if data[4:8] != b"DHIP":
        raise BadReply("dhip: no DHIP magic in the header")
    if len(data) > 32 + MAX_BODY:
        raise BadReply(f"dhip: body longer than {MAX_BODY} bytes")
    # the header's own first field gives its length (0x20 usually, it varies by firmware); the
    # JSON starts at the first brace after it (a length byte can be 0x7b, a brace itself)
    declared = int.from_bytes(data[:4], "little")
    start = data.find(b"{", declared if 32 <= declared <= 64 else 32)
    if start < 0:
        raise BadReply("dhip: no JSON body")
    try:
        message: Any = json.loads(data[start:].decode("utf-8").rstrip("\x00\r\n "))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadReply(f"dhip: body is not JSON ({type(exc).__name__})") from None
    params = message.get("params") if isinstance(message, dict) else None
    info = params.get("deviceInfo") if isinstance(params, dict) else None
    if not isinstance(info, dict):
        raise BadReply("dhip: no params.deviceInfo in the reply")
    out = [("protocol", "dhip")]
    for key, name in FIELDS.items():
        value = info.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            out.append((name, text(str(value))))
    mac = message.get("mac")
    if isinstance(mac, str):
        out.append(("mac", text(mac)))
    return out


class DHIP(Discovery):
    name: ClassVar[str] = "dhip"
    port: ClassVar[int] = PORT
    group: ClassVar[str] = GROUP

    def message(self) -> bytes:
        return search()

    def parse(self, data: bytes, source: str) -> list[tuple[str, str]]:
        return parse(data, source)
