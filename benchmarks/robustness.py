"""Robustness benchmark: the hostile corpus through the real commands, the cost of isolation,
and audit throughput and peak memory on generated registers.

Usage: python benchmarks/robustness.py [--rows 50000,500000] [--big] [--cap 6G] [--src DIR]
                                      [--timeout 900] [--per-file] [--skip-scale]

Prints, in one run:

* the hostile corpus (tests/hostile/corpus.py: seeds made by real libraries, their mutants
  and hand-made attacks, plus one good register) through ``custodes extract`` and
  ``custodes audit`` in a subprocess: files, crashes (a traceback, an internal error or an
  exit status outside the table), hangs (files stopped by the wall-clock limit, or a run
  killed by this script's timeout), files named with a reason, wall time, peak RSS of any
  process of the run, and whether the good file's result is identical to its own run;
* with ``--per-file``, each corpus file alone through the library call of each command,
  in-process in a forked child (no isolation): read, named, crashed or hung (20 s); run with
  ``--src`` this gives the per-file "before" counts;
* the cost of isolation: ``custodes extract`` on 200 small files with the worker pool
  (default) beside ``CUSTODES_WORKERS=0`` (in-process, the floor);
* ``custodes audit`` rows per second and peak RSS on generated CSV registers of each size in
  ``--rows`` (5,000,000 too with ``--big``), each run under an address-space cap (``--cap``)
  so that a run that would exhaust this shared machine fails instead.

``--src DIR`` runs the commands with DIR (a ``src`` folder of another checkout, e.g. from
``git archive``) first on PYTHONPATH: the "before" figures of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile import corpus  # noqa: E402

# Runs the command, then reports the children's peak RSS (workers included) on stderr.
_WRAP = """
import resource, subprocess, sys
cap = int(sys.argv[1])
def limit():
    if cap:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
