"""Who a device is reported under: a controlled subsidiary's products go to its group.

EZVIZ and HIKMICRO make Hikvision-group products under their own names; the KB marks such
links ``attribute: true``. The subsidiary stays on the record as ``made_by`` and ``brand``,
so rules still see the company that made it and treat the parent's listing as an affiliate's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from custodes.kb.loader import KBData
from custodes.resolve.grammar import relationship_evidence
from custodes.resolve.record import Device, Evidence

Attributions = dict[str, tuple[str, Evidence, date | None]]


def ended_warning(name: str, maker: str, until: date) -> str:
    return (
        f"{name} is attributed to {maker} through a link that ended on {until}; "
        "for equipment bought later, check the purchase date"
    )


def attributions(kb: KBData) -> Attributions:
    """Company -> (group it is attributed to, the evidence, when the link ended, if it did)."""
    out: Attributions = {}
    for mid, maker in kb.manufacturers.items():
        for rel in maker.relationships:
            if rel.attribute and rel.status == "verified":
                evidence = relationship_evidence(kb, mid, rel)
                evidence = replace(
                    evidence, note=f"{evidence.note}; its products are reported under {rel.party}"
                )
                out[mid] = (rel.party, evidence, rel.end)
    return out


def roll_up(device: Device, table: Attributions, warnings: list[str]) -> None:
    """Report a subsidiary's device under its group, keeping the subsidiary as made_by."""
    seen: set[str] = set()
    while device.manufacturer in table and device.manufacturer not in seen:
        seen.add(device.manufacturer)
        parent, evidence, until = table[device.manufacturer]
        device.made_by = device.made_by or device.manufacturer
        device.brand = device.brand or device.manufacturer
        device.manufacturer = parent
        device.evidence.append(evidence)
        if until is not None:
            device.confidence = min(device.confidence, 0.6)
            warnings.append(ended_warning(device.made_by, parent, until))


def restricted_closure(kb: KBData, table: Attributions) -> frozenset[str]:
    """The makers the policy packs name, and every company whose devices are reported under
    one of them (EZVIZ under Hikvision): the makers a weak match must never reach."""
    out = set(kb.restricted)
    for mid in kb.manufacturers:
        seen: set[str] = set()
        node = mid
        while node in table and node not in seen:
            seen.add(node)
            node = table[node][0]
        if node in kb.restricted:
            out.add(mid)
    return frozenset(out)
