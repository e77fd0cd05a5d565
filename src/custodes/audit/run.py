"""Audit: a batch of registers and documents, each file in an isolated worker, merged.

Each file is audited by ``audit.file.audit_file`` in a worker process (``ingest.isolate``);
``audit_files`` merges the per-file figures into the summary and keeps the rows' JSON Lines
in a private folder for the writers.

Nothing the user gave is dropped: a row the resolver cannot place is kept, counted and
listed as unresolved; a file that cannot be read is listed with its reason and the rest of
the batch goes on.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from custodes.audit.aggregate import Aggregate
from custodes.audit.file import AuditSpec, FileAudit, audit_file, spec_packs, spec_prices
from custodes.audit.item import AuditItem
from custodes.audit.prices import PriceRange
from custodes.audit.summary import Summary, build_summary
from custodes.ingest import Limits
from custodes.ingest.isolate import JobFailure, WorkerLimits, run_isolated
from custodes.ingest.registry import expand
from custodes.policy import Finding, Pack
from custodes.resolve import default_resolver

Progress = Callable[[int, int], None]
"""Called with (files done, files in total) as the audit goes."""


class Workdir:
    """A private folder for the per-file JSON Lines, removed on ``cleanup`` or when the result
    is garbage-collected."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="custodes-audit-"))
        self._remove = weakref.finalize(self, shutil.rmtree, str(self.path), True)

    def cleanup(self) -> None:
        self._remove()


@dataclass(slots=True)
class AuditInput:
    files: list[str]
    as_of: date
    packs: list[Pack]
    prices: list[PriceRange]
    currency: str | None = None


@dataclass(slots=True)
class AuditResult:
    input: AuditInput
    failures: list[tuple[str, str]]
    warnings: list[str]
    tables: list[dict[str, Any]]
    """Per table: file, name, rows, and the column map used (so a user can check it)."""
    summary: Summary
    rules: dict[str, Finding]
    sinks: list[Path]
    aggregate: Aggregate = field(default_factory=Aggregate)
    """The merged figures, with the capped lists of example rows the reports name."""
    workdir: Workdir | None = None

    def iter_item_dicts(self) -> Iterator[dict[str, Any]]:
        """Every row, in input order, as its JSON Lines object (read back from the sinks)."""
        for sink in self.sinks:
            with sink.open("rb") as fh:
                for line in fh:
                    yield orjson.loads(line)

    def iter_items(self) -> Iterator[AuditItem]:
        return (AuditItem.from_dict(d) for d in self.iter_item_dicts())

    @property
    def items(self) -> list[AuditItem]:
        """All rows in memory: for small audits and tests; reports use ``iter_items``."""
        return list(self.iter_items())

    def close(self) -> None:
        if self.workdir is not None:
            self.workdir.cleanup()
            self.workdir = None


_Job = tuple[Path, "AuditSpec", Path]


def _audit_job(job: _Job) -> FileAudit:
    return audit_file(*job)


def _run_all(
    run: Callable[[Path, AuditSpec, Path], FileAudit], jobs: list[_Job]
) -> Iterator[tuple[_Job, FileAudit | JobFailure]]:
    """Each file audited in an isolated worker (memory, CPU and wall-time limits), in input
    order; a ``run`` other than :func:`audit_file` runs in this process as given."""
    if run is not audit_file:
        for job in jobs:
            yield job, run(*job)
        return
    default_resolver()  # built once here, so forked workers start with it
    yield from run_isolated(_audit_job, jobs, scaled_limits(WorkerLimits.from_env(), [j[0] for j in jobs]))


AUDIT_BYTES_PER_SECOND = 20_000
"""The slowest rate, in bytes of register per second, at which a streamed audit is expected to
run on a loaded machine (about 300 rows of 70 bytes). A worker's CPU and wall-time limits are
raised to the largest file's size at that rate, so a big register is never killed for being
big; memory needs no raise, as it is flat in rows."""


def scaled_limits(limits: WorkerLimits, paths: Sequence[Path]) -> WorkerLimits:
    """``limits`` with time enough for the largest regular file of the batch."""
    largest = 0
    for path in paths:
        try:
            largest = max(largest, path.stat().st_size if path.is_file() else 0)
        except OSError:
            continue
    need = largest / AUDIT_BYTES_PER_SECOND
    if need <= limits.cpu_seconds:
        return limits
    return replace(limits, cpu_seconds=int(need) + 1, wall_seconds=max(limits.wall_seconds, 2.5 * need))


def audit_files(
    paths: Sequence[Path],
    *,
    as_of: date | None = None,
    policy_files: Sequence[Path] = (),
    prices: list[PriceRange] | None = None,
    currency: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
    run: Callable[[Path, AuditSpec, Path], FileAudit] = audit_file,
) -> AuditResult:
    """Audit registers: every row of every table of every readable file.

    ``run`` audits one file; a worker pool can be given in its place (it is called with
    picklable arguments only).
    """
    spec = AuditSpec(
        as_of=as_of or date.today(),
        policy_files=tuple(str(p) for p in policy_files),
        prices=tuple(prices) if prices is not None else None,
        currency=currency,
        limits=limits or Limits(),
    )
    packs = spec_packs(spec.policy_files)  # a broken pack is a usage error, before any file
    files = list(expand(paths))
    workdir = Workdir()
    total = Aggregate()
    failures: list[tuple[str, str]] = []
    warnings: list[str] = []
    tables: list[dict[str, Any]] = []
    rules: dict[str, Finding] = {}
    sinks: list[Path] = []
    seen: dict[str, str] = {}
    jobs = [(path, spec, workdir.path / f"{index:06d}.jsonl") for index, path in enumerate(files)]
    for index, ((path, _, sink), done) in enumerate(_run_all(run, jobs)):
        if isinstance(done, JobFailure):
            # the file's worker crashed, hung or ran out of memory: that file alone is lost
            failures.append((str(path), done.reason))
            sink.unlink(missing_ok=True)
        elif done.failures:
            failures.extend(done.failures)
            sink.unlink(missing_ok=True)
        elif done.sha256 is not None and done.sha256 in seen:
            warnings.append(f"{done.file}: the same bytes as {seen[done.sha256]}; not counted twice")
            sink.unlink(missing_ok=True)
        else:
            if done.sha256 is not None:
                seen[done.sha256] = done.file
            total.merge(done.aggregate)
            warnings.extend(done.warnings)
            tables.extend(done.tables)
            rules.update(done.rules)
            if sink.exists():
                sinks.append(sink)
        if progress is not None:
            progress(index + 1, len(files))
    spec_in = AuditInput([str(p) for p in paths], spec.as_of, packs, spec_prices(spec.prices), currency)
    summary = build_summary(total, packs, len(failures))
    return AuditResult(spec_in, failures, warnings, tables, summary, rules, sinks, total, workdir)
