"""Bulk benchmark: synthetic banner records through the single process and through Dask.

Usage: python benchmarks/bulk.py [--records N] [--workers 2]

Writes N synthetic records (Shodan, Censys, Sonar and runZero shapes, with about 1 % broken
lines) as JSON Lines, then times the whole ``custodes bulk resolve`` job twice: ``--engine
local`` (one process) and ``--engine dask`` on a LocalCluster of ``--workers`` processes.
Prints records/s for each, the speed-up, and whether the two outputs hold the same answers.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from custodes.bulk import resolve_file

SERVERS = [
    "App-webs/",
    "Dahua Rtsp Server",
    "nginx/1.24.0",
    "Apache",
    "DNVRS-Webs",
    "lighttpd/1.4.59",
    "webserver",
]
TITLES = ["WEB SERVICE", "Index", "AXIS", "Login", "Network Camera", "Welcome"]
MODELS = [
    "DS-2CD2143G0-I",
    "IPC-HDW1230T1-S5",
    "NVR4216-16P-4KS2",
    "P3245-LVE",
    "DS-7608NI-K2",
    "RLC-810A",
    "router",
]


def record(n: int, rng: random.Random) -> str:
    ip = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
    shape = rng.randrange(100)
    if shape == 0:
        return '{"ip_str": "' + ip + '", "data": '  # a broken line
    if shape < 50:
        server = rng.choice(SERVERS)
        data = f"HTTP/1.1 200 OK\r\nServer: {server}\r\n\r\n"
        rec: dict[str, object] = {"ip_str": ip, "port": 80, "data": data}
        if rng.random() < 0.3:
            rec["http"] = {"title": rng.choice(TITLES)}
        return json.dumps(rec)
    if shape < 75:
        software = [
            {"vendor": rng.choice(["Hikvision", "Dahua", "Axis", "Ubiquiti", "Acme"]), "product": "camera"}
        ]
        return json.dumps({"ip": ip, "services": [{"port": 554, "software": software}]})
    if shape < 90:
        realm = rng.choice(["Hikvision", "x"])
        body = f'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="{realm}"\r\n\r\n'
        return json.dumps({"ip": ip, "port": 80, "data": base64.b64encode(body.encode()).decode()})
    return json.dumps({"addresses": [ip], "hw": rng.choice(MODELS)})


def digest(path: Path) -> str:
    frame = pd.read_parquet(path)[["ip", "manufacturer", "model", "confidence"]]
    rows = sorted(map(str, frame.itertuples(index=False)))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(11)
    folder = Path(tempfile.mkdtemp(prefix="custodes-bench-bulk-"))
    source = folder / "banners.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for n in range(args.records):
            handle.write(record(n, rng) + "\n")
    size = source.stat().st_size
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"input: {args.records:,} records, {size / 1e6:.1f} MB JSON Lines")
    results = {}
    for engine in ("local", "dask"):
        started = time.perf_counter()
        result = resolve_file(source, folder / f"{engine}.parquet", engine=engine, workers=args.workers)
        elapsed = time.perf_counter() - started
        results[engine] = (elapsed, result, digest(folder / f"{engine}.parquet"))
        print(
            f"{engine:>5}: {elapsed:8.1f} s  {args.records / elapsed:10,.0f} records/s  "
            f"resolved {result.resolved:,}  rejected {result.rejected:,}"
        )
    local, dask = results["local"], results["dask"]
    print(f"speed-up dask/local: {local[0] / dask[0]:.2f}x on {args.workers} workers")
    same = local[2] == dask[2] and (local[1].rejected, local[1].resolved) == (
        dask[1].rejected,
        dask[1].resolved,
    )
    print(f"same answers: {same}")
    for path in folder.iterdir():
        if path.is_dir():
            for part in path.iterdir():
                part.unlink()
            path.rmdir()
        else:
            path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
