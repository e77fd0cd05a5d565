"""Run one job per input file in a worker process with memory, CPU-time and wall-time limits.

Third-party parsers can crash the interpreter (a Rust panic, an abort when an allocation of
512 GB fails), recurse without bound or hang. A worker process turns each of those into a
one-line reason for that file alone; the batch goes on. Workers are reused, so a batch of
healthy small files pays the start-up cost once per worker, not once per file; a worker that
dies or is killed is replaced.

The limits (``WorkerLimits``) take their defaults from ``custodes.settings``:

==============  ========  ==================================================================
field           default   meaning
==============  ========  ==================================================================
memory_bytes    4 GiB     address-space limit of a worker (RLIMIT_AS); a reader that needs
                          more fails with "killed: memory limit 4 GiB exceeded"
cpu_seconds     120       CPU time one job may use (RLIMIT_CPU, reset per job)
wall_seconds    300       wall-clock time one job may take; the parent kills the worker
jobs_per_worker 200       a worker is replaced after this many jobs (bounds fragmentation)
==============  ========  ==================================================================

Each can be changed for one run with an environment variable, e.g. for a 2,000-page PDF that
needs more time: ``CUSTODES_WORKER_MEMORY`` (bytes, or with a unit: ``8G``, ``512M``),
``CUSTODES_WORKER_CPU_SECONDS``, ``CUSTODES_WORKER_WALL_SECONDS``, ``CUSTODES_WORKERS``
(number of worker processes; 0 reads in-process, without isolation).
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import pickle
import resource
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from custodes import settings

P = TypeVar("P")
R = TypeVar("R")

_IN_WORKER = False  # set in a worker: nested batches run in-process (daemons cannot fork)


@dataclass(frozen=True)
class WorkerLimits:
    """Resource limits of one isolated job (see the module's table)."""

    memory_bytes: int = settings.WORKER_MEMORY_BYTES
    cpu_seconds: int = settings.WORKER_CPU_SECONDS
    wall_seconds: float = settings.WORKER_WALL_SECONDS
    jobs_per_worker: int = settings.WORKER_JOBS

    @classmethod
    def from_env(cls) -> WorkerLimits:
        """The defaults, with any ``CUSTODES_WORKER_*`` variable applied (a bad one is ignored
        with the default kept, since a typo must not disable the limits)."""
        base = cls()
        return cls(
            memory_bytes=_env_bytes("CUSTODES_WORKER_MEMORY", base.memory_bytes),
            cpu_seconds=int(_env_number("CUSTODES_WORKER_CPU_SECONDS", base.cpu_seconds)),
            wall_seconds=_env_number("CUSTODES_WORKER_WALL_SECONDS", base.wall_seconds),
            jobs_per_worker=base.jobs_per_worker,
        )


_UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_bytes(text: str) -> int:
    """ "200M", "1.5G", "4096" -> a number of bytes; ValueError when it is not one."""
    value = text.strip().upper().removesuffix("IB").removesuffix("B")
    scale = _UNITS.get(value[-1:], 1)
    number = float(value[:-1] if scale > 1 else value)
    if not number > 0 or number != number or number == float("inf"):
        raise ValueError(f"{text!r} is not a positive size")
    return int(number * scale)


def _env_bytes(name: str, default: int) -> int:
    try:
        return parse_bytes(os.environ[name])
    except (KeyError, ValueError, IndexError):
        return default


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ[name])
    except (KeyError, ValueError):
        return default
    return value if 0 < value < float("inf") else default


@dataclass(frozen=True)
class JobFailure:
    """Why a job produced no result, in one line ("timed out after 300 s")."""

    reason: str


def _size(n: int) -> str:
    return f"{n / 1024**3:g} GiB" if n >= 1024**3 else f"{n / 1024**2:g} MiB"


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:300]}" if text else type(exc).__name__


def _set_limits(limits: WorkerLimits) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = limits.memory_bytes if hard == resource.RLIM_INFINITY else min(limits.memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (want, hard))


def _cpu_budget(seconds: int) -> None:
    """Allow ``seconds`` more CPU time from now: the limit counts the process's whole life."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = used + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _quiet_stderr() -> None:
    """Parsers' own chatter (a Rust panic's backtrace, C libraries' warnings) would land
    between the batch's lines; the parent reports each file's outcome, so a worker is mute."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _worker(conn: Connection, work: Callable[[Any], Any], limits: WorkerLimits) -> None:
    global _IN_WORKER
    _IN_WORKER = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faulthandler.disable()  # a crash is reported by the parent in one line, not a C traceback
    _quiet_stderr()
    _set_limits(limits)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, job = message
        _cpu_budget(limits.cpu_seconds)
        try:
            reply: tuple[int, bool, Any] = (index, True, work(job))
        except MemoryError:
            reply = (index, False, f"killed: memory limit {_size(limits.memory_bytes)} exceeded")
        except RecursionError:
            reply = (index, False, "reader crashed: nested too deeply (recursion limit)")
        except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException
            reply = (index, False, f"reader crashed: {_one_line(exc)}")
        try:
            payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps((index, False, "killed: memory limit exceeded sending the result"))
        except Exception as exc:  # noqa: BLE001 - an unpicklable result is the job's fault
            payload = pickle.dumps((index, False, f"reader crashed: result not sendable ({_one_line(exc)})"))
        del reply
        try:
            conn.send_bytes(payload)
        except (BrokenPipeError, OSError):
            return


