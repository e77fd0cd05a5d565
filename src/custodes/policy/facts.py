"""What the engine is given about a device, and what it says back; the one builder of facts.

``DeviceFacts`` is deliberately small and already resolved: the engine never looks anything
up, so it can be run on any record the resolver and KB produced and tested without them.
:func:`device_facts` is the one place facts are built from a maker, a type and stated
capabilities (the KB supplies the maker's group and country as of the date), and
:func:`claim_findings` applies the packs to a claim, so an audit row and a campaign claim
naming the same kit get the same findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from custodes.extract.claims import LEVELS, capability_levels
from custodes.kb import load_kb
from custodes.kb.groups import country_of, group_of
from custodes.kb.loader import KBData
from custodes.policy.schema import Grade, Pack, Severity, Source, Verification


@dataclass(frozen=True, slots=True)
class DeviceFacts:
    manufacturer: str | None
    """Canonical manufacturer id (``hikvision``), or None when unknown."""
    group: frozenset[str]
    """The manufacturer id plus every parent/affiliate id as of the audit date (from the KB)."""
    country: str | None
    """ISO 3166-1 alpha-2 code of the manufacturer's country, e.g. ``CN``."""
    device_type: str | None
    capabilities: tuple[tuple[str, str], ...]
    """(capability id, level) pairs; level is capable, enabled or in_use."""


class Finding(BaseModel):
    """One rule that applies to one device, with the reason and the source to check."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pack: str
    pack_title: str
    rule: str
    title: str
    severity: Severity
    effective: date
    ends: date | None
    citation: str
    url: str
    """The best-graded source for the rule (ties: the first the rule lists)."""
    grade: Grade
    sources: tuple[Source, ...]
    why: str
    scope: str | None
    status: Literal["in_force", "not_yet_in_force"]
    jurisdiction: str
    binding_on: str
    verification: Verification
    """``unverified`` where the pack or rule rests on facts not yet checked at a primary source."""
    matched_entity: str | None = None
    """The listed entity id that matched (the device's manufacturer or one of its group)."""
    via_affiliate: bool = False
    """True when the match came through the manufacturer's group, not the manufacturer itself."""
    matched_capability: str | None = None
    capability_level: str | None = None


def device_facts(
    kb: KBData,
    manufacturer: str | None,
    device_type: str | None,
    capabilities: Iterable[tuple[str, str]],
    as_of: date,
    brand: str | None = None,
) -> DeviceFacts:
    """Facts for one device: rules apply to the company that makes it and, through its group
    as of ``as_of``, to its parents and affiliates (EZVIZ under Hikvision)."""
    return DeviceFacts(
        manufacturer=manufacturer,
        group=group_of(kb, manufacturer, as_of, brand),
        country=country_of(kb, manufacturer),
        device_type=device_type,
        capabilities=tuple(sorted(set(capabilities))),
    )


def stated_capabilities(capabilities: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(name, level) for what a claim states positively, below any level it denies: "capable
    of facial recognition; it is not enabled" is capable, never enabled."""
    out = []
    for name, (stated, denied) in capability_levels([dict(c) for c in capabilities]).items():
        reached = min(stated, denied - 1)
        if reached >= 0:
            out.append((name, LEVELS[reached]))
    return out


def claim_findings(claim: Mapping[str, Any], packs: Sequence[Pack], as_of: date) -> list[Finding]:
    """The packs' findings for one claim of owned kit (none for a claim naming neither a maker
    nor a capability it states)."""
    from custodes.policy.engine import evaluate  # the engine imports this module

    maker = claim.get("manufacturer")
    caps = stated_capabilities(claim.get("capabilities") or [])
    if maker is None and not caps:
        return []
    facts = device_facts(load_kb(), maker, claim.get("device_type"), caps, as_of, claim.get("brand"))
    return evaluate(facts, list(packs), as_of)
