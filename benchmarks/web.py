"""Benchmark: the web app and the report on a campaign of 400 bodies and 50,000 claims.

For SQLite and PostgreSQL: ingest the synthetic campaign through ``attach`` (400 real UK
authorities from the bundled registry, so the map draws real districts), build the HTML
report (time and size), then serve the app with uvicorn on loopback and measure p50/p95
latency of the main pages and API calls under 20 concurrent clients.

    .venv/bin/python benchmarks/web.py [--requests 100] [--pg postgresql://postgres@127.0.0.1:5432/test]

Targets: p95 < 200 ms, report build < 30 s, report < 5 MB. The clients run on the same
(shared, 2-core) machine as the server, so the latencies include their own CPU use.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from campaign import one_rule_audit, pg_database  # the campaign benchmark's helpers
from custodes.campaign import attach, mark_sent, new_campaign, open_campaign_store
from custodes.campaign.letters import default_template
from custodes.store import Store
from custodes.store.models import Body

BODIES = 400
CLAIMS_PER_BODY = int(os.environ.get("BENCH_CLAIMS", "125"))
"""125 per body: 50,000 claims (half of them "mentioned", as in real answers)."""
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
"""Concurrent clients; ``BENCH_CLIENTS=1`` measures each request's own service time."""
SENT = dt.date(2026, 1, 5)
MAKERS = ["hikvision", "dahua", "axis", "hanwha", "bosch", "uniview", "avigilon", "panasonic"]
CAPS = ["face-recognition", "people-counting", "anpr", "audio"]


def claims_for(path: Path) -> list[dict[str, Any]]:
    rng = random.Random(path.name)
    out = []
    for i in range(CLAIMS_PER_BODY):
        roll = rng.random()
        status = (
            "mentioned"
            if roll < 0.5
            else "owned"
            if roll < 0.9
            else "refused"
            if roll < 0.95
            else "not_owned"
        )
        maker = rng.choice(MAKERS) if status in ("owned", "mentioned") else None
        out.append(
            {
                "location": {"line": i + 1},
                "quote": f"Line {i}: {maker or 'withheld'} cameras, {i + 1} in total.",
                "status": status,
                "manufacturer": maker,
                "brand_text": maker,
                "model": f"M-{i}" if maker else None,
                "quantity": i + 1 if status == "owned" else None,
                "quantity_text": None,
                "device_type": "camera" if maker else None,
                "capabilities": [{"name": rng.choice(CAPS), "level": "capable"}]
                if rng.random() < 0.2
                else [],
                "refusal_sections": ["s.31"] if status == "refused" else [],
                "confidence": 0.9,
            }
        )
    return out


def ingest(store: Store, work: Path) -> tuple[float, list[str]]:
    from sqlalchemy import select

    with store.transaction() as session:
        codes = list(
            session.scalars(
                select(Body.code).where(Body.current, Body.gss_code.is_not(None)).order_by(Body.code)
            )
        )[:BODIES]
    start = time.perf_counter()
    new_campaign(store, "bench", codes, default_template(), title="Synthetic benchmark campaign")
    mark_sent(store, "bench", SENT)
    answers = work / "answers"
    answers.mkdir(exist_ok=True)
    for i, code in enumerate(codes):
        answer = answers / f"answer-{i}.txt"
        answer.write_text(f"Synthetic answer {i}.\n", encoding="utf-8")
        attach(
            store,
            "bench",
            code,
            [answer],
            SENT + dt.timedelta(days=10),
            "successful",
            claims_for,
            one_rule_audit,
        )
    return time.perf_counter() - start, codes


def report(store: Store, out: Path) -> tuple[float, float]:
    from custodes.report.build import build_report

    start = time.perf_counter()
    path = build_report("bench", "html", out, store.url, dt.date(2026, 3, 1))
    return time.perf_counter() - start, path.stat().st_size / 1024**2


LABELS = [
    "campaign page",
    "body page",
    "review queue",
    "document page",
    "search",
    "api bodies",
    "api claim",
    "api review/next",
]


