"""Which addresses a scan may reach: the user's targets, expanded, with public ranges refused.

A scan is for networks the user is responsible for, so an address on the public internet
is refused unless the user says ``--allow-public``. Multicast groups are only ever used by
the link probes; a target list of more than :data:`MAX_ADDRESSES` is refused rather than
left running for hours.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

from custodes.errors import InputError
from custodes.scan.safety import is_private

MAX_ADDRESSES = 65536


def expand(targets: Iterable[str], allow_public: bool = False) -> list[str]:
    """Every IPv4 address the targets name, in order, each once (one-line errors for bad ones)."""
    out: dict[str, None] = {}
    for target in targets:
        for address in _one(target.strip()):
            if not allow_public and not is_private(address):
                raise InputError(
                    target,
                    f"{address} is a public address; scan only networks you are responsible for "
                    "(--allow-public to confirm that you are)",
                )
            out[address] = None
            if len(out) > MAX_ADDRESSES:
                raise InputError(target, f"more than {MAX_ADDRESSES} addresses; scan a smaller range")
    return list(out)


def _one(target: str) -> list[str]:
    if not target:
        raise InputError("target", "empty target")
    try:
        network = ipaddress.ip_network(target, strict=False)
    except ValueError:
        network = None
    if network is not None:
        if network.version != 4:
            raise InputError(target, "IPv6 ranges are not scanned (give IPv4 addresses or CIDRs)")
        if network.is_multicast:
            raise InputError(target, "a multicast group is not a target (use --interface for discovery)")
        if network.num_addresses > MAX_ADDRESSES:
            raise InputError(target, f"more than {MAX_ADDRESSES} addresses; scan a smaller range")
        if network.num_addresses <= 2:
            return [str(a) for a in network]
        return [str(a) for a in network.hosts()]
    try:
        infos = socket.getaddrinfo(target, None, socket.AF_INET, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise InputError(target, "not an address, a CIDR range or a host name that resolves") from None
    return sorted({str(info[4][0]) for info in infos})
