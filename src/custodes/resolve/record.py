"""What the resolver returns: one record per input, with the evidence for every field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from custodes.settings import FAMILY_CONFIDENCE

STATED = "stated"
FROM_FAMILY = "inferred from family"


@dataclass(frozen=True, slots=True)
class Capability:
    name: str
    level: str
    sources: tuple[str, ...]
    basis: str = STATED
    """``stated`` (the sources name this exact model, or the rule is one exact model) or
    ``inferred from family`` (the code only has the shape of a family the sources describe)."""

    @property
    def confidence(self) -> float:
        return 1.0 if self.basis == STATED else FAMILY_CONFIDENCE

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "level": self.level,
            "sources": list(self.sources),
            "basis": self.basis,
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason behind the record: which KB rule fired on which part of the input."""

    rule: str
    matched: str
    sources: tuple[str, ...]
    grade: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "matched": self.matched}
        out["sources"] = list(self.sources)
        if self.grade is not None:
            out["grade"] = self.grade
        if self.note is not None:
            out["note"] = self.note
        return out


@dataclass(slots=True)
class Device:
    """One identified device inside an input string."""

    manufacturer: str | None = None
    manufacturer_name: str | None = None
    brand: str | None = None
    model: str | None = None
    family: str | None = None
    device_type: str | None = None
    capabilities: list[Capability] = field(default_factory=list)
    confidence: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)
    made_by: str | None = None
    """The company that makes it when the record reports its group as the manufacturer
    (EZVIZ under Hikvision): rules that name a parent apply to it as an affiliate."""

    def to_dict(self) -> dict[str, Any]:
        out = {
            "manufacturer": self.manufacturer,
            "manufacturer_name": self.manufacturer_name,
            "brand": self.brand,
            "model": self.model,
            "family": self.family,
            "device_type": self.device_type,
            "capabilities": [c.to_dict() for c in self.capabilities],
            "confidence": round(self.confidence, 3),
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.made_by is not None:
            out["made_by"] = self.made_by
        return out


@dataclass(slots=True)
class Resolution:
    """The resolver's answer for one input.

    The top-level fields describe the device when there is one; when the input names
    several devices they are listed in ``devices`` and the top level keeps only what
    they share (a field they disagree on is null rather than a guess).
    """

    input: str
    device: Device
    devices: list[Device] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def manufacturer(self) -> str | None:
        return self.device.manufacturer

    @property
    def resolved(self) -> bool:
        return self.device.manufacturer is not None

    def all_devices(self) -> list[Device]:
        return self.devices if self.devices else [self.device]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"input": self.input}
        out.update(self.device.to_dict())
        if self.devices:
            out["devices"] = [d.to_dict() for d in self.devices]
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out
