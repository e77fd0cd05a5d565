"""The figures an audit reports, each with its denominator stated.

Counts are of *devices* (a row's quantity), not rows. Shares are given over all devices in
the register and over the devices custodes could identify, because an unresolved row could
be anything. Software licences and accessories are listed apart and never counted as devices;
devices that an unverified lead says a restricted maker may make are counted apart, as
"verify", never as findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from custodes.audit.aggregate import Aggregate, Cost
from custodes.audit.rows import REPLACE_AT

if TYPE_CHECKING:
    from custodes.audit.run import AuditResult
    from custodes.policy import Pack

__all__ = ["REPLACE_AT", "Cost", "PackShare", "Summary", "build_summary", "summarise"]


@dataclass(slots=True)
class PackShare:
    pack: str
    title: str
    devices: int
    share_all: float
    share_resolved: float
    rules: dict[str, int]


@dataclass(slots=True)
class FindingLine:
    """One finding of the report: a rule, the devices' own maker, and how many rows and sites."""

    pack: str
    rule: str
    manufacturer: str
    devices: int
    rows: int
    sites: int


@dataclass(slots=True)
class VerifyLine:
    """Devices an unverified source says a restricted maker may make."""

    maker: str
    devices: int
    rows: int
    sites: int


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
    not_devices: dict[str, int] = field(default_factory=dict)
    findings: list[FindingLine] = field(default_factory=list)
    verify: list[VerifyLine] = field(default_factory=list)
    actions: dict[str, dict[str, int]] = field(default_factory=dict)
    """Site -> replace / verify / keep -> devices."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "devices": self.devices,
            "resolved_devices": self.resolved_devices,
            "unresolved_rows": self.unresolved_rows,
            "unresolved_devices": self.unresolved_devices,
            "not_counted_as_devices": self.not_devices,
            "by_manufacturer": self.by_manufacturer,
            "by_brand": self.by_brand,
            "by_device_type": self.by_device_type,
            "packs": [vars_of(p) for p in self.packs],
            "findings": [vars_of(f) for f in self.findings],
            "verify": [vars_of(v) for v in self.verify],
            "actions_by_site": self.actions,
            "capabilities": self.capabilities,
            "severities": self.severities,
            "replacement_cost": [vars_of(c) for c in self.costs],
            "replacement_cost_unpriced_devices": self.unpriced_devices,
            "failed_files": self.failures,
            "excluded_rows": self.excluded_rows,
        }


def vars_of(obj: object) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}  # type: ignore[attr-defined]


def build_summary(agg: Aggregate, packs: list[Pack], failures: int) -> Summary:
    devices, resolved = agg.devices, agg.resolved_devices
    shares = [
        PackShare(
            pack=p.id,
            title=p.title,
            devices=agg.pack_devices[p.id],
            share_all=agg.pack_devices[p.id] / devices if devices else 0.0,
            share_resolved=agg.pack_devices[p.id] / resolved if resolved else 0.0,
            rules=dict(agg.pack_rules[p.id].most_common()),
        )
        for p in packs
    ]
    findings = sorted(
        (
            FindingLine(pack, rule, maker, g.devices, g.rows, len(g.sites))
            for (pack, rule, maker), g in agg.findings.items()
        ),
        key=lambda f: (f.pack, -f.devices, f.manufacturer),
    )
    verify = sorted(
        (VerifyLine(maker, g.devices, g.rows, len(g.sites)) for maker, g in agg.verify.items()),
        key=lambda v: -v.devices,
    )
    return Summary(
        rows=agg.rows,
        devices=devices,
        resolved_devices=resolved,
        unresolved_rows=agg.unresolved_rows,
        unresolved_devices=agg.unresolved_devices,
        by_manufacturer=dict(agg.makers.most_common()),
        by_brand=dict(agg.brands.most_common()),
        by_device_type=dict(agg.types.most_common()),
        packs=shares,
        capabilities={k: dict(v) for k, v in sorted(agg.capabilities.items())},
        severities=dict(agg.severities.most_common()),
        costs=list(agg.costs.values()),
        unpriced_devices=agg.unpriced_devices,
        failures=failures,
        excluded_rows=agg.excluded_rows,
        worst_severity_rank=agg.worst_severity_rank,
        not_devices=dict(agg.not_devices),
        findings=findings,
        verify=verify,
        actions={
            site: {a: n[a] for a in ("replace", "verify", "keep") if n[a]}
            for site, n in sorted(agg.actions.items())
        },
    )


def summarise(result: AuditResult) -> Summary:
    """The summary of an audit (built as the rows went by; kept for the library's callers)."""
    return result.summary
