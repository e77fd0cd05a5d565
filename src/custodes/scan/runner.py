"""Run a scan: targets expanded and checked, probes run concurrently under limits, hosts identified.

The transport stack is always ``RateLimited(Guarded(real or injected))``: every message is
checked and logged as it leaves, and no more than ``rate`` messages a second leave, however many hosts
are probed at once (``concurrency``).
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from custodes import settings
from custodes.errors import InputError
from custodes.scan.host import Host
from custodes.scan.identify import identify_all
from custodes.scan.probes import Context, Neighbours, Observation, Probe, default_probes
from custodes.scan.probes.neighbours import ARP_TABLE
from custodes.scan.targets import expand
from custodes.scan.transport import Datagram, Guarded, NetworkTransport, Reply, Sent, StreamReply, Transport

DEFAULTS: dict[str, Any] = {
    "wait": settings.SCAN_WAIT_SECONDS,
    "concurrency": settings.SCAN_CONCURRENCY,
    "rate": settings.SCAN_RATE,
}
"""The CLI's defaults, from ``custodes.settings``."""


@dataclass(slots=True)
class ScanConfig:
    targets: list[str]
    interfaces: list[str] = field(default_factory=list)
    allow_public: bool = False
    wait: float = DEFAULTS["wait"]
    concurrency: int = DEFAULTS["concurrency"]
    rate: float = DEFAULTS["rate"]
    ports: dict[str, int] = field(default_factory=dict)
    neighbour_table: Path = ARP_TABLE
    as_of: date | None = None
    policy_files: list[Path] = field(default_factory=list)


@dataclass(slots=True)
class ScanResult:
    hosts: list[Host]
    sent: list[Sent]
    log: list[str]
    addresses: int
    elapsed: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "addresses_scanned": self.addresses,
            "hosts": [h.to_dict() for h in self.hosts],
            "messages_sent": len(self.sent),
            "sent": [{k: v for k, v in s.to_dict().items() if k != "payload"} for s in self.sent],
            "refused_messages": sum(1 for s in self.sent if s.refused),
            "log": list(self.log),
            "elapsed_seconds": round(self.elapsed, 3),
        }


class RateLimited:
    """At most ``rate`` messages a second through ``inner`` (evenly spaced)."""

    def __init__(self, inner: Transport, rate: float) -> None:
        self.inner = inner
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next = 0.0
        self.lock = asyncio.Lock()

    async def _slot(self) -> None:
        async with self.lock:
            now = time.monotonic()
            start = max(now, self.next)
            self.next = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)

    async def datagram(self, message: Datagram) -> tuple[list[Reply], bool]:
        await self._slot()
        return await self.inner.datagram(message)

    async def stream(
        self, protocol: str, host: str, port: int, payload: bytes, wait: float, tls: bool = False
    ) -> StreamReply | None:
        await self._slot()
        return await self.inner.stream(protocol, host, port, payload, wait, tls)


def check_route(address: str) -> None:
    """A clear error when this machine has no route to the range (nothing is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect((address, 9))
    except OSError as exc:
        raise InputError(
            address, f"unreachable from this machine ({exc.strerror}); check the route or VLAN"
        ) from None
    finally:
        probe.close()


async def run_scan(
    config: ScanConfig,
    transport: Transport | None = None,
    probes: Sequence[Probe] | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_send: Callable[[Sent], None] | None = None,
) -> ScanResult:
    """Scan the configured targets and interfaces; identify and audit every host that answered."""
    started = time.monotonic()
    addresses = expand(config.targets, config.allow_public)
    if not addresses and not config.interfaces:
        raise InputError("scan", "no targets: give addresses or CIDR ranges, or --interface")
    for interface in config.interfaces:
        try:
            socket.if_nametoindex(interface)
        except OSError:
            raise InputError(interface, "no such network interface") from None
    if addresses:
        check_route(addresses[0])
    guarded = Guarded(transport or NetworkTransport(), on_send=on_send)
    log: list[str] = []
    limited = RateLimited(guarded, config.rate)
    ctx = Context(limited, wait=config.wait, ports=dict(config.ports), log=log.append)
    chosen = list(probes) if probes is not None else default_probes()
    observations: list[Observation] = []

    for interface in config.interfaces:
        found = await asyncio.gather(*(p.link(ctx, interface) for p in chosen), return_exceptions=True)
        observations.extend(_keep(found, log, f"link {interface}"))

    limit = asyncio.Semaphore(max(1, config.concurrency))
    done = 0

    async def one(address: str) -> None:
        nonlocal done
        async with limit:
            found = await asyncio.gather(*(p.host(ctx, address) for p in chosen), return_exceptions=True)
            observations.extend(_keep(found, log, address))
            done += 1
            if progress is not None:
                progress(done, len(addresses))

    await asyncio.gather(*(one(a) for a in addresses))
    neighbours = Neighbours(config.neighbour_table)
    seen = sorted({o.address for o in observations})
    for address in seen:
        observations.extend(await neighbours.host(ctx, address))
    if addresses and not observations:
        log.append(f"no device answered in {len(addresses)} addresses; check that the range is reachable")
    hosts = identify_all(observations, as_of=config.as_of, policy_files=config.policy_files)
    return ScanResult(hosts, guarded.sent, log, len(addresses), time.monotonic() - started)


def _keep(found: list[list[Observation] | BaseException], log: list[str], where: str) -> list[Observation]:
    out: list[Observation] = []
    for item in found:
        if isinstance(item, BaseException):
            if not isinstance(item, Exception):
                raise item
            log.append(f"{where}: probe failed: {type(item).__name__}: {item}")
        else:
            out.extend(item)
    return out


def scan(config: ScanConfig, **kwargs: Any) -> ScanResult:
    """Synchronous entry point for the CLI."""
    return asyncio.run(run_scan(config, **kwargs))
