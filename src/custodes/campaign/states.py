"""Request states in Alaveteli's vocabulary, and which changes make sense.

A request is ``draft`` until it is sent; sending makes it ``waiting_response``. After that
any Alaveteli state may follow (bodies reopen, reviews overturn refusals), but nothing
may go back to draft, nothing can be answered before it was sent, and no event may be
dated in the future.
"""

from __future__ import annotations

import datetime as dt

from custodes.errors import StoreError

DRAFT = "draft"
SENT = "waiting_response"

STATES: dict[str, str] = {
    "draft": "Not sent yet",
    "waiting_response": "Awaiting response",
    "waiting_clarification": "Awaiting clarification",
    "gone_postal": "Handled by postal mail",
    "not_held": "Information not held",
    "rejected": "Refused",
    "successful": "Successful",
    "partially_successful": "Partially successful",
    "internal_review": "Awaiting internal review",
    "error_message": "Delivery error",
    "requires_admin": "Requires admin attention",
    "user_withdrawn": "Withdrawn",
    "awaiting_description": "Response received, not yet classified",
    "attention_requested": "Reported",
    "vexatious": "Vexatious",
    "not_foi": "Not an FOI request",
}

# States that mean the body has replied (with information, a refusal or "not held").
ANSWERED = frozenset(
    {
        "successful",
        "partially_successful",
        "not_held",
        "rejected",
        "internal_review",
        "awaiting_description",
        "gone_postal",
        "vexatious",
        "not_foi",
    }
)
# States in which the statutory clock is running.
WAITING = frozenset({"waiting_response"})


def check_state(state: str) -> str:
    if state not in STATES:
        raise StoreError(f"unknown state {state!r}; use one of: {', '.join(STATES)}")
    return state


def check_date(on: dt.date, today: dt.date, what: str) -> None:
    if on > today:
        raise StoreError(f"{what} date {on} is in the future (today is {today})")


def check_transition(
    current: str, new: str, sent_at: dt.date | None, on: dt.date, today: dt.date, body: str
) -> None:
    """Raise StoreError with a plain reason if ``current -> new`` on ``on`` makes no sense."""
    check_state(new)
    check_date(on, today, "the state change")
    if new == DRAFT:
        raise StoreError(f"request to {body} cannot go back to draft")
    if current == DRAFT or sent_at is None:
        raise StoreError(f"request to {body} has not been sent; record it as sent before setting {new!r}")
    if on < sent_at:
        raise StoreError(f"request to {body}: {new!r} on {on} is before it was sent ({sent_at})")
    if new == current:
        raise StoreError(f"request to {body} is already {new!r}")
