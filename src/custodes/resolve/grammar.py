"""Model-number grammars, indexed by literal prefix so that a token meets only a few patterns.

Rules come from ``kb/data/models/*.yaml``. For each token the index tries the longest
prefix the token starts with, then shorter ones; within a prefix, rules run in file order.
This keeps the resolver fast (a few dict look-ups and one or two regexes per token) and
makes rule precedence visible in the data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from custodes.kb.lazy_regex import LazyPattern
from custodes.kb.loader import KBData
from custodes.kb.schema import CapabilityClaim, ModelRule, Relationship, Technology
from custodes.resolve.record import FROM_FAMILY, Capability, Evidence


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: ModelRule
    vendor: str
    file: Path
    regex: LazyPattern
    manufacturer: str
    brand: str | None
    capabilities: tuple[Capability, ...]
    sources: tuple[str, ...]
    grade: str | None
    order: int
    claim_models: tuple[tuple[str, ...], ...] = ()
    """Per capability, the exact codes its sources state it for (see CapabilityClaim.models)."""

    @property
    def id(self) -> str:
        return self.rule.id

    def family_for(self, match: re.Match[str]) -> str | None:
        by = self.rule.family_by
        if by is not None:
            value = match.groupdict().get(by.group)
            if value is not None and value in by.values:
                return by.values[value]
        return self.rule.family


@dataclass(frozen=True, slots=True)
class RuleMatch:
    rule: CompiledRule
    token: str
    model: str
    family: str | None
    brand_hint: str | None


def source_urls(kb: KBData, ids: list[str]) -> tuple[str, ...]:
    return tuple(kb.sources[i].url for i in ids if i in kb.sources)


def best_grade(kb: KBData, ids: list[str]) -> str | None:
    grades = sorted(kb.sources[i].grade for i in ids if i in kb.sources)
    return grades[0] if grades else None


def capabilities(
    kb: KBData, claims: Sequence[CapabilityClaim], basis: str | None = None
) -> tuple[Capability, ...]:
    if basis is None:
        return tuple(Capability(c.name, c.level, source_urls(kb, c.sources)) for c in claims)
    return tuple(Capability(c.name, c.level, source_urls(kb, c.sources), basis) for c in claims)


def _names_model(model: str, codes: tuple[str, ...]) -> bool:
    """Whether a code is one the sources name: equal, or that code followed by a separator
    (``DS-2CD7A2XYZ-JM/RX`` names ``DS-2CD7A2XYZ-JM``)."""
    return any(model == c or (model.startswith(c) and model[len(c)] in "-/ ") for c in codes)


def rule_capabilities(match: RuleMatch) -> list[Capability]:
    """A rule's capabilities for one matched code: ``stated`` where a source names the code
    (or the rule is one exact model), else ``inferred from family``."""
    rule = match.rule
    if rule.rule.exact:
        return list(rule.capabilities)
    out = []
    for cap, codes in zip(rule.capabilities, rule.claim_models, strict=True):
        out.append(cap if _names_model(match.model, codes) else replace(cap, basis=FROM_FAMILY))
    return out


class GrammarIndex:
    def __init__(self, kb: KBData) -> None:
        self.by_prefix: dict[str, list[CompiledRule]] = {}
        self.exact: dict[str, CompiledRule] = {}
        self.brand_prefixes: dict[str, str] = {}
        self.rules: list[CompiledRule] = []
        self.technologies: list[tuple[Technology, Path]] = []
        order = 0
        for path, model_file in kb.model_files:
            self.brand_prefixes.update(model_file.brand_prefixes)
            self.technologies.extend((tech, path) for tech in model_file.technologies)
            for rule in model_file.rules:
                compiled = CompiledRule(
                    rule=rule,
                    vendor=model_file.vendor,
                    file=path,
                    regex=LazyPattern(rule.pattern),
                    manufacturer=rule.manufacturer or model_file.vendor,
                    brand=rule.brand,
                    capabilities=capabilities(kb, rule.capabilities),
                    sources=source_urls(kb, rule.sources),
                    grade=best_grade(kb, rule.sources),
                    order=order,
                    claim_models=tuple(tuple(c.models) for c in rule.capabilities),
                )
                order += 1
                self.rules.append(compiled)
                if rule.exact:
                    for prefix in rule.prefixes:
                        self.exact.setdefault(prefix, compiled)
                    continue
                for prefix in rule.prefixes:
                    self.by_prefix.setdefault(prefix, []).append(compiled)
        self.makers = frozenset(r.manufacturer for r in self.rules) | {r.vendor for r in self.rules}
        """Makers the KB has model grammars for."""
        self.lengths = sorted({len(p) for p in self.by_prefix}, reverse=True)
        self.brand_prefix_items = sorted(self.brand_prefixes.items(), key=lambda kv: -len(kv[0]))

    def accepts(self, manufacturer: str | None, token: str) -> bool:
        """Whether any rule of this maker (or of a vendor file of that name) takes the token."""
        return any(
            (r.manufacturer == manufacturer or r.vendor == manufacturer) and r.regex.match(token)
            for r in self.rules
            if not r.rule.exact
        )

    def match_token(self, token: str) -> RuleMatch | None:
        brand_hint = None
        for prefix, brand in self.brand_prefix_items:
            if token.startswith(prefix) and len(token) > len(prefix) + 1:
                token = token[len(prefix) :]
                brand_hint = brand
                break
        n = len(token)
        for length in self.lengths:
            if length > n:
                continue
            found = self.by_prefix.get(token[:length])
            if not found:
                continue
            for compiled in found:
                m = compiled.regex.match(token)
                if m is not None:
                    return RuleMatch(compiled, token, token, compiled.family_for(m), brand_hint)
        return None

    def match_exact(self, key: str) -> RuleMatch | None:
        compiled = self.exact.get(key)
        m = compiled.regex.match(key) if compiled is not None else None
        if compiled is None or m is None:
            return None
        return RuleMatch(compiled, key, key, compiled.family_for(m), None)


def relationship_evidence(kb: KBData, subject: str, rel: Relationship) -> Evidence:
    """Evidence for a dated link between two companies, as every record shows it."""
    span = ""
    if rel.start or rel.end:
        span = f" ({rel.start or '?'} to {rel.end or 'present'})"
    note = f"{subject}: {rel.kind} {rel.party}{span}"
    if rel.status != "verified":
        note += " [unverified lead, not used for attribution]"
    return Evidence(
        rule=f"relationship:{subject}:{rel.kind}:{rel.party}",
        matched=subject,
        sources=source_urls(kb, rel.sources),
        grade=best_grade(kb, rel.sources),
        note=note,
    )
