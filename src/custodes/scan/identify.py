"""From observations to one device per address: true maker, model, evidence, disagreements.

Each observed field goes through the public resolver as the kind of text it is (a Server
header is resolved as ``Server: ...``, a model number as itself, a MAC as a MAC). Each
answer is a *conclusion* naming the probe, the field, the value and the resolver's
evidence. Conclusions vote with their confidence times the weight of their basis
(:data:`WEIGHTS`); the maker with the highest total is the device's maker, and every
conclusion naming another maker is listed as a disagreement ("the HTTP title says LTS, the
SADP reply says Hikvision") rather than dropped. A brand that the winner relabels is the
label on the box, not a disagreement.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from custodes.kb import load_kb
from custodes.policy import Finding, Pack, evaluate, load_packs
from custodes.policy.facts import device_facts
from custodes.resolve import Device, Evidence, Resolution, Resolver, default_resolver
from custodes.scan.host import Conclusion, Host
from custodes.scan.probes.base import Observation
from custodes.settings import SCAN_MIN_SCORE

PROTOCOLS_FILE = Path(__file__).parent / "data" / "protocols.yaml"

QUERY = {
    "model": "{}",
    "model_number": "{}",
    "vendor": "{}",
    "manufacturer": "{}",
    "oem": "{}",
    "name": "{}",
    "server": "Server: {}",
    "rtsp_server": "Server: {}",
    "realm": "WWW-Authenticate: {}",
    "rtsp_realm": "WWW-Authenticate: {}",
    "title": "title: {}",
    "favicon_md5": "{}",
    "favicon_mmh3": "http.favicon.hash:{}",
    "tls_subject": "subject: {}",
    "mac": "{}",
    "product": "{}",
    "banner": "{}",
    "hostname": "{}",
    "dhcp_vendor": "vendor class: {}",
}
"""How each observed field is put to the resolver; fields not listed are kept as facts only."""

BASIS = {
    "model": "model",
    "model_number": "model",
    "product": "model",
    "vendor": "name",
    "manufacturer": "name",
    "oem": "name",
    "name": "name",
    "hostname": "name",
    "mac": "oui",
    "protocol": "protocol",
}
TIERS = (frozenset({"model", "protocol"}), frozenset({"banner"}), frozenset({"name"}), frozenset({"oui"}))
"""Which conclusions decide the maker, strongest first: the first tier with any conclusion
decides, the others can only disagree. A model number (vendor grammar) and a maker's own
discovery protocol survive relabelling; a banner is a firmware habit; a name ("Vendor",
"OEMInfo", an ONVIF name scope) is often the label on the box; an OUI names whoever bought
the network chip."""
WEIGHTS = {"model": 1.0, "protocol": 1.0, "banner": 0.9, "name": 0.9, "oui": 0.8, "lead": 0.0}
"""Within the deciding tier, makers are ranked by the sum of confidence times weight."""
CACHE = 100_000
"""Distinct resolver queries remembered per process (a few hundred bytes each)."""


@lru_cache(maxsize=1)
def protocol_facts() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(PROTOCOLS_FILE.read_text(encoding="utf-8"))
    return dict(data["protocols"])


def _protocol(obs: Observation) -> Conclusion | None:
    fact = protocol_facts().get(obs.value)
    if fact is None:
        return None
    sources = tuple(s["url"] for s in fact["sources"])
    grade = min(s["grade"] for s in fact["sources"])
    lead = all(s["grade"] == "D" for s in fact["sources"])  # D alone is a lead, never a maker
    said = f"answers {obs.value.upper()}: {fact['manufacturer']}'s firmware, whatever the label says"
    evidence = Evidence(
        rule=f"protocol:{obs.value}",
        matched=fact["title"],
        sources=sources,
        grade=grade,
        note=f"lead only (community sources): {said}" if lead else said,
    )
    return Conclusion(
        obs.probe,
        obs.field,
        obs.value,
        obs.port,
        "lead" if lead else "protocol",
        fact["manufacturer"],
        None,
        None,
        None,
        float(fact["certainty"]),
        [evidence],
    )


@lru_cache(maxsize=CACHE)
def _resolve(resolver: Resolver, query: str) -> Resolution:
    """The resolver's answer, memoised: scans and banner datasets repeat the same few
    thousand banners millions of times. Answers are shared, so nothing here mutates them."""
    return resolver.resolve(query)


def conclude(obs: Observation, resolver: Resolver) -> list[Conclusion]:
    """What one observation says about the maker (one conclusion per device the resolver saw)."""
    if obs.field == "protocol":
        found = _protocol(obs)
        return [found] if found is not None else []
    template = QUERY.get(obs.field)
    if template is None:
        return []
    resolution = _resolve(resolver, template.format(obs.value))
    basis = BASIS.get(obs.field, "banner")
    out = []
    for device in resolution.all_devices():
        if device.manufacturer is None:
            continue
        out.append(
            Conclusion(
                obs.probe,
                obs.field,
                obs.value,
                obs.port,
                basis,
                device.manufacturer,
                device.brand,
                device.model,
                device.device_type,
                device.confidence,
                list(device.evidence),
                device,
            )
        )
    return out


def identify(address: str, observations: list[Observation], resolver: Resolver, rules: _Rules | None) -> Host:
    """One host from everything observed at ``address``."""
    host = Host(address, observations)
    # the kernel's neighbour table saw the address on the wire; a reply only claims one
    macs = [o.value for o in observations if o.field == "mac" and o.probe == "neighbour"]
    macs += [o.value for o in observations if o.field == "mac" and o.probe != "neighbour"]
    host.mac = macs[0].lower().replace("-", ":") if macs else None
    for obs in observations:
        if obs.field == "serial" and host.serial is None:
            host.serial = obs.value
        elif obs.field == "name" and host.name is None:
            host.name = obs.value
        host.conclusions.extend(conclude(obs, resolver))
    deciding = [c for c in host.conclusions if c.basis != "lead"]
    if not deciding:
        for c in host.conclusions:
            lead = f"{c.probe} {c.value!r}: a lead to {c.manufacturer}, not an attribution"
            host.disagreements.append(lead)
        return host
    tier = next(t for t in TIERS if any(c.basis in t for c in deciding))
    scores: dict[str, float] = {}
    for c in host.conclusions:
        if c.manufacturer is not None and c.basis in tier:
            scores[c.manufacturer] = scores.get(c.manufacturer, 0.0) + c.confidence * WEIGHTS[c.basis]
    maker, score = max(scores.items(), key=lambda kv: (kv[1], kv[0]))
    relabelled = {c.manufacturer for c in host.conclusions if c.manufacturer and _relabels(c, maker)}
    for c in host.conclusions:
        if c.manufacturer not in (maker, None):
            known = (
                f" ({c.manufacturer} is a label with a lead to {maker})"
                if c.manufacturer in relabelled
                else ""
            )
            host.disagreements.append(
                f"{c.probe} {c.field} {c.value!r} says {c.manufacturer}; "
                f"concluded {maker} from {tier_name(tier)}{known}"
            )
    if score < SCAN_MIN_SCORE:
        host.disagreements.append(f"the evidence for {maker} is too weak to attribute (score {score:.2f})")
        return host
    host.manufacturer = maker
    host.manufacturer_name = resolver.names.get(maker)
    host.confidence = min(1.0, max(c.confidence for c in host.conclusions if c.manufacturer == maker))
    winners = sorted(
        (c for c in host.conclusions if c.manufacturer == maker),
        key=lambda c: (c.model is None, -WEIGHTS[c.basis], -c.confidence),
    )
    best = winners[0]
    host.model = best.model
    # the type from the maker's own evidence first, else from any probe ("Network Camera")
    typed = [c.device_type for c in [*winners, *host.conclusions] if c.device_type]
    host.device_type = typed[0] if typed else None
    labels: list[str | None] = [c.brand for c in host.conclusions if c.brand and c.brand != maker]
    labels += [c.manufacturer for c in host.conclusions if c.manufacturer in relabelled]
    host.brand = labels[0] if labels else next((c.brand for c in winners if c.brand is not None), None)
    device = Device(
        manufacturer=maker,
        manufacturer_name=host.manufacturer_name,
        brand=host.brand,
        model=host.model,
        device_type=host.device_type,
        capabilities=list(best.device.capabilities) if best.device else [],
        confidence=host.confidence,
        evidence=[e for c in winners for e in c.evidence],
        made_by=best.device.made_by if best.device else None,
    )
    if rules is not None:
        host.findings = rules.findings(device)
    return host


class _Rules:
    """The packs in force on a date, applied through the one policy-facts builder."""

    def __init__(self, packs: list[Pack], as_of: date) -> None:
        self.packs = packs
        self.as_of = as_of

    def findings(self, device: Device) -> list[Finding]:
        # rules apply to the company that makes it; its group gives affiliate findings
        maker = device.made_by or device.manufacturer
        caps = sorted({(c.name, c.level) for c in device.capabilities})
        if maker is None and not caps:
            return []
        facts = device_facts(load_kb(), maker, device.device_type, caps, self.as_of, device.brand)
        return evaluate(facts, self.packs, self.as_of)


def _relabels(c: Conclusion, maker: str) -> bool:
    """Whether a conclusion naming another maker carries a lead or relationship to ``maker``
    (an LTS label on a Hikvision-built unit)."""
    return c.manufacturer != maker and any(e.rule.endswith(f":{maker}") for e in c.evidence)


def tier_name(tier: frozenset[str]) -> str:
    return {
        "model": "the model number and discovery protocol",
        "banner": "the banners",
        "name": "the names",
        "oui": "the MAC prefix",
    }[min(tier)]


@lru_cache(maxsize=4)
def _rules(policy_files: tuple[Path, ...], as_of: date) -> _Rules:
    return _Rules(load_packs(list(policy_files)), as_of)


def group(observations: Iterable[Observation]) -> dict[str, list[Observation]]:
    out: dict[str, list[Observation]] = {}
    for obs in observations:
        bucket = out.setdefault(obs.address, [])
        if obs not in bucket:
            bucket.append(obs)
    return out


def identify_all(
    observations: Iterable[Observation],
    *,
    as_of: date | None = None,
    policy_files: list[Path] | None = None,
    with_findings: bool = True,
) -> list[Host]:
    """One host per address seen, in address order, each resolved and audited."""
    import ipaddress

    resolver = default_resolver()
    rules = _rules(tuple(policy_files or ()), as_of or date.today()) if with_findings else None
    grouped = group(observations)

    def order(a: str) -> tuple[int, Any]:
        try:
            return (0, ipaddress.ip_address(a))
        except ValueError:
            return (1, a)

    addresses = sorted(grouped, key=order) if len(grouped) > 1 else list(grouped)
    return [identify(a, grouped[a], resolver, rules) for a in addresses]
