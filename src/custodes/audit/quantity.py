"""Quantities as registers write them: 12, "1,790", "x4", "4 no.", "two", "12.0"."""

from __future__ import annotations

import re

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a": 1,
    "an": 1,
    "single": 1,
    "pair": 2,
}
_NUMBER = re.compile(
    r"(?<![\w.])x?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?\s*(?:x|no\.?|nos\.?|units?|pcs?)?(?![\w.])",
    re.I,
)
MAX_QUANTITY = 1_000_000
_NOT_A_COUNT = re.compile(r"^[-+]|[£$€]|\b(?:phase|stage|zone|block|level|floor|year|ref)\b")
_APPROX = re.compile(r"^(?:approx\.?|approximately|about|around|c\.|ca\.?|circa|~)\s*\d")


def parse_quantity(text: str) -> tuple[int | None, str | None]:
    """The quantity in a cell and, when it could not be read, why (the caller counts 1).

    A cell is a number, perhaps with a marker ("x4", "4 no.", "1,790"), or a word ("two").
    Longer text is read only when short ("approx 20"); a sign, a currency or a year-like
    label ("Phase 2", "-3", "£1,250") is not a count.
    """
    value = text.strip().lower()
    if not value:
        return None, "quantity is blank"
    if value in _WORDS:
        return _WORDS[value], None
    if _NOT_A_COUNT.search(value):
        return None, f"quantity {text.strip()!r} is not a count"
    match = _NUMBER.fullmatch(value)
    if match is None and len(value) <= 12 and _APPROX.match(value):
        match = _NUMBER.search(value)
    if match is None:
        return None, f"quantity {text.strip()!r} is not a number"
    number = int(match.group(1).replace(",", ""))
    if number > MAX_QUANTITY:
        return None, f"quantity {number} is implausibly large"
    return number, None
