"""Request states: Alaveteli's words, sensible transitions, an append-only history."""

from __future__ import annotations

import datetime as dt

import pytest

from custodes.campaign.letters import default_template
from custodes.campaign.requests import (
    events_for,
    list_campaigns,
    mark_sent,
    new_campaign,
    request_status,
    set_state,
)
from custodes.errors import StoreError
from custodes.store import Store

SENT = dt.date(2026, 9, 1)


@pytest.fixture
def campaign(store: Store) -> str:
    new_campaign(store, "cctv", ["Camden", "Hackney", "Glasgow City"], default_template())
    return "cctv"


def test_new_requests_are_drafts(store: Store, campaign: str) -> None:
    [info] = list_campaigns(store)
    assert (info.name, info.requests, info.states) == ("cctv", 3, {"draft": 3})


def test_successful_before_sent_is_refused(store: Store, campaign: str) -> None:
    with pytest.raises(StoreError, match="has not been sent"):
        set_state(store, campaign, "Camden", "successful", SENT)
    assert {s.state for s in request_status(store, campaign)} == {"draft"}


def test_dates_in_the_future_are_refused(store: Store, campaign: str) -> None:
    future = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(StoreError, match="in the future"):
        mark_sent(store, campaign, future)
    mark_sent(store, campaign, SENT)
    with pytest.raises(StoreError, match="in the future"):
        set_state(store, campaign, "Camden", "successful", future)


def test_nonsense_changes_are_refused(store: Store, campaign: str) -> None:
    mark_sent(store, campaign, SENT)
    with pytest.raises(StoreError, match="unknown state 'won'"):
        set_state(store, campaign, "Camden", "won", SENT)
    with pytest.raises(StoreError, match="before it was sent"):
        set_state(store, campaign, "Camden", "successful", SENT - dt.timedelta(days=1))
    with pytest.raises(StoreError, match="cannot go back to draft"):
        set_state(store, campaign, "Camden", "draft", SENT)
    with pytest.raises(StoreError, match="already sent"):
        mark_sent(store, campaign, SENT, ["Camden"])
    with pytest.raises(StoreError, match="has no request to"):
        set_state(store, campaign, "Leeds", "successful", SENT)
    with pytest.raises(StoreError, match="no campaign 'nope'"):
        set_state(store, "nope", "Camden", "successful", SENT)


def test_every_change_is_an_event_and_history_replays(store: Store, campaign: str) -> None:
    mark_sent(store, campaign, SENT)
    set_state(store, campaign, "Camden", "rejected", dt.date(2026, 9, 20), note="s.31")
    set_state(store, campaign, "Camden", "internal_review", dt.date(2026, 9, 25))
    set_state(store, campaign, "Camden", "partially_successful", dt.date(2026, 10, 20))
    history = [(e.kind, e.state, e.on_date) for e in events_for(store, campaign, "Camden")]
    assert [h[1] for h in history] == [
        "draft", "waiting_response", "rejected", "internal_review", "partially_successful",
    ]  # fmt: skip

    def camden(as_of: dt.date) -> str:
        return next(s for s in request_status(store, campaign, as_of) if s.body_code == "CMD").state

    assert camden(dt.date(2026, 9, 21)) == "rejected"
    assert camden(dt.date(2026, 10, 1)) == "internal_review"
    assert camden(dt.date(2026, 11, 1)) == "partially_successful"


def test_status_shows_deadlines_and_overdue(store: Store, campaign: str) -> None:
    mark_sent(store, campaign, SENT)
    status = {s.body_code: s for s in request_status(store, campaign, dt.date(2026, 11, 30))}
    glasgow = status["GLG"]
    assert glasgow.regime == "FOISA" and status["CMD"].regime == "FOIA"
    assert glasgow.overdue and glasgow.long_overdue
    early = {s.body_code: s for s in request_status(store, campaign, dt.date(2026, 9, 10))}
    assert not early["CMD"].overdue
    before = {s.body_code: s for s in request_status(store, campaign, dt.date(2026, 8, 1))}
    assert before["CMD"].state == "draft" and before["CMD"].sent_at is None
