"""JSON and JSON Lines registers: lists of objects become tables, lists of strings a column.

Accepted shapes: ``[{...}, ...]``; ``{"assets": [{...}, ...], ...}`` (one table per list);
``{"cam-1": {...}, ...}`` (one row per key); ``["DS-2CD2143G0-I", ...]``; and JSONL.
"""

from __future__ import annotations

import json
from typing import Any

from custodes.errors import InputError
from custodes.ingest import sniff, textcodec
from custodes.ingest.model import Document, Limits, Location, Row, Table
from custodes.ingest.registry import Reader, register
from custodes.ingest.tabular import cell_text, unique_headers


def _loads(text: str, limits: Limits, name: str) -> Any:
    """json.loads with the depth limit checked first (the parser recurses), and number
    literals longer than ``max_digits`` kept as the text they are (5,000 digits are no count,
    and converting them costs quadratic time)."""
    if sniff.json_too_deep(text, limits.max_json_depth):
        raise InputError(
            name, f"JSON nested more than {limits.max_json_depth} levels deep (limit max_json_depth)"
        )

    def number(kind: type[int] | type[float]) -> Any:
        return lambda literal: literal if len(literal) > limits.max_digits else kind(literal)

    return json.loads(text, parse_int=number(int), parse_float=number(float))


def _table(
    name: str, items: list[tuple[int, Any]], file: str, limits: Limits, *, by_line: bool = False
) -> Table:
    """Rows are numbered by item (1-based) or, for JSONL, by line."""
    if len(items) > limits.max_rows:
        raise InputError(file, f"{name}: more than {limits.max_rows} rows (limit max_rows)")
    keys: list[str] = []
    seen: set[str] = set()
    for _, item in items:
        for key in item if isinstance(item, dict) else ["description"]:
            if str(key) not in seen:
                seen.add(str(key))
                keys.append(str(key))
    warnings: list[str] = []
    headers = unique_headers(keys, warnings)
    rows = []
    for number, item in items:
        record = item if isinstance(item, dict) else {"description": item}
        values = {str(k): cell_text(v) for k, v in record.items()}
        loc = Location(line=number) if by_line else Location(row=number)
        cells = {h: values.get(k, "") for h, k in zip(headers, keys, strict=True)}
        rows.append(Row(number=number, cells=cells, location=loc))
    return Table(name=name, headers=headers, rows=rows, location=Location(), warnings=warnings, columns=[])


def _is_records(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) or not isinstance(v, list) for v in value)
    )


@register
class JsonReader(Reader):
    media_types = (sniff.JSON, sniff.JSONL)
    extensions = (".json", ".jsonl", ".ndjson")
    label = "JSON"

    def fill(self, doc: Document, limits: Limits, depth: int) -> None:
        text, _ = textcodec.decode(doc.data, doc.name)
        text = text.lstrip("\ufeff")
        if not text.strip():
            raise InputError(doc.name, "file is empty")
        try:
            value = _loads(text, limits, doc.name)
        except InputError:
            if "\n" not in text.strip():
                raise
            self._lines(doc, text, limits)
            return
        except ValueError as exc:
            if sniff.detect(doc.data, doc.name) == sniff.JSONL or "\n" in text.strip():
                self._lines(doc, text, limits)
                return
            raise InputError(doc.name, f"invalid JSON: {exc}") from None
        stem = doc.name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if _is_records(value):
            doc.tables.append(_table(stem, list(enumerate(value, 1)), doc.name, limits))
        elif isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            items = [(i, {"id": k, **v}) for i, (k, v) in enumerate(value.items(), 1)]
            doc.tables.append(_table(stem, items, doc.name, limits))
        elif isinstance(value, dict):
            for key, sub in value.items():
                if _is_records(sub):
                    doc.tables.append(_table(str(key), list(enumerate(sub, 1)), doc.name, limits))
        if not doc.tables:
            raise InputError(doc.name, "the JSON holds no list of records")

    def _lines(self, doc: Document, text: str, limits: Limits) -> None:
        items: list[tuple[int, Any]] = []
        bad: list[str] = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                items.append((number, _loads(line, limits, doc.name)))
            except (ValueError, InputError):
                bad.append(str(number))
        if not items:
            raise InputError(doc.name, "invalid JSON and no valid JSON lines")
        if bad:
            more = f" and {len(bad) - 10} more" if len(bad) > 10 else ""
            doc.warnings.append(f"lines that are not valid JSON skipped: {', '.join(bad[:10])}{more}")
        stem = doc.name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        doc.tables.append(_table(stem, items, doc.name, limits, by_line=True))
