"""The whole demo investigation (examples/demo-campaign, FICTIONAL replies) on both stores."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from custodes.campaign.deadlines import deadlines
from custodes.campaign.demo import run_demo
from custodes.campaign.figures import Figure
from custodes.store import Store
from custodes.store.models import Claim, RequestDocument

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-campaign"
pytestmark = pytest.mark.skipif(not (DEMO / "manifest.json").exists(), reason="no demo data")


def test_demo_campaign_end_to_end(store: Store) -> None:
    manifest = json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))
    states = [b["state"] for b in manifest["bodies"]]
    stats = run_demo(store.url, DEMO)
    again = run_demo(store.url, DEMO)  # a second run changes nothing
    assert again.to_dict() == stats.to_dict()
    counts = {f.key: f.n for f in stats.requests}
    assert counts["asked"] == len(states) == 33
    assert counts["no_reply"] == states.count("waiting_response")
    assert counts["answered"] == 33 - states.count("waiting_response")
    assert counts["state:rejected"] == states.count("rejected")
    assert counts["state:not_held"] == states.count("not_held")
    assert counts["long_overdue"] == states.count("waiting_response")
    late = [
        b for b in manifest["bodies"] if b["response_date"] and
        dt.date.fromisoformat(b["response_date"]) > deadlines(
            dt.date.fromisoformat(b["sent"]), "FOIA").due
    ]  # fmt: skip
    assert counts["answered_late"] == len(late)
    with store.transaction() as session:
        docs = dict(session.execute(select(Claim.id, Claim.document)).all())
        linked = {sha for (sha,) in session.execute(select(RequestDocument.sha256))}
    traced: list[Figure] = stats.manufacturers + stats.packs + stats.refusals
    assert traced and all(f.claims for f in traced)
    for figure in traced:
        assert {docs[c] for c in figure.claims} == set(figure.documents) <= linked
    assert all(f.m == counts["answered_equipment"] for f in stats.manufacturers)
