"""ONVIF WS-Discovery: a SOAP 1.2 ``Probe`` to UDP 239.255.255.250:3702.

A ProbeMatch lists scopes ``onvif://www.onvif.org/<category>/<value>``: ``hardware`` (the
model, which owners rarely change), ``name`` (often the vendor, owners can rename it),
``location`` and ``MAC``. Values are URL-encoded.
"""

from __future__ import annotations

import uuid
from typing import ClassVar
from urllib.parse import unquote

from custodes.scan.probes.base import (
    BadReply,
    Discovery,
    local,
    parse_xml,
    text,
)

PORT = 3702
GROUP = "239.255.255.250"
SCOPES = {"hardware": "model", "name": "name", "location": "location", "mac": "mac", "serialnumber": "serial"}
_PREFIX = "onvif://www.onvif.org/"


def probe_message(token: uuid.UUID | None = None) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
        'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
        'xmlns:dn="http://www.onvif.org/ver10/network/wsdl">'
        "<s:Header>"
        '<a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>'
        f"<a:MessageID>urn:uuid:{token or uuid.uuid4()}</a:MessageID>"
        '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>'
        "</s:Header>"
        "<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>"
        "</s:Envelope>"
    ).encode()


def parse(data: bytes, source: str) -> list[tuple[str, str]]:
    root = parse_xml(data, "onvif")
    matches = [e for e in root.iter() if local(e.tag) == "ProbeMatch"]
    if not matches:
        raise BadReply("onvif: no ProbeMatch in the reply")
    out: list[tuple[str, str]] = []
    for match in matches:
        fields = {local(e.tag): (e.text or "") for e in match.iter()}
        types = fields.get("Types", "")
        if "NetworkVideo" not in types and "Device" not in types:
            continue  # a printer or a Windows host answering WS-Discovery
        out.append(("protocol", "onvif"))
        for scope in fields.get("Scopes", "").split():
            if not scope.lower().startswith(_PREFIX):
                continue
            category, _, value = scope[len(_PREFIX) :].partition("/")
            name = SCOPES.get(category.lower())
            if name is not None and value:
                out.append(
                    (name, text(unquote(value).replace("/", " ") if name == "location" else unquote(value)))
                )
        for address in fields.get("XAddrs", "").split()[:4]:
            out.append(("xaddr", text(address)))
    if not out:
        raise BadReply("onvif: the ProbeMatch is not a video device")
    return out


class ONVIF(Discovery):
    name: ClassVar[str] = "onvif"
    port: ClassVar[int] = PORT
    group: ClassVar[str] = GROUP
    join_group: ClassVar[bool] = False

    def message(self) -> bytes:
        return probe_message()

    def parse(self, data: bytes, source: str) -> list[tuple[str, str]]:
        return parse(data, source)
