"""HTTP(S) ``GET /`` and ``GET /favicon.ico``: Server header, realm, title, favicon hashes, TLS subject.

Plain GETs with no credentials and no cookies; redirects are not followed (a redirect's
target is reported, not fetched). The favicon is hashed two ways because fingerprint sets
use both: MD5 hex (Recog) and Shodan's MurmurHash3 of the base64 text.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import ClassVar

import mmh3

from custodes import __version__
from custodes.scan.probes.base import BadReply, Context, Observation, text

PORTS = {"http": 80, "https": 443}
USER_AGENT = f"custodes-scan/{__version__} (read-only self-audit)"
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(r"charset=([\w.-]+)", re.IGNORECASE)


def request(method: str, target: str, host: str, protocol: str = "HTTP/1.1", extra: str = "") -> bytes:
    return (
        f"{method} {target} {protocol}\r\nHost: {host}\r\nUser-Agent: {USER_AGENT}\r\n"
        f"Accept: */*\r\nConnection: close\r\n{extra}\r\n"
    ).encode("ascii")


def parse_head(data: bytes, what: str, magic: bytes = b"HTTP/") -> tuple[int, dict[str, str], bytes]:
    """(status, headers with lower-case names, body) of an HTTP-shaped reply."""
    if not data.startswith(magic):
        raise BadReply(f"{what}: the reply does not start with {magic.decode()}")
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = data.partition(b"\n\n")
    lines = head.decode("latin-1").splitlines()
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise BadReply(f"{what}: malformed status line")
    headers: dict[str, str] = {}
    for line in lines[1:200]:
        name, colon, value = line.partition(":")
        if colon and name.strip():
            headers.setdefault(name.strip().lower(), value.strip())
    return int(parts[1]), headers, body


def _title(body: bytes, content_type: str) -> str | None:
    found = _TITLE.search(body[:65536])
    if found is None:
        return None
    charset = _CHARSET.search(content_type)
    raw = found.group(1)
    for encoding in (charset.group(1) if charset else "utf-8", "latin-1"):
        try:
            return text(" ".join(raw.decode(encoding).split()), 120) or None
        except (LookupError, UnicodeDecodeError):
            continue
    return None  # pragma: no cover - latin-1 decodes any bytes


def parse_page(data: bytes, source: str) -> list[tuple[str, str]]:
    status, headers, body = parse_head(data, "http")
    out = [("http_status", str(status))]
    if "server" in headers:
        out.append(("server", text(headers["server"])))
    if "www-authenticate" in headers:
        out.append(("realm", text(headers["www-authenticate"])))
    if 300 <= status < 400 and "location" in headers:
        out.append(("redirect", text(headers["location"])))
    title = _title(body, headers.get("content-type", ""))
    if title:
        out.append(("title", title))
    return out


def favicon_hashes(data: bytes) -> list[tuple[str, str]]:
    status, headers, body = parse_head(data, "http favicon")
    if status != 200 or not body:
        return []
    shodan = mmh3.hash(base64.encodebytes(body))
    return [("favicon_md5", hashlib.md5(body).hexdigest()), ("favicon_mmh3", str(shodan))]


class HTTP:
    name: ClassVar[str] = "http"

    async def host(self, ctx: Context, address: str) -> list[Observation]:
        out: list[Observation] = []
        for scheme, default in PORTS.items():
            port = ctx.port(scheme, default)
            tls = scheme == "https"
            reply = await ctx.transport.stream(
                "http", address, port, request("GET", "/", address), ctx.wait, tls
            )
            if reply is None or not reply.data:
                continue
            fields: list[tuple[str, str]] = []
            if reply.tls_subject:
                fields.append(("tls_subject", text(reply.tls_subject)))
            try:
                fields.extend(parse_page(reply.data, address))
            except BadReply as exc:
                ctx.log(f"{scheme}: reply from {address}:{port} ignored: {exc}")
            else:
                icon = await ctx.transport.stream(
                    "http", address, port, request("GET", "/favicon.ico", address), ctx.wait, tls
                )
                if icon is not None and not icon.truncated:
                    try:
                        fields.extend(favicon_hashes(icon.data))
                    except BadReply as exc:
                        ctx.log(f"{scheme}: favicon from {address}:{port} ignored: {exc}")
            out.extend(Observation(address, scheme, name, value, port) for name, value in fields if value)
        return out

    async def link(self, ctx: Context, interface: str) -> list[Observation]:
        return []
