"""Web test fixtures: the small test campaign, an app on it, a logged-in reviewer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from custodes.store import Store
from report.campaign_case import build_case
from web.webcase import client, login, make_app


@pytest.fixture
def case_store(store: Store, tmp_path: Path) -> Store:
    build_case(store, tmp_path)
    return store


@pytest.fixture
def app(case_store: Store) -> object:
    return make_app(case_store)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def as_reviewer(app: object) -> AsyncIterator[httpx.AsyncClient]:
    async with client(app) as c:
        assert (await login(c, "rita")).status_code == 303
        yield c
