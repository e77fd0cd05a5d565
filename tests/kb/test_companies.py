"""Manufacturers, brands, their relationships and the price table: consistency of the data.

These tests read the company files on their own (plus the core sources), so that a broken
file elsewhere in the KB does not hide a mistake here; the full KB is checked by the
example tests.
"""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
import yaml

from custodes.errors import KBError
from custodes.kb.groups import group_of
from custodes.kb.loader import DATA_DIR, VOCAB_DIR, KBData, read_kb, read_vocab
from custodes.kb.schema import Brand, Manufacturer

COMPANY_FILES = [
    "sources/core.yaml",
    "sources/companies.yaml",
    "manufacturers/core.yaml",
    "brands/hikvision-group.yaml",
    "brands/dahua-group.yaml",
    "brands/others.yaml",
    "prices.yaml",
]

REQUIRED_MANUFACTURERS = """
    hikvision dahua uniview tiandy huawei zte hytera ezviz hikmicro hikrobot huacheng megvii
    sensetime iflytek yitu cloudwalk netposa meiya-pico dji axis bosch hanwha avigilon
    motorola-solutions pelco panasonic i-pro sony mobotix vivotek genetec milestone iqinvision
    flir reolink lorex swann amcrest annke lts honeywell d-link tp-link ubiquiti foscam xiongmai
    trendnet verkada eagle-eye skywatch cetc
""".split()

REQUIRED_BRANDS = """
    hilook hiwatch ezviz hikmicro hiksemi prama imou lorex amcrest annke lts swann
    honeywell-performance intelbras uniarch
""".split()

RESTRICTED = ["hikvision", "dahua", "huawei", "zte", "hytera"]

# IEEE spellings taken from the full registry (kb-facts section 5) but not in the bundled
# surveillance extract, which lists Huawei and ZTE by count only.
IEEE_OUTSIDE_EXTRACT = {
    "HUAWEI TECHNOLOGIES CO.,LTD",
    "Huawei Technologies Co., Ltd.",
    "Huawei Device Co., Ltd.",
    "zte corporation",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KBData:
    data = tmp_path_factory.mktemp("companies")
    for name in COMPANY_FILES:
        target = data / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA_DIR / name, target)
    return read_kb(data, VOCAB_DIR)


def _entities(kb: KBData) -> list[tuple[str, Manufacturer | Brand]]:
    return [("manufacturer", m) for m in kb.manufacturers.values()] + [
        ("brand", b) for b in kb.brands.values()
    ]


def _names(entity: Manufacturer | Brand) -> list[str]:
    """Every string the resolver indexes for an entity (see resolve/aliases.py)."""
    legal = entity.legal_names if isinstance(entity, Manufacturer) else []
    return [entity.id, entity.name, *legal, *entity.aliases]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def test_ids_are_lower_case_and_unique() -> None:
    # Read the raw files: the loaded KB is a dict and could not show a duplicate.
    for kind, pattern in (("manufacturers", "manufacturers/*.yaml"), ("brands", "brands/*.yaml")):
        ids = [
            entry["id"]
            for path in sorted(DATA_DIR.glob(pattern))
            for entry in yaml.safe_load(path.read_text(encoding="utf-8"))[kind]
        ]
        assert all(i == i.lower() for i in ids), f"{kind}: ids must be lower case"
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        assert not duplicates, f"{kind}: duplicate ids {duplicates}"


def test_required_manufacturers_and_brands_exist(kb: KBData) -> None:
    assert not set(REQUIRED_MANUFACTURERS) - set(kb.manufacturers)
    assert not set(REQUIRED_BRANDS) - set(kb.brands)


def test_no_name_points_to_two_companies(kb: KBData) -> None:
    """A brand may share a name with the company of the same id (EZVIZ, Lorex) and nothing else."""
    owners: dict[str, set[str]] = defaultdict(set)
    for _, entity in _entities(kb):
        for name in _names(entity):
            owners[_fold(name)].add(entity.id)
    clashes = {name: sorted(ids) for name, ids in owners.items() if len(ids) > 1}
    assert not clashes, f"names claimed by more than one company: {clashes}"