done = subprocess.run(sys.argv[2:], preexec_fn=limit)
print("__RSS_KIB__", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
if done.returncode < 0:
    print("__SIGNAL__", -done.returncode, file=sys.stderr)
sys.exit(128 - done.returncode if done.returncode < 0 else done.returncode)
"""
_FAILED = re.compile(r"^could not read (.+?): (.+)$", re.M)
LIMITS = {
    "CUSTODES_WORKER_MEMORY": "2G",
    "CUSTODES_WORKER_CPU_SECONDS": "20",
    "CUSTODES_WORKER_WALL_SECONDS": "30",
}


@dataclass
class Run:
    code: int | None  # None: killed by this script's timeout (a hang)
    seconds: float
    rss_mib: float
    out: str
    err: str


def run(
    args: list[str], *, src: str | None, env: dict[str, str] | None = None, cap: int = 0, timeout: float = 900
) -> Run:
    full = {**os.environ, **LIMITS, "COLUMNS": "10000", **(env or {})}
    if src:
        full["PYTHONPATH"] = src + os.pathsep + full.get("PYTHONPATH", "")
    cmd = [sys.executable, "-c", _WRAP, str(cap), sys.executable, "-m", "custodes", *args]
    started = time.monotonic()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env=full, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
        return Run(None, time.monotonic() - started, 0.0, out, err)
    seconds = time.monotonic() - started
    found = re.search(r"__RSS_KIB__ (\d+)", done.stderr)
    return Run(
        done.returncode, seconds, int(found.group(1)) / 1024 if found else 0.0, done.stdout, done.stderr
    )


def crashed(r: Run) -> bool:
    return r.code not in (0, 1, 2, 3) or "Traceback" in r.err or "internal error" in r.err


def hostile(src: str | None, timeout: float) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        names = corpus.build(folder)
        good = str(folder / corpus.GOOD)
        for command in ("extract", "audit"):
            if command == "extract":
                args = ["extract", str(folder), "-o", f"{tmp}/all.jsonl", "--blobs", f"{tmp}/b"]
                alone = ["extract", good, "-o", f"{tmp}/one.jsonl", "--blobs", f"{tmp}/b1"]
            else:
                args = ["audit", str(folder), "-f", "json", "-o", f"{tmp}/all.json"]
                alone = ["audit", good, "-f", "json", "-o", f"{tmp}/one.json"]
            r = run(args, src=src, timeout=timeout)
            named = dict(_FAILED.findall(r.err + r.out))
            hangs = sum(1 for reason in named.values() if reason.startswith("timed out"))
            run(alone, src=src, timeout=timeout)
            rows.append(
                {
                    "command": command,
                    "files": len(names),
                    "exit": r.code,
                    "crashes": int(crashed(r)),
                    "hangs": hangs + (1 if r.code is None else 0),
                    "named": len(named),
                    "seconds": round(r.seconds, 1),
                    "peak_rss_mib": round(r.rss_mib),
                    "good_identical": _good_identical(command, Path(tmp), good),
                    "last_error": next((x for x in reversed(r.err.splitlines()) if "error" in x.lower()), ""),
                }
            )
    return rows


def _good_identical(command: str, tmp: Path, good: str) -> bool:
    try:
        if command == "extract":
            batch = [json.loads(x) for x in (tmp / "all.jsonl").read_text().splitlines()]
            alone = [json.loads(x) for x in (tmp / "one.jsonl").read_text().splitlines()]
            return bool(alone) and [c for c in batch if c["file"] == good] == alone
        batch_items = json.loads((tmp / "all.json").read_text())["items"]
        alone_items = json.loads((tmp / "one.json").read_text())["items"]
        return bool(alone_items) and [i for i in batch_items if i["file"] == good] == alone_items
    except (OSError, ValueError, KeyError):
        return False  # no report at all: the batch lost the good file


# One file per forked child, in-process (no isolation): how each file alone fares in the
# library call a command makes. The same script runs against an older checkout (--src).
_PER_FILE = """
import json, os, resource, signal, sys
from pathlib import Path
command, folder, limit = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
if command == "extract":
    from custodes.extract import extract_claims as call
else:
    from custodes.audit import audit_files as call
    import custodes.resolve; custodes.resolve.default_resolver()
counts = {"files": 0, "read": 0, "named": 0, "crashes": 0, "hangs": 0}
for path in sorted(p for p in folder.iterdir() if p.is_file()):
    counts["files"] += 1
    pid = os.fork()
    if pid == 0:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))  # spare the machine
        signal.alarm(limit)
        try:
            result = call([path])
        except BaseException:
            os._exit(3)
        os._exit(4 if result.failures else 0)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        counts["hangs" if os.WTERMSIG(status) == signal.SIGALRM else "crashes"] += 1
    else:
        code = os.WEXITSTATUS(status)
        counts[{0: "read", 4: "named"}.get(code, "crashes")] += 1
print(json.dumps(counts))
"""


def per_file(src: str | None, limit: int = 20) -> list[dict[str, Any]]:
    """Each corpus file alone, through the library call of each command, in-process."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        corpus.build(folder)
        env = {**os.environ, **LIMITS, "CUSTODES_WORKERS": "0"}
        if src:
            env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
        for command in ("extract", "audit"):
            args = [sys.executable, "-c", _PER_FILE, command, str(folder), str(limit)]
            done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=tmp, timeout=3600)
            found = done.stdout.strip().splitlines()
            rows.append(
                {"command": command, **(json.loads(found[-1]) if found else {"error": done.stderr[-200:]})}
            )
    return rows


def overhead(src: str | None, count: int = 200) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "small"
        folder.mkdir()
        for i in range(count):
            text = f"Dear requester,\n\nAt site {i} we hold {i % 9 + 1} Hikvision cameras.\n"
            (folder / f"reply-{i:03d}.txt").write_text(text)
        args = ["extract", str(folder), "-o", f"{tmp}/c.jsonl", "--blobs", f"{tmp}/b"]
        pooled = run(args, src=src)
        inproc = run(args, src=src, env={"CUSTODES_WORKERS": "0"})
    return {
        "files": count,
        "pool_seconds": round(pooled.seconds, 2),
        "in_process_seconds": round(inproc.seconds, 2),
        "overhead_seconds": round(pooled.seconds - inproc.seconds, 2),
    }


