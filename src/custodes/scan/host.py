"""What the scan concluded: one record per address, and each conclusion behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from custodes.policy import Finding
from custodes.resolve import Device, Evidence
from custodes.scan.probes.base import Observation


@dataclass(slots=True)
class Conclusion:
    probe: str
    field: str
    value: str
    port: int | None
    basis: str
    manufacturer: str | None
    brand: str | None
    model: str | None
    device_type: str | None
    confidence: float
    evidence: list[Evidence]
    device: Device | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "probe": self.probe,
            "field": self.field,
            "value": self.value,
            "port": self.port,
            "basis": self.basis,
            "manufacturer": self.manufacturer,
            "brand": self.brand,
            "model": self.model,
            "confidence": round(self.confidence, 3),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(slots=True)
class Host:
    """One address and what the scan concluded about it."""

    address: str
    observations: list[Observation]
    manufacturer: str | None = None
    manufacturer_name: str | None = None
    brand: str | None = None
    model: str | None = None
    device_type: str | None = None
    confidence: float = 0.0
    conclusions: list[Conclusion] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    mac: str | None = None
    serial: str | None = None
    name: str | None = None

    @property
    def resolved(self) -> bool:
        return self.manufacturer is not None

    def to_dict(self) -> dict[str, Any]:
        facts: dict[str, list[str]] = {}
        for obs in self.observations:
            values = facts.setdefault(f"{obs.probe}.{obs.field}", [])
            if obs.value not in values:
                values.append(obs.value)
        return {
            "address": self.address,
            "manufacturer": self.manufacturer,
            "manufacturer_name": self.manufacturer_name,
            "brand": self.brand,
            "model": self.model,
            "device_type": self.device_type,
            "confidence": round(self.confidence, 3),
            "mac": self.mac,
            "serial": self.serial,
            "name": self.name,
            "conclusions": [c.to_dict() for c in self.conclusions],
            "disagreements": list(self.disagreements),
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "observed": facts,
        }
