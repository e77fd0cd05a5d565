"""One audited row, and its JSON Lines form.

An audit writes every row as one JSON line as soon as it is made, so memory stays flat in the
number of rows; the reports and the library read the lines back. The line carries everything
a row's figures rest on (cells, resolution with evidence, findings by rule, what it counts as)
and reads back into the same ``AuditItem``. Findings are written by reference (pack, rule,
severity); their citations are listed once per report, not once per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from custodes.resolve.record import Capability, Device, Evidence, Resolution

KINDS = ("device", "licence", "accessory")
"""What a counted row is: only devices count as devices; software licences and accessories
are listed, not counted."""


@dataclass(frozen=True, slots=True)
class FindingRef:
    """A rule that applies to one device of a row (the rule's citation is in the report)."""

    pack: str
    rule: str
    severity: str
    title: str

    def to_dict(self) -> dict[str, str]:
        return {"pack": self.pack, "rule": self.rule, "severity": self.severity, "title": self.title}


@dataclass(frozen=True, slots=True)
class Lead:
    """An unverified source saying a restricted maker may make this device (a relabelled unit)."""

    maker: str
    rule: str
    sources: tuple[str, ...]
    packs: tuple[str, ...]
    """The packs that would apply if the lead were confirmed."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "maker": self.maker,
            "rule": self.rule,
            "sources": list(self.sources),
            "packs": list(self.packs),
        }


@dataclass(slots=True)
class AuditItem:
    """One row of a register (or one claim of a document) and what custodes made of it."""

    file: str
    location: str
    text: str
    cells: dict[str, str]
    quantity: int
    quantity_text: str | None
    site: str | None
    resolution: Resolution
    findings: list[list[FindingRef]]
    """Findings per device in ``resolution.all_devices()``."""
    warnings: list[str] = field(default_factory=list)
    quote: str | None = None
    """For a claim from a letter: the exact text the row rests on."""
    excluded: str | None = None
    """Why the row is kept but not counted (a totals row, kit listed as removed)."""
    document: str | None = None
    """sha256 of the document the row came from."""
    asset: str | None = None
    date: str | None = None
    """The purchase or installation date the row gives, as written."""
    kind: str = "device"
    leads: list[Lead] = field(default_factory=list)
    action: str = "keep"
    """replace / verify / keep: what the council should do about the row."""
    row: int | None = None
    resolution_dict: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    """``resolution.to_dict()`` when already made (the same kit repeats over many rows)."""

    @property
    def resolved(self) -> bool:
        return self.resolution.resolved or bool(self.resolution.devices)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "location": self.location,
            "row": self.row,
            "text": self.text,
            "cells": self.cells,
            "asset": self.asset,
            "site": self.site,
            "date": self.date,
            "quantity": self.quantity,
            "quantity_text": self.quantity_text,
            "kind": self.kind,
            "action": self.action,
            "resolution": self.resolution_dict or self.resolution.to_dict(),
            "findings": [f.to_dict() | {"device": i} for i, fs in enumerate(self.findings) for f in fs],
            "leads": [lead.to_dict() for lead in self.leads],
            "warnings": self.warnings,
            "quote": self.quote,
            "document": self.document,
            "excluded": self.excluded,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuditItem:
        resolution = _resolution(data["resolution"])
        findings: list[list[FindingRef]] = [[] for _ in resolution.all_devices()]
        for f in data["findings"]:
            findings[f["device"]].append(FindingRef(f["pack"], f["rule"], f["severity"], f["title"]))
        return cls(
            file=data["file"],
            location=data["location"],
            text=data["text"],
            cells=data["cells"],
            quantity=data["quantity"],
            quantity_text=data["quantity_text"],
            site=data["site"],
            resolution=resolution,
            findings=findings,
            warnings=data["warnings"],
            quote=data["quote"],
            excluded=data["excluded"],
            document=data["document"],
            asset=data["asset"],
            date=data["date"],
            kind=data["kind"],
            leads=[
                Lead(x["maker"], x["rule"], tuple(x["sources"]), tuple(x["packs"])) for x in data["leads"]
            ],
            action=data["action"],
            row=data["row"],
        )


def _device(d: dict[str, Any]) -> Device:
    return Device(
        manufacturer=d["manufacturer"],
        manufacturer_name=d["manufacturer_name"],
        brand=d["brand"],
        model=d["model"],
        family=d["family"],
        device_type=d["device_type"],
        capabilities=[Capability(c["name"], c["level"], tuple(c["sources"])) for c in d["capabilities"]],
        confidence=d["confidence"],
        evidence=[
            Evidence(e["rule"], e["matched"], tuple(e["sources"]), e.get("grade"), e.get("note"))
            for e in d["evidence"]
        ],
        made_by=d.get("made_by"),
    )


def _resolution(d: dict[str, Any]) -> Resolution:
    return Resolution(
        input=d["input"],
        device=_device(d),
        devices=[_device(x) for x in d.get("devices", [])],
        warnings=list(d.get("warnings", [])),
    )
