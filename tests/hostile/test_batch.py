"""The hostile corpus through the real commands: hundreds of damaged and malicious files and
one good register in one batch. No traceback, every failure named with a reason, the good
file's result identical to its own run, in bounded time and memory."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from hostile import corpus

LIMITS = {
    "CUSTODES_WORKER_MEMORY": "2G",
    "CUSTODES_WORKER_CPU_SECONDS": "20",
    "CUSTODES_WORKER_WALL_SECONDS": "30",
}
MAX_SECONDS = 240  # the whole batch, on a shared two-core machine
MAX_RSS_KIB = 3 * 1024**2  # any process of the run, workers included
FAILED = re.compile(r"^could not read (.+?): (.+)$")


def run(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, **LIMITS, "COLUMNS": "10000"}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "custodes", *args], capture_output=True, text=True, env=env, timeout=600
    )
    return done, time.monotonic() - started


def failures(stderr: str) -> dict[str, str]:
    named: dict[str, str] = {}
    for line in stderr.splitlines():
        if match := FAILED.match(line):
            assert match.group(1) not in named, f"named twice: {line}"
            named[match.group(1)] = match.group(2)
    return named


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, corpus.build(folder)


def _check_batch(
    done: subprocess.CompletedProcess[str], seconds: float, folder: Path, names: list[str]
) -> dict[str, str]:
    assert "Traceback" not in done.stderr
    assert "panicked" not in done.stderr  # a Rust parser's panic stays in its worker
    assert "internal error" not in done.stderr
    assert done.returncode == 3, done.stderr[-2000:]  # PARTIAL: some failed, the rest reported
    named = failures(done.stderr + done.stdout)  # audit's summary goes to stdout with -o
    paths = {str(folder / n) for n in names}
    assert set(named) <= paths
    assert all(reason.strip() for reason in named.values())
    assert str(folder / corpus.GOOD) not in named
    for attack, limit in corpus.REFUSED.items():
        assert limit in named[str(folder / attack)]
    assert seconds < MAX_SECONDS
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < MAX_RSS_KIB
    return named


def _claims(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_extract_survives_the_corpus_and_keeps_the_good_file(
    batch: tuple[Path, list[str]], tmp_path: Path
) -> None:
    folder, names = batch
    assert len(names) >= 300
    done, seconds = run(
        "extract", str(folder), "-o", str(tmp_path / "all.jsonl"), "--blobs", str(tmp_path / "b")
    )
    named = _check_batch(done, seconds, folder, names)
    assert len(named) > 100
    alone, _ = run(
        "extract",
        str(folder / corpus.GOOD),
        "-o",
        str(tmp_path / "one.jsonl"),
        "--blobs",
        str(tmp_path / "b1"),
    )
    assert alone.returncode == 0, alone.stderr
    good = str(folder / corpus.GOOD)
    mine = [c for c in _claims(tmp_path / "all.jsonl") if c["file"] == good]
    assert mine and mine == _claims(tmp_path / "one.jsonl")


def test_audit_survives_the_corpus_and_keeps_the_good_file(
    batch: tuple[Path, list[str]], tmp_path: Path
) -> None:
    source, names = batch
    folder = tmp_path / "corpus"
    shutil.copytree(source, folder)
    report = tmp_path / "all.json"
    done, seconds = run("audit", str(folder), "-f", "json", "-o", str(report))
    named = _check_batch(done, seconds, folder, names)
    recorded = {
        f["file"] if isinstance(f, dict) else f[0] for f in json.loads(report.read_text())["failures"]
    }
    assert set(named) <= recorded  # the report keeps every failure the terminal named
    alone_report = tmp_path / "one.json"
    alone, _ = run("audit", str(folder / corpus.GOOD), "-f", "json", "-o", str(alone_report), "-q")
    assert alone.returncode == 0, alone.stderr
    good = str(folder / corpus.GOOD)
    mine = [i for i in json.loads(report.read_text())["items"] if i["file"] == good]
    assert mine and mine == json.loads(alone_report.read_text())["items"]


def test_audit_of_a_5000_digit_count_keeps_the_row_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "bigint.csv").write_bytes(corpus.attacks()["bigint.csv"])
    (tmp_path / corpus.GOOD).write_text(corpus.GOOD_ROWS)
    done, _ = run("audit", str(tmp_path), "-f", "json", "-o", str(tmp_path / "r.json"), "-q")
    assert done.returncode == 0 and "internal error" not in done.stderr, done.stderr
    items = json.loads((tmp_path / "r.json").read_text())["items"]
    [row] = [i for i in items if i["file"].endswith("bigint.csv")]
    assert row["resolution"]["manufacturer"] == "hikvision"  # the row is kept, its maker read
    assert any("is not a count" in w for w in row["warnings"])  # and the count said unread
