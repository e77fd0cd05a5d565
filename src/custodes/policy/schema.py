"""The rule-pack schema: what a policy pack file may say, checked when it is loaded.

A pack is one instrument (a statute, a list, a council decision) with its sources and the
rules it imposes. Rules are data, so the engine holds no knowledge of any regime; a bad pack
is rejected at load time rather than producing a wrong finding later.
"""

from __future__ import annotations

from datetime import date
from string import Formatter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Grade = Literal["A", "B", "C", "D"]
Level = Literal["capable", "enabled", "in_use"]
Severity = Literal["info", "low", "medium", "high", "critical"]
Verification = Literal["verified", "unverified"]

ID_RE = r"^[a-z0-9][a-z0-9-]*$"

#: Capability levels in order: ``in_use`` implies ``enabled`` implies ``capable``.
LEVEL_RANK: dict[str, int] = {"capable": 0, "enabled": 1, "in_use": 2}
SEVERITY_RANK: dict[str, int] = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}

#: Placeholders a rule's ``why`` template may use; the engine fills every one of them.
WHY_FIELDS = frozenset(
    {
        "entity",
        "manufacturer",
        "country",
        "device_type",
        "capability",
        "level",
        "level_note",
        "effective",
        "ends",
        "instrument",
    }
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """A document the pack rests on, graded A (official/primary) to D (community lead)."""

    id: str = Field(pattern=ID_RE)
    url: str = Field(pattern=r"^https?://\S+$")
    title: str = Field(min_length=1)
    grade: Grade
    note: str | None = None


class CapabilityMatch(Strict):
    """A capability the device must have, at ``min_level`` or above."""

    id: str = Field(pattern=ID_RE)
    min_level: Level = "capable"


class Match(Strict):
    """What a device must be for the rule to fire: every non-empty criterion must hold
    (AND), and within one criterion any listed value will do (OR)."""

    entities: tuple[str, ...] = ()
    """Manufacturer ids; matched against the device's manufacturer and its whole group,
    so a subsidiary or affiliate is caught too."""
    countries: tuple[str, ...] = ()
    """ISO 3166-1 alpha-2 codes of the manufacturer's country."""
    capabilities: tuple[CapabilityMatch, ...] = ()
    device_types: tuple[str, ...] = ()
    unknown_device_type: bool = False
    """With ``device_types`` set: whether a device of unknown type still matches. Inventories
    often omit the type, and for an equipment-class rule missing the device is worse."""

    @field_validator("entities", "device_types")
    @classmethod
    def _ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if item != item.strip().lower() or not item:
                raise ValueError(f"{item!r} must be a lowercase id")
        return value

    @field_validator("countries")
    @classmethod
    def _countries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if len(item) != 2 or not item.isascii() or not item.isupper():
                raise ValueError(f"{item!r} is not an ISO 3166-1 alpha-2 code such as CN")
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Match:
        if not (self.entities or self.countries or self.capabilities or self.device_types):
            raise ValueError(
                "needs at least one of entities, countries, capabilities, device_types "
                "(an empty match would fire on every device)"
            )
        return self


class Rule(Strict):
    id: str = Field(pattern=ID_RE)
    title: str = Field(min_length=1)
    severity: Severity
    severity_by_level: dict[Level, Severity] = {}
    """For capability rules: severity by the level seen (a capable device is a risk, one
    in use may be a breach). Falls back to ``severity``."""
    effective: date
    ends: date | None = None
    """Last day the rule applies (inclusive); None while it is in force."""
    citation: str | None = None
    """The provision; defaults to the pack's instrument."""
    sources: tuple[str, ...] = Field(min_length=1)
    """Ids of the pack's sources that support this rule."""
    match: Match
    why: str = Field(min_length=1)
    """A sentence template; placeholders are listed in WHY_FIELDS."""
    level_notes: dict[Level, str] = {}
    """Text for ``{level_note}``, by the capability level seen."""
    scope: str | None = None
    """Who and what the rule binds, and its limits, in a sentence or two."""
    status: Verification = "verified"

    @field_validator("why")
    @classmethod
    def _template(cls, value: str) -> str:
        try:
            names = [name for _, name, _, _ in Formatter().parse(value) if name is not None]
        except ValueError as exc:
            raise ValueError(f"bad template ({exc}); write {{{{ and }}}} for literal braces") from exc
        unknown = sorted({name or "{}" for name in names if name not in WHY_FIELDS})
        if unknown:
            allowed = ", ".join(sorted(WHY_FIELDS))
            raise ValueError(f"unknown placeholder(s) {', '.join(unknown)}; allowed: {allowed}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if self.ends is not None and self.ends < self.effective:
            raise ValueError("field 'ends': ends before it is effective")
        if (self.severity_by_level or self.level_notes) and not self.match.capabilities:
            raise ValueError(
                "field 'severity_by_level'/'level_notes': only meaningful when " "match.capabilities is set"
            )
        return self


class Pack(Strict):
    """One policy instrument and the rules it imposes."""

    id: str = Field(pattern=ID_RE)
    title: str = Field(min_length=1)
    jurisdiction: str = Field(min_length=1)
    binding_on: str = Field(min_length=1)
    """Who the instrument binds, in plain words (it often binds fewer bodies than people think)."""
    instrument: str = Field(min_length=1)
    status: Verification = "verified"
    sources: tuple[Source, ...] = Field(min_length=1)
    entities: dict[str, str] = {}
    """Manufacturer id -> the name as the instrument lists it, for readable findings."""
    rules: tuple[Rule, ...] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _references(self) -> Pack:
        source_ids = [source.id for source in self.sources]
        if len(set(source_ids)) != len(source_ids):
            raise ValueError("field 'sources': duplicate source id")
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule '{rule.id}': field 'id': duplicate rule id")
            seen.add(rule.id)
            missing = [ref for ref in rule.sources if ref not in source_ids]
            if missing:
                raise ValueError(
                    f"rule '{rule.id}': field 'sources': unknown source id(s) "
                    f"{', '.join(missing)} (declare them in the pack's sources)"
                )
        return self

    def rule_sources(self, rule: Rule) -> tuple[Source, ...]:
        """The rule's sources, in the order the rule lists them."""
        by_id = {source.id: source for source in self.sources}
        return tuple(by_id[ref] for ref in rule.sources)

    def entity_name(self, entity_id: str) -> str:
        return self.entities.get(entity_id, entity_id)
