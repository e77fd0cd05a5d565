"""RTSP ``OPTIONS``: the Server header and the realm of an unauthenticated reply."""

from __future__ import annotations

from typing import ClassVar

from custodes.scan.probes.base import BadReply, Context, Observation, text
from custodes.scan.probes.http import USER_AGENT, parse_head

PORT = 554


def options(address: str, port: int) -> bytes:
    return (
        f"OPTIONS rtsp://{address}:{port}/ RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: {USER_AGENT}\r\n\r\n".encode()
    )


def parse(data: bytes, source: str) -> list[tuple[str, str]]:
    status, headers, _ = parse_head(data, "rtsp", magic=b"RTSP/")
    out = [("rtsp_status", str(status))]
    if "server" in headers:
        out.append(("rtsp_server", text(headers["server"])))
    if "www-authenticate" in headers:
        out.append(("rtsp_realm", text(headers["www-authenticate"])))
    if "public" in headers:
        out.append(("rtsp_methods", text(headers["public"])))
    return out


class RTSP:
    name: ClassVar[str] = "rtsp"

    async def host(self, ctx: Context, address: str) -> list[Observation]:
        port = ctx.port("rtsp", PORT)
        reply = await ctx.transport.stream("rtsp", address, port, options(address, port), ctx.wait)
        if reply is None or not reply.data:
            return []
        try:
            fields = parse(reply.data, address)
        except BadReply as exc:
            ctx.log(f"rtsp: reply from {address}:{port} ignored: {exc}")
            return []
        return [Observation(address, "rtsp", name, value, port) for name, value in fields if value]

    async def link(self, ctx: Context, interface: str) -> list[Observation]:
        return []
