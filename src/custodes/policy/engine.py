"""Apply policy packs to one device as of a date.

The engine knows no regime: it only checks a rule's match criteria against ``DeviceFacts``
and fills the rule's ``why`` template. It never raises on odd device data (unknown levels,
missing fields): such facts simply do not match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from custodes.policy.facts import DeviceFacts, Finding
from custodes.policy.schema import LEVEL_RANK, SEVERITY_RANK, Level, Match, Pack, Rule, Source


@dataclass(frozen=True, slots=True)
class _Hit:
    entity: str | None = None
    via_affiliate: bool = False
    capability: str | None = None
    level: str | None = None


def in_force(rule: Rule, as_of: date) -> bool:
    """True when the rule applies on ``as_of`` (``ends`` is the last day it applies)."""
    return rule.effective <= as_of and (rule.ends is None or as_of <= rule.ends)


def evaluate(
    device: DeviceFacts,
    packs: Sequence[Pack],
    as_of: date,
    *,
    include_upcoming: bool = False,
) -> list[Finding]:
    """The findings of every rule in ``packs`` that is in force on ``as_of`` and matches.

    With ``include_upcoming`` also report matching rules not yet in force (status
    ``not_yet_in_force``), so a user can see what is coming. Most severe first.
    """
    findings: list[Finding] = []
    for pack in packs:
        for rule in pack.rules:
            if rule.ends is not None and as_of > rule.ends:
                continue
            upcoming = rule.effective > as_of
            if upcoming and not include_upcoming:
                continue
            hit = _match(rule.match, device)
            if hit is not None:
                findings.append(_finding(pack, rule, device, hit, upcoming))
    findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.pack, f.rule))
    return findings


def _match(match: Match, device: DeviceFacts) -> _Hit | None:
    hit = _Hit()
    if match.entities:
        entity = _entity(match.entities, device)
        if entity is None:
            return None
        hit = entity
    if match.countries and (device.country or "").upper() not in match.countries:
        return None
    if match.device_types:
        kind = (device.device_type or "").lower()
        if not kind:
            if not match.unknown_device_type:
                return None
        elif kind not in match.device_types:
            return None
    if match.capabilities:
        best: tuple[str, str] | None = None
        for name, level in device.capabilities:
            rank = LEVEL_RANK.get(level)
            if rank is None:
                continue
            wanted = any(
                want.id == name and rank >= LEVEL_RANK[want.min_level] for want in match.capabilities
            )
            if wanted and (best is None or rank > LEVEL_RANK[best[1]]):
                best = (name, level)
        if best is None:
            return None
        hit = _Hit(hit.entity, hit.via_affiliate, best[0], best[1])
    return hit


def _entity(entities: tuple[str, ...], device: DeviceFacts) -> _Hit | None:
    maker = (device.manufacturer or "").lower()
    if maker and maker in entities:
        return _Hit(entity=maker)
    group = {member.lower() for member in device.group}
    for entity in entities:
        if entity in group:
            return _Hit(entity=entity, via_affiliate=True)
    return None


def _finding(pack: Pack, rule: Rule, device: DeviceFacts, hit: _Hit, upcoming: bool) -> Finding:
    sources = pack.rule_sources(rule)
    best = _best_source(sources)
    severity = rule.severity
    if hit.level is not None:
        severity = rule.severity_by_level.get(cast(Level, hit.level), rule.severity)
    return Finding(
        pack=pack.id,
        pack_title=pack.title,
        rule=rule.id,
        title=rule.title,
        severity=severity,
        effective=rule.effective,
        ends=rule.ends,
        citation=rule.citation or pack.instrument,
        url=best.url,
        grade=best.grade,
        sources=sources,
        why=_why(pack, rule, device, hit),
        scope=rule.scope,
        status="not_yet_in_force" if upcoming else "in_force",
        jurisdiction=pack.jurisdiction,
        binding_on=pack.binding_on,
        verification="unverified" if "unverified" in (pack.status, rule.status) else "verified",
        matched_entity=hit.entity,
        via_affiliate=hit.via_affiliate,
        matched_capability=hit.capability,
        capability_level=hit.level,
    )


def _best_source(sources: tuple[Source, ...]) -> Source:
    return min(sources, key=lambda source: source.grade)  # min keeps the first of equals


def _why(pack: Pack, rule: Rule, device: DeviceFacts, hit: _Hit) -> str:
    maker = device.manufacturer or "the manufacturer"
    maker_name = pack.entity_name(maker) if device.manufacturer else maker
    entity_name = pack.entity_name(hit.entity) if hit.entity else "unknown"
    level_note = ""
    if hit.level is not None:
        level_note = rule.level_notes.get(cast(Level, hit.level), "")
    values = {
        "entity": entity_name,
        "manufacturer": maker_name,
        "country": device.country or "unknown",
        "device_type": device.device_type or "device of unknown type",
        "capability": hit.capability or "none",
        "level": hit.level or "none",
        "level_note": level_note,
        "effective": rule.effective.isoformat(),
        "ends": rule.ends.isoformat() if rule.ends else "no end date",
        "instrument": pack.instrument,
    }
    text = " ".join(rule.why.format_map(values).split())
    if hit.via_affiliate:
        prefix = maker_name[:1].upper() + maker_name[1:]
        text = (
            f"{prefix} is recorded as a subsidiary or affiliate of {entity_name}, "
            f"so this rule is applied to it too. {text}"
        )
    return text
