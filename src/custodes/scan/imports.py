"""Import what others scanned: nmap XML, Shodan/Censys/Sonar JSON Lines, runZero exports, DHCP leases.

Each format becomes the same :class:`Observation` records the probes make, so imported
hosts are resolved and audited exactly like scanned ones. A record that cannot be read is
counted and kept, with its reason, in the rejects list (the CLI writes it to a file); one
bad record or file never stops the rest. Files are read record by record.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from custodes.scan.leases import read_dnsmasq, read_isc
from custodes.scan.probes.base import BadReply, Observation, text
from custodes.scan.probes.http import parse_page
from custodes.scan.rejects import Reject

MAX_LINE = 4 * 1024 * 1024
"""A JSON Lines record longer than this is rejected unread (Sonar bodies are far smaller)."""


@dataclass(slots=True)
class Imported:
    observations: list[Observation] = field(default_factory=list)
    records: int = 0
    rejects: list[Reject] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)


def import_files(paths: list[Path]) -> Imported:
    out = Imported()
    for path in paths:
        name = str(path)
        try:
            with path.open("rb") as handle:
                head = handle.read(512)
        except OSError as exc:
            out.rejects.append(Reject(name, "file", f"cannot be read: {exc.strerror}", ""))
            continue
        kind = sniff(head, path.name)
        out.formats[name] = kind
        reader = READERS.get(kind)
        if reader is None:
            out.rejects.append(Reject(name, "file", f"not a format that can be imported ({FORMATS})", ""))
            continue
        try:
            for item in reader(path):
                if isinstance(item, Reject):
                    out.rejects.append(item)
                else:
                    out.records += 1
                    out.observations.extend(item)
        except (OSError, UnicodeDecodeError) as exc:
            out.rejects.append(Reject(name, "file", f"cannot be read: {exc}", ""))
        except ValueError as exc:
            out.rejects.append(Reject(name, "file", str(exc), ""))
    return out


def sniff(head: bytes, name: str) -> str:
    stripped = head.lstrip()
    if stripped.startswith(b"<") and b"nmaprun" in head:
        return "nmap"
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        return "jsonl"
    if re.search(rb"^\s*(lease|host|failover|#)", head, re.M) and b"{" in head:
        return "isc-dhcp"
    if re.match(rb"^\d+ [0-9a-fA-F:]{17} \d", stripped):
        return "dnsmasq"
    return "unknown"


# -- nmap -oX ---------------------------------------------------------------------------
def _nmap(path: Path) -> Iterator[list[Observation] | Reject]:
    name = str(path)
    try:
        with path.open("rb") as handle:
            for _, element in ElementTree.iterparse(handle, events=("end",), forbid_entities=True):
                if element.tag != "host":
                    continue
                yield _nmap_host(element, name)
                element.clear()
    except DefusedXmlException as exc:
        yield Reject(name, "file", f"refused XML ({type(exc).__name__})", "")
    except ElementTree.ParseError as exc:
        yield Reject(name, "file", f"XML stops being well-formed ({exc}); hosts before it were kept", "")


def _nmap_host(host: Any, name: str) -> list[Observation] | Reject:
    address = next((a.get("addr") for a in host.iter("address") if a.get("addrtype") == "ipv4"), None)
    if not address:
        return Reject(name, "host", "a <host> without an IPv4 address", "")
    out: list[Observation] = []
    for a in host.iter("address"):
        if a.get("addrtype") == "mac" and a.get("addr"):
            out.append(Observation(address, "nmap", "mac", text(a.get("addr"))))
    for port in host.iter("port"):
        state = port.find("state")
        if state is not None and state.get("state") != "open":
            continue
        number = int(port.get("portid", "0") or 0) or None
        service = port.find("service")
        if service is not None:
            product = " ".join(v for v in (service.get("product"), service.get("version")) if v)
            if product:
                out.append(Observation(address, "nmap", "product", text(product), number))
        for script in port.iter("script"):
            value = text(script.get("output"))
            if script.get("id") == "http-server-header" and value:
                out.append(Observation(address, "nmap", "server", value, number))
            elif script.get("id") == "http-title" and value:
                out.append(Observation(address, "nmap", "title", value, number))
    return out


# -- JSON Lines ---------------------------------------------------------------------------
def _jsonl(path: Path) -> Iterator[list[Observation] | Reject]:
    name = str(path)
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            if len(line) > MAX_LINE:
                yield Reject(
                    name,
                    f"line {number}",
                    f"record longer than {MAX_LINE} bytes",
                    line[:200].decode("utf-8", "replace"),
                )
                continue
            yield parse_record(line, name, f"line {number}")


def _json_array(path: Path) -> Iterator[list[Observation] | Reject]:
    name = str(path)
    try:
        data = json.loads(path.read_bytes())
    except ValueError as exc:
        yield Reject(name, "file", f"not JSON ({exc})", "")
        return
    if not isinstance(data, list):
        yield Reject(name, "file", "a JSON file must hold an array of records", "")
        return
    for number, record in enumerate(data, 1):
        yield _shape(record, name, f"record {number}", json.dumps(record)[:2000])


def parse_record(line: bytes, name: str, where: str) -> list[Observation] | Reject:
    raw = line.decode("utf-8", "replace").strip()
    try:
        record = orjson.loads(line)
    except ValueError as exc:
        return Reject(name, where, f"not JSON ({exc})", raw[:2000])
    return _shape(record, name, where, raw[:2000])


def _shape(record: object, name: str, where: str, raw: str) -> list[Observation] | Reject:
    if not isinstance(record, dict):
        return Reject(name, where, "a record must be a JSON object", raw)
    try:
        if "ip_str" in record:
            return _shodan(record)
        if isinstance(record.get("host"), dict) and "services" in record["host"]:
            return _censys(record["host"])
        if "services" in record and "ip" in record:
            return _censys(record)
        if "addresses" in record:
            return _runzero(record)
        if "ip" in record and "data" in record:
            return _sonar(record)
    except (BadReply, KeyError, TypeError, ValueError, AttributeError) as exc:
        return Reject(name, where, f"unreadable record ({type(exc).__name__}: {exc})", raw)
    return Reject(
        name,
        where,
        "not a Shodan, Censys, Sonar or runZero record (no ip_str, services, addresses or data)",
        raw,
    )


def _str(value: object) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError(f"expected a string, got {type(value).__name__}")
    return str(value)


def _banner_fields(address: str, probe: str, port: int | None, banner: str) -> list[Observation]:
    """Fields of a raw banner: an HTTP response's header and title, else the banner itself."""
    if banner.startswith(("HTTP/", "RTSP/")):
        try:
            return [
                Observation(address, probe, n, v, port)
                for n, v in parse_page(
                    banner.encode("utf-8", "replace").replace(b"RTSP/", b"HTTP/", 1), address
                )
                if n != "http_status"
            ]
        except BadReply:
            pass
    first = text(banner.splitlines()[0] if banner.strip() else "")
    return [Observation(address, probe, "banner", first, port)] if first else []


