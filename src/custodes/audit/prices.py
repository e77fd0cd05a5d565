"""Unit replacement prices by device type: the one price system, for audits and campaigns.

The KB's sourced table (currency, basis, source URLs) or the user's own; a device type
without a price of its own is priced as its parent type (a ptz-camera as a camera).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import yaml

from custodes.errors import InputError
from custodes.kb.loader import KBData, read_vocab, safe_load

DEVICE_TYPES = frozenset(read_vocab("device_types.txt"))


@dataclass(frozen=True, slots=True)
class PriceRange:
    device_type: str
    low: float
    high: float
    currency: str
    basis: str
    sources: tuple[str, ...]


def kb_prices(kb: KBData) -> list[PriceRange]:
    return [
        PriceRange(
            p.device_type,
            p.low,
            p.high,
            p.currency,
            p.basis,
            tuple(kb.sources[s].url for s in p.sources if s in kb.sources),
        )
        for p in kb.prices
    ]


def read_prices(path: Path) -> list[PriceRange]:
    """A user price table: CSV/TSV with device_type,low,high,currency[,basis] or YAML ``prices:``."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(name, f"cannot read price table: {exc}") from exc
    if not text.strip():
        raise InputError(name, "price table is empty")
    rows: list[dict[str, object]]
    if path.suffix.lower() in {".yaml", ".yml"}:
        try:
            data = safe_load(text)
        except yaml.YAMLError as exc:
            raise InputError(name, f"not a YAML price table: {str(exc).splitlines()[0]}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("prices"), list):
            raise InputError(name, "a YAML price table needs a top-level 'prices:' list")
        rows = [r for r in data["prices"] if isinstance(r, dict)]
    else:
        dialect = "excel-tab" if "\t" in text.splitlines()[0] else "excel"
        rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    out = []
    for i, row in enumerate(rows, start=2):
        try:
            low, high = float(str(row["low"])), float(str(row["high"]))
            device_type = str(row["device_type"]).strip()
            currency = str(row.get("currency") or "GBP").strip().upper()
        except (KeyError, ValueError) as exc:
            raise InputError(name, f"row {i}: needs device_type, low and high numbers ({exc})") from exc
        if not (math.isfinite(low) and math.isfinite(high)) or low < 0 or high < low:
            raise InputError(name, f"row {i}: low and high must be numbers with 0 <= low <= high")
        if device_type not in DEVICE_TYPES:
            raise InputError(
                name, f"row {i}: device type {device_type!r} is not one of {', '.join(sorted(DEVICE_TYPES))}"
            )
        basis = str(row.get("basis") or "user-supplied unit price")
        out.append(PriceRange(device_type, low, high, currency, basis, (f"user price table {path.name}",)))
    if not out:
        raise InputError(name, "price table has no rows")
    return out


def price_for(
    prices: list[PriceRange], device_type: str | None, parents: dict[str, str], currency: str | None
) -> PriceRange | None:
    """The price for a device type, else for its parent type (a ptz-camera is priced as a camera)."""
    node = device_type
    while node is not None:
        for price in prices:
            if price.device_type == node and (currency is None or price.currency == currency):
                return price
        node = parents.get(node)
    return None


def resolve_prices(spec: list[PriceRange] | Path | str | None, kb: KBData) -> list[PriceRange] | None:
    """A price spec as the commands take it: ``"kb"`` the KB's sourced table, a path a user
    table (:func:`read_prices`), ``None`` or ``"none"`` no costing; a list is used as given."""
    if spec is None or spec == "none":
        return None
    if spec == "kb":
        return kb_prices(kb) or None
    if isinstance(spec, str | Path):
        return read_prices(Path(spec))
    return spec
