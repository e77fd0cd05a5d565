"""DHCP lease files (ISC dhcpd.leases, dnsmasq): a MAC, a host name and a vendor class per address.

A lease with neither a hardware address nor a name is a reject; one bad line of a dnsmasq
file is a reject and the rest is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from custodes.scan.probes.base import Observation, text
from custodes.scan.rejects import Reject

_LEASE = re.compile(r"lease\s+(\d+\.\d+\.\d+\.\d+)\s*\{(.*?)\}", re.S)
_HARDWARE = re.compile(r"hardware\s+ethernet\s+([0-9a-fA-F:]{17})\s*;")
_HOSTNAME = re.compile(r'client-hostname\s+"([^"]*)"\s*;')
_VENDOR = re.compile(r'vendor-class-identifier\s*=\s*"([^"]*)"\s*;')


def read_isc(path: Path) -> Iterator[list[Observation] | Reject]:
    name = str(path)
    content = path.read_text(encoding="utf-8", errors="replace")
    for found in _LEASE.finditer(content):
        address, body = found.group(1), found.group(2)
        out = []
        if hw := _HARDWARE.search(body):
            out.append(Observation(address, "dhcp", "mac", hw.group(1).lower()))
        if host := _HOSTNAME.search(body):
            out.append(Observation(address, "dhcp", "hostname", text(host.group(1))))
        if vendor := _VENDOR.search(body):
            out.append(Observation(address, "dhcp", "dhcp_vendor", text(vendor.group(1))))
        yield (
            out
            if out
            else Reject(name, f"lease {address}", "a lease with no hardware address or names", body[:500])
        )


def read_dnsmasq(path: Path) -> Iterator[list[Observation] | Reject]:
    name = str(path)
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 4 or not re.fullmatch(r"[0-9a-fA-F:]{17}", parts[1]) or parts[2].count(".") != 3:
                yield Reject(
                    name,
                    f"line {number}",
                    "not a dnsmasq lease (expiry MAC IP hostname ...)",
                    line.strip()[:500],
                )
                continue
            out = [Observation(parts[2], "dhcp", "mac", parts[1].lower())]
            if parts[3] != "*":
                out.append(Observation(parts[2], "dhcp", "hostname", text(parts[3])))
            yield out
