"""Bulk resolution on an engine the user already runs (Dask; Spark as an optional extra).

The resolver is a pure batch function (:func:`resolve_batch`); the engines are adapters.
"""

from custodes.bulk.batch import COLUMNS, resolve_batch, resolve_batches
from custodes.bulk.engines import BulkResult, resolve_file

__all__ = ["COLUMNS", "BulkResult", "resolve_batch", "resolve_batches", "resolve_file"]
