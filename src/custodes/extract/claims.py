"""What the extractor emits: one Claim per statement, each pinned to a quote at a location.

A claim without provenance is a bug, so ``document``, ``file``, ``location`` and ``quote``
are required fields and :func:`make_claim_id` derives the id from exactly those, so the same
statement in the same bytes always gets the same id across runs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, field_validator

Status = Literal["owned", "not_owned", "not_held", "refused", "mentioned"]
Level = Literal["capable", "enabled", "in_use"]
STATUSES: tuple[str, ...] = ("owned", "not_owned", "not_held", "refused", "mentioned")


def make_claim_id(document: str, location: dict[str, Any], quote: str) -> str:
    """sha256(document sha + location + quote), first 16 hex digits."""
    loc = orjson.dumps(location, option=orjson.OPT_SORT_KEYS)
    payload = document.encode() + b"\x00" + loc + b"\x00" + quote.encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:16]


class Claim(BaseModel):
    """One sourced statement from a document; serialised as one JSON Lines object."""

    model_config = ConfigDict(extra="forbid")

    id: str
    document: str = Field(min_length=64, max_length=64)
    file: str = Field(min_length=1)
    location: dict[str, Any]
    quote: str = Field(min_length=1)
    status: Status
    manufacturer: str | None = None
    brand_text: str | None = None
    model: str | None = None
    quantity: int | None = None
    quantity_text: str | None = None
    device_type: str | None = None
    capabilities: list[dict[str, Any]] = Field(default_factory=list)
    refusal_sections: list[str] = Field(default_factory=list)
    site: str | None = None
    dates: list[str] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)

    @field_validator("location")
    @classmethod
    def _location_not_empty(cls, value: dict[str, Any]) -> dict[str, Any]:
        if not value:
            raise ValueError("a claim needs a location")
        return value


@dataclass(slots=True)
class Draft:
    """A claim before provenance is attached: what the text says, and where in the block."""

    status: Status
    quote: str
    location: dict[str, Any]
    manufacturer: str | None = None
    brand_text: str | None = None
    model: str | None = None
    quantity: int | None = None
    quantity_text: str | None = None
    device_type: str | None = None
    capabilities: list[dict[str, Any]] = field(default_factory=list)
    refusal_sections: list[str] = field(default_factory=list)
    site: str | None = None
    dates: list[str] = field(default_factory=list)
    confidence: float = 0.5


def finish(drafts: list[Draft], document: str, file: str) -> list[Claim]:
    """Attach provenance and ids; statements sharing a quote get an ``item`` number."""
    counts: dict[str, int] = {}
    keys = []
    for d in drafts:
        key = make_claim_id(document, d.location, d.quote)
        counts[key] = counts.get(key, 0) + 1
        keys.append(key)
    seen: dict[str, int] = {}
    out: list[Claim] = []
    for d, key in zip(drafts, keys, strict=True):
        location = dict(d.location)
        if counts[key] > 1:
            seen[key] = seen.get(key, 0) + 1
            location["item"] = seen[key]
        out.append(
            Claim(
                id=make_claim_id(document, location, d.quote),
                document=document,
                file=file,
                location=location,
                quote=d.quote,
                status=d.status,
                manufacturer=d.manufacturer,
                brand_text=d.brand_text,
                model=d.model,
                quantity=d.quantity,
                quantity_text=d.quantity_text,
                device_type=d.device_type,
                capabilities=d.capabilities,
                refusal_sections=d.refusal_sections,
                site=d.site,
                dates=d.dates,
                confidence=round(max(0.0, min(1.0, d.confidence)), 3),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """One document read (top-level file or container member) and where its bytes are kept."""

    sha256: str
    file: str
    media_type: str
    blob_path: Path | None


@dataclass(slots=True)
class ExtractResult:
    """Claims from a batch, the files that could not be read, and the documents that were."""

    claims: list[Claim] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    documents: list[DocumentInfo] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """(file, message) from the readers: hidden sheets, pages without text, skipped parts."""
