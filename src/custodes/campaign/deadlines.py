"""Statutory deadlines: the twentieth working day after receipt, with each law's working days.

Which days are working days is the law's choice, not the body's nation:

- **FOIA** s.10(6) and **EIR** reg.2(1): any day but a Saturday, a Sunday, Christmas Day,
  Good Friday or a bank holiday under the Banking and Financial Dealings Act 1971 *in any
  part of the United Kingdom* — so St Andrew's Day (Scotland) and St Patrick's Day
  (Northern Ireland) stop the clock for a London borough too;
- **FOISA** s.73 and **EISR** reg.2(1): any day but a Saturday, a Sunday, Christmas Day or
  a bank holiday *in Scotland* (Easter Monday and England's late-August holiday count).

The day of receipt never counts, and it may itself be a non-working day: a request received
on a Saturday has the Monday as its first day. EIR (reg.7) and EISR (reg.7) let a body
extend to 40 working days for complex and voluminous requests; Alaveteli calls any request
"long overdue" after 40 working days, and so do we. Bank holidays come from ``holidays``
(including substitute days and days appointed by proclamation).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

DUE_DAYS = 20
LONG_OVERDUE_DAYS = 40
UK_PARTS = ("ENG", "WLS", "SCT", "NIR")


@dataclass(frozen=True, slots=True)
class Rule:
    """One access-to-information law's clock."""

    regime: str
    law: str
    holidays_of: tuple[tuple[str, str | None], ...]
    """(country, subdivision) calendars whose holidays are not working days."""
    extended_days: int | None = None
    """Working days allowed when the body extends for a complex, voluminous request."""

    def describe(self) -> str:
        where = "any part of the UK" if len(self.holidays_of) > 1 else "Scotland"
        if self.regime == "US-FOIA":
            where = "the United States (federal)"
        extra = f", {self.extended_days} if extended as complex" if self.extended_days else ""
        return f"{DUE_DAYS} working days{extra}; bank holidays in {where} excluded; {self.law}"


_UK = tuple(("GB", part) for part in UK_PARTS)
RULES: dict[str, Rule] = {
    "FOIA": Rule("FOIA", "FOIA 2000 s.10(1), s.10(6)", _UK),
    "EIR": Rule("EIR", "EIR 2004 reg.5(2), reg.7(1)", _UK, LONG_OVERDUE_DAYS),
    "FOISA": Rule("FOISA", "FOISA 2002 s.10(1), s.73", (("GB", "SCT"),)),
    "EISR": Rule("EISR", "EISR 2004 reg.5(2), reg.7(1)", (("GB", "SCT"),), LONG_OVERDUE_DAYS),
    "US-FOIA": Rule("US-FOIA", "5 U.S.C. 552(a)(6)(A)", (("US", None),)),
}
# nation -> (general regime, environmental regime)
NATIONS: dict[str, tuple[str, str]] = {
    "england": ("FOIA", "EIR"),
    "wales": ("FOIA", "EIR"),
    "northern ireland": ("FOIA", "EIR"),
    "scotland": ("FOISA", "EISR"),
    "united states": ("US-FOIA", "US-FOIA"),
}


def regime_for(nation: str | None, environmental: bool = False) -> str:
    """The law a body answers under (England's when its nation is unknown)."""
    general, env = NATIONS.get((nation or "").strip().lower(), NATIONS["england"])
    return env if environmental else general


def rule_for(regime: str) -> Rule:
    return RULES.get(regime, RULES["FOIA"])


@lru_cache(maxsize=256)
def _holidays(calendars: tuple[tuple[str, str | None], ...], year: int) -> frozenset[dt.date]:
    days: set[dt.date] = set()
    for country, subdiv in calendars:
        days.update(holidays.country_holidays(country, subdiv=subdiv, years=year).keys())
    return frozenset(days)


def is_working_day(day: dt.date, regime: str) -> bool:
    if day.weekday() >= 5:
        return False
    rule = rule_for(regime)
    if rule.regime != "US-FOIA" and day.month == 12 and day.day == 25:
        return False  # Christmas Day is named by every UK law, whatever the calendars say
    return day not in _holidays(rule.holidays_of, day.year)


def add_working_days(start: dt.date, days: int, regime: str) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself never counts)."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, regime):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, regime: str) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day, regime)
    return count


@dataclass(frozen=True)
class Deadlines:
    regime: str
    due: dt.date
    long_overdue_after: dt.date
    extended_due: dt.date | None = None
    """The latest lawful date if the body extends (EIR/EISR complex requests); else None."""

    def overdue(self, as_of: dt.date) -> bool:
        return as_of > self.due

    def long_overdue(self, as_of: dt.date) -> bool:
        return as_of > self.long_overdue_after


@lru_cache(maxsize=4096)
def deadlines(received: dt.date, regime: str) -> Deadlines:
    """When a reply to a request received on ``received`` under ``regime`` is due."""
    rule = rule_for(regime)
    return Deadlines(
        regime=rule.regime,
        due=add_working_days(received, DUE_DAYS, rule.regime),
        long_overdue_after=add_working_days(received, LONG_OVERDUE_DAYS, rule.regime),
        extended_due=add_working_days(received, rule.extended_days, rule.regime)
        if rule.extended_days
        else None,
    )
