"""What statistics return: figures that carry their own trace back to the documents.

A :class:`Figure` is one number with its denominator, the sentence that states it, and the
bodies, requests, claims and documents behind it, so any published figure can be checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Figure:
    """One number: ``n`` (of ``m``), as a sentence, with everything behind it."""

    key: str
    text: str
    n: int
    m: int | None = None
    denominator: str | None = None
    bodies: list[str] = field(default_factory=list)
    requests: list[int] = field(default_factory=list)
    claims: list[int] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class CampaignStats:
    """Every figure of a campaign as of a date, in sections."""

    campaign: str
    as_of: dt.date
    requests: list[Figure]
    refusals: list[Figure]
    manufacturers: list[Figure]
    packs: list[Figure]
    capabilities: list[Figure]
    spend: list[Figure]
    basis: str = "confirmed"
    """Which review states counted (``custodes.campaign.stats.BASES``)."""
    basis_note: str = ""
    """The basis in words, and how many claims it left out and why."""

    def sections(self) -> dict[str, list[Figure]]:
        return {
            "requests": self.requests,
            "refusals": self.refusals,
            "manufacturers": self.manufacturers,
            "packs": self.packs,
            "capabilities": self.capabilities,
            "spend": self.spend,
        }

    def figures(self) -> list[Figure]:
        return [f for section in self.sections().values() for f in section]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "campaign": self.campaign,
            "as_of": self.as_of.isoformat(),
            "basis": self.basis,
            "basis_note": self.basis_note,
        }
        out.update({k: [asdict(f) for f in v] for k, v in self.sections().items()})
        return out
