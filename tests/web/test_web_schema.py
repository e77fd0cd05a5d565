"""Schemathesis against the OpenAPI document: generated requests, logged in as a reviewer,
must get documented statuses and bodies and never a server error (bounded examples)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from custodes.store import Store
from custodes.web.security import COOKIE, Sessions
from custodes.web.users import User
from web.webcase import make_app


@pytest.fixture
def api_schema(case_store: Store) -> Any:
    if case_store.dialect != "sqlite":
        pytest.skip("the API contract does not depend on the database")
    app = make_app(case_store)
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


@pytest.fixture
def auth(api_schema: Any) -> dict[str, str]:
    """A reviewer's session, signed by the app's own session signer (as a log-in would)."""
    sessions = api_schema.app.state.custodes.sessions
    session = Sessions.fresh(User("rita", "reviewer"))
    return {"Cookie": f"{COOKIE}={sessions.dump(session)}", "X-CSRF-Token": session.csrf}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_api_contract(api_schema: Any, auth: dict[str, str]) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: Any) -> None:
            case.call_and_validate(headers=auth)

        check()
