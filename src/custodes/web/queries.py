"""What the pages and the API read: small indexed queries, plus the cached campaign view.

Campaign-wide figures come from :func:`custodes.report.campaign_data.campaign_view` (the
true statistics), cached briefly and dropped after every write; everything per item (a
body, a document, the next claim to review) is one or two indexed queries.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, exists, func, or_, select

from custodes.blobs import read_blob
from custodes.campaign.claims import effective
from custodes.campaign.requests import events_for, get_campaign, get_request
from custodes.campaign.review import claim_dict
from custodes.campaign.stats import DEFAULT_BASIS
from custodes.errors import CustodesError, StoreError
from custodes.report.campaign_data import CampaignView, campaign_view, review_state
from custodes.settings import STATS_CACHE_SECONDS
from custodes.store import Store
from custodes.store.models import (
    Body,
    Campaign,
    Claim,
    ClaimReview,
    Document,
    Request,
    RequestDocument,
)


class NotFound(StoreError):
    """Something named in the URL does not exist (HTTP 404)."""


class Conflict(StoreError):
    """The change would lose or orphan data (HTTP 409); nothing was changed."""


@dataclass
class ViewCache:
    """The campaign view per campaign, recomputed after ``ttl`` seconds or any write."""

    ttl: float = STATS_CACHE_SECONDS
    basis: str = DEFAULT_BASIS
    """Which claims the figures count (``custodes.campaign.stats.BASES``)."""
    _views: dict[str, tuple[float, int, CampaignView]] = field(default_factory=dict)
    _generation: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _refreshing: set[str] = field(default_factory=set)
    _counts: dict[tuple[str, ...], tuple[int, int]] = field(default_factory=dict)

    def get(self, store: Store, name: str, fresh: bool = True) -> CampaignView:
        """The campaign's view.

        ``fresh`` (the API, downloads): after a write the view is recomputed before it is
        returned. Otherwise (pages) the last view is returned at once while one background
        thread recomputes it; :meth:`stale` then says so, and the page says the figures are
        being updated. A view only older than ``ttl`` (writes by other processes) is
        refreshed the same way.
        """
        hit = self._views.get(name)
        if hit and (hit[1] == self._generation or not fresh):
            old = time.monotonic() - hit[0] >= self.ttl
            if (old or hit[1] != self._generation) and name not in self._refreshing:
                self._refreshing.add(name)
                threading.Thread(target=self._refresh, args=(store, name), daemon=True).start()
            return hit[2]
        with self._lock:  # one computation per campaign at a time; others wait and reuse it
            hit = self._views.get(name)
            if hit and hit[1] == self._generation:
                return hit[2]
            return self._compute(store, name)

    def stale(self, name: str) -> bool:
        hit = self._views.get(name)
        return bool(hit and hit[1] != self._generation)

    def memo(self, key: tuple[str, ...], compute: Callable[[], int]) -> int:
        """A small count remembered until the next write (the review queue's length)."""
        found = self._counts.get(key)
        if found is not None and found[0] == self._generation:
            return found[1]
        generation = self._generation
        value = compute()
        self._counts[key] = (generation, value)
        return value

    def _compute(self, store: Store, name: str) -> CampaignView:
        generation = self._generation
        try:
            view = campaign_view(store, name, basis=self.basis)
        except StoreError as exc:
            raise _classify(exc) from exc
        self._views[name] = (time.monotonic(), generation, view)
        return view

    def _refresh(self, store: Store, name: str) -> None:
        try:
            with self._lock:
                self._compute(store, name)
        except StoreError:
            self._views.pop(name, None)  # the campaign went away: the next reader is told
        finally:
            self._refreshing.discard(name)

    def changed(self) -> None:
        self._generation += 1


def _classify(exc: StoreError) -> StoreError:
    text = str(exc)
    return NotFound(text) if text.startswith(("no campaign", "no claim", "no body", "no request")) else exc


def claim_out(claim: Claim, body: str | None, review: ClaimReview | None, public: bool) -> dict[str, Any]:
    decision = review.decision if review else None
    seen = effective(claim_dict(claim), decision, review.corrected if review else None)
    return {
        "id": claim.id,
        "body": body,
        "document": claim.document,
        "file": claim.file,
        "status": seen["status"],
        "manufacturer": seen["manufacturer"],
        "brand_text": seen["brand_text"],
        "model": seen["model"],
        "quantity": seen["quantity"],
        "device_type": seen["device_type"],
        "capabilities": seen["capabilities"] or [],
        "refusal_sections": seen["refusal_sections"] or [],
        "quote": claim.quote,
        "location": claim.location or {},
        "confidence": claim.confidence,
        "review": review_state(decision),
        "reviewer": None if public or review is None else review.reviewer,
        "reviewed_at": review.reviewed_at.isoformat(timespec="seconds") if review else None,
        "note": None if public or review is None else review.note,
    }


def _latest_reviews(session: Any, ids: list[int]) -> dict[int, ClaimReview]:
    out: dict[int, ClaimReview] = {}
    if ids:
        for r in session.scalars(
            select(ClaimReview)
            .where(ClaimReview.claim_id.in_(ids))
            .order_by(ClaimReview.reviewed_at, ClaimReview.id)
        ):
            out[r.claim_id] = r
    return out


def _campaign_claims(campaign_id: int) -> Any:
    return (
        select(Claim, Body.name)
        .join(RequestDocument, RequestDocument.sha256 == Claim.document)
        .join(Request, Request.id == RequestDocument.request_id)
        .join(Body, Body.id == Request.body_id)
        .where(Request.campaign_id == campaign_id)
    )


def get_claim(store: Store, claim_id: int, public: bool) -> dict[str, Any]:
    with store.transaction() as session:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFound(f"no claim with id {claim_id}")
        body = session.scalar(
            select(Body.name)
            .join(Request, Request.body_id == Body.id)
            .join(RequestDocument, RequestDocument.request_id == Request.id)
            .where(RequestDocument.sha256 == claim.document)
            .limit(1)
        )
        return claim_out(claim, body, _latest_reviews(session, [claim_id]).get(claim_id), public)


def next_to_review(store: Store, campaign: str, after: int = 0) -> dict[str, Any] | None:
    """The next claim no one has reviewed (question-quoted-back mentions skipped), by id."""
    with store.transaction() as session:
        c = _get_campaign(session, campaign)
        reviewed = exists().where(ClaimReview.claim_id == Claim.id)
        row = session.execute(
            _campaign_claims(c.id)
            .where(~reviewed, Claim.status != "mentioned", Claim.id > after)
            .order_by(Claim.id)
            .limit(1)
        ).first()
        if row is None and after:
            return next_to_review(store, campaign, 0)
        return claim_out(row[0], row[1], None, False) if row else None


def queue_size(store: Store, campaign: str) -> int:
    with store.transaction() as session:
        c = _get_campaign(session, campaign)
        reviewed = exists().where(ClaimReview.claim_id == Claim.id)
        q = _campaign_claims(c.id).where(~reviewed, Claim.status != "mentioned").subquery()
        return int(session.scalar(select(func.count()).select_from(q)) or 0)


def recent_reviews(store: Store, campaign: str, limit: int = 20) -> list[dict[str, Any]]:
    with store.transaction() as session:
        c = _get_campaign(session, campaign)
        ids = (
            select(Claim.id)
            .join(RequestDocument, RequestDocument.sha256 == Claim.document)
            .join(Request, Request.id == RequestDocument.request_id)
            .where(Request.campaign_id == c.id)
        )
        rows = session.execute(
            select(ClaimReview)
            .where(ClaimReview.claim_id.in_(ids))
            .order_by(ClaimReview.id.desc())
            .limit(limit)
        ).scalars()
        return [
            {
                "claim": r.claim_id,
                "reviewer": r.reviewer,
                "decision": r.decision,
                "corrected": r.corrected,
                "note": r.note,
                "at": r.reviewed_at.isoformat(timespec="seconds"),
            }
            for r in rows
        ]


def _get_campaign(session: Any, name: str) -> Campaign:
    try:
        return get_campaign(session, name)
    except StoreError as exc:
        raise NotFound(str(exc)) from exc


def body_detail(store: Store, campaign: str, code: str, public: bool) -> dict[str, Any]:
    """A request's timeline (events, deadlines) and its documents."""
    with store.transaction() as session:
        c = _get_campaign(session, campaign)
        try:
            req, body = get_request(session, c, code)
        except StoreError as exc:
            raise NotFound(str(exc)) from exc
        docs: list[dict[str, Any]] = [
            {"sha256": rd.sha256, "file_name": rd.file_name, "received_on": rd.received_on}
            for rd in session.scalars(
                select(RequestDocument)
                .where(RequestDocument.request_id == req.id)
                .order_by(RequestDocument.id)
            )
        ]
        counts: dict[str, int] = {
            sha: int(n)
            for sha, n in session.execute(
                select(Claim.document, func.count())
                .where(Claim.document.in_([d["sha256"] for d in docs]))
                .group_by(Claim.document)
            )
        }
        info = {
            "code": body.code,
            "name": body.name,
            "region": body.region,
            "gss_code": body.gss_code,
            "request_id": req.id,
            "state": req.state,
            "sent_at": req.sent_at,
            "regime": req.regime,
        }
    events = [
        {"on": e.on_date, "kind": e.kind, "state": e.state, "note": None if public else e.note}
        for e in events_for(store, campaign, code)
    ]
    for d in docs:
        d["claims"] = counts.get(d["sha256"], 0)
    return info | {"events": events, "documents": docs}


def document_detail(store: Store, sha256: str, public: bool) -> dict[str, Any]:
    """A document's text blocks and its claims, for showing claims beside the text."""
    with store.transaction() as session:
        doc = session.get(Document, sha256)
        if doc is None:
            raise NotFound(f"no document {sha256}")
        claims = list(session.scalars(select(Claim).where(Claim.document == sha256).order_by(Claim.id)))
        reviews = _latest_reviews(session, [c.id for c in claims])
        out = [claim_out(c, None, reviews.get(c.id), public) for c in claims]
        info: dict[str, Any] = {
            "sha256": doc.sha256,
            "file_name": doc.file_name,
            "media_type": doc.media_type,
            "size": doc.size,
        }
    blocks, problem = _text_of(store, sha256, str(info["file_name"]))
    return info | {"claims": out, "blocks": blocks, "problem": problem}


_TEXTS: dict[str, tuple[list[tuple[str, str]], str | None]] = {}
TEXT_CACHE = 64
"""Documents whose text is kept in memory: reading a PDF again for every view is slow."""


def _text_of(store: Store, sha256: str, file_name: str) -> tuple[list[tuple[str, str]], str | None]:
    from custodes.ingest import read_bytes

    if sha256 in _TEXTS:
        return _TEXTS[sha256]
    try:
        parsed = read_bytes(read_blob(store.blobdir, sha256), file_name)
        found: tuple[list[tuple[str, str]], str | None] = (
            [(b.location.describe(), b.text) for b in _all_blocks(parsed)],
            None,
        )
    except (CustodesError, OSError) as exc:
        found = ([], f"the text could not be read again: {exc}")
    if len(_TEXTS) >= TEXT_CACHE:
        _TEXTS.pop(next(iter(_TEXTS)))
    _TEXTS[sha256] = found
    return found


def _all_blocks(doc: Any) -> list[Any]:
    from custodes.ingest import TextBlock

    out = list(doc.text)
    for table in doc.tables:
        out += [TextBlock(" | ".join(str(v) for v in row.cells.values()), row.location) for row in table.rows]
    for child in doc.children:
        out += _all_blocks(child)
    return out


def highlight(text: str, quotes: list[tuple[int, str]]) -> list[tuple[str, int | None]]:
    """Split ``text`` into (segment, claim id or None) so each quoted span can be marked."""
    marks: list[tuple[int, int, int]] = []
    for claim_id, quote in quotes:
        q = quote.strip()
        at = text.find(q) if q else -1
        if at >= 0 and not any(s < at + len(q) and at < e for s, e, _ in marks):
            marks.append((at, at + len(q), claim_id))
    out: list[tuple[str, int | None]] = []
    pos = 0
    for start, end, claim_id in sorted(marks):
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], claim_id))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def search(store: Store, q: str, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    like = f"%{q.strip()[:200]}%"
    with store.transaction() as session:
        bodies = [
            {"code": b.code, "name": b.name}
            for b in session.scalars(
                select(Body)
                .where(or_(Body.name.ilike(like), Body.code.ilike(like)))
                .order_by(Body.name)
                .limit(limit)
            )
        ]
        claims = [
            {
                "id": c.id,
                "quote": c.quote,
                "status": c.status,
                "manufacturer": c.manufacturer,
                "document": c.document,
            }
            for c in session.scalars(
                select(Claim)
                .where(or_(Claim.quote.ilike(like), Claim.manufacturer.ilike(like), Claim.model.ilike(like)))
                .order_by(Claim.id)
                .limit(limit)
            )
        ]
    return {"bodies": bodies, "claims": claims}


def delete_body(store: Store, code: str) -> str:
    """Delete a body no request refers to; one that is referred to is kept (Conflict)."""
    with store.transaction() as session:
        body = session.scalar(select(Body).where(Body.code == code))
        if body is None:
            raise NotFound(f"no body with code {code!r}")
        used = session.execute(
            select(Campaign.name)
            .join(Request, Request.campaign_id == Campaign.id)
            .where(Request.body_id == body.id)
        ).scalars()
        names = sorted(set(used))
        if names:
            raise Conflict(
                f"body {body.name} ({code}) has requests in campaign(s) {', '.join(names)}; "
                "it was not deleted and nothing was changed"
            )
        session.execute(delete(Body).where(Body.id == body.id))
        return body.name
