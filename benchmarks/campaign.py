"""Benchmark: a synthetic campaign of 400 bodies and 20,000 claims on SQLite and PostgreSQL.

Measures, per store: time to ingest (import the bodies, create the campaign, send, and
attach one answer per body through the same ``attach`` a user runs, with 50 claims each),
and time to compute all statistics on the basis ``all`` (every claim counted, so the most
work; target: under 1 s on either store), beside the floor of only loading the rows.

    .venv/bin/python benchmarks/campaign.py [--pg postgresql://postgres@127.0.0.1:5432/test]

The extractor and the policy audit are injected (deterministic synthetic claims and a
one-rule audit) so the figures measure the store, not part 1 or part 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from custodes.campaign import attach, compute_stats, mark_sent, new_campaign, open_campaign_store
from custodes.campaign.authorities import import_bodies
from custodes.campaign.data_access import load_rows
from custodes.campaign.letters import default_template
from custodes.campaign.requests import get_campaign

BODIES = 400
CLAIMS_PER_BODY = 50
MAKERS = ["hikvision", "dahua", "axis", "hanwha", "bosch", "uniview", "avigilon", "panasonic"]
CAPS = ["face-recognition", "people-counting", "anpr", "audio", "perimeter-analytics"]
NATIONS = ["England", "England", "England", "Scotland", "Wales", "Northern Ireland"]
SENT = dt.date(2026, 1, 5)
RUNS = 5


def synthetic_claims(path: Path) -> list[dict[str, Any]]:
    rng = random.Random(path.name)
    claims = []
    for i in range(CLAIMS_PER_BODY):
        roll = rng.random()
        status = "owned" if roll < 0.85 else "refused" if roll < 0.93 else "not_owned"
        maker = rng.choice(MAKERS) if status == "owned" else None
        caps = [{"name": rng.choice(CAPS), "level": rng.choice(["capable", "enabled", "in_use"])}]
        claims.append(
            {
                "location": {"row": i + 2, "sheet": "Assets"},
                "quote": f"{maker} model-{i} x{i + 1}",
                "status": status,
                "manufacturer": maker,
                "brand_text": maker,
                "model": f"M-{i}" if maker else None,
                "quantity": i + 1 if maker else None,
                "quantity_text": str(i + 1) if maker else None,
                "device_type": "camera" if maker else None,
                "capabilities": caps if maker and rng.random() < 0.3 else [],
                "refusal_sections": ["s.31"] if status == "refused" else [],
                "confidence": 0.9,
            }
        )
    return claims


def one_rule_audit(claim: Mapping[str, Any]) -> list[dict[str, Any]]:
    if claim.get("manufacturer") in {"hikvision", "dahua"}:
        return [{"pack": "us-ndaa-889", "rule": "named", "severity": "high", "why": "named"}]
    return []


def run(url: str, work: Path) -> tuple[float, float, float, int, float]:
    csv_file = work / "bodies.csv"
    lines = ["name,code,nation"]
    lines += [f"Synthetic Body {i},SYN{i:04d},{NATIONS[i % len(NATIONS)]}" for i in range(BODIES)]
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    answers = work / "answers"
    answers.mkdir(exist_ok=True)
    start = time.perf_counter()
    store = open_campaign_store(url, blobdir=work / "blobs")
    import_bodies(store, csv_file, set_name="bench")
    new_campaign(store, "bench", ["bench"], default_template())
    mark_sent(store, "bench", SENT)
    for i in range(BODIES):
        answer = answers / f"body-{i}.xlsx"
        answer.write_bytes(f"synthetic answer {i}".encode())
        attach(store, "bench", f"SYN{i:04d}", [answer], SENT + dt.timedelta(days=10),
               "successful", synthetic_claims, one_rule_audit)  # fmt: skip
    ingest = time.perf_counter() - start
    timings, floor = [], []
    figures = 0
    for _ in range(RUNS):
        t0 = time.perf_counter()
        with store.transaction() as session:
            load_rows(session, get_campaign(session, "bench").id, dt.date(2026, 3, 1))
        floor.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        stats = compute_stats(store, "bench", dt.date(2026, 3, 1), basis="all")
        timings.append(time.perf_counter() - t0)
        figures = len(stats.figures())
    store.close()
    return ingest, statistics.median(timings), max(timings), figures, statistics.median(floor)


@contextmanager
def pg_database(admin: str) -> Iterator[str | None]:
    try:
        import psycopg

        conn = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 - the benchmark reports and goes on
        print(f"PostgreSQL: skipped ({str(exc).splitlines()[0]})")
        yield None
        return
    name = f"custodes_bench_{secrets.token_hex(4)}"
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    host = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{host}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    total = BODIES * CLAIMS_PER_BODY
    print(f"synthetic campaign: {BODIES} bodies, {total} claims ({CLAIMS_PER_BODY} per answer)")
    print(
        f"{'store':<12}{'ingest s':>10}{'claims/s':>10}{'stats s (median)':>18}{'(worst)':>9}"
        f"{'load-only floor s':>19}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "s").mkdir()
        (Path(tmp) / "p").mkdir()
        results = {"sqlite": run(f"sqlite:///{Path(tmp) / 'bench.db'}", Path(tmp) / "s")}
        with pg_database(args.pg) as url:
            if url:
                results["postgresql"] = run(url, Path(tmp) / "p")
    ok = True
    for name, (ingest, median, worst, _, load) in results.items():
        print(f"{name:<12}{ingest:>10.2f}{total / ingest:>10.0f}{median:>18.3f}{worst:>9.3f}{load:>19.3f}")
        ok = ok and median < 1.0
    verdict = "met" if ok else "MISSED"
    figures = results["sqlite"][3]
    print(f"{figures} figures per run, {RUNS} runs (the first one cold)")
    print(f"target: statistics for {BODIES} bodies under 1 s (median) on each store -> {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
