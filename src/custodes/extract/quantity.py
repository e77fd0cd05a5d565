"""Find how many of something an answer states: "47", "over 1,500", "c.990", "99% of 557", "two".

FOI answers rarely give a bare integer. The parser keeps the words it read (``text``)
next to the integer it derived (``value``), so a reader can always see that "over 1,500"
became 1500. Numbers that are not counts -- section numbers, question numbers, years,
dates, model numbers, lens sizes, percentages on their own -- are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "nil": 0, "none": 0, "no": 0,
    "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000}

_HEDGE = (
    r"(?:(?:approximately|approx\.?|around|about|roughly|circa|ca\.|c\.|c|~|"
    r"over|more\s+than|in\s+excess\s+of|under|fewer\s+than|less\s+than|"
    r"up\s+to|at\s+least|almost|nearly|some)\s*)"
)
_NUM = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_WORDNUM = (
    r"(?:(?:" + "|".join(list(_TENS) + [u for u in _UNITS if u not in {"no", "none", "nil"}])
    + r")(?:[\s-]+(?:and\s+)?(?:" + "|".join(list(_TENS) + list(_UNITS) + list(_SCALES))
    + r"))*|a\s+dozen|a\s+hundred)"
)  # fmt: skip

_PERCENT_OF = re.compile(
    rf"(?<![\w.])(?P<pct>\d+(?:\.\d+)?)\s*(?:%|per\s*cent|percent)\s+of\s+(?:the\s+|our\s+)?"
    rf"(?P<base>{_NUM})(?![\w%])",
    re.IGNORECASE,
)
_TIMES = re.compile(r"(?<![\w.-])[x×]\s?(?P<n>\d{1,6})(?![\w.%/:-])", re.IGNORECASE)
_NO_SUFFIX = re.compile(
    r"(?<![\w.-])(?P<n>\d{1,6})\s?(?:no\.|nr\.?|nos\.?|off\b|x\b|×)(?![\w-])", re.IGNORECASE
)
_PLAIN = re.compile(
    rf"(?<![\w.,/:£$€#-])(?P<hedge>{_HEDGE})?(?P<n>{_NUM})(?![\w%°/:-]|[.,]\d)",
    re.IGNORECASE,
)
_WORDS = re.compile(rf"\b(?P<hedge>{_HEDGE})?(?P<w>{_WORDNUM})\b", re.IGNORECASE)

# What may follow a number and makes it not a count.
_NOT_COUNT_AFTER = re.compile(
    r"\s*(?:mm|mp|m\b|metres?|meters?|km|miles?|ft|feet|fps|tb|gb|kb|mb|days?|hours?|hrs?|"
    r"minutes?|mins?|seconds?|secs?|weeks?|months?|years?|yrs?|am\b|pm\b|p\b|k\b|%|per\s*cent|"
    r"percent|degrees?|°|st\b|nd\b|rd\b|th\b|january|february|march|april|may\b|june|july|"
    r"august|september|october|november|december|jan\b|feb\b|mar\b|apr\b|jun\b|jul\b|aug\b|"
    r"sep\b|sept\b|oct\b|nov\b|dec\b|\)|working\s+days)(?![a-z])",  # "3 Milestone" is a count
    re.IGNORECASE,
)
# What may precede a number and makes it a reference, not a count.
_NOT_COUNT_BEFORE = re.compile(
    r"(?:(?<!\w)(?:section|sections|s\.|s|regulation|reg\.?|article|art\.?|paragraph|para\.?|"
    r"question|questions|q|item|part|schedule|page|tel\.?|telephone|phone|ref\.?|reference|no\.|"
    r"version|v|rev\.?|level|floor|unit|room|route|junction|ip|port|chapter|annex|appendix|"
    r"option|point|step|phase|zone|camera|cam|ward|act)|[£$€(#])\s*$",
    re.IGNORECASE,
)
# "sections 24 and 31", "questions 2 and 3": every number in the list is a reference.
_REF_LIST = re.compile(
    r"(?<!\w)(?:sections?|s\.|regulations?|questions?|q|paragraphs?)\s*\d+[\w()]*"
    r"(?:\s*(?:,|and|&|or|to)\s*(?:s\.|q)?\s*\d+[\w()]*)*",
    re.IGNORECASE,
)
_DATEISH = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count found in text: the integer, the words it came from, and where they are."""

    value: int
    text: str
    start: int
    end: int
    approximate: bool = False