def serve_and_measure(store: Store, codes: list[str], n: int) -> tuple[float, dict[str, list[float]]]:
    import uvicorn
    from sqlalchemy import select

    from custodes.store.models import RequestDocument
    from custodes.web import Settings, create_app
    from custodes.web.security import COOKIE, Sessions
    from custodes.web.users import User

    app = create_app(store, Settings())
    session = Sessions.fresh(User("bench", "reviewer"))
    cookie = f"{COOKIE}={app.state.custodes.sessions.dump(session)}"
    with store.transaction() as s:
        shas = list(s.scalars(select(RequestDocument.sha256).order_by(RequestDocument.id)))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_keep_alive=60)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    asyncio.run(_run_rows(base, cookie, [["/campaigns/bench"]], ["campaign page"]))  # computes the figures
    cold = time.perf_counter() - t0
    rng = random.Random(7)
    rows = [
        [
            "/campaigns/bench",
            f"/campaigns/bench/bodies/{rng.choice(codes)}",
            "/campaigns/bench/review",
            f"/documents/{rng.choice(shas)}",
            f"/search?q=cameras%2C%20{k + 1}%20in",
            "/api/campaigns/bench/bodies",
            f"/api/claims/{rng.randint(1, BODIES * CLAIMS_PER_BODY)}",
            "/api/campaigns/bench/review/next",
        ]
        for k in range(n)
    ]
    timings = asyncio.run(_run_rows(base, cookie, rows, LABELS))
    server.should_exit = True
    thread.join(timeout=10)
    return cold, timings


async def _run_rows(
    base: str, cookie: str, rows: list[list[str]], labels: list[str]
) -> dict[str, list[float]]:
    import httpx

    timings: dict[str, list[float]] = {}
    gate = asyncio.Semaphore(CLIENTS)
    async with httpx.AsyncClient(base_url=base, headers={"Cookie": cookie}, timeout=60) as client:

        async def one(label: str, path: str) -> None:
            async with gate:
                t0 = time.perf_counter()
                r = await client.get(path)
                timings.setdefault(label, []).append(time.perf_counter() - t0)
                if r.status_code >= 400:
                    raise SystemExit(f"{path}: HTTP {r.status_code}: {r.text[:200]}")

        jobs = [one(label, path) for row in rows for label, path in zip(labels, row, strict=True)]
        random.Random(1).shuffle(jobs)
        await asyncio.gather(*jobs)
    return timings


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def run(url: str, work: Path, n: int) -> bool:
    store = open_campaign_store(url, blobdir=work / "blobs")
    took, codes = ingest(store, work)
    print(f"  ingest {BODIES} bodies, {BODIES * CLAIMS_PER_BODY} claims: {took:.1f} s")
    build, size = report(store, work / "report.html")
    print(f"  HTML report: built in {build:.1f} s (target < 30 s), {size:.2f} MB (target < 5 MB)")
    cold, timings = serve_and_measure(store, codes, n)
    print(f"  first campaign page (computes the statistics): {cold * 1000:.0f} ms")
    print(f"  {'page or call':<22}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}")
    ok = build < 30 and size < 5
    for label in LABELS:
        values = timings.get(label, [])
        p95 = p(values, 0.95)
        ok = ok and p95 < 200
        flag = "" if p95 < 200 else "  over target"
        print(f"  {label:<22}{len(values):>6}{p(values, 0.5):>9.0f}{p95:>9.0f}{flag}")
    everything = [v for vs in timings.values() for v in vs]
    print(f"  {'all':<22}{len(everything):>6}{p(everything, 0.5):>9.0f}{p(everything, 0.95):>9.0f}")
    store.close()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--requests", type=int, default=100, help="requests per page or call")
    args = parser.parse_args()
    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {CLIENTS} concurrent clients on loopback")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "s").mkdir()
        (Path(tmp) / "p").mkdir()
        print("SQLite")
        ok = run(f"sqlite:///{Path(tmp) / 'bench.db'}", Path(tmp) / "s", args.requests) and ok
        with pg_database(args.pg) as url:
            if url:
                print("PostgreSQL")
                ok = run(url, Path(tmp) / "p", args.requests) and ok
    print("all targets met" if ok else "some targets missed (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
