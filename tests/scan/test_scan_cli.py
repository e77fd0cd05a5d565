"""The scan commands end to end: scan simulated devices, import a scan, reconcile with a register."""

from __future__ import annotations

import asyncio
import csv
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sim import PROFILES, Device
from simnet import LOOPBACK_PORTS, NETWORK, loopback_base
from typer.testing import CliRunner

from custodes.cli import app
from custodes.scan import runner


@pytest.fixture
def devices(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The simulated network served from a background thread's event loop."""
    base = loopback_base()
    loop = asyncio.new_event_loop()
    started: list[Device] = []

    async def start() -> None:
        for i, name in enumerate(NETWORK):
            started.append(
                await Device(f"{base}.{i + 2}", PROFILES[name], ports=dict(LOOPBACK_PORTS)).start()
            )

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    monkeypatch.setattr(runner.ScanConfig, "__init__", _with_ports(runner.ScanConfig.__init__))
    yield base

    async def stop() -> None:
        for device in started:
            await device.aclose()

    asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


def _with_ports(init):  # type: ignore[no-untyped-def]
    def wrapped(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        init(self, *args, **kwargs)
        self.ports = dict(LOOPBACK_PORTS)

    return wrapped


def test_scan_import_and_reconcile(devices: str, tmp_path: Path) -> None:
    cli = CliRunner()
    out, sent = tmp_path / "scan.json", tmp_path / "sent.jsonl"
    result = cli.invoke(
        app, ["scan", f"{devices}.0/28", "--wait", "0.4", "-o", str(out), "--sent-log", str(sent)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    makers = {h["address"].rsplit(".", 1)[1]: h["manufacturer"] for h in data["hosts"]}
    assert makers["2"] == "hikvision" and makers["3"] == "dahua" and makers["5"] == "hikvision"
    log = [json.loads(line) for line in sent.read_text().splitlines()]
    assert len(log) == data["messages_sent"] and all(entry["refused"] is None for entry in log)
    assert "disagreement" in result.output

    register = tmp_path / "register.csv"
    with register.open("w", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["Make", "Model", "IP"],
                ["Hikvision", "DS-2CD2143G0-I", f"{devices}.2"],
                ["Bosch", "NBE-3502-AL", ""],
            ]
        )
    html, xlsx = tmp_path / "rec.html", tmp_path / "rec.xlsx"
    rec = cli.invoke(app, ["reconcile", str(out), str(register), "--html", str(html), "--xlsx", str(xlsx)])
    assert rec.exit_code == 0, rec.output
    assert "matched: 1" in rec.output and "in the register, not seen (units): 1" in rec.output
    assert html.exists() and xlsx.exists()


def test_import_scan_writes_rejects(tmp_path: Path) -> None:
    source = tmp_path / "shodan.jsonl"
    source.write_text(
        json.dumps({"ip_str": "10.0.0.1", "port": 80, "data": "HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n"})
        + "\nnot json\n"
    )
    rejects = tmp_path / "rejects.jsonl"
    result = CliRunner().invoke(
        app, ["import-scan", str(source), "--rejects", str(rejects), "-o", str(tmp_path / "o.json")]
    )
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "o.json").read_text())["hosts"][0]["manufacturer"] == "hikvision"
    assert json.loads(rejects.read_text())["where"] == "line 2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "8.8.8.8"], "public address"),
        (["scan", "nonsense target!"], "not an address"),
        (["scan"], "no targets"),
        (["reconcile", "missing.json", "r.csv"], "cannot be read"),
    ],
)
def test_bad_input_is_one_line_not_a_traceback(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
