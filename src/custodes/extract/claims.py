"""The one claim model: what extract emits, what a campaign stores and reviews, what figures count.

A claim without provenance is a bug, so ``document``, ``file``, ``location`` and ``quote``
are required fields and :func:`make_claim_id` derives the id from exactly those, so the same
statement in the same bytes always gets the same id across runs. Statuses, periods, review
states, document kinds, line roles, flags and capability levels are controlled vocabularies
(``kb/vocab/*.txt``), checked on construction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, field_validator

from custodes.kb.loader import read_vocab

STATUSES: tuple[str, ...] = tuple(read_vocab("claim_statuses.txt"))
LEVELS: tuple[str, ...] = tuple(read_vocab("levels.txt"))
"""Capability levels, weakest first: capable < enabled < in_use."""
PERIODS: tuple[str, ...] = tuple(read_vocab("claim_periods.txt"))
REVIEW_STATES: tuple[str, ...] = tuple(read_vocab("review_states.txt"))
DOC_KINDS: tuple[str, ...] = tuple(read_vocab("doc_kinds.txt"))
LINE_ROLES: tuple[str, ...] = tuple(read_vocab("line_roles.txt"))
FLAGS: tuple[str, ...] = tuple(read_vocab("claim_flags.txt"))
Status = str
"""One of :data:`STATUSES` (kb/vocab/claim_statuses.txt)."""


def _one_of(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    if value is not None and value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of {', '.join(allowed)}")
    return value


def make_claim_id(document: str, location: dict[str, Any], quote: str) -> str:
    """sha256(document sha + location + quote), first 16 hex digits."""
    loc = orjson.dumps(location, option=orjson.OPT_SORT_KEYS)
    payload = document.encode() + b"\x00" + loc + b"\x00" + quote.encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:16]


class ClaimCapability(BaseModel):
    """A capability a claim states, at a level; a negated one says the body does *not* use it."""

    model_config = ConfigDict(extra="allow")

    name: str
    level: str = "capable"
    negated: bool = False
    quote: str | None = None

    @field_validator("level")
    @classmethod
    def _level(cls, value: str) -> str:
        return _one_of(value, LEVELS, "capability level") or "capable"


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
    body: str | None = None
    """The body the claim is about when the text names one other than its author
    ("Thurrock Council has 56"); None means the body that wrote or answered."""
    period: str = "current"
    """current, historic (kit since removed) or planned (not bought yet): only current kit is owned now."""
    part_of: str | None = None
    """The id of the claim this one is a part of (a total and its split by maker or site)."""
    duplicate_of: str | None = None
    """The id of a claim stating the same devices elsewhere (a letter and its spreadsheet)."""
    shared_with: list[str] = Field(default_factory=list)
    """Other makers that share this claim's one count ("47 Hikvision and Dahua cameras")."""
    flags: list[str] = Field(default_factory=list)
    doc_kind: str | None = None
    role: str | None = None
    """The role of the line the claim was read from (answer, question, request, ...)."""
    features: dict[str, float] = Field(default_factory=dict)
    """What decided the claim's confidence: the scorer's features and their weights."""
    review: str = "proposed"
    """Where the claim stands with reviewers; the extractor always proposes."""

    @field_validator("location")
    @classmethod
    def _location_not_empty(cls, value: dict[str, Any]) -> dict[str, Any]:
        if not value:
            raise ValueError("a claim needs a location")
        return value

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _one_of(value, STATUSES, "status") or ""

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        return _one_of(value, PERIODS, "period") or "current"

    @field_validator("review")
    @classmethod
    def _review(cls, value: str) -> str:
        return _one_of(value, REVIEW_STATES, "review state") or "proposed"

    @field_validator("doc_kind")
    @classmethod
    def _doc_kind(cls, value: str | None) -> str | None:
        return _one_of(value, DOC_KINDS, "document kind")

    @field_validator("role")
    @classmethod
    def _role(cls, value: str | None) -> str | None:
        return _one_of(value, LINE_ROLES, "line role")

    @field_validator("flags")
    @classmethod
    def _flags(cls, value: list[str]) -> list[str]:
        for flag in value:
            _one_of(flag, FLAGS, "flag")
        return value

    @field_validator("capabilities")
    @classmethod
    def _capabilities(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for item in value:
            cap = ClaimCapability.model_validate(item).model_dump(exclude_none=True)
            if not cap["negated"]:
                del cap["negated"]  # absent means stated positively, as the extractor writes it
            out.append(cap)
        return out


def capability_levels(capabilities: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Per capability: (highest level stated positively, lowest level denied), as indexes
    into :data:`LEVELS`; -1 for "none stated", ``len(LEVELS)`` for "none denied".

    A denial says nothing reaches that level or above: "not in use" denies in_use; "not
    enabled" or "switched off" denies enabled (and so in use). A denial of mere capability
    beside a positive statement of it in the same claim ("supports face detection; the
    function is switched off") can only mean the function is off, so it denies enabled.
    """
    out: dict[str, tuple[int, int]] = {}
    for cap in capabilities:
        name = cap.get("name")
        level = cap.get("level") or "capable"
        if not isinstance(name, str) or level not in LEVELS:
            continue
        stated, denied = out.get(name, (-1, len(LEVELS)))
        index = LEVELS.index(level)
        if cap.get("negated"):
            denied = min(denied, index)
        else:
            stated = max(stated, index)
        out[name] = (stated, denied)
    for name, (stated, denied) in out.items():
        if denied == 0 and stated >= 0:
            out[name] = (stated, 1)
    return out


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
