"""Campaigns and their requests: create, send, change state; every change is an event.

Each public function is one transaction: it either happens completely or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from custodes.campaign.authorities import ensure_registry, find_body, resolve_targets
from custodes.campaign.deadlines import deadlines, regime_for
from custodes.campaign.states import DRAFT, SENT, check_date, check_transition
from custodes.errors import StoreError
from custodes.store import Store
from custodes.store.models import Body, Campaign, Request, RequestEvent, utcnow


@dataclass(frozen=True)
class CampaignInfo:
    name: str
    title: str
    created_at: dt.datetime
    requests: int
    states: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RequestStatus:
    request_id: int
    body: str
    body_code: str
    nation: str | None
    regime: str
    state: str
    sent_at: dt.date | None
    due: dt.date | None
    long_overdue_after: dt.date | None
    overdue: bool
    long_overdue: bool


def today() -> dt.date:
    return dt.date.today()


def get_campaign(session: Session, name: str) -> Campaign:
    found = session.scalar(select(Campaign).where(Campaign.name == name))
    if found is None:
        known = list(session.scalars(select(Campaign.name).order_by(Campaign.name)))
        raise StoreError(f"no campaign {name!r}; campaigns: {', '.join(known) or '(none yet)'}")
    return found


def get_request(
    session: Session, campaign: Campaign, body_name: str, lock: bool = False
) -> tuple[Request, Body]:
    """The campaign's request to a body; ``lock`` takes the row lock for a state change."""
    body = find_body(session, body_name)
    query = select(Request).where(Request.campaign_id == campaign.id, Request.body_id == body.id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    req = session.scalar(query)
    if req is None:
        raise StoreError(f"campaign {campaign.name!r} has no request to {body.name}")
    return req, body


def add_event(
    session: Session, req: Request, kind: str, state: str, on: dt.date, note: str | None = None
) -> None:
    session.add(RequestEvent(request_id=req.id, kind=kind, state=state, on_date=on, note=note))
    req.state = state


def new_campaign(
    store: Store,
    name: str,
    targets: Sequence[str],
    template: str,
    title: str | None = None,
    requester: str = "A. Researcher",
    period: tuple[dt.date, dt.date] | None = None,
) -> CampaignInfo:
    """A campaign with one draft request per body named (sets like ``scotland`` allowed)."""
    if not name.strip():
        raise StoreError("a campaign needs a name")
    ensure_registry(store)
    now = today()
    start, end = period or (now.replace(year=now.year - 3, month=4, day=1), now)
    if start > end:
        raise StoreError(f"period starts ({start}) after it ends ({end})")
    with store.transaction() as session:
        if session.scalar(select(Campaign.id).where(Campaign.name == name)) is not None:
            raise StoreError(f"campaign {name!r} already exists")
        bodies = resolve_targets(session, targets)
        campaign = Campaign(
            name=name,
            title=title or name,
            template=template,
            requester=requester,
            period_from=start,
            period_to=end,
            created_at=utcnow(),
        )
        session.add(campaign)
        session.flush()
        for body in bodies:
            req = Request(
                campaign_id=campaign.id,
                body_id=body.id,
                state=DRAFT,
                regime=regime_for(body.nation),
            )
            session.add(req)
            session.flush()
            add_event(session, req, "created", DRAFT, now)
        return _info(session, campaign)


def _info(session: Session, campaign: Campaign) -> CampaignInfo:
    states = Counter(session.scalars(select(Request.state).where(Request.campaign_id == campaign.id)))
    return CampaignInfo(
        name=campaign.name,
        title=campaign.title,
        created_at=campaign.created_at,
        requests=sum(states.values()),
        states=dict(sorted(states.items())),
    )


def list_campaigns(store: Store) -> list[CampaignInfo]:
    with store.transaction() as session:
        return [_info(session, c) for c in session.scalars(select(Campaign).order_by(Campaign.name))]


def campaign_bodies(store: Store, campaign_name: str) -> tuple[Campaign, list[Body]]:
    """The campaign and its bodies, for letter writing."""
    with store.transaction() as session:
        campaign = get_campaign(session, campaign_name)
        bodies = list(
            session.scalars(
                select(Body)
                .join(Request, Request.body_id == Body.id)
                .where(Request.campaign_id == campaign.id)
                .order_by(Body.name)
            )
        )
        session.expunge_all()
        return campaign, bodies


def mark_sent(
    store: Store, campaign_name: str, on: dt.date, bodies: Sequence[str] | None = None
) -> list[RequestStatus]:
    """Record requests as sent on ``on`` (all drafts when no bodies are named)."""
    check_date(on, today(), "sent")
    with store.transaction() as session:
        campaign = get_campaign(session, campaign_name)
        if bodies:
            pairs = [get_request(session, campaign, b, lock=True) for b in bodies]
        else:
            pairs = _pairs(session, campaign, only_state=DRAFT, lock=True)
            if not pairs:
                raise StoreError(f"campaign {campaign_name!r} has no unsent requests")
        for req, body in pairs:
            if req.sent_at is not None:
                raise StoreError(f"request to {body.name} was already sent on {req.sent_at}")
            req.sent_at = on
            add_event(session, req, "sent", SENT, on)
        return [_status(req, body, on) for req, body in pairs]


def set_state(
    store: Store,
    campaign_name: str,
    body_name: str,
    state: str,
    on: dt.date,
    note: str | None = None,
) -> RequestStatus:
    """Change a request's state (Alaveteli vocabulary), as an event dated ``on``."""
    with store.transaction() as session:
        campaign = get_campaign(session, campaign_name)
        req, body = get_request(session, campaign, body_name, lock=True)
        check_transition(req.state, state, req.sent_at, on, today(), body.name)
        add_event(session, req, "status_update", state, on, note)
        return _status(req, body, on)


def _pairs(
    session: Session, campaign: Campaign, only_state: str | None = None, lock: bool = False
) -> list[tuple[Request, Body]]:
    query = (
        select(Request, Body)
        .join(Body, Request.body_id == Body.id)
        .where(Request.campaign_id == campaign.id)
        .order_by(Body.name)
    )
    if only_state:
        query = query.where(Request.state == only_state)
    if lock:
        query = query.with_for_update(of=Request).execution_options(populate_existing=True)
    return [(r, b) for r, b in session.execute(query)]


def _status(req: Request, body: Body, as_of: dt.date, state: str | None = None) -> RequestStatus:
    state = state or req.state
    dl = deadlines(req.sent_at, req.regime) if req.sent_at else None
    waiting = state == SENT
    return RequestStatus(
        request_id=req.id,
        body=body.name,
        body_code=body.code,
        nation=body.nation,
        regime=req.regime,
        state=state,
        sent_at=req.sent_at,
        due=dl.due if dl else None,
        long_overdue_after=dl.long_overdue_after if dl else None,
        overdue=bool(dl and waiting and dl.overdue(as_of)),
        long_overdue=bool(dl and waiting and dl.long_overdue(as_of)),
    )


def state_as_of(events: Sequence[RequestEvent], as_of: dt.date) -> str:
    """Replay a request's events: the state in force at the end of ``as_of``.

    Every request starts as a draft; the ``created`` event only records when it was
    entered, which may be after a sending date recorded retroactively.
    """
    state = DRAFT
    for event in sorted(events, key=lambda e: (e.on_date, e.id)):
        if event.on_date <= as_of and event.kind != "created":
            state = event.state
    return state


def request_status(store: Store, campaign_name: str, as_of: dt.date | None = None) -> list[RequestStatus]:
    """Every request's state, deadline and overdue flags as they stood on ``as_of``."""
    as_of = as_of or today()
    with store.transaction() as session:
        campaign = get_campaign(session, campaign_name)
        pairs = _pairs(session, campaign)
        events: dict[int, list[RequestEvent]] = {}
        ids = [r.id for r, _ in pairs]
        for event in session.scalars(select(RequestEvent).where(RequestEvent.request_id.in_(ids))):
            events.setdefault(event.request_id, []).append(event)
        out = []
        for req, body in pairs:
            state = state_as_of(events.get(req.id, []), as_of)
            sent = req.sent_at if req.sent_at and req.sent_at <= as_of else None
            shown = Request(id=req.id, regime=req.regime, sent_at=sent, state=state)
            out.append(_status(shown, body, as_of, state))
        return out


def events_for(store: Store, campaign_name: str, body_name: str) -> list[RequestEvent]:
    """A request's events in the order they were recorded."""
    with store.transaction() as session:
        req, _ = get_request(session, get_campaign(session, campaign_name), body_name)
        events = list(
            session.scalars(
                select(RequestEvent).where(RequestEvent.request_id == req.id).order_by(RequestEvent.id)
            )
        )
        session.expunge_all()
        return events
