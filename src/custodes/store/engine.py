"""Opening a store: URL resolution, engine settings for safe concurrent writes, sessions.

SQLite is set to WAL with a busy timeout and every transaction starts with
``BEGIN IMMEDIATE``: two writers then queue for the lock instead of one failing with
"database is locked" half-way through when it upgrades a read lock to a write lock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from custodes.errors import StoreError

DEFAULT_DB = "custodes.db"
ENV_DB = "CUSTODES_DB"
ENV_BLOBS = "CUSTODES_BLOBS"
BUSY_TIMEOUT_MS = 60_000


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """``--db`` value, else ``$CUSTODES_DB``, else ``./custodes.db``; a path means SQLite."""
    raw = os.fspath(db) if db is not None else os.environ.get(ENV_DB) or DEFAULT_DB
    if "://" in raw:
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"


def default_blobdir(url: str) -> Path:
    """Blobs sit next to a SQLite file (``x.db`` -> ``x.blobs/``); elsewhere from the env."""
    env = os.environ.get(ENV_BLOBS)
    if env:
        return Path(env)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(str(parsed.database))
        return path.with_name(path.stem + ".blobs")
    return Path("custodes.blobs").resolve()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # let the begin hook below issue BEGIN itself
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a bad URL or missing driver is a StoreError, not a traceback."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, SQLAlchemyError, ImportError, OSError) as exc:
        raise StoreError(f"cannot open database {url!r}: {exc}") from exc


@dataclass
class Store:
    """An open store: the engine, a session factory and the blob folder."""

    url: str
    engine: Engine
    blobdir: Path
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls everything back on any error."""
        with self._sessions() as session:
            try:
                with session.begin():
                    yield session
            except SQLAlchemyError as exc:
                raise StoreError(f"database error: {_first_line(exc)}") from exc

    def close(self) -> None:
        self.engine.dispose()


def insert_ignore(session: Session, model: type[Any], **values: Any) -> bool:
    """INSERT unless the row's unique key exists; True if this call inserted it.

    Safe under concurrent writers on both backends (ON CONFLICT DO NOTHING), unlike a
    check-then-insert, which races.
    """
    dialect = session.get_bind().dialect.name
    table = model.__table__
    if dialect == "postgresql":
        stmt: Any = pg_insert(table).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite_insert(table).values(**values).on_conflict_do_nothing()
    else:
        raise StoreError(f"unsupported database dialect {dialect!r}")
    key = list(table.primary_key.columns)
    return session.execute(stmt.returning(*key)).first() is not None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
