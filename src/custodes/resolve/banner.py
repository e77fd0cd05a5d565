"""Recognise the maker of a device from a network banner a user pasted.

Users paste a Server header, a realm, an HTML title, an RTSP server string, a favicon hash
or a certificate subject without saying which protocol it came from. We guess the kind from
the shape of the text, then try only the fingerprints of those kinds. Most inputs reaching
this matcher are ordinary asset-register text ("Car park camera 3"), so a prefilter built
from literals every pattern requires rejects them before any individual pattern runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from custodes.kb.fingerprints import Fingerprint, Kind, read_fingerprints
from custodes.kb.lazy_regex import LazyPattern
from custodes.kb.loader import KBData
from custodes.resolve.record import Device, Evidence

MAX_INPUT = 4096
"""Longer input is cut before matching: banners are short and this bounds regex time."""

_PREFIX = re.compile(
    r"^\s*(server|http\.server|www-authenticate|title|html[ _]title|http\.title|user-agent|"
    r"subject|issuer|sysdescr|sys_?description|banner|vendor[ _-]class)\s*:\s*",
    re.IGNORECASE,
)
_PREFIX_KINDS: dict[str, tuple[Kind, ...]] = {
    "server": ("server",),
    "http.server": ("server",),
    "www-authenticate": ("wwwauth",),
    "title": ("title",),
    "html title": ("title",),
    "html_title": ("title",),
    "http.title": ("title",),
    "user-agent": ("useragent",),
    "subject": ("x509",),
    "issuer": ("x509",),
    "sysdescr": ("banner",),
    "sysdescription": ("banner",),
    "sys_description": ("banner",),
    "banner": ("banner",),
    "vendor class": ("dhcp",),
    "vendor_class": ("dhcp",),
    "vendor-class": ("dhcp",),
}
_TITLE_TAG = re.compile(r"^\s*<title>(.*?)</title>\s*$", re.IGNORECASE | re.DOTALL)
_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")
_X509 = re.compile(r"^(?:CN|O|OU|C|L|ST|SERIALNUMBER|emailAddress)=[^,]*(?:,|$)", re.IGNORECASE)
_PLAIN: tuple[Kind, ...] = ("server", "title", "banner", "dhcp", "useragent")
"""Kinds tried for text whose shape says nothing more specific."""


@dataclass(frozen=True, slots=True)
class BannerMatch:
    manufacturer: str
    model: str | None
    device_type: str | None
    certainty: float
    rule: str
    matched: str
    sources: tuple[str, ...]
    grade: str | None = None


_COMMON = frozenset("camera network video server version welcome login cloud linux device http web".split())
"""Words common in asset registers: a literal made only of one of these is a poor gate."""


def _gate_score(group: tuple[str, ...]) -> tuple[bool, int]:
    return (all(lit.strip(" :,/-") not in _COMMON for lit in group), min(map(len, group)))


@dataclass(frozen=True, slots=True)
class _Plan:
    """The fingerprints for one set of kinds, in priority order, and their prefilter.

    Each rule is indexed under the members of its most selective literal group; the gate
    is one regex over all those members, so text containing none of them is rejected by a
    single search. ``always`` lists rules with no literal (they run whenever the gate
    cannot decide).
    """

    rules: tuple[Fingerprint, ...]
    gate: LazyPattern | None
    keys: tuple[str, ...]
    index: dict[str, tuple[int, ...]]
    always: tuple[int, ...]


def _plan(rules: list[Fingerprint], kinds: tuple[Kind, ...]) -> _Plan:
    chosen = tuple(r for r in rules if r.kind in kinds)
    index: dict[str, list[int]] = {}
    always = []
    for position, rule in enumerate(chosen):
        if not rule.literals:
            always.append(position)
            continue
        for lit in max(rule.literals, key=_gate_score):
            index.setdefault(lit, []).append(position)
    keys = tuple(sorted(index, key=len, reverse=True))
    gate = LazyPattern("|".join(map(re.escape, keys))) if keys else None
    frozen = {lit: tuple(positions) for lit, positions in index.items()}
    return _Plan(chosen, gate, keys, frozen, tuple(always))


def shape(text: str) -> tuple[str, tuple[Kind, ...], bool]:
    """(value, kinds to try, whether the input named its kind) for one pasted string."""
    value = text[:MAX_INPUT]
    prefix = _PREFIX.match(value)
    if prefix:
        value = value[prefix.end() :].strip()
        return value, _PREFIX_KINDS[prefix.group(1).lower()], True
    title = _TITLE_TAG.match(value)
    if title:
        return title.group(1).strip(), ("title",), True
    value = value.strip()
    if _HEX32.match(value):
        return value.lower(), ("favicon",), False
    if "realm=" in value.lower():
        return value, ("wwwauth",), False
    if _X509.match(value):
        return value, ("x509",), False
    return value, _PLAIN, False


class BannerMatcher:
    """Our fingerprint rules first, then Recog's, in the order of fingerprints/recog.yaml."""

    def __init__(self, kb: KBData) -> None:
        loaded = read_fingerprints(kb)
        self.rules = loaded.rules
        self.skipped = loaded.skipped
        self._plans: dict[tuple[Kind, ...], _Plan] = {}
        for kinds in {*_PREFIX_KINDS.values(), _PLAIN, ("favicon",), ("wwwauth",), ("x509",)}:
            self._plans[kinds] = _plan(self.rules, kinds)

    def passes_prefilter(self, text: str) -> bool:
        """Whether any individual pattern would be tried on ``text`` (False: rejected by one
        regex search, the common case for asset-register text)."""
        value, kinds, _ = shape(text)
        plan = self._plans[kinds]
        return bool(plan.always) or (plan.gate is not None and bool(plan.gate.search(value.casefold())))

    def match(self, text: str) -> BannerMatch | None:
        """The first fingerprint that matches, or None (never raises on any string)."""
        if not text:
            return None
        value, kinds, named = shape(text)
        plan = self._plans[kinds]
        low = value.casefold()
        if plan.gate is not None and plan.gate.search(low):
            hits = {p for lit in plan.keys if lit in low for p in plan.index[lit]}
            candidates = sorted(hits.union(plan.always))
        elif plan.always:
            candidates = list(plan.always)
        else:
            return None
        for position in candidates:
            fp = plan.rules[position]
            if fp.needs_prefix and not named:
                continue
            if not all(any(lit in low for lit in group) for group in fp.literals):
                continue
            found = fp.regex.search(value)
            if found is None:
                continue
            model = fp.model
            if fp.model_group is not None:
                model = (found.group(fp.model_group) or "").strip() or None
            return BannerMatch(
                manufacturer=fp.manufacturer,
                model=model,
                device_type=fp.device_type,
                certainty=fp.certainty,
                rule=fp.rule,
                matched=found.group(0).strip() or value,
                sources=fp.sources,
                grade=fp.grade,
            )
        return None


def device_from_banner(found: BannerMatch) -> Device:
    """A record from a fingerprint match (the last resort: a banner says little)."""
    evidence = Evidence(rule=found.rule, matched=found.matched, sources=found.sources, grade=found.grade)
    return Device(
        manufacturer=found.manufacturer,
        model=found.model,
        device_type=found.device_type,
        confidence=found.certainty,
        evidence=[evidence],
    )
