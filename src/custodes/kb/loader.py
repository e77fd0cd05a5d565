"""Read the KB directory, validate every file, and cross-check references between files.

Any problem raises KBError with a message of the form
``<file>: <entry> (<id>): <field>: <reason>`` so that a contributor can fix it at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from custodes.errors import KBError
from custodes.kb.schema import (
    Brand,
    BrandsFile,
    CapabilityClaim,
    Manufacturer,
    ManufacturersFile,
    ModelFile,
    PriceEntry,
    PricesFile,
    Relationship,
    Source,
    SourcesFile,
)

KB_DIR = Path(__file__).parent
DATA_DIR = KB_DIR / "data"
VOCAB_DIR = KB_DIR / "vocab"

M = TypeVar("M", bound=BaseModel)

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when present: the same documents, about seven times faster, which
is most of the KB's start-up time."""


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with the fast loader."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader


def read_vocab(name: str, vocab_dir: Path = VOCAB_DIR) -> list[str]:
    """A controlled vocabulary: one term per line, ``#`` comments and blank lines ignored."""
    path = vocab_dir / name
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            terms.append(line)
    return terms


def read_parents(vocab_dir: Path = VOCAB_DIR) -> dict[str, str]:
    pairs = (line.split() for line in read_vocab("device_type_parents.txt", vocab_dir))
    return {child: parent for child, parent in pairs}


def _describe(path: Path, data: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into 'rules[3] (rule-id): field'."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{step}]"]
            if isinstance(node, list) and step < len(node):
                node = node[step]
                if isinstance(node, dict) and "id" in node:
                    parts[-1] += f" ({node['id']})"
                elif isinstance(node, dict) and "input" in node:
                    parts[-1] += f" ({node['input']!r})"
            continue
        parts.append(str(step))
        node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts)


