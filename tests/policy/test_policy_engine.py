"""The engine on the shipped packs: who fires, from when, and what the finding says."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest

from custodes.policy import EXAMPLES_DIR, DeviceFacts, Finding, Pack, evaluate, load_pack

MakeDevice = Callable[..., DeviceFacts]
TODAY = date(2026, 1, 15)


def _fired(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.pack, f.rule) for f in findings}


def _packs_fired(findings: list[Finding]) -> set[str]:
    return {f.pack for f in findings}


def test_hikvision_fires_every_us_list_today(packs: tuple[Pack, ...], make_device: MakeDevice) -> None:
    findings = evaluate(make_device("hikvision", country="CN"), packs, TODAY)
    assert {"us-ndaa-889", "us-fcc-covered-list", "us-entity-list", "us-ns-cmic"} <= (_packs_fired(findings))
    assert ("us-fcc-covered-list", "equipment-authorization-ban") in _fired(findings)
    assert all(f.status == "in_force" for f in findings)
    assert not any(f.via_affiliate for f in findings)


def test_ndaa_does_not_fire_before_2019_08_13(packs: tuple[Pack, ...], make_device: MakeDevice) -> None:
    hikvision = make_device("hikvision")
    assert "us-ndaa-889" not in _packs_fired(evaluate(hikvision, packs, date(2019, 8, 12)))
    on_the_day = _fired(evaluate(hikvision, packs, date(2019, 8, 13)))
    assert ("us-ndaa-889", "procurement-hytera-hikvision-dahua") in on_the_day
    assert ("us-ndaa-889", "use-hytera-hikvision-dahua") not in on_the_day


def test_fcc_authorization_ban_not_before_2023_02_06(
    packs: tuple[Pack, ...], make_device: MakeDevice
) -> None:
    hikvision = make_device("hikvision")
    before = _fired(evaluate(hikvision, packs, date(2023, 2, 5)))
    assert ("us-fcc-covered-list", "covered-list") in before
    assert ("us-fcc-covered-list", "equipment-authorization-ban") not in before
    after = _fired(evaluate(hikvision, packs, date(2023, 2, 6)))
    assert ("us-fcc-covered-list", "equipment-authorization-ban") in after
    assert ("us-fcc-covered-list", "prior-authorizations-limited") not in after


def test_upcoming_rules_are_reported_only_on_request(
    packs: tuple[Pack, ...], make_device: MakeDevice
) -> None:
    hikvision = make_device("hikvision")
    findings = evaluate(hikvision, packs, date(2025, 6, 1), include_upcoming=True)
    upcoming = {f.rule for f in findings if f.status == "not_yet_in_force"}
    assert upcoming == {"prior-authorizations-limited"}


def test_subsidiary_fires_as_affiliate(packs: tuple[Pack, ...], make_device: MakeDevice) -> None:
    ezviz = make_device("ezviz", group={"hikvision"}, country="CN")
    findings = evaluate(ezviz, packs, TODAY)
    ndaa = [f for f in findings if f.pack == "us-ndaa-889"]
    assert ndaa
    for finding in ndaa:
        assert finding.via_affiliate
        assert finding.matched_entity == "hikvision"
        assert "subsidiary or affiliate of Hangzhou Hikvision" in finding.why
        assert finding.why.startswith("Ezviz ")


def test_axis_fires_nothing(packs: tuple[Pack, ...], make_device: MakeDevice) -> None:
    axis = make_device("axis", country="SE", capabilities=[("people-counting", "in_use"), ("ptz", "capable")])
    assert evaluate(axis, packs, TODAY) == []


def test_unknown_manufacturer_fires_nothing(packs: tuple[Pack, ...], make_device: MakeDevice) -> None:
    assert evaluate(make_device(None, device_type=None), packs, TODAY) == []


@pytest.mark.parametrize("level", ["capable", "enabled", "in_use"])
def test_ethnicity_categorisation_fires_art5_from_2025_02_02(
    packs: tuple[Pack, ...], make_device: MakeDevice, level: str
) -> None:
    camera = make_device("axis", country="SE", capabilities=[("ethnicity-categorisation", level)])
    assert evaluate(camera, packs, date(2025, 2, 1)) == []
    findings = evaluate(camera, packs, date(2025, 2, 2))
    assert _fired(findings) == {("eu-ai-act-art5", "art5-1-g-biometric-categorisation-race")}
    finding = findings[0]
    assert finding.capability_level == level
    assert f'level "{level}"' in finding.why
    assert finding.url == "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"
    assert finding.grade == "A"


def test_art5_severity_and_text_follow_the_level(packs: tuple[Pack, ...], make_device: MakeDevice) -> None:
    def art5g(level: str) -> Finding:
        camera = make_device("x", capabilities=[("ethnicity-categorisation", level)])
        return evaluate(camera, packs, TODAY)[0]

    assert art5g("capable").severity == "high"
    assert "not in itself a breach" in art5g("capable").why
    assert art5g("in_use").severity == "critical"
    assert "likely breach" in art5g("in_use").why


def test_highest_level_seen_wins(packs: tuple[Pack, ...], make_device: MakeDevice) -> None:
    camera = make_device(
        "x",
        capabilities=[
            ("ethnicity-categorisation", "capable"),
            ("ethnicity-categorisation", "in_use"),
        ],
    )
    (finding,) = evaluate(camera, packs, TODAY)
    assert finding.capability_level == "in_use"


def test_face_recognition_fires_art5h_at_lower_severity(
    packs: tuple[Pack, ...], make_device: MakeDevice
) -> None:
    camera = make_device("axis", country="SE", capabilities=[("face-recognition", "capable")])
    (finding,) = evaluate(camera, packs, TODAY)
    assert finding.rule == "art5-1-h-realtime-remote-biometric-identification"
    assert finding.severity == "low"
    assert "three narrow cases" in finding.why


def test_face_detection_is_not_face_recognition(packs: tuple[Pack, ...], make_device: MakeDevice) -> None:
    camera = make_device("axis", capabilities=[("face-detection", "in_use")])
    assert evaluate(camera, packs, TODAY) == []


def test_uk_class_rule_fires_for_chinese_manufacturer(
    packs: tuple[Pack, ...], make_device: MakeDevice
) -> None:
    uniview = make_device("uniview", country="CN")
    findings = evaluate(uniview, packs, TODAY)
    assert _fired(findings) == {("uk-2022-sensitive-sites", "sensitive-sites-nil-companies")}
    (finding,) = findings
    assert "inference from the country of incorporation" in finding.why
    assert finding.severity == "low"
    assert finding.scope is not None and "Local authorities are under no obligation" in (finding.scope)
    assert evaluate(uniview, packs, date(2022, 11, 23)) == []


def test_uk_class_rule_covers_unknown_type_but_not_other_kit(
    packs: tuple[Pack, ...], make_device: MakeDevice
) -> None:
    unknown = make_device("uniview", country="CN", device_type=None)
    assert evaluate(unknown, packs, TODAY)
    switch = make_device("uniview", country="CN", device_type="network-switch")
    assert evaluate(switch, packs, TODAY) == []


def test_entity_list_dates_per_company(packs: tuple[Pack, ...], make_device: MakeDevice) -> None:
    tiandy = make_device("tiandy", country="CN")
    assert "us-entity-list" not in _packs_fired(evaluate(tiandy, packs, date(2022, 12, 14)))
    assert "us-entity-list" in _packs_fired(evaluate(tiandy, packs, date(2022, 12, 15)))
    cloudwalk = make_device("cloudwalk")
    fired = _fired(evaluate(cloudwalk, packs, TODAY))
    assert ("us-entity-list", "xinjiang-2020-06-05") in fired
    assert ("us-ns-cmic", "biometric-surveillance-2021-12-16") in fired


def test_findings_are_json_serialisable_and_sorted(packs: tuple[Pack, ...], make_device: MakeDevice) -> None:
    findings = evaluate(
        make_device("dahua", country="CN", capabilities=[("ethnicity-categorisation", "in_use")]),
        packs,
        TODAY,
    )
    order = ["critical", "high", "medium", "low", "info"]
    ranks = [order.index(f.severity) for f in findings]
    assert ranks == sorted(ranks)
    payload = json.loads(json.dumps([f.model_dump(mode="json") for f in findings]))
    assert payload[0]["severity"] == "critical"
    assert all(item["url"].startswith("http") and item["grade"] for item in payload)
    assert Finding.model_validate(payload[0]) == findings[0]


def test_example_council_pack(packs: tuple[Pack, ...], make_device: MakeDevice) -> None:
    council = load_pack(EXAMPLES_DIR / "council-procurement-policy.yaml")
    ezviz = make_device("ezviz", group={"hikvision"})
    (ban,) = evaluate(ezviz, [council], TODAY)
    assert ban.rule == "no-new-hikvision-dahua"
    assert ban.via_affiliate and "subsidiary or affiliate of Hikvision" in ban.why
    assert evaluate(ezviz, [council], date(2023, 3, 31)) == []

    axis_fr = make_device("axis", capabilities=[("face-recognition", "enabled")])
    (flag,) = evaluate(axis_fr, [council], TODAY)
    assert flag.rule == "flag-face-recognition" and flag.severity == "medium"
    assert "This camera has face-recognition" in flag.why
    capable = make_device("axis", capabilities=[("face-recognition", "capable")])
    assert evaluate(capable, [council], TODAY)[0].severity == "low"
