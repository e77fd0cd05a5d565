"""A read-only view of the store for serving pages, so readers never queue behind writers.

The store opens every SQLite transaction with ``BEGIN IMMEDIATE`` (right for writers: no
upgrade deadlocks), which also makes every *read* take the write lock: twenty browsers
reading a campaign would queue one by one. In WAL mode readers need no lock, so the web
app reads through a second engine that begins plain transactions and is ``query_only``.
PostgreSQL needs nothing of the kind: the same store is returned.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url

from custodes.store import Store
from custodes.store.engine import BUSY_TIMEOUT_MS


def _pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def read_only(store: Store) -> Store:
    if make_url(store.url).get_backend_name() != "sqlite":
        return store
    engine = create_engine(
        store.url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )
    event.listen(engine, "connect", _pragmas)
    return Store(url=store.url, engine=engine, blobdir=store.blobdir)
