"""Statutory deadlines: 20 working days, excluding weekends and that nation's bank holidays.

FOIA s.10 and FOISA s.10 both allow 20 working days from receipt; the day of receipt does
not count. What differs is which days are holidays: a Scottish body answers under FOISA
and Scottish bank holidays (e.g. 2 January, St Andrew's Day) do not count. Alaveteli calls
a request "long overdue" after 40 working days; we use the same threshold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

DUE_DAYS = 20
LONG_OVERDUE_DAYS = 40

# nation -> (regime, holidays country, subdivision)
JURISDICTIONS: dict[str, tuple[str, str, str | None]] = {
    "england": ("FOIA", "GB", "ENG"),
    "wales": ("FOIA", "GB", "WLS"),
    "scotland": ("FOISA", "GB", "SCT"),
    "northern ireland": ("FOIA", "GB", "NIR"),
    "united states": ("US-FOIA", "US", None),
}
DEFAULT = JURISDICTIONS["england"]


def jurisdiction(nation: str | None) -> tuple[str, str, str | None]:
    """The regime and holiday calendar for a body's nation (England's when unknown)."""
    return JURISDICTIONS.get((nation or "").strip().lower(), DEFAULT)


def regime_for(nation: str | None) -> str:
    return jurisdiction(nation)[0]


@lru_cache(maxsize=256)
def _holidays(country: str, subdiv: str | None, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year).keys())


def is_working_day(day: dt.date, nation: str | None) -> bool:
    _, country, subdiv = jurisdiction(nation)
    return day.weekday() < 5 and day not in _holidays(country, subdiv, day.year)


def add_working_days(start: dt.date, days: int, nation: str | None) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself never counts)."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, nation):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, nation: str | None) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day, nation)
    return count


@dataclass(frozen=True)
class Deadlines:
    regime: str
    due: dt.date
    long_overdue_after: dt.date

    def overdue(self, as_of: dt.date) -> bool:
        return as_of > self.due

    def long_overdue(self, as_of: dt.date) -> bool:
        return as_of > self.long_overdue_after


@lru_cache(maxsize=4096)
def deadlines(sent: dt.date, nation: str | None) -> Deadlines:
    """The date a reply is due and the date after which it is long overdue."""
    return Deadlines(
        regime=regime_for(nation),
        due=add_working_days(sent, DUE_DAYS, nation),
        long_overdue_after=add_working_days(sent, LONG_OVERDUE_DAYS, nation),
    )
