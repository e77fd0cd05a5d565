"""Devices stated and what replacing the kit with findings would cost, per maker and in all.

Counts come from :mod:`custodes.campaign.counting` (each device once). Cost uses the one
price system (:mod:`custodes.audit.prices`: currency, sources, parent device types) and the
audit's rule for what needs replacing (a finding at ``REPLACE_AT`` severity or above), so
the same kit costs the same in an audit and in a campaign. Kit without such a finding is
not priced, whatever its maker; kit with one but without a price is counted as unpriced.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from custodes.audit.prices import PriceRange, price_for
from custodes.audit.summary import REPLACE_AT
from custodes.campaign.counting import CONTRADICTED, COUNTED, DUPLICATE, HOW, REST, Counted
from custodes.campaign.figures import Figure
from custodes.kb.loader import read_parents
from custodes.policy import SEVERITY_RANK

UNRESOLVED = "(unresolved)"


class _View(Protocol):
    name: str
    request_id: int
    counted: list[Counted]


@dataclass
class _Tally:
    devices: int = 0
    without_number: int = 0
    shared: int = 0
    with_findings: int = 0
    priced: int = 0
    cost: dict[str, list[float]] = field(default_factory=dict)
    basis: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    bodies: dict[int, str] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def spend_figures(
    views: Sequence[_View], findings: Mapping[int, list[dict[str, Any]]], prices: list[PriceRange] | None
) -> list[Figure]:
    """``devices:<maker>`` per maker (shared counts under each maker) and ``devices:all``."""
    parents = read_parents()
    price_of: dict[str | None, PriceRange | None] = {}
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    cut = SEVERITY_RANK[REPLACE_AT]
    for view in views:
        for item in view.counted:
            claim = item.claim
            makers = [UNRESOLVED if m is None else m for m in item.makers]
            replace, price = False, None
            if item.role == COUNTED and item.devices:  # the rest of a total has no maker, no finding
                found = findings.get(claim["id"], ())
                replace = max((SEVERITY_RANK.get(f["severity"], -1) for f in found), default=-1) >= cut
                if replace and item.device_type not in price_of:
                    price_of[item.device_type] = price_for(prices or [], item.device_type, parents, None)
                price = price_of.get(item.device_type) if replace else None
            for key in [*makers, "all"]:
                tally = tallies[key]
                if item.role == CONTRADICTED:
                    tally.flags.add(CONTRADICTED)
                if item.role in (CONTRADICTED, DUPLICATE):
                    tally.claims.append(claim)  # evidence behind the figure, counted elsewhere
                if item.role not in (COUNTED, REST):
                    continue
                tally.claims.append(claim)
                tally.bodies[view.request_id] = view.name
                if item.devices is None:
                    tally.without_number += 1
                    continue
                tally.devices += item.devices
                if len(makers) > 1 and key != "all":
                    tally.shared += item.devices
                if replace:
                    _cost(tally, item.devices, price)
    return sorted(
        (_figure(key, t, prices is not None) for key, t in tallies.items() if t.bodies or t.flags),
        key=lambda f: (f.key != "devices:all", -int(f.extra["devices_stated"]), f.key),
    )


def _cost(tally: _Tally, devices: int, price: PriceRange | None) -> None:
    """Add devices that need replacing (a finding at ``REPLACE_AT`` or above) to a tally."""
    tally.with_findings += devices
    if price is None:
        return
    low_high = tally.cost.setdefault(price.currency, [0.0, 0.0])
    low_high[0] += price.low * devices
    low_high[1] += price.high * devices
    tally.priced += devices
    if price.basis not in tally.basis:
        tally.basis.append(price.basis)
    tally.sources.extend(s for s in price.sources if s not in tally.sources)


def _figure(key: str, t: _Tally, costing: bool) -> Figure:
    if key == "all":
        what = "devices in all"
    elif key == UNRESOLVED:
        what = "devices of unnamed or unresolved make"
    else:
        what = f"{key} devices"
    text = f"at least {t.devices:,} {what} stated; {t.without_number} claims gave no number"
    if t.shared and key != "all":
        text += f"; {t.shared:,} of them in counts shared with another maker"
    if costing and not t.with_findings:
        text += f"; none with a finding at {REPLACE_AT} severity or above, so none costed"
    elif costing:
        spent = "; ".join(f"{cur} {lo:,.0f}-{hi:,.0f}" for cur, (lo, hi) in sorted(t.cost.items()))
        priced = f", replacement cost {spent} for {t.priced:,} priced" if t.cost else ", none priced"
        text += f"; {t.with_findings:,} devices with a finding at {REPLACE_AT} severity or above{priced}"
    if CONTRADICTED in t.flags:
        text += "; a stated total disagrees with its parts (the parts are counted)"
    claims = {c["id"]: c for c in t.claims}
    fig = Figure(
        key=f"devices:{key}",
        text=text,
        n=len(t.bodies),
        bodies=sorted(t.bodies.values()),
        requests=sorted(t.bodies),
        claims=sorted(claims),
        documents=sorted({c["document"] for c in claims.values()}),
        denominator=HOW,
    )
    fig.extra = {
        "devices_stated": t.devices,
        "claims_without_quantity": t.without_number,
        "devices_shared_with_another_maker": t.shared,
        "devices_with_findings": t.with_findings,
        "replace_at": REPLACE_AT,
        "replacement_cost": {cur: lh for cur, lh in t.cost.items()} if costing else None,
        "devices_priced": t.priced if costing else 0,
        "price_basis": t.basis,
        "price_sources": t.sources,
        "flags": sorted(t.flags),
        "counted": HOW,
    }
    return fig
