"""Bulk resolution: the pure batch function, and Dask on a 2-worker LocalCluster giving the same answers."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from custodes.bulk import resolve_batch, resolve_file
from custodes.cli import app
from custodes.resolve import resolve

SONAR = base64.b64encode(
    b'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="Hikvision"\r\n\r\n'
).decode()
RECORDS: list[object] = [
    {"ip_str": "10.0.0.1", "port": 80, "data": "HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n"},
    {"ip_str": "10.0.0.2", "port": 554, "data": "RTSP/1.0 200 OK\r\nServer: Dahua Rtsp Server\r\n\r\n"},
    {"ip": "10.0.0.3", "services": [{"port": 80, "software": [{"vendor": "Axis", "product": "camera"}]}]},
    {"ip": "10.0.0.4", "port": 80, "data": SONAR},
    {"addresses": ["10.0.0.5"], "hw": "DS-2CD2143G0-I"},
    {"ip_str": "10.0.0.6", "port": 80, "data": "HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n"},
    "{broken json",
    {"unrelated": True},
]


def write_jsonl(path: Path, copies: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(copies):
            for record in RECORDS:
                if isinstance(record, dict) and "ip_str" in record:
                    record = dict(record, ip_str=f"10.{n // 250 % 250}.{n % 250}.{RECORDS.index(record)}")
                handle.write((record if isinstance(record, str) else json.dumps(record)) + "\n")
    return path


def test_the_batch_function_resolves_each_shape_and_keeps_rejects() -> None:
    out = resolve_batch(
        pd.DataFrame({"record": [r if isinstance(r, str) else json.dumps(r) for r in RECORDS]})
    )
    makers = list(out["manufacturer"])
    assert makers[:6] == ["hikvision", "dahua", "axis", "hikvision", "hikvision", None]
    assert out["reject"].notna().sum() == 2 and out.iloc[6]["record"] == "{broken json"
    assert out.iloc[4]["model"] == "DS-2CD2143G0-I"


def test_a_text_batch_gives_the_resolvers_answers() -> None:
    texts = ["Hik DS-2CD2143G0-I dome", "Server: App-webs/", "Car park camera 3", ""]
    out = resolve_batch(pd.DataFrame({"text": texts}))
    assert list(out["manufacturer"]) == [resolve(t).manufacturer for t in texts]


@settings(max_examples=40)
@given(st.lists(st.one_of(st.none(), st.text(max_size=60)), max_size=20))
def test_every_input_row_gives_a_row(texts: list[str | None]) -> None:
    out = resolve_batch(pd.DataFrame({"text": pd.Series(texts, dtype="object")}))
    assert len(out) == len(texts)


def test_a_batch_without_known_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="record"):
        resolve_batch(pd.DataFrame({"other": ["x"]}))


def canonical(path: Path) -> list[tuple[object, ...]]:
    frame = pd.read_json(path, lines=True) if path.suffix == ".jsonl" else pd.read_parquet(path)
    columns = sorted(frame.columns)
    rows = [tuple("" if pd.isna(v) else v for v in row) for row in frame[columns].itertuples(index=False)]
    return sorted(rows, key=repr)


@pytest.mark.slow
def test_dask_on_two_workers_gives_the_single_process_answers(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "banners.jsonl", 300)
    local = resolve_file(source, tmp_path / "local.jsonl", engine="local")
    from custodes.bulk import engines

    old = engines.BLOCKSIZE
    engines.BLOCKSIZE = 32 * 1024  # several partitions from a small file
    try:
        dask = resolve_file(source, tmp_path / "dask.jsonl", engine="dask", workers=2)
    finally:
        engines.BLOCKSIZE = old
    assert (dask.rows, dask.resolved, dask.rejected) == (local.rows, local.resolved, local.rejected)
    assert local.rejected == 600 and local.resolved == 300 * 5
    assert canonical(tmp_path / "dask.jsonl") == canonical(tmp_path / "local.jsonl")
    assert canonical(tmp_path / "dask.rejects.jsonl") == canonical(tmp_path / "local.rejects.jsonl")


@pytest.mark.slow
def test_parquet_in_and_out_through_the_cli_on_dask(tmp_path: Path) -> None:
    texts = ["DS-2CD2143G0-I", "Server: Dahua Rtsp Server", "Axis P3245-LVE", "nothing here"] * 50
    pd.DataFrame({"banner": texts}).to_parquet(tmp_path / "in.parquet")
    result = CliRunner().invoke(
        app,
        [
            "bulk",
            "resolve",
            str(tmp_path / "in.parquet"),
            "-o",
            str(tmp_path / "out.parquet"),
            "--column",
            "banner",
            "--workers",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert len(out) == 200
    assert sorted(out["manufacturer"].dropna().unique()) == ["axis", "dahua", "hikvision"]


def test_bad_paths_are_one_line_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(
        app, ["bulk", "resolve", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "o.jsonl")]
    )
    assert missing.exit_code == 2 and "no such file" in missing.output
    (tmp_path / "in.csv").write_text("a\n")
    wrong = runner.invoke(
        app,
        ["bulk", "resolve", str(tmp_path / "in.csv"), "-o", str(tmp_path / "o.jsonl"), "--engine", "local"],
    )
    assert wrong.exit_code == 2 and ".parquet" in wrong.output


@pytest.mark.slow
def test_spark_map_in_pandas_gives_the_same_answers(tmp_path: Path) -> None:
    pyspark = pytest.importorskip("pyspark", reason="the spark extra (pyspark) is not installed")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark")
    import os
    import sys

    from custodes.bulk.spark import resolve_spark

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        pyspark.sql.SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    try:
        lines = [r if isinstance(r, str) else json.dumps(r) for r in RECORDS]
        frame = spark.createDataFrame([(line,) for line in lines], "record string")
        got = resolve_spark(frame).toPandas()
    finally:
        spark.stop()
    expected = resolve_batch(pd.DataFrame({"record": lines}))
    assert sorted(map(str, got["manufacturer"].fillna(""))) == sorted(
        map(str, expected["manufacturer"].fillna(""))
    )
