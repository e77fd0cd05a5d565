"""Quantity cells of a register, read with the extractor's count parser so that a table gives
the same count in ``audit`` and in ``extract`` ("12", "1,790", "x4", "4 no.", "two", "c.990")."""

from __future__ import annotations

from functools import lru_cache

from custodes.extract.quantity import parse_quantity as read_count
from custodes.settings import AUDIT_MAX_QUANTITY


@lru_cache(maxsize=4096)
def parse_quantity(text: str) -> tuple[int | None, str | None]:
    """The quantity in a cell and, when it could not be read, why (the caller counts 1).

    A sign, a currency or a label ("-3", "£1,250", "Phase 2") is not a count.
    """
    value = text.strip()
    if not value:
        return None, "quantity is blank"
    found = read_count(value)
    if found is None:
        return None, f"quantity {value!r} is not a count"
    if found.value > AUDIT_MAX_QUANTITY:
        return None, f"quantity {found.value} is implausibly large"
    return found.value, None
