"""The figures an audit reports, each with its denominator stated.

Counts are of *devices* (a row's quantity), not rows. Shares are given over all devices in
the register and over the devices custodes could identify, because an unresolved row could
be anything.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from custodes.audit.prices import price_for
from custodes.audit.run import AuditResult
from custodes.kb.loader import read_parents
from custodes.policy import SEVERITY_RANK

REPLACE_AT = "high"
"""Devices with a finding at or above this severity are costed for replacement."""


@dataclass(slots=True)
class PackShare:
    pack: str
    title: str
    devices: int
    share_all: float
    share_resolved: float
    rules: dict[str, int]


@dataclass(slots=True)
class Cost:
    currency: str
    low: float
    high: float
    devices: int
    basis: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Summary:
    rows: int
    devices: int
    resolved_devices: int
    unresolved_rows: int
    unresolved_devices: int
    by_manufacturer: dict[str, int]
    by_brand: dict[str, int]
    by_device_type: dict[str, int]
    packs: list[PackShare]
    capabilities: dict[str, dict[str, int]]
    severities: dict[str, int]
    costs: list[Cost]
    unpriced_devices: int
    failures: int
    excluded_rows: int = 0
    worst_severity_rank: int = -1
    """The most severe finding on any counted row (-1: none), for ``--fail-on``."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "devices": self.devices,
            "resolved_devices": self.resolved_devices,
            "unresolved_rows": self.unresolved_rows,
            "unresolved_devices": self.unresolved_devices,
            "by_manufacturer": self.by_manufacturer,
            "by_brand": self.by_brand,
            "by_device_type": self.by_device_type,
            "packs": [vars_of(p) for p in self.packs],
            "capabilities": self.capabilities,
            "severities": self.severities,
            "replacement_cost": [vars_of(c) for c in self.costs],
            "replacement_cost_unpriced_devices": self.unpriced_devices,
            "failed_files": self.failures,
            "excluded_rows": self.excluded_rows,
        }


def vars_of(obj: object) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}  # type: ignore[attr-defined]


def summarise(result: AuditResult) -> Summary:
    parents = read_parents()
    makers: Counter[str] = Counter()
    brands: Counter[str] = Counter()
    types: Counter[str] = Counter()
    pack_devices: Counter[str] = Counter()
    pack_rules: dict[str, Counter[str]] = defaultdict(Counter)
    caps: dict[str, Counter[str]] = defaultdict(Counter)
    severities: Counter[str] = Counter()
    costs: dict[str, Cost] = {}
    unpriced = devices = resolved = unresolved_rows = unresolved_devices = excluded = 0
    threshold = SEVERITY_RANK[REPLACE_AT]
    worst_rank = -1
    for item in result.items:
        qty = item.quantity
        if item.excluded is not None:
            excluded += 1
            continue
        # A row's quantity is counted once, even when the row names several makers
        # ("Hikvision and Dahua cameras, 10"): per-maker figures then overlap, totals do not.
        devices += qty
        known = [
            (d, fs)
            for d, fs in zip(item.resolution.all_devices(), item.findings, strict=True)
            if d.manufacturer is not None
        ]
        if not known:
            unresolved_rows += 1
            unresolved_devices += qty
            continue
        resolved += qty
        for device, _ in known:
            makers[device.manufacturer or ""] += qty
            brands[device.brand or device.manufacturer or ""] += qty
            types[device.device_type or "unknown"] += qty
        for name, level in {(c.name, c.level) for d, _ in known for c in d.capabilities}:
            caps[name][level] += qty
        findings = [f for _, fs in known for f in fs]
        for pack in {f.pack for f in findings}:
            pack_devices[pack] += qty
        for pack, rule in {(f.pack, f.rule) for f in findings}:
            pack_rules[pack][rule] += qty
        for severity in {f.severity for f in findings}:
            severities[severity] += qty
            worst_rank = max(worst_rank, SEVERITY_RANK[severity])
        to_replace = [
            d for d, fs in known if max((SEVERITY_RANK[f.severity] for f in fs), default=-1) >= threshold
        ]
        if not to_replace:
            continue
        price = price_for(result.input.prices, to_replace[0].device_type, parents, result.input.currency)
        if price is None:
            unpriced += qty
            continue
        cost = costs.setdefault(price.currency, Cost(price.currency, 0.0, 0.0, 0))
        cost.low += qty * price.low
        cost.high += qty * price.high
        cost.devices += qty
        if price.basis not in cost.basis:
            cost.basis.append(price.basis)
        cost.sources.extend(src for src in price.sources if src not in cost.sources)
    titles = {p.id: p.title for p in result.input.packs}
    packs = [
        PackShare(
            pack=pid,
            title=titles.get(pid, pid),
            devices=pack_devices[pid],
            share_all=pack_devices[pid] / devices if devices else 0.0,
            share_resolved=pack_devices[pid] / resolved if resolved else 0.0,
            rules=dict(pack_rules[pid].most_common()),
        )
        for pid in titles
    ]
    return Summary(
        rows=len(result.items),
        devices=devices,
        resolved_devices=resolved,
        unresolved_rows=unresolved_rows,
        unresolved_devices=unresolved_devices,
        by_manufacturer=dict(makers.most_common()),
        by_brand=dict(brands.most_common()),
        by_device_type=dict(types.most_common()),
        packs=packs,
        capabilities={k: dict(v) for k, v in sorted(caps.items())},
        severities=dict(severities.most_common()),
        costs=list(costs.values()),
        unpriced_devices=unpriced,
        failures=len(result.failures),
        excluded_rows=excluded,
        worst_severity_rank=worst_rank,
    )
