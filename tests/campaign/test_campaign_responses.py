"""Attaching answers: stored once by sha256, linked per request, all-or-nothing, reviewable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from sqlalchemy import func, select

from custodes.blobs import read_blob
from custodes.campaign.letters import default_template
from custodes.campaign.requests import events_for, mark_sent, new_campaign
from custodes.campaign.responses import attach
from custodes.campaign.review import review
from custodes.errors import StoreError
from custodes.store import Store
from custodes.store.models import Claim, ClaimReview, Document, Finding, RequestDocument

Extract = Callable[[Path], list[dict[str, object]]]
Audit = Callable[[Mapping[str, object]], list[dict[str, object]]]
SENT = dt.date(2026, 9, 1)
RECEIVED = dt.date(2026, 9, 20)


@pytest.fixture
def sent(store: Store) -> str:
    new_campaign(store, "cctv", ["Camden", "Hackney", "Islington"], default_template())
    mark_sent(store, "cctv", SENT, ["Camden", "Hackney"])
    return "cctv"


def _answer(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _count(store: Store, model: type) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_attach_stores_claims_with_provenance(
    store: Store, sent: str, tmp_path: Path, extractor: Extract, auditor: Audit
) -> None:
    doc = _answer(tmp_path, "reply.txt", "owned|hikvision|DS-2CD2143G0-I|47|camera\n"
                  "refused||||||s.31\n")  # fmt: skip
    result = attach(store, sent, "Camden", [doc], RECEIVED, extract=extractor, audit=auditor)
    assert (result.claims, result.findings, result.state) == (2, 1, "awaiting_description")
    with store.transaction() as session:
        claims = list(session.scalars(select(Claim).order_by(Claim.id)))
        assert [c.status for c in claims] == ["owned", "refused"]
        assert claims[0].location == {"line": 1} and claims[0].quantity == 47
        assert claims[1].refusal_sections == ["s.31"]
        stored = session.get(Document, claims[0].document)
        assert stored is not None and stored.size == doc.stat().st_size
    assert read_blob(store.blobdir, result.documents[0]) == doc.read_bytes()
    assert [e.kind for e in events_for(store, sent, "Camden")][-1] == "response"


def test_same_document_twice_is_stored_once_and_linked_twice(
    store: Store, sent: str, tmp_path: Path, extractor: Extract
) -> None:
    doc = _answer(tmp_path, "shared.txt", "owned|dahua|NVR4216|2|nvr\n")
    copy = _answer(tmp_path, "copy-of-shared.txt", "owned|dahua|NVR4216|2|nvr\n")
    attach(store, sent, "Camden", [doc], RECEIVED, extract=extractor)
    again = attach(store, sent, "Camden", [copy], RECEIVED, extract=extractor)
    assert again.already_attached == ["copy-of-shared.txt"] and again.documents == []
    other = attach(store, sent, "Hackney", [doc], RECEIVED, extract=extractor)
    assert other.claims == 0 and len(other.documents) == 1  # claims are shared
    assert (_count(store, Document), _count(store, RequestDocument), _count(store, Claim)) == (
        1, 2, 1,
    )  # fmt: skip


def test_a_bug_mid_attach_leaves_nothing(store: Store, sent: str, tmp_path: Path, extractor: Extract) -> None:
    good = _answer(tmp_path, "good.txt", "owned|axis|P3245|5|camera\n")
    bad = _answer(tmp_path, "bad.txt", "owned|axis|P3245|five|camera\n")
    with pytest.raises(ValueError):  # not a bad file but a bug: nothing may be half-written
        attach(store, sent, "Camden", [good, bad], RECEIVED, extract=extractor)
    assert (_count(store, Document), _count(store, RequestDocument), _count(store, Claim)) == (
        0, 0, 0,
    )  # fmt: skip
    assert [e.kind for e in events_for(store, sent, "Camden")] == ["created", "sent"]


def test_an_unreadable_file_is_named_and_the_others_are_attached(
    store: Store, sent: str, tmp_path: Path, extractor: Extract
) -> None:
    good = _answer(tmp_path, "good.txt", "owned|axis|P3245|5|camera\n")
    wrong = _answer(tmp_path, "wrong.txt", "bought|axis\n")
    missing = tmp_path / "missing.pdf"
    result = attach(store, sent, "Camden", [wrong, good, missing], RECEIVED, extract=extractor)
    assert [name for name, _ in result.failed] == [str(wrong), str(missing)]
    assert "claim status" in result.failed[0][1] and "'bought'" in result.failed[0][1]
    assert result.failed[1][1] == "no such file"
    assert (len(result.documents), result.claims) == (1, 1)
    assert (_count(store, Document), _count(store, RequestDocument), _count(store, Claim)) == (
        1, 1, 1,
    )  # fmt: skip
    # the unread file was not recorded as received, so once mended it can be attached
    wrong.write_text("owned|axis|P3245|2|camera\n", encoding="utf-8")
    again = attach(store, sent, "Camden", [wrong], RECEIVED, extract=extractor)
    assert (again.failed, len(again.documents), again.claims) == ([], 1, 1)


def test_attach_refuses_what_makes_no_sense(
    store: Store, sent: str, tmp_path: Path, extractor: Extract
) -> None:
    doc = _answer(tmp_path, "a.txt", "not_held\n")
    with pytest.raises(StoreError, match="has not been sent"):
        attach(store, sent, "Islington", [doc], RECEIVED, extract=extractor)
    with pytest.raises(StoreError, match="in the future"):
        attach(store, sent, "Camden", [doc], dt.date.today() + dt.timedelta(days=2))
    with pytest.raises(StoreError, match="before it was sent"):
        attach(store, sent, "Camden", [doc], SENT - dt.timedelta(days=1), extract=extractor)
    with pytest.raises(StoreError, match="unknown body 'Camdn"):
        attach(store, sent, "Camdn Council", [doc], RECEIVED, extract=extractor)


def test_reviews_sit_beside_the_machine_claim(
    store: Store, sent: str, tmp_path: Path, extractor: Extract, auditor: Audit
) -> None:
    doc = _answer(tmp_path, "r.txt", "owned|hikvision|DS-2CD|47|camera\n")
    attach(store, sent, "Camden", [doc], RECEIVED, extract=extractor, audit=auditor)
    with store.transaction() as session:
        claim_id = session.scalars(select(Claim.id)).one()
    fixed = review(
        store, claim_id, "correct", "J. Reviewer", {"manufacturer": "uniview"},
        "label says Uniview", audit=auditor,
    )  # fmt: skip
    assert fixed.effective["manufacturer"] == "uniview"
    with store.transaction() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None and claim.manufacturer == "hikvision"  # never overwritten
        assert session.scalar(select(func.count()).select_from(ClaimReview)) == 1
        assert session.scalar(select(func.count()).select_from(Finding)) == 0  # re-audited
    with pytest.raises(StoreError, match="cannot correct quote"):
        review(store, claim_id, "correct", "J. Reviewer", {"quote": "x"})
    with pytest.raises(StoreError, match="decision 'maybe'"):
        review(store, claim_id, "maybe", "J. Reviewer")
    with pytest.raises(StoreError, match="no claim with id 999"):
        review(store, 999, "confirm", "J. Reviewer")
    with pytest.raises(StoreError, match="needs at least one corrected field"):
        review(store, claim_id, "correct", "J. Reviewer")