def test_every_alias_is_listed_once(kb: KBData) -> None:
    seen: dict[str, str] = {}
    for kind, entity in _entities(kb):
        for alias in entity.aliases:
            key = _fold(alias)
            assert alias == alias.strip(), f"{kind} {entity.id}: alias {alias!r} has stray spaces"
            assert key not in seen, f"alias {alias!r} listed by {seen[key]} and {kind} {entity.id}"
            seen[key] = f"{kind} {entity.id}"


def test_aliases_are_written_lower_case(kb: KBData) -> None:
    for kind, entity in _entities(kb):
        for alias in entity.aliases:
            assert alias == alias.lower(), f"{kind} {entity.id}: write alias {alias!r} in lower case"


def test_relationship_dates_are_ordered(kb: KBData) -> None:
    for kind, entity in _entities(kb):
        for rel in entity.relationships:
            if rel.start and rel.end:
                assert (
                    rel.start <= rel.end
                ), f"{kind} {entity.id}: {rel.kind} {rel.party} ends before it starts"


def test_no_company_is_its_own_relation(kb: KBData) -> None:
    for maker in kb.manufacturers.values():
        assert all(rel.party != maker.id for rel in maker.relationships), maker.id


@pytest.mark.parametrize("company", RESTRICTED)
def test_restricted_companies_are_chinese_and_well_sourced(kb: KBData, company: str) -> None:
    maker = kb.manufacturers[company]
    assert maker.country == "CN"
    grades = {kb.sources[s].grade for s in maker.sources}
    assert grades & {"A", "B"}, f"{company} rests only on {sorted(grades)} sources"


def test_ieee_names_are_registry_spellings(kb: KBData) -> None:
    with (DATA_DIR / "oui.csv").open(encoding="utf-8", newline="") as handle:
        registry = {row["organization"] for row in csv.DictReader(handle)}
    claimed: dict[str, str] = {}
    for maker in kb.manufacturers.values():
        for name in maker.ieee_names:
            assert (
                name in registry or name in IEEE_OUTSIDE_EXTRACT
            ), f"{maker.id}: {name!r} not in the registry"
            assert name not in claimed, f"{name!r} claimed by {claimed[name]} and {maker.id}"
            claimed[name] = maker.id
    unmapped = registry - set(claimed)
    assert not unmapped, f"registry organisations with no manufacturer: {sorted(unmapped)}"


def _makers(brand: Brand) -> set[str]:
    return {
        r.party
        for r in brand.relationships
        if r.status == "verified" and r.kind in ("own-brand", "oem-supplier")
    }


def test_brands_map_to_the_makers_the_evidence_supports(kb: KBData) -> None:
    assert _makers(kb.brands["hilook"]) == {"hikvision"}
    assert _makers(kb.brands["hiwatch"]) == {"hikvision"}
    assert _makers(kb.brands["ezviz"]) == {"ezviz"}
    assert _makers(kb.brands["imou"]) == {"huacheng"}
    assert _makers(kb.brands["lorex"]) == {"dahua"}


@pytest.mark.parametrize(
    "brand", ["amcrest", "annke", "lts", "swann", "honeywell-performance", "intelbras", "uniarch"]
)
def test_relabel_leads_never_attribute_to_a_restricted_maker(kb: KBData, brand: str) -> None:
    # These claims rest on integrator blogs and community code: they may be shown as leads,
    # never used to say the device was made by Hikvision, Dahua or Uniview.
    for rel in kb.brands[brand].relationships:
        if rel.party in {"hikvision", "dahua", "uniview"}:
            assert (
                rel.status == "unverified"
            ), f"{brand}: {rel.kind} {rel.party} needs better than C/D evidence"


def test_lorex_ownership_is_dated(kb: KBData) -> None:
    spans = {
        (r.kind, r.party): (r.start, r.end)
        for r in kb.brands["lorex"].relationships
        if r.status == "verified"
    }
    start, end = spans[("owned-by", "dahua")]
    assert (start.isoformat() if start else None, end.isoformat() if end else None) == (
        "2018-02-06",
        "2022-11-24",
    )
    skywatch_start, _ = spans[("owned-by", "skywatch")]
    assert skywatch_start == end


