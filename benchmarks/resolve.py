"""Resolver benchmark: accuracy on a labelled CSV and throughput against an I/O floor.

Usage: python benchmarks/resolve.py [LABELLED.csv] [--misses N]

The CSV has columns text,manufacturer,device_type (default: ../shared/eval/resolve-dev.csv).
Prints, in one run: manufacturer accuracy; device-type accuracy where labelled (strict,
and with the vocabulary's hierarchy, where a ptz-camera or thermal-camera answers a
question about a camera); the share of inputs wrongly attributed to a restricted
manufacturer; then the speed of the whole command a user runs (``custodes resolve`` as a
subprocess) beside the I/O floor (a plain process reading lines and writing JSON Lines),
timed in the same run: start-up, marginal records/s on distinct lines, the ratio to the
floor on a realistic mix of repeated lines, and --jobs 2.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from custodes.kb.loader import read_parents
from custodes.resolve import default_resolver

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "eval" / "resolve-dev.csv"


def load(path: Path) -> list[tuple[str, str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [
            (
                r["text"],
                (r.get("manufacturer") or "").strip().lower(),
                (r.get("device_type") or "").strip(),
            )
            for r in csv.DictReader(fh)
        ]


def satisfies(predicted: str | None, label: str, parents: dict[str, str]) -> bool:
    node = predicted
    while node is not None:
        if node == label:
            return True
        node = parents.get(node)
    return False


RUNS = 3
FLOOR = (
    "import sys, orjson\n"
    "out = sys.stdout.buffer\n"
    "for n, line in enumerate(sys.stdin.buffer, 1):\n"
    "    text = line.decode('utf-8', 'replace').rstrip('\\r\\n')\n"
    "    out.write(b'{\"line\":' + str(n).encode() + b',' + orjson.dumps({'input': text})[1:] + b'\\n')\n"
)
"""The I/O floor: a plain process that reads lines and writes one JSON object per line."""


def _timed(command: list[str], data: bytes, env: dict[str, str]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        proc = subprocess.run(command, input=data, stdout=subprocess.DEVNULL, env=env, check=False)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"{command} failed with {proc.returncode}")
        best = min(best, elapsed)
    return best


def _lines(texts: list[str]) -> bytes:
    return ("\n".join(t.replace("\n", " ") for t in texts) + "\n").encode()


def process_speed(texts: list[str], scale: float) -> list[str]:
    """Time the whole command a user runs, beside the I/O floor, in the same run."""
    env = dict(os.environ)
    env.setdefault("CUSTODES_CACHE_DIR", tempfile.mkdtemp(prefix="custodes-bench-"))
    cli = [sys.executable, "-m", "custodes", "resolve", "-"]
    floor = [sys.executable, "-c", FLOOR]
    rng = random.Random(8)
    unique = sorted(set(texts))
    # distinct lines: every real string once per site, so that no two lines are equal
    sites = max(1, int(8 * scale))
    distinct = [f"{t} site {k}" for k in range(sites) for t in unique]
    rng.shuffle(distinct)
    # a realistic mix: registers repeat a few models many times (Zipf-like weights)
    weights = [1 / (i + 1) for i in range(len(unique))]
    mixed = rng.choices(unique, weights=weights, k=int(200_000 * scale))
    subprocess.run(cli, input=b"warm the cache\n", stdout=subprocess.DEVNULL, env=env, check=True)
    out = []
    start_up = _timed(cli, b"", env)
    cold_env = {**env, "CUSTODES_NO_CACHE": "1"}
    cold = _timed(cli, b"", cold_env)
    floor_start = _timed(floor, b"", env)
    out.append(
        f"start-up (empty input): {start_up:.2f} s with the resolver cache, {cold:.2f} s without; "
        f"a bare Python process with orjson: {floor_start:.2f} s"
    )
    half = distinct[: len(distinct) // 2]
    t_half, t_all = _timed(cli, _lines(half), env), _timed(cli, _lines(distinct), env)
    f_half, f_all = _timed(floor, _lines(half), env), _timed(floor, _lines(distinct), env)
    marginal = (len(distinct) - len(half)) / max(t_all - t_half, 1e-9)
    floor_marginal = (len(distinct) - len(half)) / max(f_all - f_half, 1e-9)
    out.append(
        f"distinct lines ({len(distinct):,}): {t_all:.2f} s; marginal {marginal:,.0f} records/s "
        f"(floor {floor_marginal:,.0f} records/s)"
    )
    t_mixed, f_mixed = _timed(cli, _lines(mixed), env), _timed(floor, _lines(mixed), env)
    out.append(
        f"mixed lines ({len(mixed):,}, {len(set(mixed)):,} distinct): {t_mixed:.2f} s, "
        f"floor {f_mixed:.2f} s: {t_mixed / f_mixed:.1f}x the floor"
    )
    t_jobs = _timed([*cli, "--jobs", "2"], _lines(distinct), env)
    out.append(
        f"distinct lines with --jobs 2: {t_jobs:.2f} s ({len(distinct) / t_jobs:,.0f} records/s overall)"
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--misses", type=int, default=0, help="print up to N misclassified rows")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the speed inputs (1 = full)")
    args = parser.parse_args()
    rows = load(args.csv)
    texts = [r[0] for r in rows]

    t0 = time.perf_counter()
    resolver = default_resolver()
    build = time.perf_counter() - t0
    parents = read_parents()
    restricted = resolver.aliases.restricted  # the policy packs' makers and their subsidiaries

    results = [resolver.resolve(t) for t in texts]  # warm-up and accuracy pass
    maker_ok = type_strict = type_tree = typed = wrong_restricted = 0
    misses: Counter[str] = Counter()
    shown: list[str] = []
    for (text, maker, dtype), res in zip(rows, results, strict=True):
        got = res.device.manufacturer
        if got == maker:
            maker_ok += 1
        else:
            misses[f"{maker}->{got}"] += 1
            if len(shown) < args.misses:
                shown.append(f"  maker  {text!r}: want {maker}, got {got}")
            if got in restricted:
                wrong_restricted += 1
        if dtype:
            typed += 1
            got_type = res.device.device_type
            type_strict += got_type == dtype
            ok = satisfies(got_type, dtype, parents)
            type_tree += ok
            if not ok and len(shown) < args.misses:
                shown.append(f"  type   {text!r}: want {dtype}, got {got_type}")

    speed = process_speed(texts, args.scale)
    n = len(rows)
    print(f"input: {args.csv} ({n} rows, {typed} with a device type)")
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"resolver build (KB load + index): {build * 1000:.0f} ms")
    print(f"manufacturer accuracy: {maker_ok / n:.4%} ({maker_ok}/{n})")
    if typed:
        print(f"device-type accuracy (hierarchical): {type_tree / typed:.4%} ({type_tree}/{typed})")
        print(f"device-type accuracy (strict): {type_strict / typed:.4%} ({type_strict}/{typed})")
    print(f"wrongly attributed to a restricted manufacturer: {wrong_restricted} ({wrong_restricted / n:.4%})")
    print("whole process (custodes resolve via subprocess), best of", RUNS, "runs:")
    for line in speed:
        print("  " + line)
    if misses:
        print("most common manufacturer misses: " + ", ".join(f"{k} x{v}" for k, v in misses.most_common(8)))
    for line in shown:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
