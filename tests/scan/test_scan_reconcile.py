"""Reconciling a scan with an asset register: matched, network only, register only, conflicts."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from custodes.scan.host import Host
from custodes.scan.identify import identify_all
from custodes.scan.probes import Observation
from custodes.scan.reconcile import reconcile
from custodes.scan.report import html, markdown, write_xlsx_report


def hosts() -> list[Host]:
    seen = [
        Observation("10.1.2.10", "sadp", "model", "DS-2CD2143G0-I"),
        Observation("10.1.2.11", "dhip", "model", "NVR4216-16P-4KS2"),
        Observation("10.1.2.11", "dhip", "mac", "3c:ef:8c:11:22:33"),
        Observation("10.1.2.12", "onvif", "model", "P3245-LVE"),
        Observation("10.1.2.13", "sadp", "protocol", "sadp"),
        Observation("10.1.2.13", "http", "title", "LTS Platinum Network Camera"),
        Observation("10.1.2.14", "http", "server", "App-webs/"),
        Observation("10.1.2.15", "http", "server", "nginx"),
    ]
    return identify_all(seen)


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.csv"
    rows = [
        ["Asset", "Location", "Make", "Model", "IP address", "MAC", "Qty"],
        ["A1", "Depot", "Hikvision", "DS-2CD2143G0-I", "10.1.2.10", "", "1"],
        ["A2", "Depot", "Dahua", "NVR4216-16P-4KS2", "", "3C-EF-8C-11-22-33", "1"],
        ["A3", "Library", "Axis", "P3245-LVE", "", "", "2"],
        ["A4", "Car park", "LTS", "=cmd|' /C calc'!A0", "10.1.2.13", "", "1"],
        ["A5", "Museum <script>alert(1)</script>", "Bosch", "FLEXIDOME IP 5100i", "", "", "1"],
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_matched_network_only_and_register_only(register: Path) -> None:
    rec = reconcile(hosts(), [register])
    by = {m.host.address: m.by for m in rec.matched}
    assert by == {"10.1.2.10": "ip", "10.1.2.11": "mac", "10.1.2.12": "model", "10.1.2.13": "ip"}
    assert [h.address for h in rec.network_only] == ["10.1.2.14"]
    assert [h.address for h in rec.other_hosts] == ["10.1.2.15"]
    not_seen = {i.text.split()[0]: n for i, n in rec.register_only}
    assert not_seen == {"Axis": 1, "Bosch": 1}


def test_a_relabelled_unit_is_flagged_as_a_conflict(register: Path) -> None:
    rec = reconcile(hosts(), [register])
    unit = next(m for m in rec.matched if m.host.address == "10.1.2.13")
    assert unit.register_maker == "lts" and unit.host.manufacturer == "hikvision"
    assert unit.conflict == "the register says lts, the network says hikvision"


def test_reports_are_written_safe(register: Path, tmp_path: Path) -> None:
    rec = reconcile(hosts(), [register])
    book = openpyxl.load_workbook(write_xlsx_report(rec, tmp_path / "rec.xlsx"))
    assert book.sheetnames == ["Summary", "Matched", "Network only", "Register only"]
    cells = [c for row in book["Matched"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not any(c.startswith("=") for c in cells)
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["matched"] == 4 and summary["in the register, not seen (units)"] == 2
    page = html(rec)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<script>" not in markdown(rec)


def test_an_unreadable_register_is_reported_not_fatal(tmp_path: Path) -> None:
    rec = reconcile(hosts(), [tmp_path / "missing.xlsx"])
    assert rec.failures and rec.matched == []
    assert len(rec.network_only) == 5
