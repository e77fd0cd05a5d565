"""audit on registers as users bring them: every row kept, quantities counted, rules dated."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from custodes.audit import audit_files, summarise
from custodes.audit.quantity import parse_quantity
from custodes.cli import app
from custodes.report.audit import to_csv
from custodes.report.safe import safe_cell

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "fictional-council-asset-register.csv"

ROWS = [
    ["Make", "Model No.", "Qty", "Location"],
    ["Hikvision", "DS-2CD2143G0-I", "4", "Town Hall"],
    ["Dauha", "IPC-HFW2431S-S-S2", "x2", "Depot"],
    ["Axis", "P3225-LVE Mk II", "1", "Library"],
    ["", "see attached", "", "Market"],
    ['=HYPERLINK("http://evil")', "", "1", "Car park"],
]


def write_csv(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        csv.writer(fh, delimiter=delimiter).writerows(ROWS)
    return path


def test_every_row_is_kept_and_unresolved_rows_are_counted(tmp_path: Path) -> None:
    result = audit_files([write_csv(tmp_path / "reg.csv")], as_of=date(2026, 1, 1))
    assert len(result.items) == len(ROWS) - 1
    summary = summarise(result)
    assert summary.by_manufacturer["hikvision"] == 4
    assert summary.by_manufacturer["dahua"] == 2
    assert summary.unresolved_rows == 2
    assert summary.devices == 4 + 2 + 1 + 1 + 1


def test_restricted_share_states_both_denominators(tmp_path: Path) -> None:
    summary = summarise(audit_files([write_csv(tmp_path / "reg.csv")], as_of=date(2026, 1, 1)))
    ndaa = next(p for p in summary.packs if p.pack == "us-ndaa-889")
    assert ndaa.devices == 6
    assert ndaa.share_all == pytest.approx(6 / summary.devices)
    assert ndaa.share_resolved == pytest.approx(6 / summary.resolved_devices)


def test_as_of_applies_rules_in_force_on_that_date(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "reg.csv")
    before = summarise(audit_files([path], as_of=date(2019, 1, 1)))
    after = summarise(audit_files([path], as_of=date(2024, 1, 1)))
    assert next(p for p in before.packs if p.pack == "us-ndaa-889").devices == 0
    assert next(p for p in after.packs if p.pack == "us-ndaa-889").devices == 6


@pytest.mark.parametrize(("encoding", "delimiter"), [("cp1252", ";"), ("utf-16", "\t"), ("utf-8-sig", ",")])
def test_common_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = write_csv(tmp_path / "reg.csv", encoding=encoding, delimiter=delimiter)
    result = audit_files([path], as_of=date(2026, 1, 1))
    assert [i.resolution.manufacturer for i in result.items][:2] == ["hikvision", "dahua"]


def test_xlsx_register(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in ROWS:
        ws.append(row)
    path = tmp_path / "reg.xlsx"
    wb.save(path)
    result = audit_files([path], as_of=date(2026, 1, 1))
    assert [i.quantity for i in result.items][:2] == [4, 2]
    assert "row" in result.items[0].location or "cell" in result.items[0].location


def test_one_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    bad = tmp_path / "junk.csv"
    bad.write_bytes(b"\x00\x01\x02\xff" * 100)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    good = write_csv(tmp_path / "reg.csv")
    result = audit_files([bad, empty, good], as_of=date(2026, 1, 1))
    assert len(result.items) == len(ROWS) - 1
    failed = {Path(f).name for f, _ in result.failures}
    assert failed == {"junk.csv", "empty.csv"}
    assert all(reason and "\n" not in reason for _, reason in result.failures)


def test_csv_report_neutralises_formulas(tmp_path: Path) -> None:
    result = audit_files([write_csv(tmp_path / "reg.csv")], as_of=date(2026, 1, 1))
    out = to_csv(result).decode()
    assert "=HYPERLINK" not in out.replace("'=HYPERLINK", "")
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("Hikvision") == "Hikvision"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("4", 4),
        ("1,790", 1790),
        ("x4", 4),
        ("4 no.", 4),
        ("two", 2),
        ("12.0", 12),
        ("several", None),
        ("", None),
    ],
)
def test_quantities(text: str, want: int | None) -> None:
    assert parse_quantity(text)[0] == want


def test_cli_fail_on_high_exits_non_zero(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "reg.csv")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        app, ["audit", str(path), "-f", "json", "-o", str(out), "--fail-on", "high", "-q"]
    )
    assert result.exit_code == 1
    report = json.loads(out.read_text())
    assert len(report["items"]) == len(ROWS) - 1
    assert report["summary"]["unresolved_rows"] == 2


def test_cli_passes_when_nothing_is_restricted(tmp_path: Path) -> None:
    path = tmp_path / "axis.csv"
    path.write_text("Make,Model\nAxis,P3225-LVE Mk II\n")
    result = CliRunner().invoke(app, ["audit", str(path), "--fail-on", "high", "-q", "-f", "csv"])
    assert result.exit_code == 0, result.output


def test_cli_bad_date_is_one_line_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "reg.csv")
    result = CliRunner().invoke(app, ["audit", str(path), "--as-of", "yesterday"])
    assert result.exit_code == 2
    assert "--as-of" in result.output and "Traceback" not in result.output


def test_bundled_example_audits_with_every_row_accounted_for() -> None:
    result = audit_files([EXAMPLE])
    with EXAMPLE.open(encoding="utf-8") as fh:
        n = sum(1 for _ in csv.DictReader(fh))
    assert len(result.items) == n
    summary = summarise(result)
    assert summary.resolved_devices + summary.unresolved_devices == summary.devices
    assert summary.by_manufacturer.get("hikvision", 0) > 0
    assert summary.unresolved_rows > 0


def test_a_one_gigabyte_file_is_refused_in_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fh:
        fh.truncate(1024**3)  # sparse: costs no disk, but stat says 1 GiB
    good = write_csv(tmp_path / "reg.csv")
    result = audit_files([huge, good], as_of=date(2026, 1, 1))
    assert len(result.items) == len(ROWS) - 1
    ((file, reason),) = result.failures
    assert file.endswith("huge.csv") and "limit" in reason and "\n" not in reason


def test_duplicate_headers_are_kept_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("Make,Model,Model\nHikvision,DS-2CD2143G0-I,spare\n")
    result = audit_files([path], as_of=date(2026, 1, 1))
    (item,) = result.items
    assert set(item.cells) == {"Make", "Model", "Model (2)"}
    assert any("duplicate" in w.lower() for w in result.warnings)


def test_an_installer_in_another_column_is_never_read_as_the_maker(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text("Make,Model,Maintainer\n,,Hikvision UK Ltd\nAxis,M3106-L Mk II,Hikvision UK Ltd\n")
    result = audit_files([path], as_of=date(2026, 1, 1))
    first, second = result.items
    assert not first.resolved and "equipment columns are empty" in " ".join(first.warnings)
    assert second.resolution.manufacturer == "axis"


def test_totals_and_removed_kit_are_kept_but_not_counted(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(
        "Make,Model,Qty,Status\n"
        "Hikvision,DS-2CD2143G0-I,4,In use\n"
        "Dahua,IPC-HFW2431S-S-S2,10,Removed 2023\n"
        "Total,,14,\n"
    )
    result = audit_files([path], as_of=date(2026, 1, 1))
    assert len(result.items) == 3
    assert [i.excluded is None for i in result.items] == [True, False, False]
    summary = summarise(result)
    assert summary.devices == 4 and summary.excluded_rows == 2
    assert "dahua" not in summary.by_manufacturer


@pytest.mark.parametrize(
    ("name", "content"),
    [("p.yaml", "prices: [unclosed\n"), ("p.csv", "device_type,low\ncamera,abc\n"), ("p.csv", "")],
)
def test_a_broken_price_table_is_a_one_line_error(tmp_path: Path, name: str, content: str) -> None:
    prices = tmp_path / name
    prices.write_text(content)
    result = CliRunner().invoke(app, ["audit", str(write_csv(tmp_path / "reg.csv")), "--prices", str(prices)])
    assert result.exit_code == 2
    assert name in result.output and "Traceback" not in result.output


def test_a_row_naming_two_makers_counts_its_quantity_once(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text("Description,Qty\nHikvision and Dahua cameras,10\nAxis P3225-LVE Mk II,5\n")
    summary = summarise(audit_files([path], as_of=date(2026, 1, 1)))
    assert summary.devices == 15
    assert summary.by_manufacturer == {"hikvision": 10, "dahua": 10, "axis": 5}
    ndaa = next(p for p in summary.packs if p.pack == "us-ndaa-889")
    assert ndaa.devices == 10 and ndaa.share_all == pytest.approx(10 / 15)


def test_fail_on_ignores_rows_that_are_not_counted(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text("Make,Model,Qty,Status\nHikvision,DS-2CD2143G0-I,4,Decommissioned\n")
    result = CliRunner().invoke(app, ["audit", str(path), "--fail-on", "high", "-q", "-f", "csv"])
    assert result.exit_code == 0, result.output


def test_an_audit_that_read_nothing_fails(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["audit", str(tmp_path / "missing.csv"), "--fail-on", "high", "-q"])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("text", "want"),
    [("-3", None), ("Phase 2", None), ("£1,250", None), ("approx 20", 20), ("c. 990", 990), ("0", 0)],
)
def test_quantity_cells_that_are_not_counts(text: str, want: int | None) -> None:
    assert parse_quantity(text)[0] == want


def test_the_same_file_twice_is_counted_once(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "reg.csv")
    copy = tmp_path / "copy.csv"
    copy.write_bytes(path.read_bytes())
    result = audit_files([path, copy], as_of=date(2026, 1, 1))
    assert len(result.items) == len(ROWS) - 1
    assert any("not counted twice" in w for w in result.warnings)


def test_a_plain_text_letter_is_read_for_claims_and_a_text_list_row_by_row(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "Dear Requester,\n\nThank you for your request for information about CCTV.\n\n"
        "The council operates 12 Hikvision cameras and 3 Dahua NVRs across its car parks and its "
        "town centre, all of which are maintained by an external contractor on our behalf.\n\n"
        "Yours sincerely,\nInformation Governance Team\n"
    )
    listing = tmp_path / "kit.txt"
    listing.write_text("Hikvision DS-2CD2143G0-I\nDahua IPC-HFW2431S-S-S2\n")
    result = audit_files([letter, listing], as_of=date(2026, 1, 1))
    summary = summarise(result)
    assert summary.by_manufacturer["hikvision"] == 12 + 1
    assert summary.by_manufacturer["dahua"] == 3 + 1
    assert all(i.quote for i in result.items if i.file.endswith("letter.txt"))


@pytest.mark.parametrize("header", ["Camera No", "Asset No", "Serial Number", "Total Cost", "Unit Price (£)"])
def test_identifier_and_money_columns_are_never_quantities(tmp_path: Path, header: str) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(f"{header},Make,Model\n1023,Hikvision,DS-2CD2143G0-I\n2044,Axis,M3106-L Mk II\n")
    summary = summarise(audit_files([path], as_of=date(2026, 1, 1)))
    assert summary.devices == 2


def test_an_installer_column_is_never_the_equipment_column(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text("Installer Name,Camera Model,Qty\nHikvision UK,P3245-LVE,2\n")
    result = audit_files([path], as_of=date(2026, 1, 1))
    assert result.items[0].resolution.manufacturer == "axis"
    path2 = tmp_path / "maint.csv"
    path2.write_text("Ref,Serviced by\n1,Dahua Technology UK\n2,Hikvision UK\n")
    assert not any(i.resolved for i in audit_files([path2], as_of=date(2026, 1, 1)).items)


@pytest.mark.parametrize(
    ("status", "excluded"),
    [
        ("Removed 2023", True),
        ("To be removed 2025", False),
        ("Not removed", False),
        ("Due for removal", False),
    ],
)
def test_only_kit_that_is_gone_is_left_out(tmp_path: Path, status: str, excluded: bool) -> None:
    path = tmp_path / "removed.csv"  # a file name is not a sheet name
    path.write_text(f"Make,Model,Qty,Status\nHikvision,DS-2CD2143G0-I,4,{status}\nAxis,M3106-L Mk II,1,\n")
    items = audit_files([path], as_of=date(2026, 1, 1)).items
    assert (items[0].excluded is not None) is excluded
    assert items[1].excluded is None


@pytest.mark.parametrize(
    "content", ["device_type,low,high\ncameras,100,200\n", "device_type,low,high\ncamera,nan,inf\n"]
)
def test_price_rows_are_checked(tmp_path: Path, content: str) -> None:
    prices = tmp_path / "p.csv"
    prices.write_text(content)
    result = CliRunner().invoke(app, ["audit", str(write_csv(tmp_path / "reg.csv")), "--prices", str(prices)])
    assert result.exit_code == 2 and "p.csv: row 2" in result.output
