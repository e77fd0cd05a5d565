"""Thin adapters that move batches through :func:`custodes.bulk.batch.resolve_batch`.

Input is Parquet (a file or a folder; a ``record`` or ``text`` column, or the column the
user names) or JSON Lines (each line one raw record). Output is Parquet (a folder of part
files, as engines write it) or one JSON Lines file. Rejected records go to their own file.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from custodes.bulk.batch import COLUMNS, empty, resolve_batch
from custodes.errors import InputError

BLOCKSIZE = 8 * 1024 * 1024
"""Bytes of JSON Lines per Dask partition (and per local batch)."""
LOCAL_BATCH = 50_000
"""Rows per batch for the single-process engine and for Parquet reads."""


@dataclass(slots=True)
class BulkResult:
    rows: int
    resolved: int
    rejected: int
    output: Path
    rejects: Path | None


def _kind(path: Path) -> str:
    if path.is_dir() or path.suffix.lower() in (".parquet", ".pq"):
        return "parquet"
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    raise InputError(str(path), "give a .parquet file or folder, or a .jsonl file")


def _check_input(path: Path) -> str:
    if not path.exists():
        raise InputError(str(path), "no such file")
    return _kind(path)


def _prepare(frame: pd.DataFrame, column: str | None, name: str) -> pd.DataFrame:
    if column is not None:
        if column not in frame.columns:
            raise InputError(name, f"no column {column!r}; columns are: {', '.join(map(str, frame.columns))}")
        return pd.DataFrame({"text": frame[column]})
    if "record" in frame.columns:
        return frame[["record"]]
    if "text" in frame.columns:
        return frame[["text"]]
    raise InputError(name, "needs a 'record' (raw JSON) or 'text' column, or --column NAME")


# -- single process ------------------------------------------------------------------------
def _local_batches(path: Path, column: str | None) -> Iterator[pd.DataFrame]:
    if _kind(path) == "jsonl":
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            lines: list[str] = []
            for line in handle:
                lines.append(line.rstrip("\n"))
                if len(lines) >= LOCAL_BATCH:
                    yield pd.DataFrame({"record": lines})
                    lines = []
            if lines:
                yield pd.DataFrame({"record": lines})
        return
    import pyarrow.parquet as pq

    for piece in sorted(path.glob("*.parquet")) if path.is_dir() else [path]:
        for table in pq.ParquetFile(piece).iter_batches(batch_size=LOCAL_BATCH):
            yield _prepare(table.to_pandas(), column, str(path))


def run_local(path: Path, column: str | None = None) -> Iterator[pd.DataFrame]:
    """Resolved batches, one after another, in this process."""
    _check_input(path)
    for batch in _local_batches(path, column):
        yield resolve_batch(batch)


# -- Dask ---------------------------------------------------------------------------------
@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int = 2) -> Iterator[Any]:
    """A client on the given scheduler, or on a local cluster of ``workers`` processes."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler, timeout="10s") as client:  # type: ignore[no-untyped-call]
            yield client
        return
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def _lines_frame(block: bytes) -> pd.DataFrame:
    lines = block.decode("utf-8", "replace").split("\n")
    return pd.DataFrame({"record": pd.Series([line for line in lines if line.strip()], dtype="object")})


def dask_frame(path: Path, column: str | None = None, blocksize: int | None = None) -> Any:
    """A lazy Dask frame of resolved rows (``map_partitions`` over the pure batch function)."""
    import dask.dataframe as dd
    from dask.bytes.core import read_bytes
    from dask.delayed import delayed

    kind = _check_input(path)
    if kind == "jsonl":
        _, blocks = read_bytes(  # type: ignore[no-untyped-call]
            str(path), delimiter=b"\n", blocksize=blocksize or BLOCKSIZE, sample=False
        )
        meta = pd.DataFrame({"record": pd.Series(dtype="object")})
        parts = [delayed(_lines_frame)(block) for block in blocks[0]] or [delayed(lambda: meta)()]
        source = dd.from_delayed(parts, meta=meta)
    else:
        raw = dd.read_parquet(str(path))
        source = raw.map_partitions(_prepare, column, str(path))
    return source.map_partitions(resolve_batch, meta=empty())


# -- writing ------------------------------------------------------------------------------
COUNTS = pd.DataFrame(
    {
        "rows": pd.Series(dtype="int64"),
        "resolved": pd.Series(dtype="int64"),
        "rejected": pd.Series(dtype="int64"),
    }
)


