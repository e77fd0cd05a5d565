"""The figures of an audit, added up row by row and merged file by file.

An ``Aggregate`` is all a file's audit keeps in memory: counters, never rows (the rows are in
the JSON Lines sink). It is picklable, so a worker process can return it, and two of them
merge by addition, so the summary of a batch is the merge of its files'. Lists of example
rows (unresolved, excluded) are capped; the full lists are in the items.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from custodes.audit.item import AuditItem
from custodes.audit.prices import PriceRange, price_for
from custodes.audit.rows import REPLACE_AT
from custodes.policy import SEVERITY_RANK

EXAMPLES = 1000
"""Rows listed by name per kind (unresolved, excluded) in a summary; the rest are counted."""
MAX_SITES = 5000
"""Sites named in the action list; further sites are added up under one line."""
OTHER_SITES = "(other sites)"
NO_SITE = "(no site given)"


@dataclass(slots=True)
class Group:
    """Devices, rows and sites behind one line of the report (a finding, a lead)."""

    devices: int = 0
    rows: int = 0
    sites: set[str] = field(default_factory=set)

    def add(self, qty: int, site: str | None) -> None:
        self.devices += qty
        self.rows += 1
        if site and len(self.sites) < MAX_SITES:
            self.sites.add(site)

    def merge(self, other: Group) -> None:
        self.devices += other.devices
        self.rows += other.rows
        self.sites |= set(list(other.sites)[: max(0, MAX_SITES - len(self.sites))])

    def to_dict(self) -> dict[str, Any]:
        return {"devices": self.devices, "rows": self.rows, "sites": len(self.sites)}


@dataclass(slots=True)
class Cost:
    currency: str
    low: float
    high: float
    devices: int
    basis: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Plan:
    """What one kind of resolved row adds to the figures, per device of quantity: worked out
    once per distinct resolution, then added for every row that has it."""

    makers: tuple[str, ...]
    brands: tuple[str, ...]
    types: tuple[str, ...]
    capabilities: tuple[tuple[str, str], ...]
    packs: tuple[str, ...]
    pack_rules: tuple[tuple[str, str], ...]
    findings: tuple[tuple[str, str, str], ...]
    severities: tuple[str, ...]
    worst: int
    replace: bool
    price: PriceRange | None


def plan_of(
    devices: list[Any],
    findings: list[list[Any]],
    prices: list[PriceRange],
    parents: dict[str, str],
    currency: str | None,
) -> Plan | None:
    """The plan of a row whose devices and findings are these (None: nothing identified)."""
    known = [(d, fs) for d, fs in zip(devices, findings, strict=True) if d.manufacturer]
    if not known:
        return None
    refs = [(d, f) for d, fs in known for f in fs]
    severities = tuple(sorted({f.severity for _, f in refs}))
    threshold = SEVERITY_RANK[REPLACE_AT]
    to_replace = [
        d for d, fs in known if max((SEVERITY_RANK[f.severity] for f in fs), default=-1) >= threshold
    ]
    return Plan(
        makers=tuple(d.manufacturer or "" for d, _ in known),
        brands=tuple(d.brand or d.manufacturer or "" for d, _ in known),
        types=tuple(d.device_type or "unknown" for d, _ in known),
        capabilities=tuple(sorted({(c.name, c.level) for d, _ in known for c in d.capabilities})),
        packs=tuple(sorted({f.pack for _, f in refs})),
        pack_rules=tuple(sorted({(f.pack, f.rule) for _, f in refs})),
        findings=tuple(sorted({(f.pack, f.rule, d.manufacturer or "") for d, f in refs})),
        severities=severities,
        worst=max((SEVERITY_RANK[x] for x in severities), default=-1),
        replace=bool(to_replace),
        price=price_for(prices, to_replace[0].device_type, parents, currency) if to_replace else None,
    )


@dataclass(slots=True)
class Aggregate:
    rows: int = 0
    devices: int = 0
    resolved_devices: int = 0
    unresolved_rows: int = 0
    unresolved_devices: int = 0
    excluded_rows: int = 0
    not_devices: Counter[str] = field(default_factory=Counter)
    """Rows listed but not counted as devices, by kind (licence, accessory): quantities."""
    makers: Counter[str] = field(default_factory=Counter)
    brands: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    pack_devices: Counter[str] = field(default_factory=Counter)
    pack_rules: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    capabilities: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    severities: Counter[str] = field(default_factory=Counter)
    findings: defaultdict[tuple[str, str, str], Group] = field(default_factory=lambda: defaultdict(Group))
    """(pack, rule, the device's own maker) -> devices, rows, sites."""
    verify: defaultdict[str, Group] = field(default_factory=lambda: defaultdict(Group))
    """Restricted maker named by an unverified lead -> devices to verify with the supplier."""
    actions: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """Site -> action (replace / verify / keep) -> devices."""
    costs: dict[str, Cost] = field(default_factory=dict)
    unpriced_devices: int = 0
    worst_severity_rank: int = -1
    unresolved_examples: list[tuple[str, str, str]] = field(default_factory=list)
    excluded_examples: list[tuple[str, str, str, str]] = field(default_factory=list)
    not_device_examples: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, item: AuditItem, plan: Plan | None) -> None:
        """Add one row; ``plan`` is ``plan_of`` its devices and findings (shared by its kind)."""
        self.rows += 1
        qty = item.quantity
        if item.excluded is not None:
            self.excluded_rows += 1
            if len(self.excluded_examples) < EXAMPLES:
                self.excluded_examples.append((item.file, item.location, item.text, item.excluded))
            return
        if item.kind != "device":
            self.not_devices[item.kind] += qty
            if len(self.not_device_examples) < EXAMPLES:
                self.not_device_examples.append((item.file, item.location, item.text, item.kind))
            return
        # A row's quantity is counted once, even when the row names several makers
        # ("Hikvision and Dahua cameras, 10"): per-maker figures then overlap, totals do not.
        self.devices += qty
        site = item.site or NO_SITE
        if site not in self.actions and len(self.actions) >= MAX_SITES:
            site = OTHER_SITES
        self.actions[site][item.action] += qty
        for lead_maker in {lead.maker for lead in item.leads}:
            self.verify[lead_maker].add(qty, item.site)
        if plan is None:
            self.unresolved_rows += 1
            self.unresolved_devices += qty
            if len(self.unresolved_examples) < EXAMPLES:
                self.unresolved_examples.append((item.file, item.location, item.text))
            return
        self.resolved_devices += qty
        for counter, keys in (
            (self.makers, plan.makers),
            (self.brands, plan.brands),
            (self.types, plan.types),
        ):
            for key in keys:
                counter[key] += qty
        for name, level in plan.capabilities:
            self.capabilities[name][level] += qty
        for pack in plan.packs:
            self.pack_devices[pack] += qty
        for pack, rule in plan.pack_rules:
            self.pack_rules[pack][rule] += qty
        for key3 in plan.findings:
            self.findings[key3].add(qty, item.site)
        for severity in plan.severities:
            self.severities[severity] += qty
        self.worst_severity_rank = max(self.worst_severity_rank, plan.worst)
        if plan.replace:
            self._cost(plan.price, qty)

    def _cost(self, price: PriceRange | None, qty: int) -> None:
        if price is None:
            self.unpriced_devices += qty
            return
        cost = self.costs.get(price.currency)
        if cost is None:
            cost = self.costs[price.currency] = Cost(price.currency, 0.0, 0.0, 0)
        cost.low += qty * price.low
        cost.high += qty * price.high
        cost.devices += qty
        if price.basis not in cost.basis:
            cost.basis.append(price.basis)
        cost.sources.extend(src for src in price.sources if src not in cost.sources)

    def merge(self, other: Aggregate) -> None:
        for name in (
            "rows",
            "devices",
            "resolved_devices",
            "unresolved_rows",
            "unresolved_devices",
            "excluded_rows",
            "unpriced_devices",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("not_devices", "makers", "brands", "types", "pack_devices", "severities"):
            getattr(self, name).update(getattr(other, name))
        for pack, rules in other.pack_rules.items():
            self.pack_rules[pack].update(rules)
        for cap, levels in other.capabilities.items():
            self.capabilities[cap].update(levels)
        for key, group in other.findings.items():
            self.findings[key].merge(group)
        for maker, group in other.verify.items():
            self.verify[maker].merge(group)
        for site, actions in other.actions.items():
            self.actions[
                site if site in self.actions or len(self.actions) < MAX_SITES else OTHER_SITES
            ].update(actions)
        for cur, cost in other.costs.items():
            mine = self.costs.setdefault(cur, Cost(cur, 0.0, 0.0, 0))
            mine.low += cost.low
            mine.high += cost.high
            mine.devices += cost.devices
            mine.basis.extend(b for b in cost.basis if b not in mine.basis)
            mine.sources.extend(s for s in cost.sources if s not in mine.sources)
        self.worst_severity_rank = max(self.worst_severity_rank, other.worst_severity_rank)
        for name in ("unresolved_examples", "excluded_examples", "not_device_examples"):
            mine_list = getattr(self, name)
            mine_list.extend(getattr(other, name)[: max(0, EXAMPLES - len(mine_list))])
