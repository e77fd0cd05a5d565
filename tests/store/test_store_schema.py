"""The migrations build exactly the models' schema, on both backends, and run idempotently."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from custodes.errors import StoreError
from custodes.store import Store, migrate, open_store, resolve_url
from custodes.store.engine import make_engine
from custodes.store.migrate import alembic_config, current_revision, head_revision
from custodes.store.models import Base

TABLES = {
    "bodies", "aliases", "body_sets", "campaigns", "requests", "request_events", "documents",
    "request_documents", "claims", "claim_reviews", "findings", "web_users",
}  # fmt: skip


def test_migrations_match_models(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()
    assert set(inspect(store.engine).get_table_names()) >= TABLES
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrate_is_idempotent(db_url: str) -> None:
    migrate(db_url)
    migrate(db_url)
    reopened = open_store(db_url)
    try:
        assert current_revision(reopened.engine) == head_revision()
    finally:
        reopened.close()


def test_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUSTODES_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'custodes.db'}"
    monkeypatch.setenv("CUSTODES_DB", str(tmp_path / "env.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_blobs_sit_next_to_a_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUSTODES_BLOBS", raising=False)
    opened = open_store(tmp_path / "x.db")
    try:
        assert opened.blobdir == tmp_path / "x.blobs"
    finally:
        opened.close()


@pytest.mark.parametrize("url", ["nosuchdriver://x/y", "postgresql+nosuchdriver://u@h/db"])
def test_bad_url_is_a_store_error(url: str) -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        open_store(url)


def test_claims_stored_before_0002_become_proposed_and_current(db_url: str) -> None:
    """A database written by the previous release keeps its claims, now under the one model."""
    engine = make_engine(db_url)
    try:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO documents (sha256, file_name, media_type, size, blob_path, created_at) "
                "VALUES (:s, 'a.pdf', 'application/pdf', 1, 'x', '2026-01-01')"
            ), {"s": "a" * 64})  # fmt: skip
            conn.execute(text(
                "INSERT INTO claims (document, file, location, quote, status, capabilities, "
                "refusal_sections, confidence, extracted_at) VALUES (:s, 'a.pdf', '{\"page\": 1}', "
                "'We have 4 cameras', 'owned', '[]', '[]', 0.5, '2026-01-01')"
            ), {"s": "a" * 64})  # fmt: skip
    finally:
        engine.dispose()
    migrate(db_url)
    reopened = open_store(db_url)
    try:
        with reopened.engine.connect() as conn:
            row = conn.execute(text("SELECT review, period, key, about_body FROM claims")).one()
        assert tuple(row) == ("proposed", "current", None, None)
    finally:
        reopened.close()


def test_accounts_made_before_the_migration_are_kept(db_url: str) -> None:
    """Stores where `custodes serve` once made `web_users` itself come to the newest
    schema with their accounts intact."""
    from alembic import command
    from argon2 import PasswordHasher

    from custodes.web.users import authenticate

    engine = make_engine(db_url)
    try:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
            conn.execute(
                text(
                    "CREATE TABLE web_users (id INTEGER PRIMARY KEY, username VARCHAR(100) NOT NULL "
                    "UNIQUE, password_hash VARCHAR(200) NOT NULL, role VARCHAR(20) NOT NULL, "
                    "created_at TIMESTAMP NOT NULL)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO web_users (id, username, password_hash, role, created_at) "
                    "VALUES (1, 'rita', :h, 'reviewer', '2026-11-30 09:00:00')"
                ),
                {"h": PasswordHasher().hash("a long enough password")},
            )
    finally:
        engine.dispose()
    store = open_store(db_url)
    try:
        assert current_revision(store.engine) == head_revision()
        user = authenticate(store, "rita", "a long enough password")
        assert user is not None and user.role == "reviewer"
    finally:
        store.close()