def _death(exitcode: int | None, limits: WorkerLimits) -> str:
    """A one-line reason for a worker that died in the middle of a job."""
    if exitcode is not None and exitcode < 0:
        sig = -exitcode
        if sig == signal.SIGXCPU:
            return f"killed: CPU time limit {limits.cpu_seconds} s exceeded"
        if sig == signal.SIGKILL:
            return "killed (SIGKILL): probably out of memory"
        if sig == signal.SIGABRT:
            return f"reader crashed (aborted); memory limit {_size(limits.memory_bytes)} may be exceeded"
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        return f"reader crashed ({name})"
    return f"reader crashed (worker exited with status {exitcode})"


class _Slot(Generic[P]):
    """One worker process, its pipe and the job it is running."""

    def __init__(self, ctx: Any, work: Callable[[P], Any], limits: WorkerLimits) -> None:
        parent, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker, args=(child, work, limits), daemon=True)
        self.proc.start()
        child.close()
        self.conn: Connection = parent
        self.job: int | None = None
        self.started = 0.0
        self.done = 0

    def give(self, index: int, job: P) -> None:
        self.conn.send((index, job))
        self.job, self.started = index, time.monotonic()

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except (BrokenPipeError, OSError):
                self.proc.kill()
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _context() -> Any:
    """fork where there is one: a worker starts in milliseconds with the parent's readers
    (plug-ins included) already imported; spawn elsewhere."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def default_workers() -> int:
    """Two workers, or fewer on a one-core machine: reading is CPU-bound."""
    return max(1, min(2, os.cpu_count() or 1))


def _env_workers() -> int:
    try:
        return max(0, int(os.environ["CUSTODES_WORKERS"]))
    except (KeyError, ValueError):
        return default_workers()


def run_isolated(
    work: Callable[[P], R],
    jobs: Sequence[P],
    limits: WorkerLimits = WorkerLimits(),
    workers: int | None = None,
) -> Iterator[tuple[P, R | JobFailure]]:
    """``(job, work(job) or JobFailure)`` for every job, in input order.

    ``work`` must be a top-level (picklable) function and its results picklable. With
    ``workers=0``, or inside a worker already, jobs run in this process (no isolation).
    """
    if not jobs:
        return
    count = _env_workers() if workers is None else workers
    if count <= 0 or _IN_WORKER:
        for job in jobs:
            yield job, _in_process(work, job)
        return
    yield from _pool(work, jobs, limits, min(count, len(jobs)))


def _in_process(work: Callable[[P], R], job: P) -> R | JobFailure:
    try:
        return work(job)
    except RecursionError:
        return JobFailure("reader crashed: nested too deeply (recursion limit)")
    except Exception as exc:  # noqa: BLE001 - the same contract as a worker's
        return JobFailure(f"reader crashed: {_one_line(exc)}")


def _pool(
    work: Callable[[P], R], jobs: Sequence[P], limits: WorkerLimits, count: int
) -> Iterator[tuple[P, R | JobFailure]]:
    ctx = _context()
    slots: list[_Slot[P]] = []
    results: dict[int, Any] = {}
    queue = list(range(len(jobs)))
    queue.reverse()
    emitted = 0
    try:
        while emitted < len(jobs):
            while len(slots) < count and queue:
                slots.append(_Slot(ctx, work, limits))
            for slot in slots:
                while slot.job is None and queue:
                    index = queue.pop()
                    try:
                        slot.give(index, jobs[index])
                    except (pickle.PicklingError, TypeError, AttributeError):
                        results[index] = _in_process(work, jobs[index])  # cannot be sent: run here
            _collect(slots, results, limits)
            for slot in [s for s in slots if s.job is None and s.done >= limits.jobs_per_worker]:
                slot.stop()
                slots.remove(slot)
            while emitted in results:
                outcome = results.pop(emitted)
                yield jobs[emitted], outcome
                emitted += 1
    finally:
        for slot in slots:
            slot.stop(kill=slot.job is not None)


def _collect(slots: list[_Slot[Any]], results: dict[int, Any], limits: WorkerLimits) -> None:
    """Wait for the next result, death or deadline, and record what happened."""
    busy = [s for s in slots if s.job is not None]
    if not busy:
        return
    now = time.monotonic()
    timeout = max(0.0, min(s.started + limits.wall_seconds for s in busy) - now)
    by_conn: dict[object, _Slot[Any]] = {s.conn: s for s in busy}
    handles: list[Any] = [s.conn for s in busy] + [s.proc.sentinel for s in busy]
    ready = wait(handles, timeout=timeout)
    finished: set[int] = set()
    for handle in ready:
        slot = by_conn.get(handle)
        if slot is None or slot.job is None:
            continue
        try:
            index, ok, value = pickle.loads(slot.conn.recv_bytes())
        except (EOFError, OSError):
            continue  # the worker died; its sentinel says how
        results[index] = value if ok else JobFailure(str(value))
        slot.job = None
        slot.done += 1
        finished.add(id(slot))
    for slot in list(busy):
        if id(slot) in finished or slot.job is None:
            continue
        dead = not slot.proc.is_alive()
        late = time.monotonic() - slot.started >= limits.wall_seconds
        if not dead and not late:
            continue
        if dead:
            slot.proc.join()
            reason = _death(slot.proc.exitcode, limits)
        else:
            reason = f"timed out after {limits.wall_seconds:g} s"
        results[slot.job] = JobFailure(reason)
        slot.job = None
        slot.stop(kill=True)
        slots.remove(slot)
