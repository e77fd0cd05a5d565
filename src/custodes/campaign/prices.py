"""Unit price ranges for spend estimates: the KB's sourced table, or the user's own CSV.

Statistics turn "N devices stated" into a replacement-cost range only with prices whose
sources can be checked: the KB's ``prices.yaml`` (GBP, every figure sourced) by default, or
a CSV (``device_type,low,high``) the user brings. ``*`` prices any other device type.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from custodes.errors import InputError

PriceTable = Mapping[str, tuple[float, float]]
PriceSpec = PriceTable | Path | str | None


def kb_price_table(currency: str = "GBP") -> dict[str, tuple[float, float]]:
    """The KB's sourced price ranges in ``currency`` (empty if the KB has none)."""
    try:
        from custodes.kb import load_kb
    except ImportError:
        return {}
    prices: Any = getattr(load_kb(), "prices", [])
    return {p.device_type: (float(p.low), float(p.high)) for p in prices if p.currency == currency}


def read_price_table(path: Path) -> dict[str, tuple[float, float]]:
    """A CSV with ``device_type,low,high`` columns; a bad row names its number."""
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(str(path), f"cannot read price table: {exc}") from exc
    table: dict[str, tuple[float, float]] = {}
    for number, row in enumerate(rows, start=2):
        try:
            low, high = float(row["low"]), float(row["high"])
            kind = row["device_type"].strip()
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(str(path), f"row {number}: needs device_type, low, high") from exc
        if not kind or low < 0 or high < low:
            raise InputError(str(path), f"row {number}: needs a type and 0 <= low <= high")
        table[kind] = (low, high)
    if not table:
        raise InputError(str(path), "price table has no rows")
    return table


def resolve_prices(spec: PriceSpec) -> PriceTable | None:
    """``"kb"`` -> the KB table; a path -> that CSV; ``None``/``"none"`` -> no costing."""
    if spec is None or spec == "none":
        return None
    if spec == "kb":
        return kb_price_table() or None
    if isinstance(spec, str | Path):
        return read_price_table(Path(spec))
    return spec
