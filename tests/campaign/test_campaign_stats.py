"""Statistics: honest denominators, reviewer corrections first, every figure traceable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from sqlalchemy import select

from custodes.audit.prices import PriceRange, read_prices
from custodes.campaign.figures import CampaignStats, Figure
from custodes.campaign.letters import default_template
from custodes.campaign.requests import mark_sent, new_campaign, set_state
from custodes.campaign.responses import attach
from custodes.campaign.review import review
from custodes.campaign.stats import compute_stats
from custodes.errors import InputError, StoreError
from custodes.store import Store
from custodes.store.models import Claim, RequestDocument

Extract = Callable[[Path], list[dict[str, object]]]
Audit = Callable[[Mapping[str, object]], list[dict[str, object]]]
SENT = dt.date(2026, 9, 1)
AS_OF = dt.date(2026, 11, 20)

ANSWERS = {
    "Camden": ("successful", "owned|hikvision|DS-2CD2143G0-I|47|camera|face-recognition:capable\n"
               "owned|dahua|NVR4216|2|nvr\n"),
    "Hackney": ("partially_successful", "owned|hikvision|DS-2DE4425IW|10|ptz-camera\n"
                "owned|axis|P3245||camera|people-counting:in_use\nrefused||||||s.31\n"),
    "Islington": ("successful", "owned|axis|Q6155|12|camera\n"),
    "Lambeth": ("rejected", "refused||||||s.24,s.31\n"),
    "Lewisham": ("not_held", "not_held\n"),
    "Newham": ("successful", "owned|hikvision|DS-7608NI|1|nvr\n"),
    "Sutton": ("successful", "owned|dahua|IPC-HFW2431S|3|camera\n"),
}  # fmt: skip
BODIES = [*ANSWERS, "Merton"]


@pytest.fixture
def stats_store(store: Store, tmp_path: Path, extractor: Extract, auditor: Audit) -> Store:
    new_campaign(store, "ldn", BODIES, default_template())
    mark_sent(store, "ldn", SENT)
    for i, (body, (state, text)) in enumerate(ANSWERS.items()):
        path = tmp_path / f"{body}.txt"
        path.write_text(text, encoding="utf-8")
        received = dt.date(2026, 9, 20) + dt.timedelta(days=i)
        attach(store, "ldn", body, [path], received, state, extract=extractor, audit=auditor)
    with store.transaction() as session:
        by_maker = dict(session.execute(select(Claim.quote, Claim.id)).all())
    newham = by_maker["owned|hikvision|DS-7608NI|1|nvr"]
    sutton = by_maker["owned|dahua|IPC-HFW2431S|3|camera"]
    review(store, newham, "correct", "R", {"manufacturer": "uniview"}, audit=auditor)
    review(store, sutton, "reject", "R", note="the letter quoted a national survey")
    return store


def _figure(stats: CampaignStats, key: str) -> Figure:
    return next(f for f in stats.figures() if f.key == key)


def test_request_figures(stats_store: Store) -> None:
    s = compute_stats(stats_store, "ldn", AS_OF, basis="all")
    counts = {f.key: f.n for f in s.requests}
    assert counts["asked"] == 8
    assert counts["answered"] == 7
    assert counts["answered_equipment"] == 4  # Sutton's only claim was rejected
    assert counts["refused"] == 2 and counts["not_held"] == 1
    assert counts["no_reply"] == 1 and counts["overdue"] == 1 and counts["long_overdue"] == 1
    assert counts["answered_late"] == 0
    assert _figure(s, "no_reply").bodies == ["London Borough of Merton"]
    refusals = {f.key: (f.n, f.bodies) for f in s.refusals}
    assert refusals["refused:s.31"][0] == 2 and refusals["refused:s.24"] == (
        1, ["London Borough of Lambeth"],
    )  # fmt: skip


def test_n_of_m_with_the_denominator_stated(stats_store: Store) -> None:
    s = compute_stats(stats_store, "ldn", AS_OF, basis="all")
    makers = {f.key: f for f in s.manufacturers}
    hik = makers["manufacturer:hikvision"]
    assert (hik.n, hik.m) == (2, 4)  # Newham's claim was corrected to Uniview
    assert hik.text == "2 of 4 bodies own equipment from hikvision"
    assert hik.denominator == (
        "M = 4 bodies that answered the equipment question; excludes "
        "1 answered without equipment figures, 1 no reply, 1 not held, 1 refused"
    )
    assert makers["manufacturer:uniview"].bodies == ["London Borough of Newham"]
    assert makers["manufacturer:dahua"].n == 1  # Sutton's rejected claim does not count
    assert makers["manufacturer:axis"].n == 2
    pack = _figure(s, "pack:us-ndaa-889")
    assert (pack.n, pack.m) == (2, 4)
    assert _figure(s, "capability:face-recognition:capable").n == 1
    assert _figure(s, "capability:people-counting:in_use").n == 1
    assert _figure(s, "capability:people-counting:capable").n == 1  # in use implies capable
    devices = _figure(s, "devices:axis")
    assert devices.extra["devices_stated"] == 12 and devices.extra["claims_without_quantity"] == 1


def test_every_figure_traces_to_claims_and_documents(stats_store: Store) -> None:
    s = compute_stats(stats_store, "ldn", AS_OF, basis="all")
    with stats_store.transaction() as session:
        claim_docs = dict(session.execute(select(Claim.id, Claim.document)).all())
        linked = {sha for (sha,) in session.execute(select(RequestDocument.sha256))}
    for figure in s.manufacturers + s.packs + s.capabilities + s.refusals:
        assert figure.claims, figure.key
        assert {claim_docs[c] for c in figure.claims} == set(figure.documents)
        assert set(figure.documents) <= linked
    hik = _figure(s, "manufacturer:hikvision")
    quotes = {c: q for c, q in _quotes(stats_store).items() if c in hik.claims}
    assert all("hikvision" in q for q in quotes.values())


def _quotes(store: Store) -> dict[int, str]:
    with store.transaction() as session:
        return dict(session.execute(select(Claim.id, Claim.quote)).all())


def test_as_of_an_earlier_date(stats_store: Store) -> None:
    early = compute_stats(stats_store, "ldn", dt.date(2026, 9, 21), basis="all")
    counts = {f.key: f.n for f in early.requests}
    assert counts["asked"] == 8 and counts["answered"] == 2
    assert counts["overdue"] == 0
    before = compute_stats(stats_store, "ldn", dt.date(2026, 8, 1), basis="all")
    assert {f.key: f.n for f in before.requests}["asked"] == 0


def test_cost_is_for_kit_with_findings_priced_by_parent_type(stats_store: Store) -> None:
    camera = PriceRange("camera", 80.0, 250.0, "GBP", "test price", ("a test",))
    s = compute_stats(stats_store, "ldn", AS_OF, prices=[camera], basis="all")
    hik = _figure(s, "devices:hikvision")
    assert hik.extra["devices_stated"] == 57
    # 47 cameras and 10 PTZ cameras, priced as cameras (the parent type); all have findings
    assert hik.extra["devices_with_findings"] == 57
    assert hik.extra["replacement_cost"] == {"GBP": [57 * 80, 57 * 250]}
    assert "replacement cost GBP 4,560-14,250 for 57 priced" in hik.text
    axis = _figure(s, "devices:axis")  # no finding: not priced, whatever the table says
    assert axis.extra["devices_with_findings"] == 0 and axis.extra["replacement_cost"] == {}
    dahua = _figure(s, "devices:dahua")  # an NVR has no price in this table
    assert dahua.extra["devices_with_findings"] == 2 and dahua.extra["devices_priced"] == 0


def test_spend_with_the_kb_prices_and_a_csv(stats_store: Store, tmp_path: Path) -> None:
    kb = _figure(compute_stats(stats_store, "ldn", AS_OF, prices="kb", basis="all"), "devices:hikvision")
    low, high = kb.extra["replacement_cost"]["GBP"]
    assert 0 < low < high and kb.extra["price_sources"]
    table = tmp_path / "prices.csv"
    table.write_text("device_type,low,high\ncamera,100,200\n", encoding="utf-8")
    own = _figure(
        compute_stats(stats_store, "ldn", AS_OF, prices=str(table), basis="all"), "devices:hikvision"
    )
    assert own.extra["replacement_cost"] == {"GBP": [5700.0, 11400.0]}
    assert own.extra["devices_priced"] == 57
    none = _figure(compute_stats(stats_store, "ldn", AS_OF, prices="none", basis="all"), "devices:hikvision")
    assert none.extra["replacement_cost"] is None


def test_a_bad_price_table_names_the_row(tmp_path: Path) -> None:
    table = tmp_path / "prices.csv"
    table.write_text("device_type,low,high\ncamera,300,200\n", encoding="utf-8")
    with pytest.raises(InputError, match="prices.csv.*row 2"):
        read_prices(table)


def test_the_basis_decides_which_reviews_count(stats_store: Store) -> None:
    confirmed = compute_stats(stats_store, "ldn", AS_OF)  # the default: reviewed claims only
    assert confirmed.basis == "confirmed"
    makers = {f.key: f.bodies for f in confirmed.manufacturers}
    assert makers == {"manufacturer:uniview": ["London Borough of Newham"]}  # the one correction
    assert "not counted:" in confirmed.basis_note and "proposed" in confirmed.basis_note
    everything = compute_stats(stats_store, "ldn", AS_OF, basis="all")
    assert "London Borough of Sutton" not in {b for f in everything.figures() for b in f.bodies
                                               if f.key.startswith(("manufacturer", "devices"))}  # fmt: skip
    with pytest.raises(StoreError, match="basis"):
        compute_stats(stats_store, "ldn", AS_OF, basis="everything")


def test_a_reply_after_the_deadline_is_late(store: Store, tmp_path: Path, extractor: Extract) -> None:
    new_campaign(store, "late", ["Camden", "Hackney"], default_template())
    mark_sent(store, "late", SENT)  # due 2026-09-29
    answer = tmp_path / "late.txt"
    answer.write_text("not_held\n", encoding="utf-8")
    attach(store, "late", "Camden", [answer], dt.date(2026, 9, 30), "not_held", extractor)
    set_state(store, "late", "Hackney", "rejected", dt.date(2026, 9, 29))
    late = _figure(compute_stats(store, "late", AS_OF, basis="all"), "answered_late")
    assert late.bodies == ["London Borough of Camden"]
