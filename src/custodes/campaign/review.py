"""Review: list a campaign's claims, and confirm, correct or reject them one by one.

A person's decision is stored beside the machine's claim (never over it), with who made
it and when; the latest decision counts. A correction re-runs the policy audit on the
corrected claim. A campaign's auto-accept setting marks unreviewed claims at or above its
threshold ``auto-accepted``; statistics say which review states they counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select

from custodes.campaign.claims import (
    DECISIONS,
    Auditor,
    auto_accepts,
    auto_threshold,
    check_correction,
    check_finding,
    default_auditor,
    effective,
    from_row,
)
from custodes.campaign.requests import get_campaign, get_request
from custodes.errors import StoreError
from custodes.extract.claims import REVIEW_STATES, STATUSES
from custodes.store import Store
from custodes.store.models import Body, Claim, ClaimReview, Finding, Request, RequestDocument, utcnow


@dataclass(frozen=True)
class ReviewResult:
    claim_id: int
    decision: str
    reviewer: str
    effective: dict[str, Any]


@dataclass(frozen=True)
class ClaimRow:
    """One claim as a reviewer sees it: the machine's reading with the latest decision applied."""

    id: int
    body: str
    review: str
    reviewer: str | None
    claim: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    """What a reviewer should know: period, another body, links to a total or a duplicate
    (by claim id), flags."""


def claim_dict(claim: Claim) -> dict[str, Any]:
    """A stored claim under the model's field names."""
    return from_row({c.key: getattr(claim, c.key) for c in Claim.__table__.columns})


def review(
    store: Store,
    claim_id: int,
    decision: str,
    reviewer: str,
    corrected: Mapping[str, Any] | None = None,
    note: str | None = None,
    audit: Auditor | None = None,
) -> ReviewResult:
    """Record a person's confirm/correct/reject beside the machine claim (never over it)."""
    if decision not in DECISIONS:
        raise StoreError(f"decision {decision!r} is not one of {', '.join(DECISIONS)}")
    if not reviewer.strip():
        raise StoreError("a review needs the reviewer's name")
    if decision == "correct" and not corrected:
        raise StoreError("a correction needs at least one corrected field")
    if decision != "correct" and corrected:
        raise StoreError(f"{decision!r} takes no corrected fields; use 'correct'")
    audit = audit or default_auditor()
    with store.transaction() as session:
        claim = session.get(Claim, claim_id, with_for_update=True)
        if claim is None:
            raise StoreError(f"no claim with id {claim_id}")
        machine = claim_dict(claim)
        fixed = check_correction(machine, corrected or {})
        session.add(
            ClaimReview(
                claim_id=claim_id,
                reviewer=reviewer,
                decision=decision,
                corrected=fixed,
                note=note,
                reviewed_at=utcnow(),
            )
        )
        view = effective(machine, decision, fixed)
        if decision == "correct":
            session.execute(delete(Finding).where(Finding.claim_id == claim_id))
            if view["status"] == "owned":
                session.add_all(Finding(claim_id=claim_id, **check_finding(f)) for f in audit(view))
        return ReviewResult(claim_id=claim_id, decision=decision, reviewer=reviewer, effective=view)


def list_claims(
    store: Store,
    campaign_name: str,
    body_name: str | None = None,
    statuses: Sequence[str] = (),
    reviews: Sequence[str] = (),
) -> list[ClaimRow]:
    """A campaign's claims (one body's, with ``body_name``), filtered by status and review
    state, in document order; the latest decision is applied."""
    for value, allowed, what in [(s, STATUSES, "status") for s in statuses] + [
        (r, REVIEW_STATES, "review state") for r in reviews
    ]:
        if value not in allowed:
            raise StoreError(f"{what} {value!r} is not one of {', '.join(allowed)}")
    with store.transaction() as session:
        campaign = get_campaign(session, campaign_name)
        query = (
            select(Claim, Body.name)
            .join(RequestDocument, RequestDocument.sha256 == Claim.document)
            .join(Request, Request.id == RequestDocument.request_id)
            .join(Body, Body.id == Request.body_id)
            .where(Request.campaign_id == campaign.id)
            .order_by(Body.name, Claim.id)
        )
        if body_name:
            req, _ = get_request(session, campaign, body_name)
            query = query.where(Request.id == req.id)
        rows = session.execute(query).all()
        auto = auto_accepts(campaign)
        latest: dict[int, ClaimReview] = {}
        ids = [c.id for c, _ in rows]
        for chunk in range(0, len(ids), 500):
            for r in session.scalars(
                select(ClaimReview)
                .where(ClaimReview.claim_id.in_(ids[chunk : chunk + 500]))
                .order_by(ClaimReview.reviewed_at, ClaimReview.id)
            ):
                latest[r.claim_id] = r
    out = []
    for claim, body in rows:
        decision = latest.get(claim.id)
        view = effective(
            claim_dict(claim),
            decision.decision if decision else None,
            decision.corrected if decision else None,
            auto,
        )
        if statuses and view["status"] not in statuses:
            continue
        if reviews and view["review"] not in reviews:
            continue
        out.append(ClaimRow(claim.id, body, view["review"], decision.reviewer if decision else None, view))
    row_of = {claim.key: claim.id for claim, _ in rows if claim.key}
    for row in out:
        row.notes.extend(_notes(row.claim, row_of))
    return out


def _notes(claim: dict[str, Any], ids: dict[str, int]) -> list[str]:
    notes = []
    if claim.get("period") not in (None, "current"):
        notes.append(str(claim["period"]))
    if claim.get("body"):
        notes.append(f"about {claim['body']}")
    for field_name, words in (("part_of", "part of"), ("duplicate_of", "duplicate of")):
        if claim.get(field_name):
            target = ids.get(claim[field_name])
            notes.append(f"{words} {target if target is not None else claim[field_name]}")
    notes.extend(str(f) for f in claim.get("flags") or [])
    return notes


def set_auto_accept(store: Store, campaign_name: str, on: bool, threshold: float | None = None) -> float:
    """Turn a campaign's auto-accept on or off; returns the threshold in force.

    Nothing stored is rewritten: whether an unreviewed claim counts as auto-accepted is
    decided when it is read, from the campaign's setting, so the same document in two
    campaigns is judged by each campaign's own rule.
    """
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise StoreError(f"threshold {threshold} is not between 0 and 1")
    with store.transaction() as session:
        campaign = get_campaign(session, campaign_name)
        campaign.auto_accept = on
        campaign.auto_accept_threshold = threshold
        return auto_threshold(campaign)