def write_part(
    part: pd.DataFrame,
    folder: str,
    jsonl: bool,
    number: int | None = None,
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Write one resolved batch where it was resolved (a worker writes its own partitions):
    good rows to ``folder/out/part-N``, rejects to ``folder/rejects/part-N.jsonl``; the counts back."""
    n = number if number is not None else (partition_info or {}).get("number", 0)
    bad = part[part["reject"].notna()]
    good = part[part["reject"].isna()].drop(columns=["reject"])
    root = Path(folder)
    if jsonl:
        if len(good):
            good.to_json(
                root / "out" / f"part-{n:05d}.jsonl", orient="records", lines=True, force_ascii=False
            )
    else:
        good.to_parquet(root / "out" / f"part-{n:05d}.parquet", index=False)
    if len(bad):
        bad[["reject", "record"]].to_json(
            root / "rejects" / f"part-{n:05d}.jsonl", orient="records", lines=True, force_ascii=False
        )
    counts = [len(part), int(good["manufacturer"].notna().sum()), len(bad)]
    return pd.DataFrame([counts], columns=list(COUNTS.columns))


def _concatenate(parts: list[Path], target: Path) -> None:
    with target.open("wb") as out:
        for part in parts:
            with part.open("rb") as handle:
                shutil.copyfileobj(handle, out)


def _finish(
    folder: Path, counts: pd.DataFrame, output: Path, rejects: Path | None, jsonl: bool
) -> BulkResult:
    """Move the parts into place: a Parquet folder as written, JSON Lines joined in order."""
    reject_file = rejects or output.with_name(output.stem + ".rejects.jsonl")
    rows, resolved, rejected = (int(counts[c].sum()) for c in COUNTS.columns)
    out = folder / "out"
    if jsonl:
        _concatenate(sorted(out.glob("part-*.jsonl")), folder / "joined.jsonl")
        _replace(folder / "joined.jsonl", output)
    else:
        if not any(out.iterdir()):
            empty().drop(columns=["reject"]).to_parquet(out / "part-00000.parquet", index=False)
        _replace(out, output)
    if rejected:
        _concatenate(sorted((folder / "rejects").glob("part-*.jsonl")), folder / "rejects.jsonl")
        _replace(folder / "rejects.jsonl", reject_file)
    return BulkResult(rows, resolved, rejected, output, reject_file if rejected else None)


def _replace(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir():
        shutil.rmtree(target)
    elif target.exists():
        target.unlink()
    shutil.move(str(source), str(target))


@contextlib.contextmanager
def _workspace(output: Path) -> Iterator[Path]:
    """A scratch folder beside the output (workers of a remote cluster must see it too);
    removed afterwards, so a failed run leaves no half-written output."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=".custodes-bulk-", dir=output.parent))
        (folder / "out").mkdir()
        (folder / "rejects").mkdir()
    except OSError as exc:
        raise InputError(str(output), f"cannot write: {exc.strerror}") from exc
    try:
        yield folder
    except OSError as exc:
        raise InputError(str(output), f"cannot write: {exc.strerror}") from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def resolve_file(
    path: Path,
    output: Path,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int = 2,
    column: str | None = None,
    rejects: Path | None = None,
) -> BulkResult:
    """Resolve every record of ``path`` on ``engine`` (local or dask) into ``output``."""
    jsonl = _kind(output) == "jsonl"
    if engine not in ("local", "dask"):
        raise InputError(
            "--engine", f"{engine!r} is not an engine (local or dask; Spark: custodes.bulk.spark)"
        )
    _check_input(path)
    with _workspace(output) as folder:
        if engine == "local":
            counts = [
                write_part(part, str(folder), jsonl, n) for n, part in enumerate(run_local(path, column))
            ]
            total = pd.concat(counts) if counts else COUNTS
        else:
            frame = dask_frame(path, column).map_partitions(write_part, str(folder), jsonl, meta=COUNTS)
            with dask_client(scheduler, workers):
                total = frame.compute()
        return _finish(folder, total, output, rejects, jsonl)
    raise AssertionError("unreachable: the workspace re-raises every error")


__all__ = ["COLUMNS", "BulkResult", "dask_client", "dask_frame", "resolve_file", "run_local", "write_part"]