def _shodan(record: dict[str, Any]) -> list[Observation]:
    address = _str(record["ip_str"])
    port = int(record["port"]) if record.get("port") is not None else None
    out = _banner_fields(address, "shodan", port, _str(record.get("data") or ""))
    if record.get("product"):
        out.append(Observation(address, "shodan", "product", text(_str(record["product"])), port))
    http = record.get("http") or {}
    if isinstance(http, dict):
        if http.get("title"):
            out.append(Observation(address, "shodan", "title", text(_str(http["title"])), port))
        favicon = http.get("favicon")
        if isinstance(favicon, dict) and favicon.get("hash") is not None:
            out.append(Observation(address, "shodan", "favicon_mmh3", _str(favicon["hash"]), port))
    subject = ((record.get("ssl") or {}).get("cert") or {}).get("subject")
    if isinstance(subject, dict) and subject:
        rendered = ",".join(f"{k}={_str(v)}" for k, v in subject.items())
        out.append(Observation(address, "shodan", "tls_subject", text(rendered), port))
    return out


def _censys(host: dict[str, Any]) -> list[Observation]:
    address = _str(host["ip"])
    out: list[Observation] = []
    for service in host["services"]:
        port = int(service["port"]) if service.get("port") is not None else None
        for software in service.get("software") or []:
            product = " ".join(_str(software[k]) for k in ("vendor", "product") if software.get(k))
            if product:
                out.append(Observation(address, "censys", "product", text(product), port))
        response = ((service.get("http") or {}).get("response")) or {}
        servers = (response.get("headers") or {}).get("Server") or []
        for server in servers if isinstance(servers, list) else [servers]:
            out.append(Observation(address, "censys", "server", text(_str(server)), port))
        if response.get("html_title"):
            out.append(Observation(address, "censys", "title", text(_str(response["html_title"])), port))
        if service.get("banner") and not servers:
            out.extend(_banner_fields(address, "censys", port, _str(service["banner"])))
    return out


def _sonar(record: dict[str, Any]) -> list[Observation]:
    address = _str(record["ip"])
    port = int(record["port"]) if record.get("port") is not None else None
    try:
        banner = base64.b64decode(_str(record["data"]), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        raise ValueError("data is not base64") from None
    return _banner_fields(address, "sonar", port, banner)


def _runzero(record: dict[str, Any]) -> list[Observation]:
    addresses = [a for a in record["addresses"] if isinstance(a, str) and "." in a]
    if not addresses:
        raise ValueError("no IPv4 address in addresses")
    address = addresses[0]
    out = [Observation(address, "runzero", "mac", text(_str(m))) for m in (record.get("macs") or [])[:1]]
    for key, name in (("hw", "product"), ("hw_vendor", "vendor"), ("os", "product")):
        if record.get(key):
            out.append(Observation(address, "runzero", name, text(_str(record[key]))))
    for hostname in (record.get("names") or [])[:2]:
        out.append(Observation(address, "runzero", "hostname", text(_str(hostname))))
    return out


READERS = {"nmap": _nmap, "jsonl": _jsonl, "json": _json_array, "isc-dhcp": read_isc, "dnsmasq": read_dnsmasq}
FORMATS = "nmap -oX XML, Shodan/Censys/Sonar/runZero JSON Lines or JSON array, ISC dhcpd or dnsmasq leases"
