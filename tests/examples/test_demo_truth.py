"""Every headline figure `custodes campaign demo` publishes equals the demo's fictional truth.

The truth is what each FICTIONAL reply means (``manifest.json``, written by
``examples/demo-campaign/estates.py``), counted here by hand-written arithmetic on that truth,
not on anything custodes extracted; the demo's statistics must agree with it figure by figure.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from custodes.campaign.demo import run_demo
from custodes.campaign.figures import CampaignStats

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-campaign"
LEVELS = ("capable", "enabled", "in_use")
pytestmark = pytest.mark.skipif(not (DEMO / "manifest.json").exists(), reason="no demo data")


def _bodies() -> list[dict[str, Any]]:
    manifest: dict[str, Any] = json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))
    return list(manifest["bodies"])


@pytest.fixture(scope="module")
def stats(tmp_path_factory: pytest.TempPathFactory) -> CampaignStats:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    return run_demo(db, DEMO)


def _by_key(stats: CampaignStats) -> dict[str, Any]:
    return {f.key: f for f in stats.figures()}


def test_the_bodies_answering_the_equipment_question(stats: CampaignStats) -> None:
    answered = [b for b in _bodies() if b["truth"]["owned"] or b["truth"]["not_owned"]]
    figures = _by_key(stats)
    assert figures["answered_equipment"].n == len(answered) == 25
    assert sorted(figures["answered_equipment"].bodies) == sorted(b["name"] for b in answered)


def test_bodies_per_maker(stats: CampaignStats) -> None:
    truth: dict[str, set[str]] = defaultdict(set)
    for body in _bodies():
        for own in body["truth"]["owned"]:
            truth[own["manufacturer"]].add(body["name"])
    published = {f.key.split(":", 1)[1]: set(f.bodies) for f in stats.manufacturers}
    assert published == truth  # and no "(unresolved)" figure: every device has a named maker


def test_devices_per_maker_counted_once(stats: CampaignStats) -> None:
    truth: dict[str, int] = defaultdict(int)
    for body in _bodies():
        for own in body["truth"]["owned"]:
            truth[own["manufacturer"]] += own["quantity"]
    published = {f.key.split(":", 1)[1]: f.extra["devices_stated"] for f in stats.spend}
    assert published.pop("all") == sum(truth.values())
    assert published == truth


def test_capabilities_by_level(stats: CampaignStats) -> None:
    truth: dict[str, set[str]] = defaultdict(set)
    for body in _bodies():
        for cap in body["truth"]["capabilities"]:
            for level in LEVELS[: LEVELS.index(cap["level"]) + 1]:
                truth[f"{cap['capability']}:{level}"].add(body["name"])
    published = {f.key.split(":", 1)[1]: set(f.bodies) for f in stats.capabilities}
    assert published == truth
    assert "face-recognition:enabled" in published  # one body enabled it; the rest deny it
    assert len(published["face-recognition:enabled"]) == 1


def test_refusals_not_held_and_silence(stats: CampaignStats) -> None:
    bodies = _bodies()
    figures = _by_key(stats)
    refused = {b["name"] for b in bodies if b["truth"]["refusal_sections"]}
    assert set(figures["refused"].bodies) == refused
    assert set(figures["not_held"].bodies) == {b["name"] for b in bodies if b["truth"]["not_held"]}
    assert set(figures["no_reply"].bodies) == {b["name"] for b in bodies if b["truth"].get("no_reply")}


def test_cost_is_for_the_kit_with_findings(stats: CampaignStats) -> None:
    spend = {f.key.split(":", 1)[1]: f.extra for f in stats.spend}
    for maker in ("hikvision", "dahua"):  # named in the sanctions and procurement packs
        assert spend[maker]["devices_with_findings"] == spend[maker]["devices_stated"]
        assert spend[maker]["devices_priced"] == spend[maker]["devices_stated"]
        assert spend[maker]["replacement_cost"]["GBP"][0] > 0
    for maker in ("axis", "bosch"):
        assert spend[maker]["devices_with_findings"] == 0
        assert spend[maker]["replacement_cost"] == {}


def test_every_figure_states_its_basis(stats: CampaignStats) -> None:
    assert stats.basis == "all"
    assert "not for publication" in stats.basis_note
    assert all(f.extra["basis"] == "all" for f in stats.figures())


def test_bodies_with_kit_named_by_ndaa_section_889(stats: CampaignStats) -> None:
    # s.889(f)(3)(A) names Hikvision and Dahua: the bodies owning either, each once
    named = {"hikvision", "dahua"}
    truth = {b["name"] for b in _bodies() if named & {o["manufacturer"] for o in b["truth"]["owned"]}}
    [pack] = [f for f in stats.packs if f.key == "pack:us-ndaa-889"]
    assert set(pack.bodies) == truth and pack.n == len(truth) == 17