def load_yaml(path: Path, model: type[M]) -> M:
    """Parse one YAML file against its schema; errors name file, entry and field."""
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise KBError(f"{path}: cannot be read as YAML: {reason}") from exc
    if not isinstance(data, dict):
        raise KBError(f"{path}: must be a YAML mapping at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _describe(path, data, tuple(first["loc"]))
        raise KBError(f"{path}: {where}: {first['msg']}") from exc


def _files(directory: Path) -> Iterator[Path]:
    return iter(sorted(directory.glob("*.yaml"))) if directory.is_dir() else iter(())


@dataclass
class KBData:
    """Everything read from disk, validated and cross-checked, before any index is built."""

    sources: dict[str, Source] = field(default_factory=dict)
    manufacturers: dict[str, Manufacturer] = field(default_factory=dict)
    brands: dict[str, Brand] = field(default_factory=dict)
    model_files: list[tuple[Path, ModelFile]] = field(default_factory=list)
    prices: list[PriceEntry] = field(default_factory=list)
    device_types: frozenset[str] = frozenset()
    capabilities: frozenset[str] = frozenset()
    device_type_parents: dict[str, str] = field(default_factory=dict)
    origin: dict[str, Path] = field(default_factory=dict)
    """Which file each id came from (for error messages and evidence)."""


def _merge(target: dict[str, Any], items: Iterable[Any], path: Path, kind: str, kb: KBData) -> None:
    for item in items:
        key = f"{kind}:{item.id}"
        if item.id in target:
            if kind == "source" and target[item.id].url == item.url:
                continue  # the same source cited from two files
            raise KBError(f"{path}: {kind} {item.id!r} is already defined in {kb.origin[key]}")
        target[item.id] = item
        kb.origin[key] = path


def read_kb(data_dir: Path = DATA_DIR, vocab_dir: Path = VOCAB_DIR) -> KBData:
    kb = KBData()
    kb.device_types = frozenset(read_vocab("device_types.txt", vocab_dir))
    kb.capabilities = frozenset(read_vocab("capabilities.txt", vocab_dir))
    kb.device_type_parents = read_parents(vocab_dir)
    for path in _files(data_dir / "sources"):
        _merge(kb.sources, load_yaml(path, SourcesFile).sources, path, "source", kb)
    for path in _files(data_dir / "manufacturers"):
        items = load_yaml(path, ManufacturersFile).manufacturers
        _merge(kb.manufacturers, items, path, "manufacturer", kb)
    for path in _files(data_dir / "brands"):
        _merge(kb.brands, load_yaml(path, BrandsFile).brands, path, "brand", kb)
    for path in _files(data_dir / "models"):
        kb.model_files.append((path, load_yaml(path, ModelFile)))
    prices = data_dir / "prices.yaml"
    if prices.exists():
        kb.prices = load_yaml(prices, PricesFile).prices
    check_references(kb)
    return kb


def check_references(kb: KBData) -> None:
    """Every id a file mentions must exist, and weak evidence must not be stated as fact."""

    def need_source(where: str, ids: Iterable[str]) -> None:
        for sid in ids:
            if sid not in kb.sources:
                raise KBError(f"{where}: sources: unknown source id {sid!r}")

    def need_maker(where: str, mid: str | None) -> None:
        if mid is not None and mid not in kb.manufacturers:
            raise KBError(f"{where}: unknown manufacturer id {mid!r}")

    def check_relationships(where: str, rels: Iterable[Relationship]) -> None:
        for rel in rels:
            need_source(where, rel.sources)
            need_maker(f"{where}: relationship {rel.kind}", rel.party)
            if rel.attribute and rel.kind not in ("subsidiary", "owned-by", "oem-supplier"):
                raise KBError(
                    f"{where}: relationship {rel.kind} {rel.party}: attribute needs a "
                    "subsidiary, owned-by or oem-supplier relationship"
                )
            grades = {kb.sources[s].grade for s in rel.sources}
            if rel.status == "verified" and grades <= {"D"}:
                raise KBError(
                    f"{where}: relationship {rel.kind} {rel.party}: a D-grade source alone "
                    "cannot make a relationship verified; mark it status: unverified"
                )

    def check_caps(where: str, caps: Iterable[CapabilityClaim]) -> None:
        for cap in caps:
            if cap.name not in kb.capabilities:
                raise KBError(f"{where}: capability {cap.name!r} is not in vocab/capabilities.txt")
            need_source(where, cap.sources)

    for mid, maker in kb.manufacturers.items():
        where = f"{kb.origin['manufacturer:' + mid]}: manufacturer {mid}"
        need_source(where, maker.sources)
        check_relationships(where, maker.relationships)
    for bid, brand in kb.brands.items():
        where = f"{kb.origin['brand:' + bid]}: brand {bid}"
        check_relationships(where, brand.relationships)
    for path, mf in kb.model_files:
        need_maker(f"{path}: vendor", mf.vendor)
        for rule in mf.rules:
            where = f"{path}: rule {rule.id}"
            need_source(where, rule.sources)
            need_maker(where, rule.manufacturer)
            known_brand = rule.brand in kb.brands or rule.brand in kb.manufacturers
            if rule.brand is not None and not known_brand:
                raise KBError(f"{where}: brand: unknown brand id {rule.brand!r}")
            if rule.device_type is not None and rule.device_type not in kb.device_types:
                raise KBError(f"{where}: device_type {rule.device_type!r} is not in the vocabulary")
            check_caps(where, rule.capabilities)
        for tech in mf.technologies:
            where = f"{path}: technology {tech.id}"
            need_source(where, tech.sources)
            need_maker(where, tech.manufacturer)
            check_caps(where, tech.capabilities)
        for brand_id in mf.brand_prefixes.values():
            if brand_id not in kb.brands and brand_id not in kb.manufacturers:
                raise KBError(f"{path}: brand_prefixes: unknown brand {brand_id!r}")
    for price in kb.prices:
        need_source(f"prices.yaml: {price.device_type}", price.sources)
