"""Deadlines: 20 working days after receipt, that nation's bank holidays excluded."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from custodes.campaign.deadlines import (
    add_working_days,
    deadlines,
    is_working_day,
    working_days_between,
)

NATIONS = ["England", "Wales", "Scotland", "Northern Ireland", None, "United States"]


def test_christmas_in_england() -> None:
    # Fri 18 Dec 2026; 25 Dec, Boxing Day (observed Mon 28) and 1 Jan are not working days.
    d = deadlines(dt.date(2026, 12, 18), "England")
    assert d.regime == "FOIA"
    assert d.due == dt.date(2027, 1, 20)


def test_scotland_uses_foisa_and_its_own_holidays() -> None:
    # St Andrew's Day (Mon 30 Nov 2026) is a Scottish bank holiday only.
    sent = dt.date(2026, 11, 20)
    eng, sco = deadlines(sent, "England"), deadlines(sent, "Scotland")
    assert sco.regime == "FOISA"
    assert eng.due == dt.date(2026, 12, 18)
    assert sco.due == dt.date(2026, 12, 21)


def test_northern_ireland_counts_st_patricks_day() -> None:
    sent = dt.date(2027, 3, 1)
    assert deadlines(sent, "Northern Ireland").due > deadlines(sent, "England").due


def test_overdue_and_long_overdue() -> None:
    d = deadlines(dt.date(2026, 9, 1), "England")
    assert not d.overdue(d.due)
    assert d.overdue(d.due + dt.timedelta(days=1))
    assert not d.long_overdue(d.long_overdue_after)
    assert d.long_overdue(d.long_overdue_after + dt.timedelta(days=1))


@given(
    sent=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31)),
    nation=st.sampled_from(NATIONS),
)
def test_due_is_the_twentieth_working_day(sent: dt.date, nation: str | None) -> None:
    d = deadlines(sent, nation)
    assert is_working_day(d.due, nation)
    assert working_days_between(sent, d.due, nation) == 20
    assert working_days_between(sent, d.long_overdue_after, nation) == 40
    assert dt.timedelta(days=26) <= d.due - sent < dt.timedelta(days=45)
    assert add_working_days(sent, 0, nation) == sent
