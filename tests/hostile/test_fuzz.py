"""Readers fuzzed from real seeds: any mutation of a real file is read, or refused with an
InputError naming the file; never another exception, never a crash of the process."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.errors import InputError
from custodes.ingest import Document, read_bytes
from custodes.ingest.isolate import JobFailure, WorkerLimits, run_isolated
from hostile import corpus

NATIVE = (".xls", ".xlsx")  # read by calamine (Rust): fuzzed in a worker, as the CLI reads them
LIMITS = WorkerLimits(memory_bytes=2 * 1024**3, cpu_seconds=20, wall_seconds=30)


@cache
def seeds() -> dict[str, bytes]:
    return corpus.seeds()


def read_job(job: tuple[bytes, str]) -> str:
    data, name = job
    try:
        doc = read_bytes(data, name)
    except InputError as exc:
        assert exc.file.startswith(name), exc.file
        return "refused"
    assert isinstance(doc, Document) and len(doc.sha256) == 64
    return "read"


_EDITS = st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(corpus.seeds())),
    _EDITS,
    st.one_of(st.none(), st.floats(min_value=0.0, max_value=1.0)),
    st.binary(max_size=64),
)
def test_a_mutated_real_file_is_read_or_refused(
    name: str, edits: list[tuple[int, int]], cut: float | None, tail: bytes
) -> None:
    data = bytearray(seeds()[name])
    for position, value in edits:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: max(1, int(len(data) * cut))]
    job = (bytes(data) + tail, name)
    if name.endswith(NATIVE):
        [(_, outcome)] = run_isolated(read_job, [job], LIMITS, workers=1)
        assert not isinstance(outcome, JobFailure), outcome.reason
    else:
        outcome = read_job(job)
    assert outcome in ("read", "refused")
