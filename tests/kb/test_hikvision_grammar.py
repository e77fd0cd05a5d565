"""The Hikvision-group grammar claims Hikvision codes and never another vendor's.

Property tests build model numbers in other vendors' shapes (Dahua, Uniview, Uniarch,
Axis, Reolink, Swann, the non-camera "DS-" codes of Epson, Brother, Cisco and Brocade, and
the EKI-/PCI-/IK-/ISD- codes of Advantech, PCI cards, Toshiba and voice chips) and check
that no pattern in ``models/hikvision.yaml`` matches them, and that the resolver does not
attribute them to Hikvision.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.kb import load_kb
from custodes.kb.loader import DATA_DIR, load_yaml
from custodes.kb.schema import ModelFile, ModelRule
from custodes.resolve import default_resolver

GRAMMAR = DATA_DIR / "models" / "hikvision.yaml"
MODEL_FILE = load_yaml(GRAMMAR, ModelFile)
RULES: list[ModelRule] = list(MODEL_FILE.rules)
PATTERNS = [(rule.id, re.compile(rule.pattern)) for rule in RULES]

#: Other vendors' model shapes, as regexes (upper case, as the resolver sees tokens).
FOREIGN_SHAPES = {
    "dahua-ipc": r"(DH-)?IPC-H(FW|DW|DBW|DPW|UM)[1-9]\d{3}[A-Z]{0,3}(-[A-Z0-9]{1,5}){0,3}",
    "dahua-ipc-other": r"(DH-)?IPC-(EB|PFW|PDBW|MFW)[1-9]\d{3}[A-Z]{0,2}(-[A-Z0-9]{1,5}){0,2}",
    "dahua-hac": r"(DH-)?HAC-H(FW|DW|DBW)\d{4}[A-Z]{0,2}(-[A-Z0-9]{1,4}){0,2}",
    "dahua-sd": r"(DH-)?SD\d{1,2}[A-Z]?\d{3,4}[A-Z]{0,3}-[A-Z]{2,4}",
    "dahua-nvr": r"(DH-)?NVR[245]\d{3}[A-Z]{0,3}(-[A-Z0-9]{1,4}){0,2}",
    "dahua-xvr": r"(DH-)?XVR[157]\d{3}[A-Z]{0,3}(-[A-Z0-9]{1,4}){0,2}",
    "dahua-tpc": r"(DH-)?TPC-(BF|SD|PT)\d{4}(-[A-Z0-9]{1,4}){0,2}",
    "uniview-ipc": r"IPC[23]\d{2,3}[A-Z]{1,3}-[A-Z]{1,3}\d{2}[A-Z]?(-[A-Z0-9]{1,3})?",
    "uniarch-ipc": r"IPC-[BDT]\d{3}-[A-Z]{1,4}\d{0,2}[A-Z]?",
    "axis": r"(AXIS )?[MPQ]\d{4}(-[A-Z]{1,3})?",
    "reolink-rlc": r"RLC-\d{3}[A-Z]?",
    "reolink-rln": r"RLN\d{1,2}-\d{3}",
    "swann": r"(NVR|DVR)\d{0,2}-\d{4}",
    "epson-scanner": r"DS-(\d{3,5}(N|W|WN)?|C[34]\d{2})",
    "brother-scanner": r"DS-\d{3}D?W?",
    "cisco-mds": (
        r"DS-(C9\d{3}[A-Z]?(-[A-Z0-9]{1,4}){0,2}|X9\d{3}(-[A-Z0-9]{1,4})?|SFP-FC\d{1,2}G-[A-Z]{2})"
    ),
    "brocade": r"DS-\d{3,4}B",
    "synology": r"DS\d{3,4}\+?",
    # Shapes that share the prefixes of Hikvision's codes without DS-.
    "advantech-eki-switch": r"EKI-\d{4}[A-Z]{0,2}(-[A-Z0-9]{1,4})?",
    "pci-expansion-card": r"PCI-\d{4}[A-Z]{0,3}(-[A-Z0-9]{1,3})?",
    "toshiba-ik-camera": r"IK-W[BDR]\d{2}A",
    "isd-voice-chip": r"ISD-?\d{4}[A-Z]?",
    "jvc-tk-camera": r"TK-C\d{3,4}[A-Z]{0,2}",
}


def _foreign() -> st.SearchStrategy[str]:
    return st.one_of(*(st.from_regex(rx, fullmatch=True) for rx in FOREIGN_SHAPES.values()))


def test_rule_ids_are_unique_and_namespaced() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)), "duplicate rule ids"
    assert all(i.startswith("hikvision-") for i in ids)
    tech_ids = [tech.id for tech in MODEL_FILE.technologies]
    assert all(i.startswith("hikvision-") for i in tech_ids)


def test_every_rule_is_sourced_and_has_two_to_five_examples() -> None:
    for rule in RULES:
        assert rule.sources, rule.id
        assert 2 <= len(rule.examples) <= 5, f"{rule.id}: {len(rule.examples)} examples"


def test_rules_resting_on_community_data_alone_are_unverified() -> None:
    kb = load_kb()
    for rule in RULES:
        grades = {kb.sources[s].grade for s in rule.sources}
        if grades <= {"D"}:
            assert rule.status == "unverified", f"{rule.id} rests on D sources only"


def test_every_prefix_is_a_literal_prefix_of_what_the_pattern_accepts() -> None:
    """A prefix that its own pattern can never start with would make the rule dead."""
    for rule in RULES:
        for example in rule.examples:
            model = example.expect.get("model")
            if isinstance(model, str):
                assert any(model.startswith(p) for p in rule.prefixes), (rule.id, model)


@settings(max_examples=300, deadline=None)
@given(_foreign())
def test_no_pattern_matches_other_vendor_shapes(model: str) -> None:
    claimed = [rid for rid, rx in PATTERNS if rx.match(model)]
    assert not claimed, f"{model!r} matched {claimed}"


@settings(max_examples=200, deadline=None)
@given(_foreign())
def test_resolver_never_gives_other_vendor_shapes_to_hikvision(model: str) -> None:
    record = default_resolver().resolve(model)
    assert record.manufacturer != "hikvision", f"{model!r} resolved to hikvision"


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"DS-2CD[1-3][0-9A-Z]{3,5}G[0-3]-[A-Z]{1,5}", fullmatch=True),
    st.sampled_from(["", " (2.8MM)", "(C)", " #AU", "/SRB", " dome"]),
)
def test_any_ds_2cd_code_with_noise_is_a_hikvision_camera(code: str, noise: str) -> None:
    record = default_resolver().resolve(code + noise)
    assert record.manufacturer == "hikvision"
    assert record.device.device_type == "camera"
    assert record.device.family in {"Value Series", "Pro Series (EasyIP)", "Ultra Series (SmartIP)"}


@pytest.mark.parametrize(
    "text",
    [
        "IPC-HFW2431S-S-S2",
        "Dahua 4MP bullet IPC-HFW2431T-AS-S2 (2.8mm)",
        "IPC-HDBW2431E-S-S2",
        "Uniarch IPC-B122-PF28",
        "Uniview IPC2124LB-SF28-A",
        "Reolink RLC-510A",
        "AXIS P3245-LVE",
        "Epson WorkForce DS-530 II scanner",
        "Epson DS-C490",
        "Brother DS-940DW",
        "Cisco MDS DS-C9148S-K9",
        "Synology DS920+",
        "Swann NVR-8580",
        "Advantech EKI-2525 unmanaged switch",
        "NI PCI-6221 DAQ card",
        "Advantech PCI-1710HG",
        "Toshiba IK-WB16A",
        "ISD1820 voice module",
    ],
)
def test_other_vendors_products_are_not_hikvision(text: str) -> None:
    assert default_resolver().resolve(text).manufacturer != "hikvision"


def test_ethnicity_rule_wins_over_the_general_deepinview_rule() -> None:
    record = default_resolver().resolve("DS-2CD7A2XYZ-JM/RX").to_dict()
    assert record["evidence"][0]["rule"] == "hikvision-ds-2cd7a2-ethnicity-analytics"
    names = {c["name"] for c in record["capabilities"]}
    assert {"ethnicity-categorisation", "face-detection", "demographic-attributes"} <= names
    other = default_resolver().resolve("DS-2CD7A26G0-IZS").to_dict()
    assert "ethnicity-categorisation" not in {c["name"] for c in other["capabilities"]}


@settings(max_examples=150, deadline=None)
@given(
    st.from_regex(r"HM-TD\d{2}[0-9A-Z]{1,2}-\d{1,3}/G[01]/T\d[A-Z]?", fullmatch=True),
    st.sampled_from(["", "(B)", " thermal", " #EU"]),
)
def test_hikmicro_codes_are_thermal_and_made_by_hikmicro(code: str, noise: str) -> None:
    """HIKMICRO HM-TD codes: made by `hikmicro`, reported under its group, Hikvision."""
    device = default_resolver().resolve(code + noise).device
    assert device.manufacturer == "hikvision"
    assert device.brand == "hikmicro"
    assert device.device_type == "thermal-camera"
    assert "thermal" in {c.name for c in device.capabilities}


def test_hilook_thc_is_an_analog_camera_not_a_thermal_camera() -> None:
    device = default_resolver().resolve("HiLook THC-B140-M").device
    assert device.device_type == "camera"
    assert "thermal" not in {c.name for c in device.capabilities}


def test_a_shared_ipc_shape_gives_way_to_the_maker_the_text_names() -> None:
    assert default_resolver().resolve("IPC-B140H").manufacturer == "hikvision"
    named = default_resolver().resolve("Uniview IPC-B140H").to_dict()
    assert named["manufacturer"] == "uniview"
    # the HiLook shape stays visible as a lead
    assert any(e["rule"] == "hikvision-hilook-ipc" for e in named["evidence"])


def test_no_source_points_at_the_evaluation_sets_own_project() -> None:
    """The resolver benchmark is drawn from one community firmware index; a rule learned from
    that index would be scored on its own source, so the KB must not cite it."""
    kb = load_kb()
    cited = [s.id for s in kb.sources.values() if "github.com/joeyge0/" in s.url.lower()]
    assert not cited


@pytest.mark.parametrize(
    ("text", "rule", "device_type"),
    [
        ("DS-E04HGHI-XD 4ch", "hikvision-ds-e-dvr", "dvr"),
        ("DS-E04NI-Q1/4P", "hikvision-ds-e-nvr", "nvr"),
        ("iDS-E08HQHI-B", "hikvision-ds-generic", None),
    ],
)
def test_ds_e_recorders_and_the_unsourced_ids_e_variant(
    text: str, rule: str, device_type: str | None
) -> None:
    """iDS-E has no source of its own, so only the generic DS- rule may claim it."""
    record = default_resolver().resolve(text)
    assert record.manufacturer == "hikvision"
    assert record.to_dict()["evidence"][0]["rule"] == rule
    assert record.device.device_type == device_type
