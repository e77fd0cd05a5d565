"""Two writers at once (threads, and processes on SQLite) corrupt nothing and lose nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select, text

from custodes.campaign import mark_sent, new_campaign, open_campaign_store, set_state
from custodes.campaign.letters import default_template
from custodes.campaign.responses import attach
from custodes.store import Store
from custodes.store.models import Body, Document, Request, RequestDocument, RequestEvent

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


def _together(n: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run ``work(i)`` in n threads released at the same instant; the errors they raised."""
    gate = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            gate.wait(timeout=60)
            work(i)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_concurrent_attaches_to_one_request_add_one_response(store: Store, tmp_path: Path) -> None:
    _campaign(store)
    files = []
    for i in range(4):
        files.append(tmp_path / f"part-{i}.txt")
        files[-1].write_text(f"part {i} of one answer\n")

    def attach_one(i: int) -> None:
        own = open_campaign_store(store.url, blobdir=store.blobdir)
        try:
            attach(own, "c", "Camden", [files[i]], SENT + dt.timedelta(days=3), extract=no_claims)
        finally:
            own.close()

    assert _together(4, attach_one) == []
    with store.transaction() as session:
        kinds = session.scalars(select(RequestEvent.kind).join(Request).join(Body).where(Body.code == "CMD"))
        assert sorted(kinds) == ["created", "response", "sent"]
        assert session.scalar(select(func.count()).select_from(RequestDocument)) == 4


def test_concurrent_state_changes_one_wins(store: Store) -> None:
    _campaign(store)

    def reject(i: int) -> None:
        own = open_campaign_store(store.url, blobdir=store.blobdir)
        try:
            set_state(own, "c", "Camden", "rejected", SENT + dt.timedelta(days=5), note=f"writer {i}")
        finally:
            own.close()

    errors = _together(3, reject)
    assert len(errors) == 2 and all("already 'rejected'" in str(e) for e in errors)
    with store.transaction() as session:
        states = session.scalars(
            select(RequestEvent.state)
            .join(Request)
            .join(Body)
            .where(Body.code == "CMD", RequestEvent.kind == "status_update")
        )
        assert list(states) == ["rejected"]
