"""MAC addresses and OUIs: find one in pasted text, and look up who registered its prefix.

An OUI names the maker of the network interface, taken from the IEEE registry only:
community OUI-to-brand tables contain errors (F4:C7:14 sold as "Lorex" is Huawei's). The
organisation is mapped to our manufacturer id through the IEEE spellings each manufacturer
lists (``ieee_names``); a prefix we know but cannot map keeps manufacturer None.
Locally administered (randomised) addresses carry no vendor at all.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from custodes.errors import KBError
from custodes.kb.loader import DATA_DIR, KBData
from custodes.resolve.record import Device, Evidence

OUI_FILE = DATA_DIR / "oui.csv"

_H = "[0-9A-Fa-f]"
_MASK = "(?:[xX*?]{2})"
_SEPARATED = re.compile(
    rf"(?<![0-9A-Za-z:.-])({_H}{{2}})([:-])({_H}{{2}})\2({_H}{{2}})"
    rf"(?:\2({_H}{{2}}|{_MASK})\2({_H}{{2}}|{_MASK})\2({_H}{{2}}|{_MASK}))?(?![0-9A-Za-z:-])"
)
_DOTTED = re.compile(rf"(?<![0-9A-Za-z.])({_H}{{4}})\.({_H}{{4}})\.({_H}{{4}})(?![0-9A-Za-z.])")
_BARE = re.compile(rf"(?<![0-9A-Za-z])(?<!{_H}{{4}}-)({_H}{{12}})(?![0-9A-Za-z])")
"""Twelve hex digits alone; not the last group of a GUID (``...-9708-0A05FC35BB9F``)."""
_KEYWORD = re.compile(r"(?:mac|oui|hwaddr|ether|bssid|address)\W*$", re.IGNORECASE)
_LABEL = re.compile(r"\b(mac|oui|hwaddr|ether|bssid|address)\s*[:=#]", re.IGNORECASE)
"""A label glued to the address ("MAC:44:19:...") is split off before searching."""
_URL = re.compile(r"https?://[^\s)]+")
_HEX2 = re.compile(f"{_H}{{2}}")


def _colon(hexdigits: str) -> str:
    digits = hexdigits.upper()
    return ":".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def find_mac(text: str) -> str | None:
    """The first MAC address or OUI in ``text``, as ``44:19:B6:12:34:56`` or ``44:19:B6``.

    Masked addresses (``44:19:B6:xx:xx:xx``) give the OUI. Forms that are more often
    something else are refused: a bare 12-digit or dotted all-decimal number (serials,
    versions) and a three-part all-decimal form like ``04:03:12`` (a time) unless a word
    such as "MAC" or "OUI" precedes it.
    """
    text = _LABEL.sub(r"\1 ", text)
    for found in _SEPARATED.finditer(text):
        digits = found.group(1) + found.group(3) + found.group(4)
        rest = [found.group(n) for n in (5, 6, 7) if found.group(n)]
        if rest and all(_HEX2.fullmatch(octet) for octet in rest):
            return _colon(digits + "".join(rest))
        if not rest and digits.isdigit() and not _KEYWORD.search(text[: found.start()]):
            continue
        return _colon(digits)
    for pattern in (_DOTTED, _BARE):
        for found in pattern.finditer(text):
            digits = "".join(found.groups())
            if not digits.isdigit():
                return _colon(digits)
    return None


def is_locally_administered(hexdigits: str) -> bool:
    """The U/L bit of the first octet: second hex digit 2, 6, A or E."""
    return bool(int(hexdigits[1], 16) & 0b10)


def _key(name: str) -> str:
    """IEEE spellings vary in case and punctuation ("Co.,Ltd." / "Co., Ltd.", "TECHNOLOGYCO")."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


@dataclass(frozen=True, slots=True)
class OuiMatch:
    manufacturer: str | None
    organization: str
    oui: str
    rule: str
    sources: tuple[str, ...]
    locally_administered: bool


class OuiTable:
    """The bundled IEEE snapshot (kb/data/oui.csv), keyed by 24-, 28- or 36-bit prefix."""

    def __init__(self, kb: KBData, path: Path = OUI_FILE) -> None:
        makers = {_key(n): m.id for m in kb.manufacturers.values() for n in m.ieee_names}
        fallback = kb.sources["ieee-oui-registry"].url if "ieee-oui-registry" in kb.sources else None
        self._table: dict[str, OuiMatch] = {}
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise KBError(f"{path}: cannot be read: {exc}") from exc
        for line, row in enumerate(rows, 2):
            prefix = re.sub(r"[^0-9A-Fa-f]", "", row.get("oui") or "").upper()
            organization = (row.get("organization") or "").strip()
            if len(prefix) not in (6, 7, 9) or not organization:
                raise KBError(f"{path}: line {line}: oui: need a 24/28/36-bit prefix and an organization")
            urls = tuple(_URL.findall(row.get("source") or "")) or ((fallback,) if fallback else ())
            oui = _colon(prefix[:6]) + (":" + prefix[6:] if len(prefix) > 6 else "")
            self._table[prefix] = OuiMatch(
                manufacturer=makers.get(_key(organization)),
                organization=organization,
                oui=oui,
                rule=f"oui:{oui}",
                sources=urls,
                locally_administered=False,
            )
        self.unmapped = sorted({m.organization for m in self._table.values() if m.manufacturer is None})
        """IEEE organisations in the table that no manufacturer lists in ieee_names."""

    def lookup(self, mac: str) -> OuiMatch | None:
        """The registered owner of the address's prefix, or None if the prefix is unknown."""
        found = find_mac(mac)
        if found is None:
            bare = re.sub(r"[\s:.-]", "", mac)
            if len(bare) not in (6, 12) or not all(c in "0123456789abcdefABCDEF" for c in bare):
                return None
            found = bare
        digits = re.sub(r"[^0-9A-Fa-f]", "", found).upper()
        if is_locally_administered(digits):
            return OuiMatch(
                manufacturer=None,
                organization="locally administered address (no vendor)",
                oui=_colon(digits[:6]),
                rule="oui:locally-administered",
                sources=(),
                locally_administered=True,
            )
        for size in (9, 7, 6):
            if len(digits) >= size and (hit := self._table.get(digits[:size])):
                return hit
        return None


def device_from_oui(found: OuiMatch | None, mac: str, warnings: list[str]) -> list[Device]:
    """A record from a MAC address: the IEEE registry names the network-chip owner."""
    if found is None:
        return []
    if found.locally_administered:
        warnings.append(f"{mac}: locally administered (randomised) MAC address has no vendor")
        return []
    if found.manufacturer is None:
        return []
    evidence = Evidence(
        rule=found.rule,
        matched=found.oui,
        sources=found.sources,
        grade="A" if found.sources else None,  # the IEEE registry
        note=f"IEEE assigns this prefix to {found.organization}; an OUI names the "
        "network-chip owner, which may differ from the brand on the box",
    )
    return [Device(manufacturer=found.manufacturer, confidence=0.8, evidence=[evidence])]
