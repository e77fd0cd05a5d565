"""Campaign and audit reports as XLSX for council staff: one sheet per table.

Written through ``report.safe.write_xlsx``, so no cell is ever a formula or a link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from custodes.report.campaign_tables import Table
from custodes.report.safe import Sheet, write_xlsx


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return value


def write_tables_xlsx(path: Path, tables: Iterable[Table], about: Iterable[str] = ()) -> Path:
    sheets = [Sheet("About", ["about this report"], [[line] for line in about])]
    sheets += [Sheet(t.title, t.headers, ([_value(v) for v in row] for row in t.rows)) for t in tables]
    return write_xlsx(path, sheets)
