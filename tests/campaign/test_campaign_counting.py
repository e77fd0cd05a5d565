"""Counting devices once, and what counts as owned and enabled: the rules behind every figure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.audit.prices import PriceRange
from custodes.audit.run import audit_files
from custodes.audit.summary import summarise
from custodes.campaign.counting import CONTRADICTED, DUPLICATE, REST, TOTAL, count_request
from custodes.campaign.letters import default_template
from custodes.campaign.requests import mark_sent, new_campaign
from custodes.campaign.responses import attach
from custodes.campaign.review import list_claims, review
from custodes.campaign.stats import compute_stats
from custodes.extract.claims import capability_levels
from custodes.policy.facts import stated_capabilities
from custodes.store import Store

SENT = dt.date(2026, 9, 1)


def _claim(key: str, maker: str | None, qty: int | None, quote: str = "q", doc: str = "d1",
           **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"id": len(key), "key": key, "document": doc, "location": {}, "quote": quote,
            "manufacturer": maker, "quantity": qty, "device_type": "camera", **extra}  # fmt: skip


def test_a_total_counts_what_its_parts_leave() -> None:
    items = count_request([
        _claim("t", None, 130, "130 cameras: 100 Hikvision and 20 Axis"),
        _claim("h", "hikvision", 100, "130 cameras: 100 Hikvision and 20 Axis"),
        _claim("a", "axis", 20, "130 cameras: 100 Hikvision and 20 Axis"),
    ])  # fmt: skip
    total = items[0]
    assert (total.role, total.devices, total.makers) == (REST, 10, (None,))
    assert sum(i.devices or 0 for i in items) == 130


def test_a_total_equal_to_its_parts_counts_nothing_itself() -> None:
    items = count_request([_claim("t", None, 120), _claim("h", "hikvision", 100), _claim("a", "axis", 20)])
    assert (items[0].role, items[0].devices) == (TOTAL, 0)
    assert items[0].parts == ["h", "a"]


def test_a_total_smaller_than_its_parts_is_flagged_and_the_parts_count() -> None:
    items = count_request([_claim("t", None, 50), _claim("h", "hikvision", 100)])
    assert (items[0].role, items[0].devices) == (CONTRADICTED, 0)
    assert items[1].devices == 100


def test_the_extractors_links_are_used_across_sentences() -> None:
    items = count_request([
        _claim("t", "hikvision", 300, "We have 300 Hikvision cameras."),
        _claim("p", "hikvision", 40, "Of these, 40 are PTZ.", part_of="t", device_type=None),
    ])  # fmt: skip
    assert (items[0].role, items[0].devices) == (REST, 260)
    assert items[1].device_type == "camera"  # a part takes its total's type


def test_the_same_devices_in_two_documents_count_once() -> None:
    items = count_request([
        _claim("l", "hikvision", 45, "We operate 45 Hikvision cameras", doc="letter"),
        _claim("r1", "hikvision", 30, "Town Hall | Hikvision | 30", doc="sheet"),
        _claim("r2", "hikvision", 15, "Depot | Hikvision | 15", doc="sheet"),
        _claim("n", "hikvision", 4, "4 Hikvision NVRs", doc="letter", device_type="nvr"),
    ])  # fmt: skip
    counted = {i.claim["key"]: (i.role, i.devices) for i in items}
    assert sum(d or 0 for _, d in counted.values()) == 49
    assert counted["n"] == ("counted", 4)  # recorders are another kind of device
    duplicated = [i for i in items if i.role == DUPLICATE]
    assert duplicated and all(i.duplicate_of for i in duplicated)


def test_an_extractor_duplicate_link_is_used() -> None:
    items = count_request(
        [_claim("a", "dahua", 8, doc="x"), _claim("b", "dahua", 8, doc="x", duplicate_of="a")]
    )
    assert [i.devices for i in items] == [8, 0]


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["hikvision", "dahua", None]),
            st.one_of(st.none(), st.integers(0, 500)),
            st.sampled_from(["q1", "q2"]),
            st.sampled_from(["d1", "d2"]),
        ),
        max_size=8,
    )
)
def test_counting_never_adds_devices_nobody_stated(
    rows: list[tuple[str | None, int | None, str, str]],
) -> None:
    claims = [_claim(f"k{i}", m, q, quote, doc) for i, (m, q, quote, doc) in enumerate(rows)]
    items = count_request(claims)
    assert all(i.devices is None or i.devices >= 0 for i in items)
    stated = sum(q or 0 for _, q, _, _ in rows)
    assert sum(i.devices or 0 for i in items) <= stated
    for item in items:  # a claim never counts more than it says
        assert (item.devices or 0) <= (item.claim["quantity"] or 0)


def test_capability_levels_read_denials() -> None:
    not_enabled = [{"name": "fr", "level": "capable"}, {"name": "fr", "level": "enabled", "negated": True}]
    switched_off = [{"name": "fd", "level": "capable"}, {"name": "fd", "level": "capable", "negated": True}]
    testing = [{"name": "fr", "level": "enabled"}, {"name": "fr", "level": "in_use", "negated": True}]
    assert stated_capabilities(not_enabled) == [("fr", "capable")]
    assert stated_capabilities(switched_off) == [("fd", "capable")]
    assert stated_capabilities(testing) == [("fr", "enabled")]
    assert stated_capabilities([{"name": "fr", "level": "in_use", "negated": True}]) == []
    assert capability_levels([{"name": "anpr", "level": "in_use"}]) == {"anpr": (2, 3)}


def _extractor(claims: list[dict[str, Any]]) -> Callable[[Path], list[dict[str, Any]]]:
    def extract(path: Path) -> list[dict[str, Any]]:
        return [
            {"file": path.name, "location": {"line": i}, "confidence": 0.9, **c} for i, c in enumerate(claims)
        ]

    return extract


def _run(store: Store, tmp_path: Path, claims: list[dict[str, Any]]) -> Any:
    new_campaign(store, "t", ["Camden"], default_template())
    mark_sent(store, "t", SENT)
    answer = tmp_path / "answer.txt"
    answer.write_text("an answer\n", encoding="utf-8")
    attach(store, "t", "Camden", [answer], SENT + dt.timedelta(days=5), "successful", _extractor(claims))
    return compute_stats(store, "t", dt.date(2026, 11, 1), basis="all")


def test_removed_planned_reported_and_other_bodies_kit_is_not_owned(store: Store, tmp_path: Path) -> None:
    stats = _run(store, tmp_path, [
        {"quote": "10 Dahua cameras", "status": "owned", "manufacturer": "dahua", "quantity": 10},
        {"quote": "25 Hikvision removed", "status": "owned", "manufacturer": "hikvision", "quantity": 25,
         "period": "historic"},
        {"quote": "new cameras will have face recognition", "status": "owned", "period": "planned",
         "capabilities": [{"name": "face-recognition", "level": "in_use"}]},
        {"quote": "Thurrock has 56 Axis", "status": "owned", "manufacturer": "axis", "quantity": 56,
         "body": "Thurrock Council"},
        {"quote": "a survey says 9 Uniview", "status": "reported", "manufacturer": "uniview", "quantity": 9},
    ])  # fmt: skip
    assert {f.key for f in stats.manufacturers} == {"manufacturer:dahua"}
    assert stats.capabilities == []
    assert {f.key: f.extra["devices_stated"] for f in stats.spend} == {"devices:all": 10, "devices:dahua": 10}


def test_a_denial_anywhere_outweighs_a_claim_elsewhere(store: Store, tmp_path: Path) -> None:
    stats = _run(store, tmp_path, [
        {"quote": "FR is in use", "status": "owned",
         "capabilities": [{"name": "face-recognition", "level": "in_use"}]},
        {"quote": "We do not use FR", "status": "not_owned",
         "capabilities": [{"name": "face-recognition", "level": "in_use", "negated": True}]},
    ])  # fmt: skip
    assert {f.key for f in stats.capabilities} == {
        "capability:face-recognition:capable", "capability:face-recognition:enabled",
    }  # fmt: skip
    assert stats.spend == []  # a capability with no maker is no equipment of unnamed make


def test_audit_and_campaign_find_and_cost_the_same_kit_alike(store: Store, tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "Manufacturer,Model,Type,Quantity\nHikvision,DS-2CD2143G0-I,camera,10\n", encoding="utf-8"
    )
    camera = PriceRange("camera", 100.0, 300.0, "GBP", "test", ("a test",))
    audit = summarise(audit_files([register], as_of=dt.date(2026, 11, 1), prices=[camera]))
    new_campaign(store, "t", ["Camden"], default_template())
    mark_sent(store, "t", SENT)
    attach(store, "t", "Camden", [register], SENT + dt.timedelta(days=5), "successful")
    stats = compute_stats(store, "t", dt.date(2026, 11, 1), prices=[camera], basis="all")
    hik = {f.key: f for f in stats.spend}["devices:hikvision"]
    [cost] = audit.costs
    assert hik.extra["replacement_cost"] == {"GBP": [cost.low, cost.high]} == {"GBP": [1000.0, 3000.0]}
    packs = {f.key.split(":", 1)[1] for f in stats.packs}
    assert packs == {p.pack for p in audit.packs if p.devices}


def test_a_reviewer_can_say_the_kit_is_another_bodys(store: Store, tmp_path: Path) -> None:
    _run(
        store,
        tmp_path,
        [{"quote": "56 Axis cameras", "status": "owned", "manufacturer": "axis", "quantity": 56}],
    )
    [row] = list_claims(store, "t")
    review(store, row.id, "correct", "R", {"body": "Thurrock Council"})
    stats = compute_stats(store, "t", dt.date(2026, 11, 1))
    assert stats.manufacturers == [] and stats.spend == []
    [again] = list_claims(store, "t", reviews=["corrected"])
    assert again.claim["body"] == "Thurrock Council" and again.reviewer == "R"
