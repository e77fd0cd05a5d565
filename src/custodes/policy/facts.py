"""What the engine is given about a device, and what it says back.

``DeviceFacts`` is deliberately small and already resolved: the engine never looks anything
up, so it can be run on any record the resolver and KB produced and tested without them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from custodes.policy.schema import Grade, Severity, Source, Verification


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
