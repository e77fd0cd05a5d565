"""Spark adapter (optional extra ``custodes[spark]``): ``mapInPandas`` over the pure batch function.

df = spark.read.text("banners.jsonl").withColumnRenamed("value", "record")
resolved = resolve_spark(df)
"""

from __future__ import annotations

from typing import Any

from custodes.bulk.batch import COLUMNS, resolve_batches

SCHEMA = ", ".join(f"{c} {'double' if c == 'confidence' else 'string'}" for c in COLUMNS)
"""The output schema in Spark's DDL form."""


def resolve_spark(frame: Any) -> Any:
    """A Spark DataFrame with a ``record`` or ``text`` column, resolved on the executors."""
    return frame.mapInPandas(resolve_batches, schema=SCHEMA)
