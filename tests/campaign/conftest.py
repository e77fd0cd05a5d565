"""Store fixtures: every test that takes ``store`` runs on SQLite and on PostgreSQL.

PostgreSQL tests use a fresh database per run (``custodes_test_<random>``) and a fresh
schema per test, dropped afterwards; they are skipped with a reason if no server answers.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import psycopg
import pytest

from custodes.campaign import open_campaign_store
from custodes.store import Store

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    name = f"custodes_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
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


def parse_claim_lines(path: Path) -> list[dict[str, object]]:
    """A tiny extractor for test answers, one claim per line:

    ``status|manufacturer|model|quantity|device_type|cap:level,cap:level|s.31,s.24``

    Blank fields are null; lines starting with '#' are prose the extractor ignores.
    """
    claims: list[dict[str, object]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = (line.split("|") + [""] * 7)[:7]
        status, maker, model, qty, dtype, caps, sections = (p.strip() for p in parts)
        capabilities = [{"name": c.split(":")[0], "level": c.split(":")[1]} for c in caps.split(",") if c]
        claims.append(
            {
                "file": path.name,
                "location": {"line": number},
                "quote": line,
                "status": status,
                "manufacturer": maker or None,
                "brand_text": maker or None,
                "model": model or None,
                "quantity": int(qty) if qty else None,
                "quantity_text": qty or None,
                "device_type": dtype or None,
                "capabilities": capabilities,
                "refusal_sections": [s for s in sections.split(",") if s],
                "confidence": 0.9,
            }
        )
    return claims


RESTRICTED = {"hikvision", "dahua"}


def ndaa_audit(claim: Mapping[str, object]) -> list[dict[str, object]]:
    """A one-rule policy stand-in: NDAA s.889 names Hikvision and Dahua."""
    if claim.get("manufacturer") in RESTRICTED:
        return [
            {
                "pack": "us-ndaa-889",
                "rule": "named-entity",
                "severity": "high",
                "effective": "2019-08-13",
                "citation": "Pub. L. 115-232, s.889",
                "why": f"{claim['manufacturer']} is named in s.889(f)(3)(A)",
            }
        ]
    return []


@pytest.fixture
def extractor() -> Callable[[Path], list[dict[str, object]]]:
    return parse_claim_lines


@pytest.fixture
def auditor() -> Callable[[Mapping[str, object]], list[dict[str, object]]]:
    return ndaa_audit
