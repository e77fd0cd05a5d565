"""Programmatic Alembic upgrades: the schema lives in ``migrations/`` inside the package.

No alembic.ini is needed; ``migrate(url)`` is idempotent and is called whenever a
store is opened, so a database written by an older custodes is upgraded in place.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from custodes.errors import StoreError
from custodes.store.engine import make_engine

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x637573746F  # "custo": any fixed number shared by all custodes processes


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_engine(engine: Engine) -> None:
    """Bring the database behind ``engine`` to the newest schema, in one transaction.

    Concurrent openers of a fresh database queue on a lock (SQLite: BEGIN IMMEDIATE;
    PostgreSQL: a transaction-scoped advisory lock), so only the first one migrates.
    """
    try:
        if current_revision(engine) == head_revision():
            return
        cfg = alembic_config()
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            if MigrationContext.configure(conn).get_current_revision() == head_revision():
                return
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate database: {str(exc).splitlines()[0]}") from exc


def migrate(url: str) -> None:
    """Upgrade the database at ``url`` to the newest schema (creating it if empty)."""
    engine = make_engine(url)
    try:
        upgrade_engine(engine)
    finally:
        engine.dispose()
