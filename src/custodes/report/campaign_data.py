"""The one adapter between the campaign store and everything that shows a campaign.

The HTML, Markdown and XLSX reports, the exports and the web app read a campaign only
through :func:`campaign_view`: the true statistics (``compute_stats``), one row per body
whose outcome is taken from those statistics' own figures (so a table can never disagree
with a headline), and every claim with its quote, document and latest review. Review
states and the statistics' basis are read here and nowhere else, so when the campaign
code gains them this is the only module to re-point.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select

from custodes.campaign.claims import effective
from custodes.campaign.data_access import load_rows
from custodes.campaign.figures import CampaignStats, Figure
from custodes.campaign.requests import get_campaign, request_status, today
from custodes.campaign.stats import BASIS_WORDS, DEFAULT_BASIS, compute_stats
from custodes.store import Store
from custodes.store.models import Body, Claim, ClaimReview, Document, Request, RequestDocument

RESTRICTED_MIN_SEVERITY = "medium"
"""A device counts towards a body's restricted share when a rule pack finding of at least
this severity applies to it (severities: info < low < medium < high < critical)."""
SEVERITIES = ("info", "low", "medium", "high", "critical")
SHOWN_STATUSES = ("owned", "not_owned", "refused", "not_held")
"""Claims a report lists; ``mentioned`` (the question quoted back, a name in passing) is
kept in the store and the full exports but is not evidence of anything."""
OUTCOMES = ("answered", "answered without equipment figures", "refused", "not held", "no reply")
REVIEW_STATE = {None: "proposed", "confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
WDTK_BODY = "https://www.whatdotheyknow.com/body/"


def review_state(decision: str | None) -> str:
    """The review state (``kb/vocab/review_states.txt``) of a claim's latest decision."""
    return REVIEW_STATE.get(decision, decision or "proposed")


@dataclass
class ClaimRow:
    id: int
    request_id: int
    body: str
    status: str
    manufacturer: str | None
    brand_text: str | None
    model: str | None
    quantity: int | None
    device_type: str | None
    capabilities: list[dict[str, Any]]
    refusal_sections: list[str]
    quote: str
    file: str
    document: str
    location: dict[str, Any]
    review: str
    reviewer: str | None = None
    reviewed_at: dt.datetime | None = None
    note: str | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    decision: str | None = None
    corrected: dict[str, Any] | None = None
    quantity_text: str | None = None
    confidence: float | None = None
    machine: dict[str, Any] | None = None
    """What the extractor said for each field a reviewer corrected."""

    @property
    def restricted(self) -> bool:
        floor = SEVERITIES.index(RESTRICTED_MIN_SEVERITY)
        return any(
            SEVERITIES.index(f["severity"]) >= floor for f in self.findings if f["severity"] in SEVERITIES
        )


@dataclass
class BodyRow:
    key: str
    name: str
    short_name: str | None
    gss_code: str | None
    region: str | None
    nation: str | None
    request_id: int
    state: str
    outcome: str
    sent_at: dt.date | None
    due: dt.date | None
    overdue: bool
    wdtk_id: str | None
    wdtk_url: str | None
    predecessors: tuple[str, ...] = ()
    makers: list[str] = field(default_factory=list)
    devices: int = 0
    restricted_devices: int = 0
    refusal_sections: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    claims: list[int] = field(default_factory=list)

    @property
    def restricted_share(self) -> float | None:
        """Share of stated devices under a restriction; None when no device was counted."""
        return self.restricted_devices / self.devices if self.devices else None


@dataclass
class DocumentRow:
    sha256: str
    file_name: str
    media_type: str
    size: int
    blob_path: str
    received_on: dt.date | None


@dataclass
class CampaignView:
    name: str
    title: str
    requester: str
    period: tuple[dt.date, dt.date]
    as_of: dt.date
    stats: CampaignStats
    basis: str
    bodies: list[BodyRow]
    claims: dict[int, ClaimRow]
    documents: dict[str, DocumentRow]

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.stats.figures() if f.key == key), None)

    def shown_claims(self) -> list[ClaimRow]:
        return [c for c in self.claims.values() if c.status in SHOWN_STATUSES and c.review != "rejected"]

    def review_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for claim in self.shown_claims():
            counts[claim.review] += 1
        return dict(counts)


def _outcomes(stats: CampaignStats) -> dict[int, str]:
    """Each request's outcome from the statistics' own figures (first match wins)."""
    order = [("answered_equipment", "answered"), ("refused", "refused"), ("not_held", "not held"),
             ("no_reply", "no reply")]  # fmt: skip
    figures = {f.key: f for f in stats.requests}
    out: dict[int, str] = {}
    for key, outcome in order:
        for rid in figures[key].requests if key in figures else []:
            out.setdefault(rid, outcome)
    return out


