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
from custodes.kb.loader import KBData

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


@dataclass(frozen=True, slots=True)
class _Plan:
    """The fingerprints for one set of kinds, in priority order, and their prefilter."""

    rules: tuple[Fingerprint, ...]
    gate: re.Pattern[str] | None
    always: bool
    """True when some rule has no literal, so the gate cannot reject the text alone."""


def _plan(rules: list[Fingerprint], kinds: tuple[Kind, ...]) -> _Plan:
    chosen = tuple(r for r in rules if r.kind in kinds)
    literals = sorted({lit for r in chosen for lit in r.literals}, key=len, reverse=True)
    gate = re.compile("|".join(map(re.escape, literals))) if literals else None
    return _Plan(chosen, gate, any(not r.literals for r in chosen))


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

    def match(self, text: str) -> BannerMatch | None:
        """The first fingerprint that matches, or None (never raises on any string)."""
        if not text:
            return None
        value, kinds, named = shape(text)
        plan = self._plans[kinds]
        low = value.lower()
        if plan.gate is not None and not plan.always and not plan.gate.search(low):
            return None
        for fp in plan.rules:
            if fp.needs_prefix and not named:
                continue
            if fp.literals and not any(lit in low for lit in fp.literals):
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
            )
        return None
