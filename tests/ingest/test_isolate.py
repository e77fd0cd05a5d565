"""Isolation: a job that crashes, aborts, hangs, spins or runs out of memory costs itself alone."""

from __future__ import annotations

import os
import time

import pytest

from custodes.ingest.isolate import JobFailure, WorkerLimits, parse_bytes, run_isolated

FAST = WorkerLimits(memory_bytes=1024**3, cpu_seconds=3, wall_seconds=6)


def job(kind: str) -> str:
    """A worker's unit of work that misbehaves in the way its name says."""
    if kind == "memory":
        hog = bytearray(4 * 1024**3)
        return str(len(hog))
    if kind == "abort":
        os.abort()
    if kind == "exit":
        os._exit(7)
    if kind == "sleep":
        time.sleep(60)
    if kind == "spin":
        while True:
            pass
    if kind == "raise":
        raise ValueError("bad [/red] input\nsecond line")
    if kind == "recurse":
        return job(kind)
    return f"{kind}:{os.getpid()}"


def test_each_failure_is_named_and_the_good_jobs_come_back_in_order() -> None:
    kinds = ["a", "memory", "b", "abort", "c", "exit", "raise", "recurse", "d"]
    results = list(run_isolated(job, kinds, FAST, workers=2))
    assert [k for k, _ in results] == kinds
    outcome = dict(results)
    for good in "abcd":
        assert str(outcome[good]).startswith(f"{good}:")
    assert outcome["memory"] == JobFailure("killed: memory limit 1 GiB exceeded")
    assert outcome["abort"] == JobFailure("reader crashed (aborted); memory limit 1 GiB may be exceeded")
    assert outcome["exit"] == JobFailure("reader crashed (worker exited with status 7)")
    assert outcome["raise"] == JobFailure("reader crashed: ValueError: bad [/red] input")
    # CPython now and then loses the RecursionError deep in C code and raises SystemError
    # instead; either way the file is named as crashed and the batch goes on
    assert isinstance(outcome["recurse"], JobFailure)
    assert outcome["recurse"].reason in (
        "reader crashed: nested too deeply (recursion limit)",
        "reader crashed: SystemError: error return without exception set",
    )


def test_a_hung_job_is_killed_at_the_wall_clock_limit() -> None:
    limits = WorkerLimits(memory_bytes=1024**3, cpu_seconds=30, wall_seconds=1.5)
    started = time.monotonic()
    outcome = dict(run_isolated(job, ["sleep", "after"], limits, workers=1))
    assert outcome["sleep"] == JobFailure("timed out after 1.5 s")
    assert str(outcome["after"]).startswith("after:")  # the replacement worker ran it
    assert time.monotonic() - started < 20


def test_a_spinning_job_is_killed_at_the_cpu_limit() -> None:
    limits = WorkerLimits(memory_bytes=1024**3, cpu_seconds=1, wall_seconds=60)
    outcome = dict(run_isolated(job, ["spin"], limits, workers=1))
    assert outcome["spin"] == JobFailure("killed: CPU time limit 1 s exceeded")


def test_workers_are_reused_for_healthy_jobs() -> None:
    names = [f"j{i}" for i in range(40)]
    pids = {str(r).split(":")[1] for _, r in run_isolated(job, names, FAST, workers=2)}
    assert 1 <= len(pids) <= 2
    assert str(os.getpid()) not in pids


def test_workers_zero_runs_in_process_with_the_same_contract() -> None:
    outcome = dict(run_isolated(job, ["a", "raise"], FAST, workers=0))
    assert outcome["a"] == f"a:{os.getpid()}"
    assert outcome["raise"] == JobFailure("reader crashed: ValueError: bad [/red] input")


def test_the_environment_changes_limits_and_a_typo_keeps_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CUSTODES_WORKER_MEMORY", "512M")
    monkeypatch.setenv("CUSTODES_WORKER_WALL_SECONDS", "soon")
    limits = WorkerLimits.from_env()
    assert limits.memory_bytes == 512 * 1024**2
    assert limits.wall_seconds == WorkerLimits().wall_seconds


@pytest.mark.parametrize(
    ("text", "size"),
    [("4096", 4096), ("200M", 200 * 1024**2), ("1.5G", 1536 * 1024**2), ("2GiB", 2 * 1024**3)],
)
def test_sizes_are_read_with_units(text: str, size: int) -> None:
    assert parse_bytes(text) == size


@pytest.mark.parametrize("text", ["", "-1M", "lots", "nanG"])
def test_a_size_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises((ValueError, IndexError)):
        parse_bytes(text)


def test_a_job_that_cannot_be_sent_to_a_worker_runs_in_process() -> None:
    unpicklable = (lambda: None, "x")
    [(_, outcome)] = run_isolated(_second, [unpicklable], FAST, workers=1)
    assert outcome == f"x:{os.getpid()}"


def _second(job: tuple[object, str]) -> str:
    return f"{job[1]}:{os.getpid()}"
