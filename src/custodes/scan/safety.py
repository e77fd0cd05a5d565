"""What the scanner may send: discovery and inquiry messages and plain GET/OPTIONS/DESCRIBE.

Every payload passes :func:`check` before it leaves (the guarded transport calls it), so a
bug in a probe cannot send a device-changing verb or a credential: the message is refused
with :class:`UnsafeMessage` and logged instead. The rules are per protocol and positive:
a message is allowed only if it is recognisably the one read-only message of that kind.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from custodes.errors import CustodesError

SADP_TYPES = frozenset({"inquiry", "inquiry_v32"})
"""The only SADP ``Types`` ever sent (update, activate, reset, getcode... change the device)."""
DHIP_METHODS = frozenset({"DHDiscover.search"})
WSD_PROBE_ACTION = "http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe"
HTTP_METHODS = frozenset({"GET"})
RTSP_METHODS = frozenset({"OPTIONS", "DESCRIBE"})
FORBIDDEN_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
MAX_SENT = 2048
"""No discovery message needs more; anything longer is refused."""

_REQUEST_LINE = re.compile(r"^([A-Z-]+) (\S+) (HTTP/1\.[01]|RTSP/1\.0)$")
_TAG = re.compile(r"\{[^}]*\}")


class UnsafeMessage(CustodesError):
    """A probe tried to send something other than a read-only discovery message."""


def _local(tag: str) -> str:
    return _TAG.sub("", tag)


def _xml(payload: bytes, what: str) -> Any:
    try:
        return ElementTree.fromstring(payload, forbid_dtd=True)
    except (DefusedXmlException, ElementTree.ParseError, ValueError) as exc:
        raise UnsafeMessage(f"{what}: not well-formed XML ({type(exc).__name__})") from None


def _check_sadp(payload: bytes) -> None:
    root = _xml(payload, "sadp")
    if _local(root.tag) != "Probe":
        raise UnsafeMessage("sadp: only a <Probe> may be sent")
    types = [(e.text or "").strip() for e in root.iter() if _local(e.tag) == "Types"]
    if len(types) != 1 or types[0] not in SADP_TYPES:
        raise UnsafeMessage(f"sadp: Types {types!r} is not an inquiry")
    names = {_local(e.tag) for e in root.iter()}
    if not names <= {"Probe", "Uuid", "Types"}:
        raise UnsafeMessage(f"sadp: unexpected elements {sorted(names - {'Probe', 'Uuid', 'Types'})}")


def _check_dhip(payload: bytes) -> None:
    if len(payload) < 32 or payload[:8] != b"\x20\x00\x00\x00DHIP" or payload[8:16] != bytes(8):
        raise UnsafeMessage("dhip: not a DHIP header (0x20, DHIP, zero session)")
    body = payload[32:]
    size = int.from_bytes(payload[16:24], "little")
    if size != len(body) or int.from_bytes(payload[24:32], "little") != size:
        raise UnsafeMessage("dhip: body length does not match the header")
    try:
        message = json.loads(body)
    except ValueError:
        raise UnsafeMessage("dhip: body is not JSON") from None
    if not isinstance(message, dict) or message.get("method") not in DHIP_METHODS:
        raise UnsafeMessage("dhip: only DHDiscover.search may be sent")


def _check_wsd(payload: bytes) -> None:
    root = _xml(payload, "ws-discovery")
    actions = [(e.text or "").strip() for e in root.iter() if _local(e.tag) == "Action"]
    if actions != [WSD_PROBE_ACTION]:
        raise UnsafeMessage("ws-discovery: only a Probe may be sent")
    body = [e for e in root if _local(e.tag) == "Body"]
    if len(body) != 1 or [_local(c.tag) for c in body[0]] != ["Probe"]:
        raise UnsafeMessage("ws-discovery: the body must be one Probe")


def _check_request(payload: bytes, allowed: frozenset[str], what: str) -> None:
    try:
        text = payload.decode("ascii")
    except UnicodeDecodeError:
        raise UnsafeMessage(f"{what}: request is not ASCII") from None
    head, sep, body = text.partition("\r\n\r\n")
    if not sep or body:
        raise UnsafeMessage(f"{what}: a request must end with a blank line and carry no body")
    lines = head.split("\r\n")
    found = _REQUEST_LINE.match(lines[0])
    if found is None or found.group(1) not in allowed:
        raise UnsafeMessage(f"{what}: only {', '.join(sorted(allowed))} may be sent")
    for line in lines[1:]:
        name, colon, _ = line.partition(":")
        if not colon:
            raise UnsafeMessage(f"{what}: malformed header line")
        if name.strip().lower() in FORBIDDEN_HEADERS:
            raise UnsafeMessage(f"{what}: credentials are never sent ({name.strip()})")


def _check_ssdp(payload: bytes) -> None:
    _check_request(payload, frozenset({"M-SEARCH"}), "ssdp")
    if not payload.startswith(b"M-SEARCH * HTTP/1.1\r\n"):
        raise UnsafeMessage("ssdp: only M-SEARCH * may be sent")


_CHECKS: dict[str, Callable[[bytes], None]] = {
    "sadp": _check_sadp,
    "dhip": _check_dhip,
    "onvif": _check_wsd,
    "ssdp": _check_ssdp,
    "http": lambda p: _check_request(p, HTTP_METHODS, "http"),
    "rtsp": lambda p: _check_request(p, RTSP_METHODS, "rtsp"),
}
PROTOCOLS = frozenset(_CHECKS)


def check(protocol: str, payload: bytes) -> None:
    """Raise :class:`UnsafeMessage` unless ``payload`` is a read-only message of ``protocol``."""
    if len(payload) > MAX_SENT:
        raise UnsafeMessage(f"{protocol}: message of {len(payload)} bytes is longer than {MAX_SENT}")
    rule = _CHECKS.get(protocol)
    if rule is None:
        raise UnsafeMessage(f"{protocol}: not a protocol the scanner may speak")
    rule(payload)


def is_private(address: str) -> bool:
    """Addresses a scan may reach without --allow-public: private, loopback, link-local and
    multicast (discovery groups), never the public internet."""
    ip = ipaddress.ip_address(address)
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
