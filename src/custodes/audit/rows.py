"""From one register row to one audited item: what it is, how many, by whom, and what to do.

The row's own cells decide: the equipment columns are resolved together; the quantity comes
from its column, else from the text ("12 x Hik dome cams", "Uniview x4"); a purchase or
installation date is checked against dated relationships (a Lorex bought after its link to
Dahua ended is not attributed to Dahua); unverified OEM leads to a restricted maker become a
``verify`` action, counted apart from findings; licences and accessories are listed, not
counted as devices.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from custodes.audit.item import AuditItem, FindingRef, Lead
from custodes.audit.quantity import parse_quantity
from custodes.extract.quantity import find_quantities
from custodes.extract.tables import NOT_MAKE, TOTAL, is_removed
from custodes.ingest.columns import ColumnMap
from custodes.kb import load_kb
from custodes.kb.loader import read_vocab
from custodes.policy import SEVERITY_RANK, DeviceFacts, Finding, Pack, evaluate
from custodes.policy.facts import device_facts
from custodes.resolve import Resolution, Resolver
from custodes.resolve.record import Evidence

REPLACE_AT = "high"
"""Devices with a finding at or above this severity are to be replaced (and costed)."""
CACHE_SIZE = 50_000
"""Distinct equipment texts whose resolution is kept: a register repeats a few kinds of kit."""
MAX_TEXT_COUNT = 10_000
"""A count read from free text above this is not believed (a part number, a year)."""
_NOT_A_COUNT_AFTER = re.compile(
    r"\s*-?\s*(?:ch\b|chan|channels?|ports?|inch|in\b|\"|way\b|bays?|drives?|disks?|zones?|lens|"
    r"mp\b|megapixel|k\b|p\b|v\b|w\b|tb\b|gb\b)",
    re.I,
)
_MULTIPLIER = re.compile(r"[x×]\s*\d|\d\s*(?:[x×]|no\b|nos\b|nr\b|off\b)", re.I)
"""A count written as one ("x4", "12 x", "4 no."), which needs no noun after it."""
_COUNTED_WORDS = 3
"""Words after a bare number that must name what it counts."""
_LEADING_ZERO = re.compile(r"(?<![\d,.])0\d")
_LEAD = re.compile(r"^relationship:(?P<subject>[^:]+):oem-supplier:(?P<maker>[^:]+)$")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)")


def _kinds() -> dict[str, re.Pattern[str]]:
    """One pattern per kind, of whole words and phrases, from ``data/not_devices.txt``."""
    words: dict[str, list[str]] = {}
    path = Path(__file__).with_name("data") / "not_devices.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            kind, phrase = line.split()
            words.setdefault(kind, []).append(r"\s+".join(map(re.escape, phrase.split("_"))))
    return {kind: re.compile(rf"\b(?:{'|'.join(ws)})\b", re.I) for kind, ws in words.items()}


_KIND_WORDS = _kinds()


def _equipment_words() -> re.Pattern[str]:
    """Words that name equipment ("cameras", "dome", "NVR"), from the KB's device-type keywords
    and a few plurals and short forms registers use."""
    words = [line.split()[0].replace("_", r"\s+") for line in read_vocab("device_type_keywords.txt")]
    words += ["cams?", "domes?", "bullets?", "turrets?", "units?"]
    return re.compile(rf"\b(?:{'|'.join(words)})s?\b", re.I)


_EQUIPMENT_WORD = _equipment_words()


def kind_of(text: str, device_type: str | None) -> str:
    """licence / accessory / device. A licence word always wins ("VMS licence (per camera)");
    an accessory word only when nothing says what device it is ("wall bracket")."""
    if _KIND_WORDS["licence"].search(text):
        return "licence"
    if device_type is None and _KIND_WORDS["accessory"].search(text):
        return "accessory"
    return "device"


def count_in_text(text: str, names_maker: Callable[[str], bool] | None = None) -> tuple[int, str] | None:
    """A count written inside the equipment text, with the words it came from, or None.

    "12 x Hik dome cams" -> 12, "Uniview x4" -> 4, "approx 20 hikvision bullet cameras" -> 20;
    "16ch NVR", "4MP dome", "2.8mm" and model numbers are not counts. A bare number counts
    only what the next few words name: equipment ("20 cameras") or, when ``names_maker`` says
    so, a maker ("3 Axis P3225"); "4 officers can view the cameras" is no count of cameras.
    """
    for found in find_quantities(text):
        if found.value <= 0 or found.value > MAX_TEXT_COUNT:
            continue
        if _NOT_A_COUNT_AFTER.match(text, found.end) or _LEADING_ZERO.search(found.text):
            continue  # "16ch", "4MP"; "01322 ..." is a dialling code, "007" an id
        if not _MULTIPLIER.search(found.text):
            after = " ".join(text[found.end :].split()[:_COUNTED_WORDS])
            if not (_EQUIPMENT_WORD.search(after) or (names_maker is not None and names_maker(after))):
                continue
        return found.value, found.text
    return None


@lru_cache(maxsize=4096)
def date_range(text: str) -> tuple[date, date] | None:
    """The earliest and latest day a date cell can mean ("2019" is the whole year)."""
    value = text.strip()
    try:
        if m := _ISO.search(value):
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return day, day
        if m := _DMY.search(value):  # registers in the UK write day/month/year
            day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            return day, day
    except ValueError:
        return None
    if m := _YEAR.search(value):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    return None


class Rules:
    """The packs applied on one date, memoised per device facts, and the leads to check."""

    def __init__(self, packs: Sequence[Pack], as_of: date) -> None:
        self.packs = packs
        self.as_of = as_of
        self.cache: dict[DeviceFacts, list[Finding]] = {}
        self.lead_cache: dict[str, tuple[str, ...]] = {}
        self.seen: dict[tuple[str, str, str], Finding] = {}
        """Every finding that fired, once per (pack, rule, maker): its reason names the maker."""

    def _facts(
        self, maker: str, brand: str | None, device_type: str | None, caps: tuple[tuple[str, str], ...]
    ) -> DeviceFacts:
        return device_facts(load_kb(), maker, device_type, caps, self.as_of, brand)

    def findings(self, resolution: Resolution) -> list[list[FindingRef]]:
        out: list[list[FindingRef]] = []
        for device in resolution.all_devices():
            if device.manufacturer is None and not device.capabilities:
                out.append([])
                continue
            # rules are applied to the company that makes it; its group makes a parent's
            # listing an affiliate finding (EZVIZ under Hikvision), as the packs' scopes say
            maker = device.made_by or device.manufacturer
            caps = tuple(sorted({(c.name, c.level) for c in device.capabilities}))
            facts = self._facts(maker or "", device.brand, device.device_type, caps)
            if maker is None:
                facts = DeviceFacts(None, frozenset(), None, device.device_type, caps)
            if facts not in self.cache:
                self.cache[facts] = evaluate(facts, self.packs, self.as_of)
                for f in self.cache[facts]:
                    self.seen.setdefault((f.pack, f.rule, device.manufacturer or ""), f)
            out.append([FindingRef(f.pack, f.rule, f.severity, f.title) for f in self.cache[facts]])
        return out

    def packs_for_maker(self, maker: str) -> tuple[str, ...]:
        """The packs that would list a device made by ``maker`` (a lead's restricted maker)."""
        if maker not in self.lead_cache:
            found = evaluate(self._facts(maker, None, None, ()), self.packs, self.as_of)
            self.lead_cache[maker] = tuple(sorted({f.pack for f in found}))
        return self.lead_cache[maker]


def leads_of(resolution: Resolution, rules: Rules) -> list[Lead]:
    """Unverified OEM links from the device's brand to a maker the packs restrict."""
    out: list[Lead] = []
    for device in resolution.all_devices():
        for ev in device.evidence:
            m = _LEAD.match(ev.rule)
            if m is None or m.group("maker") in (device.manufacturer, device.made_by):
                continue
            packs = rules.packs_for_maker(m.group("maker"))
            if packs and all(lead.rule != ev.rule for lead in out):
                out.append(Lead(m.group("maker"), ev.rule, ev.sources, packs))
    return out


def apply_date(
    resolution: Resolution, resolver: Resolver, when: tuple[date, date], written: str
) -> Resolution:
    """A dated link decides by the purchase date: bought after the link ended, the device is
    not attributed through it; bought before, the attribution stands without the doubt."""
    changed: Resolution | None = None
    for index, device in enumerate(resolution.all_devices()):
        target = resolver.aliases.brands.get(device.brand or "")
        until = getattr(target, "until", None)
        if target is None or until is None or target.manufacturer != device.manufacturer:
            continue
        if when[0] > until or when[1] <= until:
            changed = changed or copy.deepcopy(resolution)
            dev = changed.all_devices()[index]
            brand = dev.brand or ""
            changed.warnings = [w for w in changed.warnings if "check the purchase date" not in w]
            if when[0] > until:
                dev.manufacturer = brand
                dev.manufacturer_name = None
                dev.made_by = None
                dev.capabilities = []
                dev.evidence.append(
                    Evidence(
                        "purchase-date",
                        written,
                        (),
                        note=f"bought after the link to {target.manufacturer} ended on {until}",
                    )
                )
                changed.warnings.append(
                    f"bought {written}, after {brand}'s link to {target.manufacturer} ended on {until}: "
                    f"not attributed to {target.manufacturer}"
                )
            else:
                dev.evidence.append(
                    Evidence("purchase-date", written, (), note=f"bought before the link ended on {until}")
                )
    if changed is not None and changed.devices:
        changed.device = changed.devices[0] if len(changed.devices) == 1 else changed.device
    return changed or resolution


def action_for(item: AuditItem) -> str:
    """replace: a finding at or above REPLACE_AT; verify: a lead to a restricted maker, or
    equipment custodes could not identify; keep: the rest."""
    worst = max((SEVERITY_RANK[f.severity] for fs in item.findings for f in fs), default=-1)
    if worst >= SEVERITY_RANK[REPLACE_AT]:
        return "replace"
    if item.leads or not item.resolved:
        return "verify"
    return "keep"


def row_text(cells: dict[str, str], columns: ColumnMap, equipment: list[str]) -> str:
    """The equipment columns' text (``equipment`` is ``columns.equipment_columns()``)."""
    parts: list[str] = []
    for header in equipment:
        value = cells.get(header, "").strip()
        if value and value not in parts:
            parts.append(value)
    if not equipment:
        # No column says which holds the equipment: read the whole row, except columns that
        # name an installer or maintainer, or hold an id, a date or a count.
        skip = {columns.asset, columns.date, columns.quantity, columns.price, columns.status}
        return " ".join(v for h, v in cells.items() if v.strip() and h not in skip and not NOT_MAKE.search(h))
    return " ".join(parts)


def excluded(cells: dict[str, str], columns: ColumnMap, sheet: str | None) -> str | None:
    """Rows kept in the report but not counted: totals, and kit the register lists as gone."""
    if TOTAL.match(" ".join(cells.values())):
        return "a totals row (counting it would count the same devices twice)"
    state = cells.get(columns.status, "").strip() if columns.status else ""
    if state and is_removed(state):
        return f"listed as {state!r}"
    if not state and sheet is not None and is_removed(sheet):
        return f"on the sheet {sheet!r}"
    return None


def quantity_of(
    cells: dict[str, str], columns: ColumnMap, in_text: tuple[int, str] | None, warnings: list[str]
) -> tuple[int, str | None]:
    """The row's count: its quantity cell, else a count in its text, else 1 (with a warning)."""
    cell = cells.get(columns.quantity, "").strip() if columns.quantity else ""
    if cell:
        parsed, problem = parse_quantity(cell)
        if parsed is not None:
            return parsed, cell
        warnings.append(f"{problem}; counted as 1")
        return 1, cell
    if in_text is not None:
        return in_text
    if columns.quantity:
        warnings.append("quantity is blank; counted as 1")
    return 1, None


@dataclass(slots=True)
class Known:
    """What one distinct equipment text gives, worked out once per text."""

    resolution: Resolution
    as_dict: dict[str, Any]
    findings: list[list[FindingRef]]
    leads: list[Lead]
    kind: str
    count: tuple[int, str] | None
    plan: Any = False
    """The figures' plan for rows of this kind (``aggregate.plan_of``), once worked out."""


class Cache:
    """What distinct texts resolve to, bounded (cleared when full, so memory stays flat): a
    register repeats a few kinds of kit thousands of times."""

    def __init__(self, resolver: Resolver, rules: Rules, size: int = CACHE_SIZE) -> None:
        self.resolver = resolver
        self.rules = rules
        self.size = size
        self.store: dict[tuple[str, tuple[date, date] | None], Known] = {}

    def resolve(self, text: str) -> Resolution:
        return self.known(text).resolution

    def _names_maker(self, words: str) -> bool:
        return self.resolver.resolve(words).resolved

    def known(self, text: str, when: tuple[date, date] | None = None, written: str = "") -> Known:
        key = (text, when)
        found = self.store.get(key)
        if found is None:
            if len(self.store) >= self.size:
                self.store.clear()
            if when is None:
                resolution = self.resolver.resolve(text)
                # a count in the text counts devices only when the text names equipment:
                # "4 enforcement officers", "Two (may be option to purchase more)" do not
                names_kit = resolution.resolved or bool(_EQUIPMENT_WORD.search(text))
                maker = self._names_maker
                count = count_in_text(text, maker) if names_kit or resolution.devices else None
            else:
                plain = self.known(text)
                resolution = apply_date(plain.resolution, self.resolver, when, written)
                count = plain.count
                if resolution is plain.resolution:
                    self.store[key] = plain
                    return plain
            found = self.store[key] = Known(
                resolution,
                resolution.to_dict(),
                self.rules.findings(resolution),
                leads_of(resolution, self.rules),
                kind_of(text, resolution.device.device_type),
                count,
            )
        return found
