"""Four short answers of the kinds that made wrong figures (issue 7), run through the real
extractor, attach and statistics: each must give the right figures, and the right deadline.

The answers are written here, in our own words, for the patterns: a capability that is "not
enabled"; a total and its split by maker; a maker in one sentence and its count in the next;
a letter and its spreadsheet stating the same devices.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from custodes.campaign.letters import default_template
from custodes.campaign.requests import mark_sent, new_campaign, request_status
from custodes.campaign.responses import attach
from custodes.campaign.review import list_claims
from custodes.campaign.stats import compute_stats
from custodes.store import Store

SENT = dt.date(2026, 11, 9)  # a Monday; St Andrew's Day (Mon 30 Nov) falls inside the 20 days
RECEIVED = dt.date(2026, 11, 20)
HEAD = "Dear requester,\n\nThank you for your request about CCTV.\n\nResponse:\n"
NOT_ENABLED = HEAD + (
    "1. The council operates 40 Dahua cameras.\n"
    "2. The control-room recorders can perform facial recognition; it is not enabled.\n"
)
TOTAL_AND_SPLIT = HEAD + "1. In total 120 cameras: Hikvision 100; Axis 20.\n"
MAKER_THEN_COUNT = HEAD + "1. Our public-space cameras are made by Bosch. We have 60 cameras.\n"
LETTER = HEAD + "1. We operate 45 Hikvision cameras. The attached spreadsheet lists them by site.\n"
REGISTER = (
    "Site,Manufacturer,Model,Quantity\n"
    "Town Hall,Hikvision,DS-2CD2143G0-I,30\n"
    "Depot,Hikvision,DS-2CD2143G0-I,15\n"
)


def _stats(store: Store, tmp_path: Path, files: dict[str, str]) -> Any:
    new_campaign(store, "short", ["Camden"], default_template())
    mark_sent(store, "short", SENT)
    paths = []
    for name, text in files.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(text, encoding="utf-8")
    attach(store, "short", "Camden", paths, RECEIVED, "successful")
    return compute_stats(store, "short", dt.date(2026, 12, 1), prices="kb", basis="all")


def _keys(stats: Any, section: str) -> dict[str, Any]:
    return {f.key.split(":", 1)[1]: f for f in getattr(stats, section)}


def test_the_deadline_skips_st_andrews_day(store: Store) -> None:
    new_campaign(store, "d", ["Camden"], default_template())
    [sent] = mark_sent(store, "d", SENT)
    assert sent.regime == "FOIA" and sent.due == dt.date(2026, 12, 8)
    assert [s.due for s in request_status(store, "d", dt.date(2026, 12, 1))] == [dt.date(2026, 12, 8)]


def test_not_enabled_is_not_enabled(store: Store, tmp_path: Path) -> None:
    stats = _stats(store, tmp_path, {"reply.txt": NOT_ENABLED})
    capabilities = _keys(stats, "capabilities")
    assert capabilities["face-recognition:capable"].n == 1
    assert "face-recognition:enabled" not in capabilities
    assert "face-recognition:in_use" not in capabilities
    devices = _keys(stats, "spend")
    assert set(devices) == {"all", "dahua"}  # the capability sentence is no kit of unnamed make
    assert devices["all"].extra["devices_stated"] == 40
    assert {f.key for f in stats.manufacturers} == {"manufacturer:dahua"}


def test_a_total_and_its_split_count_once(store: Store, tmp_path: Path) -> None:
    stats = _stats(store, tmp_path, {"reply.txt": TOTAL_AND_SPLIT})
    devices = {k: f.extra["devices_stated"] for k, f in _keys(stats, "spend").items()}
    assert devices == {"all": 120, "hikvision": 100, "axis": 20}
    spend = _keys(stats, "spend")
    # the Hikvision part is priced as cameras (its total says what they are); Axis has no finding
    assert spend["hikvision"].extra["devices_priced"] == 100
    assert spend["axis"].extra["devices_with_findings"] == 0


def test_a_maker_then_its_count_with_the_real_extractor(store: Store, tmp_path: Path) -> None:
    stats = _stats(store, tmp_path, {"reply.txt": MAKER_THEN_COUNT})
    devices = {k: f.extra["devices_stated"] for k, f in _keys(stats, "spend").items()}
    assert devices == {"all": 60, "bosch": 60}


def test_a_maker_then_its_count_as_the_extractor_joins_it(store: Store, tmp_path: Path) -> None:
    """Given the claim the extractor is specified to make (one claim, both sentences), the
    statistics count 60 Bosch cameras and nothing of unnamed make."""

    def joined(path: Path) -> list[dict[str, Any]]:
        quote = "Our public-space cameras are made by Bosch. We have 60 cameras."
        return [{"file": path.name, "location": {"line": 5}, "quote": quote, "status": "owned",
                 "manufacturer": "bosch", "quantity": 60, "device_type": "camera",
                 "confidence": 0.8}]  # fmt: skip

    new_campaign(store, "short", ["Camden"], default_template())
    mark_sent(store, "short", SENT)
    answer = tmp_path / "reply.txt"
    answer.write_text(MAKER_THEN_COUNT, encoding="utf-8")
    attach(store, "short", "Camden", [answer], RECEIVED, "successful", extract=joined)
    stats = compute_stats(store, "short", dt.date(2026, 12, 1), basis="all")
    devices = {k: f.extra["devices_stated"] for k, f in _keys(stats, "spend").items()}
    assert devices == {"all": 60, "bosch": 60}


def test_a_letter_and_its_spreadsheet_count_once(store: Store, tmp_path: Path) -> None:
    stats = _stats(store, tmp_path, {"reply.txt": LETTER, "register.csv": REGISTER})
    hik = _keys(stats, "spend")["hikvision"]
    assert hik.extra["devices_stated"] == 45  # not 90
    assert len(hik.documents) == 2  # both sources are kept behind the figure
    assert _keys(stats, "spend")["all"].extra["devices_stated"] == 45


def test_the_duplicate_is_recorded_on_the_claim(store: Store, tmp_path: Path) -> None:
    _stats(store, tmp_path, {"reply.txt": LETTER, "register.csv": REGISTER})
    rows = list_claims(store, "short")
    by_key = {r.claim["key"]: r for r in rows}
    twins = [r for r in rows if r.claim["duplicate_of"]]
    assert twins and sum(r.claim["quantity"] for r in twins) == 45  # one side of the pair
    for row in twins:
        kept = by_key[row.claim["duplicate_of"]]
        assert row.notes == [f"duplicate of {kept.id}"]
        assert row.claim["manufacturer"] == kept.claim["manufacturer"] == "hikvision"
        assert row.claim["document"] != kept.claim["document"]
