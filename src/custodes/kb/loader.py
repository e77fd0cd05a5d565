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
    Example,
    Manufacturer,
    ManufacturersFile,
    ModelFile,
    PriceEntry,
    PricesFile,
    RegistryBrand,
    RegistryFile,
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
    registry: dict[str, RegistryBrand] = field(default_factory=dict)
    """Real brands with their official sites (``data/registry``); those the KB knows nothing
    more about are also entered in ``manufacturers`` (see ``registry_only``)."""
    registry_only: frozenset[str] = frozenset()
    registry_examples: list[tuple[Path, Example]] = field(default_factory=list)
    restricted: frozenset[str] = frozenset()
    """Makers named by the bundled policy packs (vocab/restricted_makers.txt)."""


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
    for path in _files(data_dir / "registry"):
        _read_registry(kb, path)
    kb.restricted = frozenset(read_vocab("restricted_makers.txt", vocab_dir))
    check_references(kb)
    check_copies(kb, frozenset(read_vocab("copy_hosts.txt", vocab_dir)))
    settle_statuses(kb)
    return kb


def _fold(name: str) -> str:
    return " ".join(name.lower().replace("\u2019", "'").split())


def _name_owners(kb: KBData) -> dict[str, str]:
    """Every exact name the KB already gives a company or brand, and whose it is."""
    owner: dict[str, str] = {}
    for mid, maker in kb.manufacturers.items():
        for name in [mid, maker.name, *maker.legal_names, *maker.aliases]:
            owner.setdefault(_fold(name), mid)
    for bid, brand in kb.brands.items():
        for name in [bid, brand.name, *brand.aliases]:
            owner[_fold(name)] = bid
    return owner


def _read_registry(kb: KBData, path: Path) -> None:
    """Registry brands: each gets its official site as a grade-A source; a brand the KB does
    not already hold becomes a manufacturer of that name (the brand-level rule)."""
    registry = load_yaml(path, RegistryFile)
    only = set(kb.registry_only)
    owner = _name_owners(kb)
    for entry in registry.registry:
        for name in {_fold(n) for n in [entry.id, entry.name, *entry.aliases]}:
            if owner.setdefault(name, entry.id) != entry.id:
                raise KBError(f"{path}: registry {entry.id}: name {name!r} already names {owner[name]!r}")
        if entry.id in kb.registry:
            first = kb.origin["registry:" + entry.id]
            raise KBError(f"{path}: registry {entry.id!r} is already defined in {first}")
        kb.registry[entry.id] = entry
        kb.origin[f"registry:{entry.id}"] = path
        sid = f"site-{entry.id}"
        title = f"{entry.name} official website"
        source = Source(id=sid, url=entry.site, title=title, grade="A", publisher=entry.name)
        _merge(kb.sources, [source], path, "source", kb)
        if entry.id in kb.manufacturers or entry.id in kb.brands:
            continue
        maker = Manufacturer(
            id=entry.id, name=entry.name, aliases=list(entry.aliases), sources=[sid], note=entry.note
        )
        _merge(kb.manufacturers, [maker], path, "manufacturer", kb)
        only.add(entry.id)
    kb.registry_only = frozenset(only)
    kb.registry_examples.extend((path, ex) for ex in registry.examples)


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
            if rel.status == "verified" and d_only(kb, rel.sources):
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
            if rule.status == "verified" and d_only(kb, rule.sources):
                raise KBError(
                    f"{where}: a D-grade source alone cannot make a model rule verified; "
                    "mark it status: unverified or cite a better source"
                )
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


def d_only(kb: KBData, ids: Iterable[str]) -> bool:
    """Whether every source cited is a D-grade community lead (or none is known)."""
    return {kb.sources[s].grade for s in ids if s in kb.sources} <= {"D"}


def _host(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].split(":", 1)[0].lower()


def is_copy_host(url: str, hosts: frozenset[str]) -> bool:
    """A manual mirror, press wire, document-sharing site or web proxy (vocab/copy_hosts.txt),
    or a bare IP address (an anonymous mirror)."""
    host = _host(url)
    if host.replace(".", "").isdigit():
        return True
    parts = host.split(".")
    return any(".".join(parts[i:]) in hosts for i in range(len(parts) - 1))


def check_copies(kb: KBData, hosts: frozenset[str]) -> None:
    """A grade says who published a fact: a third-party copy is at most B and says where the
    original lives."""
    for sid, source in kb.sources.items():
        copy = is_copy_host(source.url, hosts)
        where = f"{kb.origin.get('source:' + sid, 'sources')}: source {sid}"
        if (copy or source.original) and source.grade == "A":
            raise KBError(f"{where}: a third-party copy ({_host(source.url)}) is graded at most B")
        if copy and not source.original:
            raise KBError(f"{where}: a third-party copy must name where the original lives (original:)")


def settle_statuses(kb: KBData) -> None:
    """Give every relationship and model rule without a status the one its sources support:
    ``unverified`` when they are all D-grade, else ``verified``."""

    def settle_rels(rels: list[Relationship]) -> tuple[list[Relationship], bool]:
        out, changed = [], False
        for rel in rels:
            if rel.status is None:
                status = "unverified" if d_only(kb, rel.sources) else "verified"
                rel = rel.model_copy(update={"status": status})
                changed = True
            out.append(rel)
        return out, changed

    for mid, maker in list(kb.manufacturers.items()):
        rels, changed = settle_rels(maker.relationships)
        if changed:
            kb.manufacturers[mid] = maker.model_copy(update={"relationships": rels})
    for bid, brand in list(kb.brands.items()):
        rels, changed = settle_rels(brand.relationships)
        if changed:
            kb.brands[bid] = brand.model_copy(update={"relationships": rels})
    for i, (path, mf) in enumerate(kb.model_files):
        rules = [
            r.model_copy(update={"status": "unverified" if d_only(kb, r.sources) else "verified"})
            if r.status is None
            else r
            for r in mf.rules
        ]
        kb.model_files[i] = (path, mf.model_copy(update={"rules": rules}))
