"""Corporate groups as of a date: who owns or controls a manufacturer, transitively.

Sanctions and procurement rules name a company "and any subsidiary or affiliate", so a
device made by EZVIZ must be tested against rules that name Hikvision. Only verified
relationships count; an ownership with dates counts only inside its dates.
"""

from __future__ import annotations

from datetime import date

from custodes.kb.loader import KBData
from custodes.kb.schema import Relationship

_GROUP_KINDS = frozenset({"subsidiary", "owned-by", "affiliate", "own-brand", "oem-supplier"})


def _current(rel: Relationship, as_of: date) -> bool:
    if rel.status != "verified" or rel.kind not in _GROUP_KINDS:
        return False
    if rel.start is not None and rel.start > as_of:
        return False
    return not (rel.end is not None and rel.end < as_of)


def group_of(kb: KBData, company: str | None, as_of: date, brand: str | None = None) -> frozenset[str]:
    """The company id, every verified parent or affiliate in force on ``as_of``, and (for a
    brand) the companies that make or own it."""
    seen: set[str] = set()
    todo: list[str] = []
    if company:
        todo.append(company)
    if brand and brand in kb.brands:
        todo.extend(r.party for r in kb.brands[brand].relationships if _current(r, as_of))
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        maker = kb.manufacturers.get(current)
        if maker is not None:
            todo.extend(r.party for r in maker.relationships if _current(r, as_of))
    return frozenset(seen)


def country_of(kb: KBData, company: str | None) -> str | None:
    maker = kb.manufacturers.get(company) if company else None
    return maker.country if maker else None