def test_prices_are_sane_and_cover_the_main_device_types(kb: KBData) -> None:
    types = set(read_vocab("device_types.txt"))
    for price in kb.prices:
        assert price.device_type in types, price.device_type
        assert 0 < price.low <= price.high, price
        assert len(price.basis) > 40, f"{price.device_type}: say how the range was built"
    gbp = {p.device_type for p in kb.prices if p.currency == "GBP"}
    assert {"camera", "ptz-camera", "nvr", "dvr"} <= gbp
    pairs = [(p.device_type, p.currency) for p in kb.prices]
    assert len(pairs) == len(set(pairs)), "one range per device type and currency"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _tiny_kb(root: Path, status: str, grade: str) -> Path:
    _write(
        root / "sources" / "s.yaml",
        "sources:\n" f"  - {{id: blog, url: 'https://example.org/post', title: A post, grade: {grade}}}\n",
    )
    _write(
        root / "manufacturers" / "m.yaml",
        "manufacturers:\n"
        "  - {id: bigco, name: BigCo, sources: [blog]}\n"
        "  - id: smallco\n"
        "    name: SmallCo\n"
        "    sources: [blog]\n"
        "    relationships:\n"
        f"      - {{kind: subsidiary, party: bigco, status: {status}, sources: [blog]}}\n",
    )
    _write(
        root / "brands" / "b.yaml",
        "brands:\n"
        "  - id: cheapcam\n"
        "    name: CheapCam\n"
        "    relationships:\n"
        f"      - {{kind: oem-supplier, party: bigco, status: {status}, sources: [blog]}}\n",
    )
    return root


def test_loader_rejects_a_verified_relationship_on_d_sources_alone(tmp_path: Path) -> None:
    with pytest.raises(KBError, match="D-grade source alone"):
        read_kb(_tiny_kb(tmp_path, "verified", "D"), VOCAB_DIR)


@pytest.mark.parametrize(("status", "grade"), [("unverified", "D"), ("verified", "C")])
def test_loader_accepts_a_lead_or_better_evidence(tmp_path: Path, status: str, grade: str) -> None:
    kb = read_kb(_tiny_kb(tmp_path, status, grade), VOCAB_DIR)
    assert kb.brands["cheapcam"].relationships[0].status == status


def test_loader_names_the_file_and_entry_of_a_bad_relationship(tmp_path: Path) -> None:
    root = _tiny_kb(tmp_path, "verified", "A")
    _write(
        root / "brands" / "b.yaml",
        "brands:\n  - id: cheapcam\n    name: CheapCam\n    relationships:\n"
        "      - {kind: relabels, party: bigco, sources: [blog]}\n",
    )
    with pytest.raises(KBError) as caught:
        read_kb(root, VOCAB_DIR)
    message = str(caught.value)
    assert "b.yaml" in message and "cheapcam" in message and "kind" in message


@pytest.mark.parametrize(
    ("company", "brand", "as_of", "member", "expected"),
    [
        ("ezviz", "ezviz", date(2024, 1, 1), "hikvision", True),
        ("hikvision", None, date(2024, 1, 1), "cetc", True),
        ("huacheng", "imou", date(2024, 1, 1), "dahua", True),
        ("huacheng", "imou", date(2026, 1, 1), "dahua", False),
        ("lorex", "lorex", date(2020, 6, 1), "dahua", True),
        ("lorex", "lorex", date(2023, 6, 1), "dahua", False),
        ("lorex", "lorex", date(2023, 6, 1), "skywatch", True),
        ("avigilon", None, date(2017, 6, 1), "motorola-solutions", False),
        ("avigilon", None, date(2019, 6, 1), "motorola-solutions", True),
        ("hikmicro", "hikmicro", date(2024, 1, 1), "hikvision", True),
        ("amcrest", "amcrest", date(2024, 1, 1), "dahua", False),
    ],
)
def test_corporate_groups_follow_dated_verified_links(
    kb: KBData, company: str, brand: str | None, as_of: date, member: str, expected: bool
) -> None:
    # What rule packs see: "Hikvision and any subsidiary" reaches EZVIZ; ownership counts
    # only inside its dates; unverified leads (HIKMICRO, Amcrest) never pull a company in.
    assert (member in group_of(kb, company, as_of, brand)) is expected
