"""With no extractor injected, attach uses part 2's ``custodes.extract.extract_claims``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from custodes.campaign.claims import default_extractor
from custodes.campaign.letters import default_template
from custodes.campaign.requests import mark_sent, new_campaign
from custodes.campaign.responses import attach
from custodes.extract.claims import STATUSES
from custodes.store import Store
from custodes.store.models import Claim

LETTER = """Dear Requester,

Freedom of Information request: CCTV

Q1. The council operates 47 Hikvision cameras and 2 Dahua NVRs.
Q2. We do not use facial recognition.
"""


def test_attach_with_the_real_extractor(store: Store, tmp_path: Path) -> None:
    extract = default_extractor()
    assert extract is not None
    answer = tmp_path / "answer.txt"
    answer.write_text(LETTER, encoding="utf-8")
    expected = extract(answer)
    new_campaign(store, "cctv", ["Camden"], default_template())
    mark_sent(store, "cctv", dt.date(2026, 9, 1))
    result = attach(store, "cctv", "Camden", [answer], dt.date(2026, 9, 10))
    assert result.claims == len(expected)
    assert result.findings >= 1  # Hikvision: part 1's rule packs (NDAA s.889 and others)
    with store.transaction() as session:
        claims = list(session.scalars(select(Claim)))
    assert all(c.quote and c.status in STATUSES and c.location for c in claims)
    assert {c.document for c in claims} <= set(result.documents)
