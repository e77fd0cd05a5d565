"""Reconcile a scan with an asset register: matched, on the network only, in the register only.

The register is read by the audit library (every row resolved like ``custodes audit``
does). A host matches a row by the strongest shared identifier: IP address, then MAC
address, then serial number, each found in any cell of the row; what is left is paired by
model number, a row absorbing up to its quantity of hosts. A match whose maker differs
between register and network is kept and flagged: that is the relabelled unit a register
gets wrong.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from custodes.audit import AuditItem, audit_files
from custodes.errors import InputError
from custodes.resolve.mac import find_mac
from custodes.scan.host import Host
from custodes.scan.identify import identify_all
from custodes.scan.probes.base import Observation

_IPV4 = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])")


@dataclass(slots=True)
class Match:
    host: Host
    item: AuditItem
    by: str
    """ip, mac, serial or model (the weakest: same model, not proven the same unit)."""

    @property
    def register_maker(self) -> str | None:
        return self.item.resolution.manufacturer

    @property
    def conflict(self) -> str | None:
        reg, net = self.register_maker, self.host.manufacturer
        if reg and net and reg != net:
            return f"the register says {reg}, the network says {net}"
        return None


@dataclass(slots=True)
class Reconciliation:
    matched: list[Match] = field(default_factory=list)
    network_only: list[Host] = field(default_factory=list)
    register_only: list[tuple[AuditItem, int]] = field(default_factory=list)
    """Register rows with fewer units seen than they list, and how many were not seen."""
    other_hosts: list[Host] = field(default_factory=list)
    """Hosts that answered but were not identified as equipment custodes knows."""
    failures: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "matched": [
                {
                    "address": m.host.address,
                    "by": m.by,
                    "register_row": m.item.location,
                    "register_text": m.item.text,
                    "register_maker": m.register_maker,
                    "network_maker": m.host.manufacturer,
                    "conflict": m.conflict,
                }
                for m in self.matched
            ],
            "network_only": [h.to_dict() for h in self.network_only],
            "register_only": [
                {
                    "file": i.file,
                    "row": i.location,
                    "text": i.text,
                    "maker": i.resolution.manufacturer,
                    "quantity": i.quantity,
                    "not_seen": n,
                }
                for i, n in self.register_only
            ],
            "other_hosts": [h.address for h in self.other_hosts],
            "failures": [{"file": f, "reason": r} for f, r in self.failures],
        }


def _identifiers(item: AuditItem) -> tuple[set[str], set[str], str]:
    cells = " ".join(item.cells.values()) if item.cells else item.text
    addresses = set()
    for found in _IPV4.findall(cells):
        try:
            addresses.add(str(ipaddress.ip_address(found)))
        except ValueError:
            continue
    macs = set()
    for value in item.cells.values():
        mac = find_mac(value)
        if mac is not None and len(mac) == 17:
            macs.add(mac.lower())
    return addresses, macs, cells.casefold()


def reconcile(hosts: list[Host], registers: list[Path], as_of: date | None = None) -> Reconciliation:
    audit = audit_files(registers, as_of=as_of)
    result = Reconciliation(failures=list(audit.failures))
    items = [i for i in audit.items if i.excluded is None]
    keys = [_identifiers(i) for i in items]
    used: dict[int, int] = {}
    pending: list[Host] = []
    for host in hosts:
        found = _match_exact(host, items, keys, used)
        if found is not None:
            result.matched.append(found)
        elif host.manufacturer is None and host.device_type is None:
            result.other_hosts.append(host)
        else:
            pending.append(host)
    for host in pending:
        found = _match_model(host, items, used)
        if found is not None:
            result.matched.append(found)
        else:
            result.network_only.append(host)
    for n, item in enumerate(items):
        missing = item.quantity - used.get(n, 0)
        if item.resolved and missing > 0:
            result.register_only.append((item, missing))
    return result


def _match_exact(
    host: Host, items: list[AuditItem], keys: list[tuple[set[str], set[str], str]], used: dict[int, int]
) -> Match | None:
    for by in ("ip", "mac", "serial"):
        for n, (addresses, macs, cells) in enumerate(keys):
            hit = (
                (by == "ip" and host.address in addresses)
                or (by == "mac" and host.mac is not None and host.mac in macs)
                or (
                    by == "serial"
                    and host.serial is not None
                    and len(host.serial) >= 6
                    and host.serial.casefold() in cells
                )
            )
            if hit:
                used[n] = used.get(n, 0) + 1
                return Match(host, items[n], by)
    return None


def _match_model(host: Host, items: list[AuditItem], used: dict[int, int]) -> Match | None:
    if host.model is None:
        return None
    for n, item in enumerate(items):
        models = {d.model for d in item.resolution.all_devices() if d.model}
        if host.model in models and used.get(n, 0) < max(1, item.quantity):
            used[n] = used.get(n, 0) + 1
            return Match(host, item, "model")
    return None


def load_hosts(path: Path, as_of: date | None = None) -> list[Host]:
    """The hosts of a saved ``custodes scan`` or ``import-scan`` result, identified afresh from
    what was observed (so a newer KB gives today's answers for yesterday's scan)."""
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror}") from None
    except ValueError as exc:
        raise InputError(str(path), f"not JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("hosts"), list):
        raise InputError(str(path), "not a result of custodes scan or import-scan (no hosts list)")
    observations = []
    for host in data["hosts"]:
        if not isinstance(host, dict) or not isinstance(host.get("address"), str):
            raise InputError(str(path), "a host without an address")
        for key, values in (host.get("observed") or {}).items():
            probe, _, name = str(key).partition(".")
            for value in values if isinstance(values, list) else []:
                observations.append(Observation(host["address"], probe, name, str(value)))
    return identify_all(observations, as_of=as_of)
