"""Part 1's policy audit applied to an owned claim: the default ``audit`` for attach/review.

A claim already names a canonical manufacturer, a device type and capabilities, so the
bridge only adds what the rule engine needs from the KB (the manufacturer's group and
country as of the date) and turns each finding into the store's finding fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _packs() -> tuple[Any, ...]:
    from custodes.policy import load_packs

    return tuple(load_packs())


def audit_claim(claim: Mapping[str, Any], as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Findings of the built-in rule packs for one owned claim, as of ``as_of`` (today)."""
    from custodes.kb import load_kb
    from custodes.kb.groups import country_of, group_of
    from custodes.policy import DeviceFacts, evaluate

    when = as_of or dt.date.today()
    maker = claim.get("manufacturer")
    caps = tuple(
        (str(c["name"]), str(c.get("level") or "capable"))
        for c in claim.get("capabilities") or []
        if isinstance(c, Mapping) and c.get("name")
    )
    if maker is None and not caps:
        return []
    kb = load_kb()
    facts = DeviceFacts(
        manufacturer=maker,
        group=group_of(kb, maker, when),
        country=country_of(kb, maker),
        device_type=claim.get("device_type"),
        capabilities=caps,
    )
    return [
        {
            "pack": f.pack,
            "rule": f.rule,
            "severity": f.severity,
            "effective": f.effective.isoformat(),
            "citation": f.citation,
            "why": f.why,
        }
        for f in evaluate(facts, list(_packs()), when)
    ]
