"""Helpers shared by the web tests: an app with one account per role, log-in, CSRF token."""

from __future__ import annotations

import re

import httpx

from custodes.store import Store
from custodes.web import Settings, create_app
from custodes.web.users import add_user

PASSWORD = "correct horse battery"
BASE = "http://custodes.test"


def make_app(store: Store, **settings: object) -> object:
    app = create_app(store, Settings(upload_dir=None, **settings))  # type: ignore[arg-type]
    for name, role in (("vera", "viewer"), ("rita", "reviewer"), ("adam", "admin")):
        add_user(store, name, PASSWORD, role)
    return app


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
