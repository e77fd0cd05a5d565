"""Resolver benchmark: accuracy on a labelled CSV and throughput against an I/O floor.

Usage: python benchmarks/resolve.py [LABELLED.csv] [--misses N]

The CSV has columns text,manufacturer,device_type (default: ../shared/eval/resolve-dev.csv).
Prints, in one run: manufacturer accuracy; device-type accuracy where labelled (strict,
and with the vocabulary's hierarchy, where a ptz-camera or thermal-camera answers a
question about a camera); the share of inputs wrongly attributed to a restricted
manufacturer; resolver records/s; records/s of a plain read-and-write-JSONL loop over the
same input (the I/O floor); and the ratio between the two.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import platform
import sys
import time
from collections import Counter
from pathlib import Path

import orjson

from custodes.kb.loader import read_parents
from custodes.resolve import default_resolver

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "eval" / "resolve-dev.csv"
PASSES = 5
"""Each timing is the best of this many passes over the whole input (noise on a shared
machine only ever slows a pass down)."""
RESTRICTED = frozenset({"hikvision", "dahua", "huawei", "zte", "hytera"})
"""Named in NDAA FY2019 s.889 and on the FCC Covered List (see policy/packs)."""


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


def floor_rate(texts: list[str], path: Path) -> float:
    """Records/s of reading the CSV and writing one JSON line per input: the I/O floor."""
    best = float("inf")
    for _ in range(PASSES):
        gc.collect()
        start = time.perf_counter()
        out = io.BytesIO()
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                out.write(orjson.dumps({"input": row["text"]}) + b"\n")
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--misses", type=int, default=0, help="print up to N misclassified rows")
    args = parser.parse_args()
    rows = load(args.csv)
    texts = [r[0] for r in rows]

    t0 = time.perf_counter()
    resolver = default_resolver()
    build = time.perf_counter() - t0
    parents = read_parents()

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
            if got in RESTRICTED:
                wrong_restricted += 1
        if dtype:
            typed += 1
            got_type = res.device.device_type
            type_strict += got_type == dtype
            ok = satisfies(got_type, dtype, parents)
            type_tree += ok
            if not ok and len(shown) < args.misses:
                shown.append(f"  type   {text!r}: want {dtype}, got {got_type}")

    best = float("inf")
    for _ in range(PASSES):
        gc.collect()
        start = time.perf_counter()
        for text in texts:
            resolver.resolve(text)
        best = min(best, time.perf_counter() - start)
    resolve_rate = len(texts) / best

    best_e2e = float("inf")
    for _ in range(PASSES):
        gc.collect()
        start = time.perf_counter()
        out = io.BytesIO()
        for text in texts:
            out.write(orjson.dumps(resolver.resolve(text).to_dict()) + b"\n")
        best_e2e = min(best_e2e, time.perf_counter() - start)
    e2e_rate = len(texts) / best_e2e
    floor = floor_rate(texts, args.csv)

    n = len(rows)
    print(f"input: {args.csv} ({n} rows, {typed} with a device type)")
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"resolver build (KB load + index): {build * 1000:.0f} ms")
    print(f"manufacturer accuracy: {maker_ok / n:.4%} ({maker_ok}/{n})")
    if typed:
        print(f"device-type accuracy (hierarchical): {type_tree / typed:.4%} ({type_tree}/{typed})")
        print(f"device-type accuracy (strict): {type_strict / typed:.4%} ({type_strict}/{typed})")
    print(f"wrongly attributed to a restricted manufacturer: {wrong_restricted} ({wrong_restricted / n:.4%})")
    print(f"resolver throughput: {resolve_rate:,.0f} records/s (one core)")
    print(f"resolve + JSONL write: {e2e_rate:,.0f} records/s")
    print(f"I/O floor (read CSV + write JSONL): {floor:,.0f} records/s")
    print(f"floor / resolve+write ratio: {floor / e2e_rate:.1f}x (resolver costs this many I/O loops)")
    if misses:
        print("most common manufacturer misses: " + ", ".join(f"{k} x{v}" for k, v in misses.most_common(8)))
    for line in shown:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
