"""The shipped packs: they load, and every pack and rule cites a graded source."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from custodes.policy import EXAMPLES_DIR, PACKS_DIR, DeviceFacts, Pack, Rule, evaluate, load_pack

SHIPPED = {
    "us-ndaa-889",
    "us-fcc-covered-list",
    "us-entity-list",
    "us-ns-cmic",
    "uk-2022-sensitive-sites",
    "eu-ai-act-art5",
}
VOCAB = Path(__file__).parents[2] / "src" / "custodes" / "kb" / "vocab"


def _vocab(name: str) -> set[str]:
    return {line.strip() for line in (VOCAB / name).read_text().splitlines() if line.strip()}


def test_exactly_the_shipped_packs_load(packs: tuple[Pack, ...]) -> None:
    assert {pack.id for pack in packs} == SHIPPED


@pytest.mark.parametrize("path", sorted(PACKS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_pack_file_is_named_for_its_id(path: Path) -> None:
    assert load_pack(path).id == path.stem


def test_every_rule_has_a_graded_source_url(packs: tuple[Pack, ...]) -> None:
    for pack in packs + (load_pack(EXAMPLES_DIR / "council-procurement-policy.yaml"),):
        assert pack.sources, pack.id
        for rule in pack.rules:
            sources = pack.rule_sources(rule)
            assert sources, f"{pack.id}/{rule.id}"
            for source in sources:
                assert source.url.startswith(("http://", "https://"))
                assert source.grade in {"A", "B", "C", "D"}


def test_every_source_is_used_by_a_rule(packs: tuple[Pack, ...]) -> None:
    for pack in packs:
        used = {ref for rule in pack.rules for ref in rule.sources}
        assert used == {source.id for source in pack.sources}, pack.id


def test_rule_ids_are_unique_across_packs(packs: tuple[Pack, ...]) -> None:
    keys = [(pack.id, rule.id) for pack in packs for rule in pack.rules]
    assert len(keys) == len(set(keys))


def test_capabilities_and_device_types_are_in_the_kb_vocabulary(packs: tuple[Pack, ...]) -> None:
    capabilities, device_types = _vocab("capabilities.txt"), _vocab("device_types.txt")
    for pack in packs:
        for rule in pack.rules:
            assert {want.id for want in rule.match.capabilities} <= capabilities, rule.id
            assert set(rule.match.device_types) <= device_types, rule.id


def test_every_matched_entity_has_a_listed_name(packs: tuple[Pack, ...]) -> None:
    for pack in packs:
        for rule in pack.rules:
            for entity in rule.match.entities:
                assert entity in pack.entities, f"{pack.id}/{rule.id}: {entity}"


@pytest.mark.parametrize(
    ("pack_id", "rule_id", "effective"),
    [
        ("us-ndaa-889", "procurement-hytera-hikvision-dahua", "2019-08-13"),
        ("us-ndaa-889", "use-hytera-hikvision-dahua", "2020-08-13"),
        ("us-ndaa-889", "grants-hytera-hikvision-dahua", "2020-08-13"),
        ("us-fcc-covered-list", "covered-list", "2021-03-12"),
        ("us-fcc-covered-list", "equipment-authorization-ban", "2023-02-06"),
        ("us-fcc-covered-list", "prior-authorizations-limited", "2025-12-26"),
        ("us-entity-list", "xinjiang-2019-10-09", "2019-10-09"),
        ("us-entity-list", "xinjiang-2020-06-05", "2020-06-05"),
        ("us-entity-list", "tiandy-2022-12-15", "2022-12-15"),
        ("us-ns-cmic", "eo-14032-annex", "2021-08-02"),
        ("us-ns-cmic", "sensetime-2021-12-10", "2021-12-10"),
        ("us-ns-cmic", "biometric-surveillance-2021-12-16", "2021-12-16"),
        ("uk-2022-sensitive-sites", "sensitive-sites-nil-companies", "2022-11-24"),
        ("eu-ai-act-art5", "art5-1-g-biometric-categorisation-race", "2025-02-02"),
    ],
)
def test_effective_dates_match_the_fact_sheet(
    packs: tuple[Pack, ...], pack_id: str, rule_id: str, effective: str
) -> None:
    pack = next(p for p in packs if p.id == pack_id)
    rule = next(r for r in pack.rules if r.id == rule_id)
    assert rule.effective.isoformat() == effective


def test_eu_pack_cites_eurlex(packs: tuple[Pack, ...]) -> None:
    pack = next(p for p in packs if p.id == "eu-ai-act-art5")
    urls = {source.url: source.grade for source in pack.sources}
    assert urls["https://eur-lex.europa.eu/eli/reg/2024/1689/oj"] == "A"


def test_pack_files_are_plain_yaml_mappings() -> None:
    for path in sorted(PACKS_DIR.glob("*.yaml")):
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict)


def _device_for(rule: Rule) -> DeviceFacts:
    """The simplest device the rule's own criteria describe (its built-in example)."""
    match = rule.match
    maker = match.entities[0] if match.entities else "some-maker"
    return DeviceFacts(
        manufacturer=maker,
        group=frozenset({maker}),
        country=match.countries[0] if match.countries else None,
        device_type=match.device_types[0] if match.device_types else "camera",
        capabilities=tuple((want.id, "in_use") for want in match.capabilities),
    )


def test_every_rule_fires_on_its_own_example_with_a_readable_why(packs: tuple[Pack, ...]) -> None:
    for pack in packs + (load_pack(EXAMPLES_DIR / "council-procurement-policy.yaml"),):
        for rule in pack.rules:
            findings = evaluate(_device_for(rule), [pack], rule.effective)
            finding = next(f for f in findings if f.rule == rule.id)
            assert "{" not in finding.why and "}" not in finding.why, rule.id
            assert "unknown" not in finding.why and " none" not in finding.why, rule.id
            assert finding.why.endswith((".", '."')), rule.id
            assert finding.url and finding.grade
