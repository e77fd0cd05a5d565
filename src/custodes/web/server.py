"""Running the app: open the store, make sure someone can log in, start uvicorn.

On a store with no accounts, ``serve`` creates ``admin`` with a random password and says
so once, so ``custodes serve --db build/demo/campaign.db`` works with one command.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from custodes.errors import InputError
from custodes.web.config import ROLES, Settings


def parse_user(spec: str) -> tuple[str, str]:
    name, _, role = spec.partition(":")
    role = role or "reviewer"
    if not name or role not in ROLES:
        raise InputError("--user", f"{spec!r} is not NAME:ROLE with ROLE one of {', '.join(ROLES)}")
    return name, role


def serve(
    db: str | os.PathLike[str] | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    public: bool = False,
    audits: Path | None = None,
    users: Sequence[str] = (),
    say: Callable[[str], None] = print,
    basis: str = "confirmed",
) -> None:
    """Serve the store at ``db`` until interrupted."""
    import uvicorn

    from custodes.campaign.stats import BASES

    if basis not in BASES:  # before the store is opened or any account made
        raise InputError("--basis", f"{basis!r} is not one of {', '.join(BASES)}")

    from custodes.campaign import open_campaign_store
    from custodes.web.app import create_app
    from custodes.web.users import add_user, count_users, new_password

    store = open_campaign_store(db)
    created = []
    for spec in users:
        name, role = parse_user(spec)
        password = new_password()
        add_user(store, name, password, role)
        created.append((name, role, password))
    if not public and count_users(store) == 0:
        password = new_password()
        add_user(store, "admin", password, "admin")
        created.append(("admin", "admin", password))
    settings = Settings(public=public, audits_dir=audits, basis=basis)
    app = create_app(store, settings)
    url = f"http://{host}:{port}/"
    say(f"custodes is serving {store.url} at {url}")
    if public:
        say("read-only public mode: no log-in, no reviews or uploads, no requester or reviewer names")
    for name, role, password in created:
        say(f"log in at {url}login as {name} ({role}) with password {password}  (shown once: note it)")
    if not public and not created:
        say("log in with an existing account; add one with --user NAME:ROLE")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()
