"""Model grammars of every vendor but the Hikvision group: shape collisions, ids, examples.

Several vendors share short prefixes (Dahua, HiLook and Uniarch all sell "IPC-" cameras;
Dahua and VIVOTEK both use "SD"; D-Link and Arista both use "DCS-"). These properties
pin the collisions down so that a new rule cannot quietly take another vendor's models.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.kb.loader import DATA_DIR, KBData, read_kb
from custodes.kb.schema import ModelFile
from custodes.resolve.grammar import GrammarIndex
from custodes.resolve.normalize import clean, model_tokens, whole

MODELS = DATA_DIR / "models"
SOURCES = DATA_DIR / "sources" / "models-others.yaml"
OWNED = (
    "dahua amcrest avigilon axis bosch d-link foscam hanwha huawei lorex panasonic "
    "mobotix pelco reolink sony swann tp-link ubiquiti uniview vivotek"
).split()
RESTRICTED_OWNED = ("dahua", "uniview", "huawei")


@cache
def _kb() -> KBData:
    return read_kb()


@cache
def _index() -> GrammarIndex:
    return GrammarIndex(_kb())


def _files() -> dict[str, ModelFile]:
    return {path.stem: mf for path, mf in _kb().model_files if path.stem in OWNED}


def _claimant(token: str) -> str | None:
    """The vendor of the rule that claims a model token, or None."""
    found = _index().match_token(token)
    return None if found is None else found.rule.vendor


def _patterns(vendor: str) -> list[re.Pattern[str]]:
    return [re.compile(rule.pattern) for rule in _files()[vendor].rules]


# -- shape collisions (property tests) ------------------------------------------------------

HILOOK_IPC = st.from_regex(r"IPC-[BDT][0-9]{3}H[0-9A-Z]{0,3}(-[0-9A-Z]{1,4}){0,3}", fullmatch=True)
DAHUA_IPC = st.from_regex(r"IPC-H(FW|DW|DBW|DPW)[1-8][0-9]{3}[A-Z]{0,3}(-[A-Z0-9]{1,4}){0,3}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(HILOOK_IPC)
def test_dahua_patterns_never_match_hilook_ipc_models(token: str) -> None:
    assert not any(p.match(token) for p in _patterns("dahua")), token
    assert _claimant(token) != "dahua", token


@settings(max_examples=300, deadline=None)
@given(DAHUA_IPC)
def test_dahua_form_factor_models_are_claimed_by_dahua_alone(token: str) -> None:
    assert _claimant(token) == "dahua", token
    assert _claimant("DH-" + token) == "dahua", token


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"IPC-[A-Z][0-9A-Z]{2,6}(-[0-9A-Z]{1,5}){0,2}", fullmatch=True))
def test_uniview_rules_leave_dashed_ipc_models_to_hilook_and_uniarch(token: str) -> None:
    assert not any(p.match(token) for p in _patterns("uniview")), token


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"SD9[0-9]{3}-EHL", fullmatch=True))
def test_vivotek_speed_domes_are_not_taken_for_dahua(token: str) -> None:
    assert _claimant(token) == "vivotek", token


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"SD([0-9]{5}|[0-9][A-Z]{1,2}[0-9]{3})[A-Z]{0,2}-[A-Z]{2,4}", fullmatch=True))
def test_dahua_speed_domes_are_not_taken_for_vivotek(token: str) -> None:
    assert _claimant(token) == "dahua", token


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"DCS-7[0-9]{3}[A-Z0-9]{0,4}", fullmatch=True))
def test_arista_switches_are_not_taken_for_d_link_cameras(token: str) -> None:
    assert _claimant(token) != "d-link", token


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[EPWFG][0-9]{3}[A-Z]?", fullmatch=True))
def test_reolink_three_digit_codes_are_not_taken_for_axis(token: str) -> None:
    assert _claimant(token) != "axis", token


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[MPQ][0-9]{4}(-[A-Z]{1,4})?", fullmatch=True))
def test_axis_four_digit_models_are_not_taken_for_reolink(token: str) -> None:
    assert _claimant(token) != "reolink", token


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[ED][0-9]{3}[A-Z]{2}", fullmatch=True))
def test_lorex_style_camera_codes_are_not_taken_for_reolink(token: str) -> None:
    assert _claimant(token) != "reolink", token


@pytest.mark.parametrize("codec", ["G711", "G722", "G723", "G726", "G728", "G729"])
def test_audio_codec_names_are_not_taken_for_reolink(codec: str) -> None:
    assert _claimant(codec) is None


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[MX][0-9]{4}-([0-9]{2}|Z[0-9]{2})(-[A-Z]{1,4})?", fullmatch=True))
def test_huawei_sdc_models_are_not_taken_for_axis(token: str) -> None:
    assert _claimant(token) == "huawei", token


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[MPQ][0-9]{4}(-[A-Z]{1,4}){0,2}", fullmatch=True))
def test_axis_models_are_not_taken_for_huawei(token: str) -> None:
    assert _claimant(token) != "huawei", token


@pytest.mark.parametrize(
    ("token", "vendor"),
    [
        ("IPC2124LB-SF28-A", "uniview"),
        ("NVR301-04S3-P4", "uniview"),
        ("NVR516-128", "uniview"),
        ("NVR5216-16P-I", "dahua"),
        ("NVR4108HS-4KS2", "dahua"),
        ("NVR608H-32-XI", "dahua"),
        ("D841A82", "lorex"),
        ("D800", "reolink"),
        ("SDT-5A404-C2F", "dahua"),
    ],
)
def test_shared_prefixes_go_to_the_right_vendor(token: str, vendor: str) -> None:
    assert _claimant(token) == vendor


# -- ids, examples, sources -------------------------------------------------------------------


def test_every_owned_vendor_file_is_loaded() -> None:
    assert set(_files()) == set(OWNED)


def test_rule_ids_are_unique_and_named_for_their_vendor() -> None:
    seen: dict[str, str] = {}
    for vendor, model_file in _files().items():
        for rule in model_file.rules:
            assert rule.id.startswith(f"{vendor}-"), rule.id
            assert rule.id not in seen, f"{rule.id} in {vendor} and {seen.get(rule.id)}"
            seen[rule.id] = vendor
        for tech in model_file.technologies:
            assert tech.id.startswith(f"{vendor}-"), tech.id


def _strip_brand(token: str, prefixes: dict[str, str]) -> str:
    for prefix in sorted(prefixes, key=len, reverse=True):
        if token.startswith(prefix) and len(token) > len(prefix) + 1:
            return token[len(prefix) :]
    return token


def test_every_example_has_a_token_with_one_of_its_rules_prefixes() -> None:
    for model_file in _files().values():
        for rule in model_file.rules:
            assert 2 <= len(rule.examples) <= 5, f"{rule.id}: wants 2-5 examples"
            for example in rule.examples:
                if rule.exact:
                    assert whole(clean(example.input)) in rule.prefixes, (rule.id, example.input)
                    continue
                tokens = [
                    _strip_brand(t, model_file.brand_prefixes) for t in model_tokens(clean(example.input))
                ]
                assert any(t.startswith(tuple(rule.prefixes)) for t in tokens), (
                    rule.id,
                    example.input,
                )


def test_exact_rule_patterns_accept_all_their_keys() -> None:
    for model_file in _files().values():
        for rule in model_file.rules:
            if rule.exact:
                for key in rule.prefixes:
                    assert re.match(rule.pattern, key), (rule.id, key)


def test_every_source_in_the_sources_file_is_cited_and_ids_are_namespaced() -> None:
    declared = [s["id"] for s in yaml.safe_load(SOURCES.read_text(encoding="utf-8"))["sources"]]
    assert all(sid.startswith("mg-") for sid in declared)
    cited: set[str] = set()
    for model_file in _files().values():
        for rule in model_file.rules:
            cited.update(rule.sources)
            cited.update(s for cap in rule.capabilities for s in cap.sources)
        for tech in model_file.technologies:
            cited.update(tech.sources)
            cited.update(s for cap in tech.capabilities for s in cap.sources)
    assert set(declared) - cited == set(), "sources declared but never cited"


def test_restricted_vendors_have_grammar_files() -> None:
    for vendor in RESTRICTED_OWNED:
        model_file = _files()[vendor]
        assert model_file.rules or model_file.technologies, vendor


def test_the_four_reported_dahua_models_are_ethnicity_capable_with_a_source() -> None:
    for raw in (
        "DH-IPC-HF8249F-FD",
        "DH-IPC-MFW8449-ZHM-D47-LI-0832",
        "DH-CP835-AU1F-LZF2070",
        "DH-SDT-5A404-C2F",
    ):
        found = _index().match_token(raw)
        assert found is not None and found.rule.vendor == "dahua", raw
        caps = {c.name: c for c in found.rule.capabilities}
        claim = caps["ethnicity-categorisation"]
        assert claim.level == "capable" and claim.sources, raw


def test_grammar_files_are_plain_yaml_mappings() -> None:
    for vendor in OWNED:
        data = yaml.safe_load(Path(MODELS / f"{vendor}.yaml").read_text(encoding="utf-8"))
        assert isinstance(data, dict) and data["vendor"] == vendor
