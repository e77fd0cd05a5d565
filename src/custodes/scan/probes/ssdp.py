"""SSDP/UPnP: ``M-SEARCH`` and the device description it points to (a plain GET).

The description is fetched only from the address that answered, never from a host the
reply names elsewhere: a reply must not steer the scanner to another network.
"""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from custodes.scan.probes.base import (
    BadReply,
    Context,
    Observation,
    local,
    parse_xml,
    replies_to_observations,
    text,
)
from custodes.scan.probes.http import USER_AGENT, parse_head, request
from custodes.scan.transport import Datagram

PORT = 1900
GROUP = "239.255.255.250"
FIELDS = {
    "manufacturer": "manufacturer",
    "modelName": "model",
    "modelNumber": "model_number",
    "friendlyName": "name",
    "serialNumber": "serial",
}


def search(host: str) -> bytes:
    return (
        f'M-SEARCH * HTTP/1.1\r\nHOST: {host}:{PORT}\r\nMAN: "ssdp:discover"\r\nMX: 1\r\n'
        f"ST: upnp:rootdevice\r\nUSER-AGENT: {USER_AGENT}\r\n\r\n"
    ).encode()


def parse_reply(data: bytes, source: str) -> list[tuple[str, str]]:
    _, headers, _ = parse_head(data, "ssdp")
    out = [("protocol", "ssdp")]
    if "server" in headers:
        out.append(("server", text(headers["server"])))
    if "location" in headers:
        out.append(("location_url", text(headers["location"], 512)))
    return out


def parse_description(data: bytes) -> list[tuple[str, str]]:
    status, _, body = parse_head(data, "upnp description")
    if status != 200:
        return []
    root = parse_xml(body, "upnp description")
    device = next((e for e in root.iter() if local(e.tag) == "device"), None)
    if device is None:
        raise BadReply("upnp description: no <device>")
    out = []
    for child in device:
        name = FIELDS.get(local(child.tag))
        if name is not None and child.text:
            out.append((name, text(child.text)))
    return out


class SSDP:
    name: ClassVar[str] = "ssdp"

    async def _run(self, ctx: Context, message: Datagram) -> list[Observation]:
        replies, flooded = await ctx.transport.datagram(message)
        out = replies_to_observations(ctx, "ssdp", replies, flooded, parse_reply, PORT)
        for seen in [o for o in out if o.field == "location_url"]:
            described = await self._describe(ctx, seen.address, seen.value)
            out.extend(Observation(seen.address, "ssdp", n, v, PORT) for n, v in described if v)
        return out

    async def _describe(self, ctx: Context, source: str, url: str) -> list[tuple[str, str]]:
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname != source:
            if url:
                ctx.log(f"ssdp: description at {url!r} not fetched (not on the answering host {source})")
            return []
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        reply = await ctx.transport.stream(
            "http", source, parts.port or 80, request("GET", path, parts.netloc), ctx.wait
        )
        if reply is None:
            return []
        try:
            return parse_description(reply.data)
        except BadReply as exc:
            ctx.log(f"ssdp: description from {source} ignored: {exc}")
            return []

    async def host(self, ctx: Context, address: str) -> list[Observation]:
        return await self._run(
            ctx, Datagram("ssdp", search(address), address, ctx.port("ssdp", PORT), ctx.wait)
        )

    async def link(self, ctx: Context, interface: str) -> list[Observation]:
        port = ctx.port("ssdp", PORT)
        return await self._run(ctx, Datagram("ssdp", search(GROUP), GROUP, port, ctx.wait, interface))
