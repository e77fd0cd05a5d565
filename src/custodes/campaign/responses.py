"""Responses: attach documents to a request, extract and audit their claims.

Extraction runs before the transaction opens, one file at a time: a file that cannot be read
is named with its reason in ``AttachResult.failed`` and left out (it can be attached again
later), and the others are attached. Then documents, links, claims, findings and the event
are written together, so a failure in the write leaves nothing half-written. The
bytes go to the content-addressed blob folder first: a blob without a row is harmless. The
write transaction locks the request row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's
``BEGIN IMMEDIATE`` already serialises writers), so two attaches at once see each other's
state change and add one "response" event, not two. Every machine claim is stored
``proposed``; a campaign's auto-accept setting is applied when claims are read. Claims that
state devices another document of the request already states get ``duplicate_of``.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from custodes.blobs import blob_relpath, put_file
from custodes.campaign.claims import (
    Auditor,
    Extractor,
    check_claim,
    check_finding,
    default_auditor,
    default_extractor,
    to_row,
)
from custodes.campaign.counting import duplicate_links
from custodes.campaign.requests import add_event, get_campaign, get_request, today
from custodes.campaign.states import DRAFT, SENT, check_date, check_transition
from custodes.errors import CustodesError, InputError, StoreError
from custodes.store import Store
from custodes.store.engine import insert_ignore
from custodes.store.models import Claim, Document, Finding, RequestDocument, utcnow


@dataclass
class AttachResult:
    body: str
    state: str
    documents: list[str] = field(default_factory=list)
    already_attached: list[str] = field(default_factory=list)
    claims: int = 0
    findings: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(file, reason) for each file that could not be read; nothing of it was attached."""


@dataclass(frozen=True)
class _Prepared:
    path: Path
    sha256: str
    size: int
    claims: list[dict[str, Any]]
    findings: list[list[dict[str, Any]]]


def attach(
    store: Store,
    campaign_name: str,
    body_name: str,
    paths: Sequence[Path],
    received_on: dt.date | None = None,
    state: str | None = None,
    extract: Extractor | None = None,
    audit: Auditor | None = None,
) -> AttachResult:
    """Store documents once by sha256, link them to the request, keep their claims."""
    received_on = received_on or today()
    check_date(received_on, today(), "received")
    if not paths:
        raise StoreError("attach needs at least one file")
    extract = extract or default_extractor()
    audit = audit or default_auditor()
    with store.transaction() as session:  # fail early on an unknown body or campaign
        req, body = get_request(session, get_campaign(session, campaign_name), body_name)
        if req.state == DRAFT or req.sent_at is None:
            raise StoreError(f"request to {body.name} has not been sent; nothing to answer yet")
        if received_on < req.sent_at:
            raise StoreError(f"received {received_on} is before it was sent ({req.sent_at})")
    result = AttachResult(body=body.name, state=req.state)
    prepared = []
    for p in paths:
        try:
            prepared.append(_prepare(store, Path(p), extract, audit))
        except CustodesError as exc:
            result.failed.append((str(p), _reason(exc, Path(p))))
    if not prepared:
        return result
    with store.transaction() as session:
        req, body = get_request(session, get_campaign(session, campaign_name), body_name, lock=True)
        for item in prepared:
            _write(session, req.id, item, received_on, result)
        if result.claims:
            _link_duplicates(session, req.id)
        new_state = state or ("awaiting_description" if req.state == SENT else None)
        note = f"{len(result.documents)} document(s) received"
        if new_state and new_state != req.state and (result.documents or state):
            check_transition(req.state, new_state, req.sent_at, received_on, today(), body.name)
            add_event(session, req, "response", new_state, received_on, note)
        result.state = req.state
    return result


def _prepare(store: Store, path: Path, extract: Extractor | None, audit: Auditor | None) -> _Prepared:
    if not path.is_file():
        raise InputError(str(path), "no such file")
    sha, size = put_file(store.blobdir, path)
    with store.transaction() as session:
        seen = session.get(Document, sha)
    claims: list[dict[str, Any]] = []
    if seen is None and extract is not None:
        raw = extract(path)
        claims = [check_claim(c, path.name, sha) for c in raw]
    findings = [
        [check_finding(f) for f in audit(c)] if audit and c["status"] == "owned" else [] for c in claims
    ]
    return _Prepared(path=path, sha256=sha, size=size, claims=claims, findings=findings)


def _reason(exc: CustodesError, path: Path) -> str:
    """The failure in one line, without the file name the caller prints beside it."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    for prefix in (f"{path}: ", f"{path.name}: "):
        text = text.removeprefix(prefix)
    return text


def _write(
    session: Session,
    request_id: int,
    item: _Prepared,
    received_on: dt.date,
    out: AttachResult,
) -> None:
    media = mimetypes.guess_type(item.path.name)[0] or "application/octet-stream"
    first = insert_ignore(
        session,
        Document,
        sha256=item.sha256,
        file_name=item.path.name,
        media_type=media,
        size=item.size,
        blob_path=blob_relpath(item.sha256),
        created_at=utcnow(),
    )
    linked = insert_ignore(
        session,
        RequestDocument,
        request_id=request_id,
        sha256=item.sha256,
        file_name=item.path.name,
        received_on=received_on,
        attached_at=utcnow(),
    )
    if not linked:
        out.already_attached.append(item.path.name)
        return
    out.documents.append(item.sha256)
    if not first:
        return  # the same bytes were stored before: their claims are already there, shared
    if not item.claims:
        return
    now = utcnow()
    ids = session.scalars(
        insert(Claim).returning(Claim.id, sort_by_parameter_order=True),
        [_row(c, item.sha256, now) for c in item.claims],
    ).all()
    rows = [
        {"claim_id": claim_id, **f}
        for claim_id, findings in zip(ids, item.findings, strict=True)
        for f in findings
    ]
    if rows:
        session.execute(insert(Finding), rows)
    out.claims += len(ids)
    out.findings += len(rows)


def _link_duplicates(session: Session, request_id: int) -> None:
    """Record ``duplicate_of`` on claims stating devices another document of the request
    already states (a letter and its spreadsheet), as statistics count them."""
    claims = list(
        session.scalars(
            select(Claim)
            .join(RequestDocument, RequestDocument.sha256 == Claim.document)
            .where(RequestDocument.request_id == request_id)
        )
    )
    rows = [{c.key: getattr(claim, c.key) for c in Claim.__table__.columns} for claim in claims]
    links = duplicate_links(rows)
    for claim in claims:
        if claim.key in links:
            claim.duplicate_of = links[claim.key]


def _row(claim: dict[str, Any], sha256: str, now: dt.datetime) -> dict[str, Any]:
    return to_row(claim) | {"document": sha256, "extracted_at": now, "review": "proposed"}
