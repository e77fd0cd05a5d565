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
    for item in result.items:
        qty = item.quantity
        if item.excluded is not None:
            excluded += 1
            continue
        if not item.resolved:
            unresolved_rows += 1
            unresolved_devices += qty
            devices += qty
            continue
        for device, findings in zip(item.resolution.all_devices(), item.findings, strict=True):
            devices += qty
            if device.manufacturer is None:
                unresolved_devices += qty
                continue
            resolved += qty
            makers[device.manufacturer] += qty
            brands[device.brand or device.manufacturer] += qty
            types[device.device_type or "unknown"] += qty
            for cap in device.capabilities:
                caps[cap.name][cap.level] += qty
            for pack in {f.pack for f in findings}:
                pack_devices[pack] += qty
            for finding in findings:
                pack_rules[finding.pack][finding.rule] += qty
            worst = max((SEVERITY_RANK[f.severity] for f in findings), default=-1)
            for severity in {f.severity for f in findings}:
                severities[severity] += qty
            if worst >= threshold:
                price = price_for(result.input.prices, device.device_type, parents, result.input.currency)
                if price is None:
                    unpriced += qty
                    continue
                cost = costs.setdefault(price.currency, Cost(price.currency, 0.0, 0.0, 0))
                cost.low += qty * price.low
                cost.high += qty * price.high
                cost.devices += qty
                if price.basis not in cost.basis:
                    cost.basis.append(price.basis)
                cost.sources.extend(s for s in price.sources if s not in cost.sources)
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
    )
