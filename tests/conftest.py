"""Suite-wide settings and fixtures.

In CI, hypothesis draws the same examples every run (no flaky red builds); on a developer's
machine it explores afresh each time. Every test that takes ``store`` or ``db_url`` runs on
SQLite and on PostgreSQL: a fresh database per run (``custodes_test_<random>``) and a fresh
schema per test, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings

from custodes.campaign import open_campaign_store
from custodes.store import Store

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    name = f"custodes_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):  # CI starts the server: a missing one is a failure there
            pytest.fail(f"PostgreSQL not reachable on 127.0.0.1:5432: {exc}")
        pytest.skip(f"PostgreSQL not reachable on 127.0.0.1:5432: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_schema_url(base: str) -> tuple[str, str]:
    schema = f"s_{secrets.token_hex(4)}"
    with psycopg.connect(base.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return schema, f"{base}?options=-csearch_path%3D{schema}"


def drop_schema(base: str, schema: str) -> None:
    with psycopg.connect(base.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for an empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'custodes.db'}"
        return
    base = request.getfixturevalue("pg_database")
    schema, url = pg_schema_url(base)
    yield url
    drop_schema(base, schema)


@pytest.fixture
def store(db_url: str, tmp_path: Path) -> Iterator[Store]:
    opened = open_campaign_store(db_url, blobdir=tmp_path / "blobs")
    yield opened
    opened.close()
