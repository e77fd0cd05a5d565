"""The audit streams: one picklable function per file, rows as JSON Lines, bounded input."""

from __future__ import annotations

import json
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from custodes.audit import AuditSpec, audit_file, audit_files, summarise
from custodes.cli import app
from custodes.ingest import Limits

AS_OF = date(2026, 1, 1)
REGISTER = "Asset ID,Make,Model,Qty,Site\nA1,Hikvision,DS-2CD2143G0-I,4,Depot\nA2,Axis,P3225-LVE,1,Hall\n"


def _register(tmp_path: Path, name: str = "reg.csv", text: str = REGISTER) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_audit_file_runs_in_a_worker_process_and_writes_only_its_sink(tmp_path: Path) -> None:
    path = _register(tmp_path)
    spec = AuditSpec(as_of=AS_OF)
    assert pickle.loads(pickle.dumps(spec)) == spec
    sink = tmp_path / "out" / "rows.jsonl"
    sink.parent.mkdir()
    with ProcessPoolExecutor(max_workers=1) as pool:
        done = pool.submit(audit_file, path, spec, sink).result()
    assert done.failures == [] and done.items == 2
    assert done.aggregate.makers == {"hikvision": 4, "axis": 1}
    lines = [json.loads(line) for line in sink.read_text().splitlines()]
    assert [(x["row"], x["asset"], x["quantity"]) for x in lines] == [(2, "A1", 4), (3, "A2", 1)]
    assert sorted(os.listdir(sink.parent)) == ["rows.jsonl"]


def test_the_summary_of_a_batch_is_the_merge_of_its_files(tmp_path: Path) -> None:
    one = _register(tmp_path, "one.csv")
    two = _register(tmp_path, "two.csv", REGISTER.replace("A1,", "B1,").replace(",4,", ",6,"))
    both = summarise(audit_files([one, two], as_of=AS_OF))
    assert both.by_manufacturer == {"hikvision": 10, "axis": 2}
    assert both.rows == 4


def test_the_byte_limit_counts_bytes_read(tmp_path: Path) -> None:
    path = _register(tmp_path, text=REGISTER + "A3,Dahua,IPC-HFW2431S-S-S2,2,Yard\n" * 3000)
    limits = Limits(max_bytes=70_000)  # the file is larger; its first 64 KiB are read first
    result = audit_files([path, _register(tmp_path, "small.csv")], as_of=AS_OF, limits=limits)
    ((file, reason),) = result.failures
    assert file.endswith("reg.csv") and "--max-bytes" in reason and "\n" not in reason
    assert summarise(result).rows == 2  # the failed file gives no half-read figures


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = audit_files([fifo, _register(tmp_path)], as_of=AS_OF)
    ((file, reason),) = result.failures
    assert file.endswith("pipe.csv") and "not a regular file" in reason
    assert summarise(result).rows == 2


def test_a_device_is_refused() -> None:
    result = audit_files([Path("/dev/zero")], as_of=AS_OF)
    ((_, reason),) = result.failures
    assert "not a regular file" in reason


def test_jsonl_gives_one_line_per_row_then_the_summary(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(app, ["audit", str(_register(tmp_path)), "-f", "jsonl", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [x["row"] for x in lines[:-1]] == [2, 3]
    assert lines[-1]["summary"]["summary"]["devices"] == 5


@pytest.mark.parametrize(("fail_on", "code"), [(None, 3), ("high", 3)])  # partial outranks findings
def test_exit_codes_tell_findings_from_unreadable_input(
    tmp_path: Path, fail_on: str | None, code: int
) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    args = ["audit", str(bad), str(_register(tmp_path)), "-q", "-f", "csv", "-o", str(tmp_path / "r.csv")]
    result = CliRunner().invoke(app, args + (["--fail-on", fail_on] if fail_on else []))
    assert result.exit_code == code, result.output
    assert (tmp_path / "r.csv").read_text().count("\n") == 3  # the good file's report is written


def test_nothing_readable_exits_2_and_a_clean_audit_exits_0(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    assert CliRunner().invoke(app, ["audit", str(bad), "-q", "-f", "csv"]).exit_code == 2
    axis = _register(tmp_path, "axis.csv", "Make,Model\nAxis,P3225-LVE\n")
    assert (
        CliRunner().invoke(app, ["audit", str(axis), "-q", "-f", "csv", "--fail-on", "high"]).exit_code == 0
    )


def test_max_bytes_raises_the_limit(tmp_path: Path) -> None:
    path = _register(tmp_path, text=REGISTER + "A3,Dahua,IPC-HFW2431S-S-S2,2,Yard\n" * 200)
    small = CliRunner().invoke(app, ["audit", str(path), "-q", "-f", "csv", "--max-bytes", "1K"])
    assert small.exit_code == 2 and "max-bytes" in small.output
    big = CliRunner().invoke(app, ["audit", str(path), "-q", "-f", "csv", "--max-bytes", "1M"])
    assert big.exit_code == 0
    bad = CliRunner().invoke(app, ["audit", str(path), "-q", "--max-bytes", "lots"])
    assert bad.exit_code == 2 and "--max-bytes" in bad.output


def test_the_audit_creates_nothing_but_its_report(tmp_path: Path) -> None:
    path = _register(tmp_path)
    before = set(tmp_path.iterdir())
    out = tmp_path / "report.md"
    assert CliRunner().invoke(app, ["audit", str(path), "-q", "-o", str(out)]).exit_code == 0
    assert set(tmp_path.iterdir()) - before == {out}


def test_a_big_register_gets_time_enough_in_its_worker(tmp_path: Path) -> None:
    from custodes.audit.run import AUDIT_BYTES_PER_SECOND, scaled_limits
    from custodes.ingest.isolate import WorkerLimits

    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(400 * 1024**2)  # sparse: 400 MiB by stat, no disk used
    small = _register(tmp_path)
    base = WorkerLimits()
    assert scaled_limits(base, [small]) == base
    raised = scaled_limits(base, [small, big])
    assert raised.cpu_seconds >= 400 * 1024**2 / AUDIT_BYTES_PER_SECOND
    assert raised.wall_seconds > raised.cpu_seconds and raised.memory_bytes == base.memory_bytes
