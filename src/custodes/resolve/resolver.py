"""The resolver: messy text in, an explained record out, null rather than a guess.

Order of evidence, strongest first: a model number that a vendor grammar recognises; a
manufacturer, brand or technology name (exact, then a close misspelling); a MAC address
prefix from the IEEE registry; a network banner fingerprint. Each step records which KB
rule fired on which part of the input, with the sources behind it.
"""

from __future__ import annotations

from collections.abc import Callable

from custodes.kb.loader import KBData, read_parents, read_vocab
from custodes.resolve.aliases import COMPONENT, AliasHit, AliasIndex
from custodes.resolve.attribution import attributions, ended_warning, roll_up
from custodes.resolve.banner import BannerMatcher, device_from_banner
from custodes.resolve.grammar import GrammarIndex, RuleMatch, rule_capabilities
from custodes.resolve.mac import OuiTable, device_from_oui
from custodes.resolve.normalize import clean, model_tokens, whole, words
from custodes.resolve.record import Device, Evidence, Resolution

MAX_INPUT = 4096
"""Longer inputs are cut (with a warning): no asset-register cell is longer, and the cap
keeps the resolver's cost per record bounded."""


def _keywords(kb_vocab: list[str]) -> list[tuple[tuple[str, ...], str]]:
    pairs = []
    for line in kb_vocab:
        key, term = line.split()
        pairs.append((tuple(key.split("_")), term))
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs


def _lead_names(leads: tuple[Evidence, ...], manufacturer: str | None) -> bool:
    """Whether an unverified lead ("relationship:lts:oem-supplier:hikvision") names the maker."""
    return manufacturer is not None and any(e.rule.endswith(f":{manufacturer}") for e in leads)


def _unattribute(device: Device, match: RuleMatch) -> None:
    other = device.manufacturer
    device.manufacturer = device.brand = device.family = device.made_by = None
    device.capabilities = []
    device.confidence = 0.0
    device.evidence.append(
        Evidence(
            rule=match.rule.id,
            matched=match.token,
            sources=match.rule.sources,
            note=f"a code shape {other} shares with other vendors, next to a part maker's name: a lead only",
        )
    )


def _related(kb: KBData) -> dict[str, frozenset[str]]:
    """Company -> every company a relationship (verified or a lead) links it to, both ways."""
    out: dict[str, set[str]] = {}
    for mid, maker in kb.manufacturers.items():
        for rel in maker.relationships:
            out.setdefault(mid, set()).add(rel.party)
            out.setdefault(rel.party, set()).add(mid)
    for brand in kb.brands.values():
        parties = {r.party for r in brand.relationships}
        for party in parties:
            out.setdefault(party, set()).update(parties - {party})
    return {k: frozenset(v) for k, v in out.items()}


