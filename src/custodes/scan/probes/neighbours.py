"""The MAC address of each host from the kernel's neighbour (ARP) table.

Nothing is sent: the table is read after the other probes have talked to the host, so
the kernel has resolved its address. Only a real six-octet address from the table is
reported, never a number found in a reply (a serial number is not a MAC).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from custodes.scan.probes.base import Context, Observation

ARP_TABLE = Path("/proc/net/arp")
_MAC = re.compile(r"^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$")


def read_table(path: Path = ARP_TABLE) -> dict[str, str]:
    """IPv4 address -> MAC for complete entries (flags 0x2) of a /proc/net/arp-style file."""
    try:
        lines = path.read_text(encoding="ascii", errors="replace").splitlines()[1:]
    except OSError:
        return {}
    table: dict[str, str] = {}
    for line in lines:
        parts = line.split()
        if len(parts) < 4:
            continue
        address, flags, mac = parts[0], parts[2], parts[3].lower()
        if flags != "0x0" and _MAC.match(mac) and mac != "00:00:00:00:00:00":
            table[address] = mac
    return table


class Neighbours:
    name: ClassVar[str] = "neighbour"

    def __init__(self, path: Path = ARP_TABLE) -> None:
        self.path = path

    async def host(self, ctx: Context, address: str) -> list[Observation]:
        mac = read_table(self.path).get(address)
        return [Observation(address, "neighbour", "mac", mac)] if mac else []

    async def link(self, ctx: Context, interface: str) -> list[Observation]:
        return []
