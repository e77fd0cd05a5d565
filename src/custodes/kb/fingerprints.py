"""Network fingerprints: our own rules (YAML) and the Rapid7 Recog databases (XML).

Recog is a large, mostly non-surveillance set of banner patterns written for Ruby. We keep
only the fingerprints whose vendor maps to one of our manufacturer ids (filtered on load, so
junk input is rejected fast), translate the few Ruby regex constructs Python lacks, and skip
what cannot be translated with a counted note rather than failing.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import defusedxml.ElementTree as SafeET
from pydantic import Field, field_validator

from custodes.errors import KBError
from custodes.kb.lazy_regex import LazyPattern
from custodes.kb.loader import DATA_DIR, KBData, load_yaml
from custodes.kb.ruby_regex import compile_pattern, literals_of, translate
from custodes.kb.schema import ID_RE, Example, Strict, compiles

#: What kind of string a database holds; the matcher picks kinds from the input's shape.
Kind = Literal["server", "wwwauth", "title", "favicon", "x509", "banner", "dhcp", "useragent"]

RECOG_DIR = DATA_DIR / "recog"
FINGERPRINT_DIR = DATA_DIR / "fingerprints"


class OwnRule(Strict):
    """A fingerprint Recog lacks, with its source and examples (``fingerprints/*.yaml``)."""

    id: str = Field(pattern=ID_RE)
    kind: Kind
    pattern: str
    """Python regex, searched in the input with the header-name prefix removed."""
    ignore_case: bool = False
    manufacturer: str
    model_group: int | None = None
    device_type: str | None = None
    certainty: float = Field(ge=0.0, le=1.0)
    needs_prefix: bool = False
    """Only try the rule when the input names its kind ("title: ..."), for generic wording."""
    overrides: list[str] = []
    """Recog rules (``recog:<file>:<line>``) this rule deliberately claims examples from."""
    sources: list[str] = Field(min_length=1)
    note: str | None = None
    examples: list[Example] = Field(min_length=1)

    _compiles = field_validator("pattern")(staticmethod(compiles))


class RecogDatabase(Strict):
    file: str = Field(pattern=r"^[a-z0-9_-]+\.xml$")
    kind: Kind
    certainty: float = Field(ge=0.0, le=1.0)
    """Used when the fingerprint carries no certainty of its own."""


class RecogMap(Strict):
    """How Recog's free-text vendor and device strings map onto our ids."""

    sources: list[str] = Field(min_length=1)
    databases: list[RecogDatabase] = Field(min_length=1)
    vendors: dict[str, str]
    skip_vendors: dict[str, str] = {}
    """Vendor strings deliberately not mapped, with the reason (documentation only)."""
    devices: dict[str, str | None]


class FingerprintFile(Strict):
    recog: RecogMap | None = None
    rules: list[OwnRule] = []


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One compiled rule, Recog's or ours, ready for the banner matcher."""

    rule: str
    kind: Kind
    regex: LazyPattern
    manufacturer: str
    model_group: int | None
    model: str | None
    device_type: str | None
    certainty: float
    sources: tuple[str, ...]
    literals: tuple[tuple[str, ...], ...]
    """Case-folded literal groups: any text the regex matches contains one member of every
    group. Empty when none could be derived (the rule then always runs for its kind)."""
    examples: tuple[tuple[str, dict[str, Any]], ...] = ()
    needs_prefix: bool = False
    overrides: tuple[str, ...] = ()
    grade: str | None = None
    """The best grade of the rule's sources (community sets are D: the record says so)."""


@dataclass
class FingerprintSet:
    rules: list[Fingerprint] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    """Recog fingerprints of our vendors that were dropped, by reason (untranslatable regex)."""


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<fingerprint[\s>]")


def _line_numbers(path: Path) -> list[int]:
    """Line of each <fingerprint> element, skipping commented-out ones (ElementTree has none)."""
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), path.read_text("utf-8"))
    return [text.count("\n", 0, m.start()) + 1 for m in _TAG.finditer(text)]


def _pos(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _example_text(node: Any) -> str:
    text = node.text or ""
    if node.get("_encoding") == "base64":
        return base64.b64decode(text).decode("utf-8", errors="replace")
    return text


Params = dict[str, tuple[int, str | None]]


def _model(params: Params) -> tuple[int | None, str | None]:
    """(capture group, literal) for the model. A literal product name without a digit is a
    family or a descriptor ("IP Camera", "AutoDome"), not a model, so it is not used."""
    for key in ("hw.model", "hw.product"):
        if key in params:
            pos, value = params[key]
            if pos > 0:
                return pos, None
            if value and "{" not in value and any(c.isdigit() for c in value):
                return None, value
            return None, None
    return None, None


def _certainty(attribute: str | None, params: Params, default: float) -> float:
    """Recog's own certainty (attribute, else hw/os/service param), else the database's."""
    keys = ("hw.certainty", "os.certainty", "service.certainty")
    value = attribute or next((params[k][1] for k in keys if k in params), None)
    try:
        number = float(value) if value else default
    except ValueError:
        return default
    return number if 0.0 <= number <= 1.0 else default


def _recog_file(
    path: Path,
    db: RecogDatabase,
    rmap: RecogMap,
    urls: tuple[str, ...],
    out: FingerprintSet,
    grade: str | None = None,
) -> None:
    try:
        root = SafeET.parse(path).getroot()
    except (OSError, SafeET.ParseError) as exc:
        raise KBError(f"{path}: cannot be read as Recog XML: {exc}") from exc
    nodes = root.findall("fingerprint")
    lines = _line_numbers(path)
    for index, node in enumerate(nodes):
        params: Params = {name: (_pos(p.get("pos")), p.get("value")) for p in node if (name := p.get("name"))}
        vendor = next((params[k] for k in ("hw.vendor", "os.vendor", "service.vendor") if k in params), None)
        if vendor is None or vendor[0] != 0 or vendor[1] not in rmap.vendors:
            continue
        try:
            pattern, flags = translate(node.get("pattern", ""), node.get("flags"))
            regex = compile_pattern(pattern, flags)
        except ValueError:
            out.skipped["untranslatable regex"] = out.skipped.get("untranslatable regex", 0) + 1
            continue
        model_group, model = _model(params)
        device = params.get("hw.device", params.get("os.device", (0, None)))[1]
        certainty = _certainty(node.get("certainty"), params, db.certainty)
        examples = []
        for ex in node.findall("example"):
            expect: dict[str, Any] = {"manufacturer": rmap.vendors[vendor[1]]}
            want_model = ex.get("hw.model") or ex.get("hw.product")
            if want_model and model_group is not None:
                expect["model"] = want_model
            examples.append((_example_text(ex), expect))
        line = lines[index] if len(lines) == len(nodes) else node.findtext("description", "")
        out.rules.append(
            Fingerprint(
                rule=f"recog:{db.file}:{line}",
                kind=db.kind,
                regex=LazyPattern.of(regex),
                manufacturer=rmap.vendors[vendor[1]],
                model_group=model_group,
                model=model,
                device_type=rmap.devices.get(device) if device else None,
                certainty=certainty,
                sources=urls,
                literals=literals_of(regex),
                examples=tuple(examples),
                grade=grade,
            )
        )


def _check_device(where: str, kb: KBData, device: str | None) -> None:
    if device is not None and device not in kb.device_types:
        raise KBError(f"{where}: device_type {device!r} is not in the vocabulary")


def _best_grade(kb: KBData, ids: list[str]) -> str | None:
    return min((kb.sources[s].grade for s in ids if s in kb.sources), default=None)


def _check(where: str, kb: KBData, manufacturer: str, sources: list[str], device: str | None) -> None:
    if manufacturer not in kb.manufacturers:
        raise KBError(f"{where}: unknown manufacturer id {manufacturer!r}")
    for sid in sources:
        if sid not in kb.sources:
            raise KBError(f"{where}: sources: unknown source id {sid!r}")
    _check_device(where, kb, device)


def read_fingerprints(
    kb: KBData, fingerprint_dir: Path = FINGERPRINT_DIR, recog_dir: Path = RECOG_DIR
) -> FingerprintSet:
    """Our rules first (they fill Recog's gaps and may override it), then Recog's in the
    order of the ``databases`` list, which follows Recog's own database preference."""
    out = FingerprintSet()
    files = [(p, load_yaml(p, FingerprintFile)) for p in sorted(fingerprint_dir.glob("*.yaml"))]
    seen: set[str] = set()
    overrides: list[tuple[str, str]] = []
    for path, ff in files:
        for rule in ff.rules:
            where = f"{path}: rule {rule.id}"
            if rule.id in seen:
                raise KBError(f"{where}: duplicate fingerprint rule id")
            seen.add(rule.id)
            overrides.extend((where, target) for target in rule.overrides)
            _check(where, kb, rule.manufacturer, rule.sources, rule.device_type)
            regex = re.compile(rule.pattern, re.IGNORECASE if rule.ignore_case else 0)
            if rule.model_group is not None and rule.model_group > regex.groups:
                raise KBError(f"{where}: model_group: the pattern has {regex.groups} group(s)")
            out.rules.append(
                Fingerprint(
                    rule=f"fingerprints:{rule.id}",
                    kind=rule.kind,
                    regex=LazyPattern.of(regex),
                    manufacturer=rule.manufacturer,
                    model_group=rule.model_group,
                    model=None,
                    device_type=rule.device_type,
                    certainty=rule.certainty,
                    sources=tuple(kb.sources[s].url for s in rule.sources),
                    literals=literals_of(regex),
                    examples=tuple((e.input, e.expect) for e in rule.examples),
                    needs_prefix=rule.needs_prefix,
                    overrides=tuple(rule.overrides),
                    grade=_best_grade(kb, rule.sources),
                )
            )
    for path, ff in files:
        if ff.recog is None:
            continue
        rmap = ff.recog
        for vendor, mid in rmap.vendors.items():
            _check(f"{path}: recog.vendors: {vendor}", kb, mid, rmap.sources, None)
        for name, device in rmap.devices.items():
            _check_device(f"{path}: recog.devices: {name}", kb, device)
        urls = tuple(kb.sources[s].url for s in rmap.sources)
        grade = _best_grade(kb, rmap.sources)
        for db in rmap.databases:
            _recog_file(recog_dir / db.file, db, rmap, urls, out, grade)
    known = {r.rule for r in out.rules}
    for where, target in overrides:
        if target not in known:
            raise KBError(f"{where}: overrides: no loaded fingerprint {target!r}")
    return out
