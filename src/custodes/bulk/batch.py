"""The resolver as a pure batch function: a pandas batch in, a pandas batch out.

Engines (Dask, Spark, the single process) only move batches; every answer comes from
:func:`resolve_batch`, so any engine gives the single process's answers. A batch holds
either raw JSON records (column ``record``: Shodan, Censys, Sonar or runZero shapes,
resolved like ``custodes import-scan``) or plain text (column ``text``: a banner, a model,
a register cell, resolved like ``custodes resolve``). A record that cannot be read becomes
a row with ``reject`` set and the raw record kept, never a dropped row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pandas as pd

from custodes.resolve import default_resolver
from custodes.scan.identify import identify_all
from custodes.scan.imports import parse_record
from custodes.scan.rejects import Reject

TEXT_COLUMNS = (
    "ip",
    "manufacturer",
    "manufacturer_name",
    "brand",
    "model",
    "device_type",
    "evidence",
    "reject",
    "record",
)
COLUMNS = (*TEXT_COLUMNS[:6], "confidence", *TEXT_COLUMNS[6:])


def empty() -> pd.DataFrame:
    """The output schema (Dask's ``meta``): text columns and a float confidence."""
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in TEXT_COLUMNS})
    frame["confidence"] = pd.Series(dtype="float64")
    return frame[list(COLUMNS)]


def _row(**values: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(TEXT_COLUMNS)
    row["confidence"] = 0.0
    row.update(values)
    return row


def _from_record(raw: str) -> list[dict[str, Any]]:
    parsed = parse_record(raw.encode("utf-8", "replace"), "batch", "record")
    if isinstance(parsed, Reject):
        return [_row(reject=parsed.reason, record=raw)]
    hosts = identify_all(parsed, with_findings=False)
    if not hosts:
        return [_row(reject="the record holds no banner, product or name to resolve", record=raw)]
    return [
        _row(
            ip=h.address,
            manufacturer=h.manufacturer,
            manufacturer_name=h.manufacturer_name,
            brand=h.brand,
            model=h.model,
            device_type=h.device_type,
            confidence=round(h.confidence, 3),
            evidence=orjson.dumps([c.to_dict() for c in h.conclusions]).decode(),
        )
        for h in hosts
    ]


def _from_text(text: str) -> dict[str, Any]:
    resolution = default_resolver().resolve(text)
    device = resolution.device
    return _row(
        manufacturer=device.manufacturer,
        manufacturer_name=device.manufacturer_name,
        brand=device.brand,
        model=device.model,
        device_type=device.device_type,
        confidence=round(device.confidence, 3),
        evidence=orjson.dumps([e.to_dict() for e in device.evidence]).decode(),
        record=text if not resolution.resolved else None,
    )


def resolve_batch(batch: pd.DataFrame) -> pd.DataFrame:
    """Resolve every row of ``batch`` (column ``record`` or ``text``); one output row per host."""
    rows: list[dict[str, Any]] = []
    if "record" in batch.columns:
        for raw in batch["record"]:
            if raw is None or (isinstance(raw, float) and pd.isna(raw)):
                rows.append(_row(reject="an empty record", record=""))
            elif str(raw).strip():
                rows.extend(_from_record(str(raw)))
    elif "text" in batch.columns:
        for text in batch["text"]:
            rows.append(
                _from_text("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text))
            )
    else:
        raise ValueError(
            f"a batch needs a 'record' or 'text' column; it has {', '.join(map(str, batch.columns))}"
        )
    if not rows:
        return empty()
    data = {c: pd.Series([r[c] for r in rows], dtype="object") for c in TEXT_COLUMNS}
    data["confidence"] = pd.Series([r["confidence"] for r in rows], dtype="float64")
    return pd.DataFrame(data)[list(COLUMNS)]


def resolve_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """For Spark's ``mapInPandas``: an iterator of batches in, one out."""
    for batch in batches:
        yield resolve_batch(batch)
