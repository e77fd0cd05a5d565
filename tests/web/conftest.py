"""A web app on the small test campaign, with one account per role, and a logged-in client."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from custodes.store import Store
from custodes.web import Settings, create_app
from custodes.web.users import add_user
from report.campaign_case import build_case

PASSWORD = "correct horse battery"
BASE = "http://custodes.test"


@pytest.fixture
def case_store(store: Store, tmp_path: Path) -> Store:
    build_case(store, tmp_path)
    return store


def make_app(store: Store, **settings: object) -> object:
    app = create_app(store, Settings(upload_dir=None, **settings))  # type: ignore[arg-type]
    for name, role in (("vera", "viewer"), ("rita", "reviewer"), ("adam", "admin")):
        add_user(store, name, PASSWORD, role)
    return app


@pytest.fixture
def app(case_store: Store) -> object:
    return make_app(case_store)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def client(app: object) -> httpx.AsyncClient:
    """An in-process client: requests go straight to the ASGI app, no socket."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)  # type: ignore[arg-type]


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]*)"', html)
    assert found, "page has no CSRF token"
    return found.group(1)


async def login(c: httpx.AsyncClient, name: str, password: str = PASSWORD) -> httpx.Response:
    page = await c.get("/login")
    data = {"username": name, "password": password, "csrf_token": csrf_of(page.text)}
    return await c.post("/login", data=data)


@pytest.fixture
async def as_reviewer(app: object) -> AsyncIterator[httpx.AsyncClient]:
    async with client(app) as c:
        assert (await login(c, "rita")).status_code == 303
        yield c
