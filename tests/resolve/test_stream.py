"""``custodes resolve`` streams: line numbers kept, memory flat, --jobs gives the same output,
unreadable input exits 2, and the resolver cache is used only when current."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from custodes.resolve import build_resolver
from custodes.resolve.cache import cache_key, cached
from custodes.resolve.stream import iter_lines, resolve_stream


def _run(args: list[str], data: bytes, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CUSTODES_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "custodes", "resolve", *args],
        input=data,
        capture_output=True,
        env=env,
        check=False,
    )


def test_each_record_carries_its_input_line_number(tmp_path: Path) -> None:
    proc = _run(["-"], b"Hikvision DS-2CD2143G0-I\r\n\nACTi B416\nlast line without newline", tmp_path)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3, 4]
    assert [r["input"] for r in records][2:] == ["ACTi B416", "last line without newline"]
    assert records[0]["manufacturer"] == "hikvision" and records[1]["manufacturer"] is None


def test_jobs_give_the_same_records_in_the_same_order(tmp_path: Path) -> None:
    lines = [f"Hikvision DS-2CD2{i:03d}G0-I" if i % 3 else f"Axis P{i:04d}" for i in range(5000)]
    data = ("\n".join(lines) + "\n").encode()
    one = _run(["-"], data, tmp_path)
    out = tmp_path / "sub" / "out.jsonl"
    two = _run(["-", "--jobs", "2", "-o", str(out)], data, tmp_path)
    assert one.returncode == two.returncode == 0, two.stderr
    assert out.read_bytes() == one.stdout
    assert len(one.stdout.splitlines()) == 5000


@pytest.mark.parametrize(
    ("args", "data", "reason"),
    [
        (["-"], b"\x00\x01\x02binary\x00", "binary"),
        (["no-such-file.txt"], b"", "no such file"),
    ],
)
def test_unreadable_input_exits_2_with_one_line(
    tmp_path: Path, args: list[str], data: bytes, reason: str
) -> None:
    proc = _run(args, data, tmp_path)
    assert proc.returncode == 2
    assert reason in proc.stderr.decode()
    assert b"Traceback" not in proc.stderr


class _CountingStream(io.RawIOBase):
    """An endless-looking input that records how much has been read."""

    def __init__(self, lines: int) -> None:
        self.left = lines
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        n = min(self.left, max(1, size // 20))
        self.left -= n
        chunk = b"Hikvision dome camera\n" * n
        self.read_bytes += len(chunk)
        return chunk


def test_reading_is_lazy_so_memory_stays_flat() -> None:
    stream = _CountingStream(10_000_000)
    lines = iter_lines(stream, "<test>")  # type: ignore[arg-type]
    for _ in range(10):
        next(lines)
    assert stream.read_bytes < 4 << 20  # a chunk or two, not the 220 MB behind it


def test_a_non_utf8_file_is_decoded_not_dropped() -> None:
    stream = io.BytesIO("Caméra Hikvision £120\n".encode("cp1252"))
    assert list(iter_lines(stream, "<test>")) == ["Caméra Hikvision £120"]


def test_output_records_equal_the_resolvers() -> None:
    out = io.BytesIO()
    resolve_stream([(7, "Dahua IPC-HFW2431T-AS-S2")], out)
    record = json.loads(out.getvalue())
    assert record["line"] == 7 and record["manufacturer"] == "dahua"


def test_cache_is_written_reused_and_keyed_by_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUSTODES_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CUSTODES_NO_CACHE", raising=False)
    built: list[int] = []

    def build() -> object:
        built.append(1)
        return build_resolver()

    first = cached("resolver-test", "1", build)
    second = cached("resolver-test", "1", build)
    assert built == [1]
    assert list(tmp_path.glob("resolver-test-*.pickle"))
    for text in ["Hikvision DS-2CD2143G0-I", "ACTi B416", "Server: App-webs/"]:
        assert second.resolve(text).to_dict() == first.resolve(text).to_dict()  # type: ignore[attr-defined]
    assert cache_key("1") != cache_key("2")
