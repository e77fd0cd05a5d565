"""Schemas for every knowledge-base file kind, validated on load.

The KB is data: each file is checked against one of these models when it is read, and an
invalid file fails with a KBError naming the file, the entry and the field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Grade = Literal["A", "B", "C", "D"]
Level = Literal["capable", "enabled", "in_use"]
Status = Literal["verified", "unverified"]

ID_RE = r"^[a-z0-9][a-z0-9-]*$"

#: The record fields a KB example may assert about the resolver's output.
EXAMPLE_FIELDS = frozenset(
    {
        "manufacturer",
        "brand",
        "model",
        "family",
        "device_type",
        "capabilities",
        "rule",
        "devices",
    }
)


def compiles(value: str) -> str:
    """A pattern field's validator: the regex must compile (Python syntax)."""
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"pattern does not compile: {exc}") from exc
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """A document a fact rests on. Grades: A official/primary, B reputable secondary,
    C trade press/retailer/single council document, D community lead (never enough alone
    for an OEM relationship)."""

    id: str = Field(pattern=ID_RE)
    url: str = Field(pattern=r"^https?://\S+$")
    title: str
    grade: Grade
    publisher: str | None = None
    date: str | None = None
    note: str | None = None
    original: str | None = None
    """Where the original lives when this is a third-party copy (a manual mirror, a press-wire
    copy, a web proxy): such a copy is graded at most B, because a grade is about who
    published the fact, not about what it says."""


class Example(Strict):
    """A messy input and the fields the resolver must produce for it (like Recog's <example>)."""

    input: str
    expect: dict[str, Any]

    @field_validator("expect")
    @classmethod
    def _known_fields(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = set(value) - EXAMPLE_FIELDS
        if unknown:
            raise ValueError(f"unknown expected field(s): {', '.join(sorted(unknown))}")
        return value


class Relationship(Strict):
    """A dated link between a brand or company and another company.

    kind: own-brand (the party sells under this name), subsidiary (the party owns it),
    owned-by (a period of ownership), oem-supplier (the party makes products sold under
    this name), affiliate.
    """

    kind: Literal["own-brand", "subsidiary", "owned-by", "oem-supplier", "affiliate"]
    party: str = Field(pattern=ID_RE)
    start: date | None = Field(default=None, alias="from")
    end: date | None = Field(default=None, alias="to")
    status: Status | None = None
    """Unset: derived from the sources when the KB loads (``unverified`` if they are all
    D-grade). Nothing is verified by default; a D-only link is never verified."""
    sources: list[str] = Field(min_length=1)
    note: str | None = None
    attribute: bool = False
    """Report the party as the true manufacturer of this company's products (a controlled
    subsidiary that makes the group's products under its own name: EZVIZ, HIKMICRO)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Manufacturer(Strict):
    id: str = Field(pattern=ID_RE)
    name: str
    legal_names: list[str] = []
    aliases: list[str] = []
    """Other spellings, short forms and common misspellings matched exactly (case-folded)."""
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    ieee_names: list[str] = []
    """Organisation names exactly as the IEEE OUI registry spells them."""
    iana_pens: list[int] = []
    relationships: list[Relationship] = []
    sources: list[str] = Field(min_length=1)
    note: str | None = None
    examples: list[Example] = []


class Brand(Strict):
    """A name on the box that is not (only) a manufacturer: own brands and relabels."""

    id: str = Field(pattern=ID_RE)
    name: str
    aliases: list[str] = []
    relationships: list[Relationship] = Field(min_length=1)
    note: str | None = None
    examples: list[Example] = []


class CapabilityClaim(Strict):
    name: str
    level: Level = "capable"
    sources: list[str] = Field(min_length=1)
    models: list[str] = []
    """The exact model codes the sources state this for (normalised, upper case). A device
    whose code is one of them (or starts with one followed by a separator) gets the capability
    as ``stated``; any other code of the rule's shape gets it ``inferred from family``."""
    note: str | None = None


class Family(Strict):
    """A named value for a rule's family, chosen by a regex group value."""

    group: str
    values: dict[str, str]


class ModelRule(Strict):
    """One line of a vendor's model-number grammar.

    ``prefixes`` are literal prefixes of the normalised model token; the resolver indexes
    rules by them so that only a handful of patterns run per token. ``pattern`` is a full
    regex (Python syntax) matched against the normalised token from its start.
    """

    id: str = Field(pattern=ID_RE)
    prefixes: list[str] = Field(min_length=1)
    pattern: str
    manufacturer: str | None = None
    brand: str | None = None
    family: str | None = None
    family_by: Family | None = None
    device_type: str | None = None
    capabilities: list[CapabilityClaim] = []
    ambiguous: bool = False
    """True where the prefix is shared with other vendors (IPC-, NVR-): an explicit brand
    in the same text then wins over this rule."""
    exact: bool = False
    """True for bare model names (``E1``, ``B800``) that only count when they are the whole input."""
    confidence: float = Field(default=0.95, ge=0.0, le=1.0)
    status: Status | None = None
    """Unset: derived from the sources when the KB loads, as for relationships."""
    sources: list[str] = Field(min_length=1)
    note: str | None = None
    examples: list[Example] = []

    _compiles = field_validator("pattern")(staticmethod(compiles))

    @field_validator("prefixes")
    @classmethod
    def _upper(cls, value: list[str]) -> list[str]:
        for prefix in value:
            if prefix != prefix.upper():
                raise ValueError(f"prefix {prefix!r} must be upper case")
        return value


class Technology(Strict):
    """A marketing technology name that implies a vendor (DarkFighter, WizSense)."""

    id: str = Field(pattern=ID_RE)
    names: list[str] = Field(min_length=1)
    manufacturer: str
    brand: str | None = None
    family: str | None = None
    device_type: str | None = None
    capabilities: list[CapabilityClaim] = []
    sources: list[str] = Field(min_length=1)
    examples: list[Example] = []


class ModelFile(Strict):
    """``kb/data/models/<vendor>.yaml``."""

    vendor: str = Field(pattern=ID_RE)
    brand_prefixes: dict[str, str] = {}
    """Literal token prefixes that name a brand and are stripped before matching (``DH-``)."""
    rules: list[ModelRule] = []
    technologies: list[Technology] = []


class SourcesFile(Strict):
    sources: list[Source]


class ManufacturersFile(Strict):
    manufacturers: list[Manufacturer]


class BrandsFile(Strict):
    brands: list[Brand]


class RegistryBrand(Strict):
    """A real camera or recorder brand, sourced by its own official site (grade A: the brand
    publishes its own name). A registry name is matched exactly, so that it wins over a
    misspelling of another maker; a brand the KB knows nothing more about resolves to itself."""

    id: str = Field(pattern=ID_RE)
    name: str
    site: str = Field(pattern=r"^https?://\S+$")
    aliases: list[str] = []
    first_word: bool = False
    """The name is also an ordinary word ("Ring", "Canary"): it names the brand only as the
    first word of an input."""
    component: bool = False
    """A maker of parts (sensors, zoom modules, chips): named in a description, it is evidence
    about a part, never the maker of the device."""
    note: str | None = None


class RegistryFile(Strict):
    """``kb/data/registry/<name>.yaml``: brands with their official sites, and examples."""

    registry: list[RegistryBrand] = Field(min_length=1)
    examples: list[Example] = []


class PriceEntry(Strict):
    """A unit price range for replacing one device, in a currency, with its evidence."""

    device_type: str
    low: float = Field(ge=0)
    high: float = Field(ge=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    basis: str
    sources: list[str] = Field(min_length=1)


class PricesFile(Strict):
    prices: list[PriceEntry]
