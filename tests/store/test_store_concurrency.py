"""Two writers at once (threads, and processes on SQLite) corrupt nothing and lose nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import func, select, text

from custodes.campaign import mark_sent, new_campaign, open_campaign_store, set_state
from custodes.campaign.letters import default_template
from custodes.campaign.responses import attach
from custodes.store import Store
from custodes.store.models import Body, Document, RequestDocument, RequestEvent

SENT = dt.date(2026, 1, 5)
LONDON = [
    "Barnet", "Brent", "Camden", "Croydon", "Ealing", "Enfield", "Hackney", "Harrow",
    "Islington", "Lambeth", "Lewisham", "Merton", "Newham", "Southwark", "Sutton", "Wandsworth",
]  # fmt: skip


def no_claims(path: Path) -> list[dict[str, object]]:
    return []


def _campaign(store: Store) -> None:
    new_campaign(store, "c", LONDON, default_template())
    mark_sent(store, "c", SENT)


def test_two_threads_write_at_once(store: Store, tmp_path: Path) -> None:
    _campaign(store)
    shared = tmp_path / "shared-answer.txt"
    shared.write_text("the same reply sent to two councils\n")
    errors: list[BaseException] = []

    def worker(bodies: list[str]) -> None:
        own = open_campaign_store(store.url, blobdir=store.blobdir)
        try:
            for body in bodies:
                attach(own, "c", body, [shared], SENT + dt.timedelta(days=3), extract=no_claims)
                set_state(own, "c", body, "successful", SENT + dt.timedelta(days=4))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=worker, args=(LONDON[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1
        assert session.scalar(select(func.count()).select_from(RequestDocument)) == len(LONDON)
        # created + sent + response + status_update per request
        assert session.scalar(select(func.count()).select_from(RequestEvent)) == 4 * len(LONDON)
        if store.dialect == "sqlite":
            assert session.scalar(text("PRAGMA integrity_check")) == "ok"


SCRIPT = """
import datetime as dt, sys
from custodes.campaign import open_campaign_store, set_state
store = open_campaign_store(sys.argv[1])
for body in sys.argv[2:]:
    set_state(store, "c", body, "rejected", dt.date(2026, 1, 20), note="from a process")
"""


def test_two_processes_write_one_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    store = open_campaign_store(db)
    try:
        _campaign(store)
        procs = [subprocess.Popen([sys.executable, "-c", SCRIPT, str(db), *LONDON[i::2]]) for i in range(2)]
        assert [p.wait(timeout=120) for p in procs] == [0, 0]
        with store.transaction() as session:
            rejected = select(func.count()).where(RequestEvent.state == "rejected")
            assert session.scalar(rejected) == len(LONDON)
            assert session.scalar(text("PRAGMA integrity_check")) == "ok"
    finally:
        store.close()


def test_first_open_from_several_threads(db_url: str, tmp_path: Path) -> None:
    """Migrating and seeding a fresh database races safely: one does it, the rest wait."""
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            open_campaign_store(db_url, blobdir=tmp_path / "blobs").close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = open_campaign_store(db_url, blobdir=tmp_path / "blobs")
    try:
        with store.transaction() as session:
            assert session.scalar(select(func.count()).select_from(Body)) == 470
    finally:
        store.close()
