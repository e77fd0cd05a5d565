"""The custodes store: SQLite by default, PostgreSQL by URL, migrated on open.

``open_store(db)`` resolves ``db`` (a path, a URL, ``$CUSTODES_DB`` or ``./custodes.db``),
upgrades the schema with Alembic and returns a :class:`Store`.
"""

from __future__ import annotations

import os
from pathlib import Path

from custodes.store.engine import Store, default_blobdir, make_engine, resolve_url
from custodes.store.migrate import migrate, upgrade_engine

__all__ = ["Store", "migrate", "open_store", "resolve_url"]


def open_store(
    db: str | os.PathLike[str] | None = None, blobdir: str | os.PathLike[str] | None = None
) -> Store:
    """Open (creating and migrating if needed) the store at ``db``."""
    url = resolve_url(db)
    engine = make_engine(url)
    try:
        upgrade_engine(engine)
    except BaseException:
        engine.dispose()
        raise
    blobs = Path(blobdir) if blobdir is not None else default_blobdir(url)
    return Store(url=url, engine=engine, blobdir=blobs)
