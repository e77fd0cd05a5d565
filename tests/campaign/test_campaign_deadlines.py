"""Deadlines by the law: each regime's working days, cases worked from the statutes and the
regulators' guidance (ICO on FOIA s.10 and EIR; the Scottish Information Commissioner on FOISA)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custodes.campaign.deadlines import (
    RULES,
    add_working_days,
    deadlines,
    is_working_day,
    regime_for,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(
    ("regime", "received", "due", "why"),
    [
        # FOIA s.10(6): a bank holiday in any part of the UK is no working day.
        ("FOIA", D(2026, 11, 9), D(2026, 12, 8), "St Andrew's Day, Mon 30 Nov, is Scottish only"),
        ("FOIA", D(2026, 3, 2), D(2026, 3, 31), "St Patrick's Day, Tue 17 Mar, is Northern Irish"),
        ("FOIA", D(2026, 7, 1), D(2026, 7, 30), "the Twelfth (Mon 13 Jul, substitute) in NI"),
        ("FOIA", D(2026, 7, 20), D(2026, 8, 18), "first Monday of August, Scotland"),
        ("FOIA", D(2026, 12, 18), D(2027, 1, 21), "Christmas, Boxing Day, New Year and 2 January"),
        # The date of receipt may be a weekend: the Monday after is the first working day.
        ("FOIA", D(2026, 9, 5), D(2026, 10, 2), "received on a Saturday"),
        # EIR reg.2(1) defines working days as FOIA does.
        ("EIR", D(2026, 11, 9), D(2026, 12, 8), "St Andrew's Day again"),
        # FOISA s.73: only Scottish bank holidays.
        ("FOISA", D(2026, 3, 23), D(2026, 4, 21), "Easter Monday is a working day in Scotland"),
        ("FOISA", D(2026, 8, 17), D(2026, 9, 14), "England's late-August holiday is too"),
        ("FOISA", D(2026, 11, 20), D(2026, 12, 21), "St Andrew's Day is not"),
        ("FOISA", D(2026, 3, 2), D(2026, 3, 30), "nor is St Patrick's Day a holiday there"),
    ],
)
def test_the_twentieth_working_day(regime: str, received: dt.date, due: dt.date, why: str) -> None:
    assert deadlines(received, regime).due == due, why


def test_the_same_request_under_each_law() -> None:
    received = D(2026, 3, 23)
    assert deadlines(received, "FOIA").due == D(2026, 4, 22)  # Easter Monday counts as a holiday
    assert deadlines(received, "FOISA").due == D(2026, 4, 21)


def test_eir_and_eisr_can_be_extended_to_forty_working_days() -> None:
    eir = deadlines(D(2026, 11, 9), "EIR")
    # 40 days run past Christmas (Fri 25), Boxing Day (substitute Mon 28), New Year (Fri 1 Jan)
    # and Scotland's 2 January (a Saturday, so Mon 4 Jan)
    assert eir.extended_due == D(2027, 1, 11)
    assert deadlines(D(2026, 11, 9), "EISR").extended_due is not None
    assert deadlines(D(2026, 11, 9), "FOIA").extended_due is None


def test_the_regime_follows_the_nation_and_the_subject() -> None:
    assert regime_for("England") == regime_for("Wales") == regime_for("Northern Ireland") == "FOIA"
    assert regime_for("Scotland") == "FOISA"
    assert regime_for("Scotland", environmental=True) == "EISR"
    assert regime_for("Wales", environmental=True) == "EIR"
    assert regime_for(None) == "FOIA"


def test_christmas_day_is_never_a_working_day() -> None:
    for regime in ("FOIA", "FOISA", "EIR", "EISR"):
        assert not is_working_day(D(2026, 12, 25), regime)


def test_overdue_and_long_overdue() -> None:
    d = deadlines(D(2026, 9, 1), "FOIA")
    assert not d.overdue(d.due)
    assert d.overdue(d.due + dt.timedelta(days=1))
    assert not d.long_overdue(d.long_overdue_after)
    assert d.long_overdue(d.long_overdue_after + dt.timedelta(days=1))


@given(
    received=st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31)),
    regime=st.sampled_from(sorted(RULES)),
)
def test_due_is_the_twentieth_working_day(received: dt.date, regime: str) -> None:
    d = deadlines(received, regime)
    assert is_working_day(d.due, regime)
    assert working_days_between(received, d.due, regime) == 20
    assert working_days_between(received, d.long_overdue_after, regime) == 40
    assert dt.timedelta(days=26) <= d.due - received < dt.timedelta(days=45)
    assert add_working_days(received, 0, regime) == received
    if regime in ("FOIA", "EIR"):  # never earlier than any one UK nation's own count
        assert d.due >= deadlines(received, "FOISA").due