def campaign_view(
    store: Store,
    campaign_name: str,
    as_of: dt.date | None = None,
    prices: Any = "kb",
    basis: str = DEFAULT_BASIS,
) -> CampaignView:
    """Everything a report shows about a campaign as it stood at the end of ``as_of``, with
    the claims ``basis`` counts (:data:`custodes.campaign.stats.BASES`)."""
    as_of = as_of or today()
    stats = compute_stats(store, campaign_name, as_of, prices, basis)
    statuses = {s.request_id: s for s in request_status(store, campaign_name, as_of)}
    with store.transaction() as session:
        campaign = get_campaign(session, campaign_name)
        rows = load_rows(session, campaign.id, as_of, full=True)
        bodies: dict[int, Body] = {
            rid: body
            for rid, body in session.execute(
                select(Request.id, Body)
                .join(Body, Body.id == Request.body_id)
                .where(Request.campaign_id == campaign.id)
            )
        }
        replaced: dict[str, list[str]] = defaultdict(list)
        for gss, by in session.execute(select(Body.gss_code, Body.replaced_by)):
            for successor in (by or "").replace(";", ",").split(","):
                if successor.strip() and gss:
                    replaced[successor.strip()].append(gss)
        received: dict[str, dt.date] = {}
        for sha, on in session.execute(
            select(RequestDocument.sha256, RequestDocument.received_on).where(
                RequestDocument.request_id.in_(list(bodies))
            )
        ):
            if on <= as_of:
                received[sha] = min(on, received.get(sha, on))
        documents = {
            d.sha256: DocumentRow(
                d.sha256, d.file_name, d.media_type, d.size, d.blob_path, received.get(d.sha256)
            )
            for d in session.scalars(select(Document).where(Document.sha256.in_(list(received))))
        }
        latest: dict[int, ClaimReview] = {}
        for r in session.scalars(
            select(ClaimReview)
            .join(Claim, Claim.id == ClaimReview.claim_id)
            .where(Claim.document.in_(list(received)))
            .order_by(ClaimReview.reviewed_at, ClaimReview.id)
        ):
            latest[r.claim_id] = r
    claims = _claims(rows, bodies, latest)
    by_request: dict[int, list[ClaimRow]] = defaultdict(list)
    for claim in claims.values():
        by_request[claim.request_id].append(claim)
    view_bodies = [
        _body(rid, b, statuses.get(rid), replaced, rows, by_request[rid]) for rid, b in bodies.items()
    ]
    outcomes = _outcomes(stats)
    for row in view_bodies:
        if statuses.get(row.request_id) and statuses[row.request_id].sent_at:
            row.outcome = outcomes.get(row.request_id, "answered without equipment figures")
    return CampaignView(
        name=campaign.name,
        title=campaign.title,
        requester=campaign.requester,
        period=(campaign.period_from, campaign.period_to),
        as_of=as_of,
        stats=stats,
        basis=BASIS_WORDS[stats.basis],
        bodies=sorted(view_bodies, key=lambda b: b.name),
        claims=claims,
        documents=documents,
    )


def _claims(rows: Any, bodies: dict[int, Body], latest: dict[int, ClaimReview]) -> dict[int, ClaimRow]:
    out: dict[int, ClaimRow] = {}
    for raw, rid in rows.claims:
        decision, corrected = rows.reviews.get(raw["id"], (None, None))
        seen = effective(dict(raw), decision, corrected)
        review = latest.get(raw["id"])
        out[raw["id"]] = ClaimRow(
            id=raw["id"],
            request_id=rid,
            body=bodies[rid].name,
            status=seen["status"],
            manufacturer=seen.get("manufacturer"),
            brand_text=seen.get("brand_text"),
            model=seen.get("model"),
            quantity=seen.get("quantity"),
            device_type=seen.get("device_type"),
            capabilities=list(seen.get("capabilities") or []),
            refusal_sections=[str(s) for s in seen.get("refusal_sections") or []],
            quote=str(seen.get("quote") or ""),
            file=str(seen.get("file") or ""),
            document=str(seen.get("document") or ""),
            location=dict(seen.get("location") or {}),
            review=review_state(decision),
            reviewer=review.reviewer if review else None,
            reviewed_at=review.reviewed_at if review else None,
            note=review.note if review else None,
            findings=rows.findings.get(raw["id"], []),
            decision=decision,
            corrected=corrected if isinstance(corrected, dict) else None,
            quantity_text=seen.get("quantity_text"),
            confidence=seen.get("confidence"),
            machine={k: raw.get(k) for k in corrected} if isinstance(corrected, dict) and corrected else None,
        )
    return out


def _body(rid: int, body: Body, status: Any, replaced: dict[str, list[str]], rows: Any,
          claims: list[ClaimRow]) -> BodyRow:  # fmt: skip
    slug = (body.wdtk_slug or "").strip()
    row = BodyRow(
        key=body.code,
        name=body.name,
        short_name=body.short_name,
        gss_code=body.gss_code,
        region=body.region,
        nation=body.nation,
        request_id=rid,
        state=status.state if status else "draft",
        outcome="not asked",
        sent_at=status.sent_at if status else None,
        due=status.due if status else None,
        overdue=bool(status and status.overdue),
        wdtk_id=body.wdtk_id,
        wdtk_url=WDTK_BODY + slug if slug else None,
        predecessors=tuple(sorted(replaced.get(body.code, []))),
        documents=sorted(set(rows.documents.get(rid, []))),
    )
    makers: set[str] = set()
    sections: set[str] = set()
    for claim in claims:
        if claim.review == "rejected":
            continue
        row.claims.append(claim.id)
        if claim.status == "owned":
            makers.add(claim.manufacturer or "(unresolved)")
            row.devices += claim.quantity or 0
            row.restricted_devices += (claim.quantity or 0) if claim.restricted else 0
        if claim.status == "refused":
            sections.update(claim.refusal_sections or ["unspecified"])
    row.makers, row.refusal_sections = sorted(makers), sorted(sections)
    return row


def without_personal_data(view: CampaignView) -> CampaignView:
    """The view a public site may publish: no requester's or reviewer's name, no review notes."""
    claims = {k: replace(c, reviewer=None, note=None) for k, c in view.claims.items()}
    return replace(view, requester="", claims=claims)