_MODELS = [
    ("Hikvision", "DS-2CD2143G0-I"),
    ("Dahua", "IPC-HFW2431S"),
    ("Axis", "P3245-LVE"),
    ("Hanwha", "XNV-6080R"),
    ("Unknown maker", "CAM-0001"),
]


def register(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("Site,Manufacturer,Model,Qty\n")
        for i in range(rows):
            make, model = _MODELS[i % len(_MODELS)]
            out.write(f"Site {i % 997},{make},{model},{i % 7 + 1}\n")


def audit_scale(sizes: list[int], src: str | None, cap: int) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"register-{size}.csv"
            register(path, size)
            mib = path.stat().st_size / 1024**2
            env = {
                "CUSTODES_WORKER_MEMORY": str(cap) if cap else "4G",
                "CUSTODES_WORKER_WALL_SECONDS": "3600",
            }
            env["CUSTODES_WORKER_CPU_SECONDS"] = "3600"
            args = ["audit", str(path), "-f", "json", "-o", f"{tmp}/r.json", "-q"]
            if _has_max_bytes(src):  # the audit engineer's option; absent in older checkouts
                args += ["--max-bytes", "2G"]
            r = run(args, src=src, env=env, cap=cap, timeout=3600)
            ok = r.code in (0, 1)
            rows.append(
                {
                    "rows": size,
                    "csv_mib": round(mib),
                    "exit": r.code,
                    "seconds": round(r.seconds, 1),
                    "rows_per_s": round(size / r.seconds) if ok else None,
                    "peak_rss_mib": round(r.rss_mib),
                    "note": "" if ok else _why(r, cap),
                }
            )
    return rows


def _why(r: Run, cap: int) -> str:
    if (sig := re.search(r"__SIGNAL__ (\d+)", r.err)) is not None:
        return f"killed by signal {sig.group(1)}" + (
            f" at the {cap / 1024**3:g} GiB address-space cap" if cap else ""
        )
    lines = [x for x in r.err.strip().splitlines() if not x.startswith("__")]
    return (lines or ["no message"])[-1][:160]


def _has_max_bytes(src: str | None) -> bool:
    return "--max-bytes" in run(["audit", "--help"], src=src).out


def _table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    keys = list(rows[0])
    print(" | ".join(keys))
    for row in rows:
        print(" | ".join(str(row[k]) for k in keys))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", default="50000,500000", help="comma-separated register sizes")
    parser.add_argument("--big", action="store_true", help="also 5,000,000 rows (slow)")
    parser.add_argument("--cap", default="6G", help="address-space cap of each audit run (0: none)")
    parser.add_argument("--src", default=None, help="run the commands with this src folder first")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a batch counts as hung")
    parser.add_argument("--per-file", action="store_true", help="also each corpus file alone, in-process")
    parser.add_argument("--skip-scale", action="store_true", help="only the corpus and the overhead")
    ns = parser.parse_args()
    from custodes.ingest.isolate import parse_bytes

    cap = 0 if ns.cap == "0" else parse_bytes(ns.cap)
    print(f"# custodes robustness benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"# code: {ns.src or 'this checkout'}; shared, loaded machine: times are indicative\n")
    print("## hostile corpus")
    _table(hostile(ns.src, ns.timeout))
    if ns.per_file:
        print("\n## each corpus file alone, in-process (no isolation), 20 s each")
        _table(per_file(ns.src))
    print("\n## isolation overhead (custodes extract, 200 small text files)")
    _table([overhead(ns.src)])
    if not ns.skip_scale:
        sizes = [int(s) for s in ns.rows.split(",") if s] + ([5_000_000] if ns.big else [])
        print(f"\n## audit scale (address-space cap {ns.cap})")
        _table(audit_scale(sizes, ns.src, cap))


if __name__ == "__main__":
    main()