def words_to_int(words: str) -> int | None:
    """ "twenty-five" -> 25, "one hundred and twelve" -> 112, "a dozen" -> 12; else None."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower().strip()) if t and t != "and"]
    if tokens == ["a", "dozen"]:
        return 12
    if tokens and tokens[0] == "a":
        tokens[0] = "one"
    total = current = 0
    seen = False
    for tok in tokens:
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok in _SCALES:
            current = max(current, 1) * _SCALES[tok]
            if _SCALES[tok] >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


MAX_DIGITS = 15
"""A run of more digits is a reference or an identifier, never a count of equipment (and
Python refuses to convert runs over 4,300 digits)."""


def _count(digits: str) -> int | None:
    """``digits`` (with thousands commas) as a count, or None when it is too long to be one."""
    plain = digits.replace(",", "")
    if len(plain) > MAX_DIGITS or not plain.isdigit():
        return None
    return int(plain)


def _to_int(num: str) -> int | None:
    num = num.replace(",", "")
    if len(num.split(".")[0]) > MAX_DIGITS:
        return None
    try:
        value = float(num)
    except ValueError:
        return None
    if value != int(value):
        return None
    return int(value)


_NOUN_PAREN = re.compile(r"(?<![\d(])\b[A-Za-z]{3,}\s*\(\s*$")
_REFERENCE_NOUN = re.compile(
    r"\b(?:sections?|regulations?|paragraphs?|questions?|pages?|schedules?|parts?|articles?|"
    r"annex|appendix|items?|notes?|clauses?)\s*\(\s*$",
    re.IGNORECASE,
)


_COUNTS_IN_BRACKETS = re.compile(
    r"(?:\s*(?:,|and|&)\s*\d{1,3}(?:,\d{3})*)*(?:\s+(?:respectively|in\s+total|in\s+all|"
    r"altogether|units|no\.?))?\s*\)",
    re.IGNORECASE,
)
_HEDGE_AT_END = re.compile(rf"(?:{_HEDGE}|(?:quantity|qty|total|number)\s*:?\s*)$", re.IGNORECASE)


def _is_reference(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 14) : start]
    after = text[end : end + 16]
    bare = _HEDGE_AT_END.sub("", text[max(0, start - 40) : start])  # "which (around 300)"
    if (
        _NOUN_PAREN.search(bare)
        and not _REFERENCE_NOUN.search(before)
        and _COUNTS_IN_BRACKETS.match(text, end)
    ):
        # "the cameras (81) are Hikvision", "cameras (37 and 11 respectively)": counts
        return False
    if _NOT_COUNT_BEFORE.search(before):
        return True
    return bool(_NOT_COUNT_AFTER.match(after))


_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|since|from|during|until|till|by|between|and|to|year|of|early|late|mid|summer|"
    r"winter|spring|autumn)|[-–/])\s*$",
    re.IGNORECASE,
)
_PLURAL_AFTER = re.compile(r"\s+(?:[a-z-]+\s+){0,2}[A-Za-z-]{2,}s\b")


def _is_year(value: int, text: str, start: int, end: int) -> bool:
    """1950..2099 reads as a year unless a plural noun follows ("1950 cameras")."""
    if not 1950 <= value <= 2099:
        return False
    if _YEAR_BEFORE.search(text[max(0, start - 12) : start]):
        return True
    return not _PLURAL_AFTER.match(text[end : end + 40])


def find_quantities(text: str) -> list[Quantity]:
    """Every count in ``text``, left to right; overlapping readings keep the longest."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(q: Quantity) -> None:
        if free(q.start, q.end):
            found.append(q)
            taken.append((q.start, q.end))

    for d in _DATEISH.finditer(text):
        taken.append((d.start(), d.end()))
    for r in _REF_LIST.finditer(text):
        taken.append((r.start(), r.end()))
    for m in _PERCENT_OF.finditer(text):
        base = _to_int(m.group("base"))
        if base is not None:
            pct = float(m.group("pct"))
            add(Quantity(round(pct / 100 * base), m.group(0), m.start(), m.end(), True))
    for m in _TIMES.finditer(text):
        if (n := _count(m.group("n"))) is not None:
            add(Quantity(n, m.group(0), m.start(), m.end()))
    for m in _NO_SUFFIX.finditer(text):
        if (n := _count(m.group("n"))) is not None:
            add(Quantity(n, m.group(0).strip(), m.start(), m.end()))
    for m in _PLAIN.finditer(text):
        value = _to_int(m.group("n"))
        n_start = m.start("n")
        if value is None or _is_reference(text, n_start, m.end()):
            continue
        if "," not in m.group("n") and _is_year(value, text, n_start, m.end()):
            continue
        hedge = (m.group("hedge") or "").strip()
        start = m.start() if hedge else n_start
        add(Quantity(value, text[start : m.end()], start, m.end(), bool(hedge)))
    for m in _WORDS.finditer(text):
        value = words_to_int(m.group("w"))
        if value is None or _is_reference(text, m.start("w"), m.end()):
            continue
        hedge = (m.group("hedge") or "").strip()
        start = m.start() if hedge else m.start("w")
        add(Quantity(value, text[start : m.end()], start, m.end(), bool(hedge)))
    found.sort(key=lambda q: q.start)
    return found


def parse_quantity(text: str) -> Quantity | None:
    """The first count in a short text such as a table cell ("c.990", "12 no.", "Two")."""
    stripped = text.strip()
    if not stripped:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", stripped):
        n = _count(stripped)
        return None if n is None else Quantity(n, stripped, 0, len(stripped))
    found = find_quantities(stripped)
    return found[0] if found else None