class Resolver:
    """Build once per KB (indexes are compiled up front), then call :meth:`resolve` per input."""

    def __init__(
        self,
        kb: KBData,
        banner: BannerMatcher | None = None,
        oui: OuiTable | None = None,
        find_mac: Callable[[str], str | None] | None = None,
    ) -> None:
        self.kb = kb
        self.grammar = GrammarIndex(kb)
        self.aliases = AliasIndex(kb)
        self.banner = banner
        self.oui = oui
        self.find_mac = find_mac
        keywords = _keywords(read_vocab("device_type_keywords.txt"))
        # longest keywords first, then file order: phrases are tried before single words
        self.multi_keywords = [(" " + " ".join(k) + " ", t) for k, t in keywords if len(k) > 1]
        self.single_keywords: dict[str, tuple[int, str]] = {}
        for rank, (key, term) in enumerate(keywords):
            if len(key) == 1:
                self.single_keywords.setdefault(key[0], (rank, term))
        self.parents = read_parents()
        self.names = {mid: m.name for mid, m in kb.manufacturers.items()}
        self.attributions = attributions(kb)
        self.related = _related(kb)

    # -- public -------------------------------------------------------------------------
    def resolve(self, text: object) -> Resolution:
        """Resolve one input. Never raises: odd input gives an unresolved record."""
        raw = text if isinstance(text, str) else ("" if text is None else str(text))
        try:
            return self._resolve(raw)
        except Exception as exc:  # pragma: no cover - a safety net; tests assert it is unused
            return Resolution(raw, Device(), warnings=[f"resolver error: {type(exc).__name__}"])

    # -- steps --------------------------------------------------------------------------
    def _resolve(self, raw: str) -> Resolution:
        warnings: list[str] = []
        text = raw
        if len(text) > MAX_INPUT:
            text = text[:MAX_INPUT]
            warnings.append(f"input longer than {MAX_INPUT} characters was cut")
        if not text.strip():
            return Resolution(raw, Device(), warnings=warnings)

        cleaned = clean(text)
        exact = self.grammar.match_exact(whole(cleaned)) if len(cleaned) <= 40 else None
        matches = [exact] if exact is not None else []
        if not matches:
            seen: set[str] = set()
            for token in model_tokens(cleaned):
                found = self.grammar.match_token(token)
                if found is not None and found.model not in seen:
                    seen.add(found.model)
                    matches.append(found)
        word_list = words(text)
        hits = self.aliases.find(word_list, fuzzy=not matches)
        devices = self._combine(matches, hits, warnings)

        if not devices and self.find_mac is not None and self.oui is not None:
            mac = self.find_mac(text)
            if mac is not None:
                devices = device_from_oui(self.oui.lookup(mac), mac, warnings)
        if not devices and self.banner is not None:
            found_banner = self.banner.match(text)
            if found_banner is not None:
                devices = [device_from_banner(found_banner)]

        # a keyword ("NVR") describes the device when there is one; with several it is not
        # known which of them it names
        keyword_type = self._keyword_type(word_list) if len(devices) == 1 else None
        for device in devices:
            roll_up(device, self.attributions, warnings)
            if keyword_type is not None and (
                device.device_type is None
                or
                # "DarkFighter PTZ": the text may name a narrower kind than the rule knows
                self.parents.get(keyword_type) == device.device_type
            ):
                device.device_type = keyword_type
            if device.manufacturer is not None:
                device.manufacturer_name = self.names.get(device.manufacturer)
        return self._result(raw, devices, warnings)

    def _combine(self, matches: list[RuleMatch], hits: list[AliasHit], warnings: list[str]) -> list[Device]:
        devices = [self._from_rule(m, warnings) for m in matches]
        from_rules = list(zip(devices, matches, strict=True))
        leads = [h for h in hits if h.lead is not None]
        techs = [h for h in hits if h.lead is None and h.target.kind == "technology"]
        named = [
            h
            for h in hits
            if h.lead is None
            and h.target.kind != "technology"
            and (h.target.manufacturer is not None or h.target.kind == "brand")
        ]
        makers = {h.target.manufacturer for h in named}
        for hit in named:
            target = hit.target
            agree = [d for d in devices if d.manufacturer == target.manufacturer and target.manufacturer]
            if agree:
                for device in agree:
                    self._enrich(device, hit)
                continue
            ambiguous = [
                (d, m) for d, m in from_rules if m.rule.rule.ambiguous and d.manufacturer not in makers
            ]
            if ambiguous and target.manufacturer is not None:
                # a shape several vendors use (IPC-, NVR-, CS-, B400): the maker named in the
                # text always wins, and the other vendor's rule stays as a lead
                for device, match in ambiguous:
                    self._name_wins(device, match, hit, "model shape is shared by several vendors")
                continue
            if from_rules and target.manufacturer is not None:
                relabels = [
                    d
                    for d, m in from_rules
                    if not m.rule.rule.ambiguous and _lead_names(target.leads, d.manufacturer)
                ]
                for device in relabels:
                    # "LTS DS-2CD2143G0-I": a brand with a lead to the model's maker.
                    device.brand = target.brand or target.id
                    device.evidence.append(self._alias_evidence(hit))
                    device.evidence.extend(target.leads)
                if relabels:
                    continue
                if target.manufacturer not in self.grammar.makers:
                    # A maker the KB knows no model codes of ("ACTi B416", "Planex CS-W04G"):
                    # the code's shape belongs to someone else's grammar, the name is the maker
                    # (unless the KB links the two companies: Prama and Hikvision).
                    linked = self.related.get(target.manufacturer, frozenset())
                    others = [
                        (d, m)
                        for d, m in from_rules
                        if d.manufacturer not in makers and d.manufacturer not in linked
                    ]
                    for device, match in others:
                        self._name_wins(device, match, hit, "the KB has no model codes for the named maker")
                    if others:
                        continue
                conflict = ", ".join(sorted({d.manufacturer or "?" for d, _ in from_rules}))
                warnings.append(
                    f"the text names {hit.text!r} ({target.manufacturer}) but the model number "
                    f"belongs to {conflict}; the model number was trusted"
                )
                for device, _ in from_rules:
                    device.confidence = min(device.confidence, 0.75)
                continue
            devices.append(self._from_alias(hit, warnings))
        if any(h.lead == COMPONENT for h in leads):
            # "Fujinon CS-..." describes a part: a code shape several vendors share is not
            # evidence of any maker next to a named part maker
            for device, match in from_rules:
                if match.rule.rule.ambiguous and device.manufacturer not in makers:
                    _unattribute(device, match)
        for hit in techs:
            self._technology(hit, devices)
        for hit in leads:
            self._lead(hit, devices, warnings)
        return devices

    def _name_wins(self, device: Device, match: RuleMatch, hit: AliasHit, why: str) -> None:
        """The maker named in the text replaces the maker of a code shape it shares."""
        other = device.manufacturer
        target = hit.target
        device.manufacturer = target.manufacturer
        device.brand = target.brand
        device.family = None
        device.capabilities = []
        device.confidence = 0.7
        device.made_by = None
        device.evidence = [
            self._alias_evidence(hit),
            Evidence(
                rule=match.rule.id,
                matched=match.token,
                sources=match.rule.sources,
                note=(
                    f"{why}: the code has the shape of a {other} model, but the text names "
                    f"{hit.text!r}; not attributed to {other} (if it may be a relabelled unit, "
                    "verify with the supplier)"
                ),
            ),
        ]

    def _technology(self, hit: AliasHit, devices: list[Device]) -> None:
        """A technology or product-line word gives a family, never the maker."""
        target = hit.target
        evidence = self._alias_evidence(hit)
        same = [
            d for d in devices if d.manufacturer == target.manufacturer or d.made_by == target.manufacturer
        ]
        for device in same:
            device.evidence.append(evidence)
            device.family = device.family or target.family
            device.device_type = device.device_type or target.device_type
            known = {c.name for c in device.capabilities}
            device.capabilities.extend(c for c in target.capabilities if c.name not in known)
        if same:
            return
        if devices:
            for device in devices:
                device.evidence.append(evidence)
            return
        devices.append(
            Device(
                family=target.family,
                device_type=target.device_type,
                capabilities=list(target.capabilities),
                evidence=[evidence],
            )
        )

    def _lead(self, hit: AliasHit, devices: list[Device], warnings: list[str]) -> None:
        """A name that is only a lead: a part's maker, or a weak misspelling of a restricted one."""
        target = hit.target
        maker = target.manufacturer or target.id
        if hit.lead == COMPONENT:
            note = f"{hit.text!r} names the maker of a part ({maker}), not of the device"
        else:
            note = (
                f"{hit.text!r} is not close enough to {self.names.get(maker, maker)} to attribute "
                "(a restricted maker needs one edit and the same first letter); a lead to verify"
            )
            warnings.append(f"{hit.text!r} may be a misspelling of {self.names.get(maker, maker)}: verify")
        base = target.evidence
        evidence = Evidence(
            rule=base.rule, matched=hit.text, sources=base.sources, grade=base.grade, note=note
        )
        if devices:
            for device in devices:
                device.evidence.append(evidence)
            return
        devices.append(Device(evidence=[evidence]))

    def _from_rule(self, match: RuleMatch, warnings: list[str]) -> Device:
        rule = match.rule
        unverified = rule.rule.status == "unverified"
        note = "unverified rule: its sources are community or retail listings only" if unverified else None
        evidence = [
            Evidence(rule=rule.id, matched=match.token, sources=rule.sources, grade=rule.grade, note=note)
        ]
        brand = rule.brand
        if match.brand_hint is not None:
            brand = brand or match.brand_hint
        device = Device(
            manufacturer=rule.manufacturer,
            brand=brand,
            model=match.model,
            family=match.family,
            device_type=rule.rule.device_type,
            capabilities=rule_capabilities(match),
            confidence=min(rule.rule.confidence, 0.6) if unverified else rule.rule.confidence,
            evidence=evidence,
        )
        self._relabel(device, warnings)
        return device

    def _relabel(self, device: Device, warnings: list[str]) -> None:
        """A maker id that is also a relabelled brand (Lorex) points to the brand's real maker."""
        target = self.aliases.brands.get(device.manufacturer or "")
        if target is None or target.manufacturer in (None, device.manufacturer):
            return
        device.brand = device.brand or device.manufacturer
        device.manufacturer = target.manufacturer
        device.evidence.append(target.evidence)
        device.evidence.extend(target.leads)
        if target.until is not None:
            device.confidence = min(device.confidence, 0.6)
            warnings.append(ended_warning(device.brand or "", target.manufacturer or "", target.until))

    def _alias_evidence(self, hit: AliasHit) -> Evidence:
        base = hit.target.evidence
        note = base.note
        if hit.fuzzy:
            note = f"close misspelling of a known name{'; ' + note if note else ''}"
        return Evidence(rule=base.rule, matched=hit.text, sources=base.sources, grade=base.grade, note=note)

    def _enrich(self, device: Device, hit: AliasHit) -> None:
        target = hit.target
        device.evidence.append(self._alias_evidence(hit))
        device.evidence.extend(target.leads)
        if target.brand and device.brand in (None, device.manufacturer):
            device.brand = target.brand
        if target.family and not device.family:
            device.family = target.family
        if target.device_type and not device.device_type:
            device.device_type = target.device_type
        known = {c.name for c in device.capabilities}
        device.capabilities.extend(c for c in target.capabilities if c.name not in known)
        device.confidence = min(1.0, device.confidence + 0.03)

    def _from_alias(self, hit: AliasHit, warnings: list[str]) -> Device:
        target = hit.target
        confidence = 0.0 if target.manufacturer is None else (0.75 if hit.fuzzy else 0.9)
        if target.until is not None and target.manufacturer is not None:
            confidence = min(confidence, 0.6)
            warnings.append(ended_warning(target.brand or target.id, target.manufacturer, target.until))
        return Device(
            manufacturer=target.manufacturer,
            brand=target.brand,
            model=None,
            family=target.family,
            device_type=target.device_type,
            capabilities=list(target.capabilities),
            confidence=confidence,
            evidence=[self._alias_evidence(hit), *target.leads],
        )

    def _keyword_type(self, word_list: list[str]) -> str | None:
        if not word_list:
            return None
        if self.multi_keywords:
            joined = " " + " ".join(word_list) + " "
            for phrase, term in self.multi_keywords:
                if phrase in joined:
                    return term
        ranks = self.single_keywords
        best = min((ranks[w] for w in word_list if w in ranks), default=None)
        return None if best is None else best[1]

    def _result(self, raw: str, devices: list[Device], warnings: list[str]) -> Resolution:
        if not devices:
            return Resolution(raw, Device(), warnings=warnings)
        if len(devices) == 1:
            return Resolution(raw, devices[0], warnings=warnings)
        top = Device(confidence=min(d.confidence for d in devices))
        for name in (
            "manufacturer",
            "manufacturer_name",
            "brand",
            "model",
            "family",
            "device_type",
        ):
            values = {getattr(d, name) for d in devices}
            if len(values) == 1:
                setattr(top, name, values.pop())
        for device in devices:
            top.evidence.extend(device.evidence)
            top.capabilities.extend(c for c in device.capabilities if c not in top.capabilities)
        return Resolution(raw, top, devices=devices, warnings=warnings)
