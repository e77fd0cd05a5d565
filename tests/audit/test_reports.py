"""Reports a council can act on: the device's own maker, sites, asset ids, an action list."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from custodes.audit import audit_files, summarise
from custodes.cli import app
from custodes.report.audit import render

AS_OF = date(2026, 1, 1)
REGISTER = (
    "Asset ID,Make,Model,Qty,Site\n"
    "A1,Hikvision,DS-2CD2143G0-I,4,Depot\n"
    "A2,Dahua,IPC-HFW2431S-S-S2,3,Hall\n"
    "A3,Uniview,IPC2124LB-SF28-A,2,Hall\n"
    "A4,Axis,<img src=x onerror=alert(1)>,1,Library\n"
    'A5,Axis,P3225-LVE,1,"=HYPERLINK(""http://x"")"\n'
)


def _audit(tmp_path: Path, text: str = REGISTER) -> object:
    path = tmp_path / "reg.csv"
    path.write_text(text)
    return audit_files([path], as_of=AS_OF)


def test_each_finding_names_the_devices_own_maker(tmp_path: Path) -> None:
    result = _audit(tmp_path)
    summary = summarise(result)  # type: ignore[arg-type]
    md = render(result, summary, "md").decode()  # type: ignore[arg-type]
    findings = md.split("## Findings", 1)[1].split("### Rules cited", 1)[0]
    dahua = [line for line in findings.splitlines() if line.startswith("| Dahua")]
    assert dahua and all("Hikvision" not in line.split("(", 1)[0] for line in dahua)
    uniview = [line for line in findings.splitlines() if line.startswith("| Uniview")]
    assert uniview
    ndaa = [f for f in summary.findings if f.pack == "us-ndaa-889" and f.manufacturer == "dahua"]
    assert ndaa and all((f.devices, f.rows, f.sites) == (3, 1, 1) for f in ndaa)
    cited = md.split("### Rules cited", 1)[1].split("## Devices", 1)[0]
    assert any(
        "Dahua" in line and "dahua" in line.lower().split(":", 1)[1]
        for line in cited.splitlines()
        if "**" in line
    )


def test_the_action_list_counts_devices_per_site(tmp_path: Path) -> None:
    summary = summarise(_audit(tmp_path))  # type: ignore[arg-type]
    assert summary.actions["Depot"] == {"replace": 4}
    assert summary.actions["Library"] == {"keep": 1}
    assert set(summary.actions["Hall"]) <= {"replace", "verify", "keep"}
    assert sum(summary.actions["Hall"].values()) == 5


def test_site_and_asset_id_are_kept_in_every_format(tmp_path: Path) -> None:
    result = _audit(tmp_path)
    summary = summarise(result)  # type: ignore[arg-type]
    md = render(result, summary, "md").decode()  # type: ignore[arg-type]
    assert "| A1 | Depot |" in md
    csv_text = render(result, summary, "csv").decode()  # type: ignore[arg-type]
    assert ",A2,Hall," in csv_text
    doc = json.loads(render(result, summary, "json"))  # type: ignore[arg-type]
    assert [(i["asset"], i["site"]) for i in doc["items"]][:2] == [("A1", "Depot"), ("A2", "Hall")]


def test_document_text_is_escaped_in_markdown_and_neutralised_in_csv(tmp_path: Path) -> None:
    result = _audit(tmp_path)
    summary = summarise(result)  # type: ignore[arg-type]
    md = render(result, summary, "md").decode()  # type: ignore[arg-type]
    assert "<img" not in md and "&lt;img" in md
    csv_text = render(result, summary, "csv").decode()  # type: ignore[arg-type]
    assert ',"=HYPERLINK' not in csv_text and "'=HYPERLINK" in csv_text


def test_the_xlsx_report_has_a_sheet_per_table_and_no_formulas(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(REGISTER)
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(app, ["audit", str(path), "-f", "xlsx", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert {"Summary", "Actions by site", "Findings", "Verify", "Rows", "Columns"} <= set(wb.sheetnames)
    rows = list(wb["Rows"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("file", "location", "asset", "site")
    assert not any(isinstance(v, str) and v.startswith("=") for row in rows for v in row)
    sites = {r[0]: r[1:] for r in wb["Actions by site"].iter_rows(min_row=2, values_only=True)}
    assert sites["Depot"] == (4, 0, 0)


def test_an_xlsx_report_needs_an_output_file(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(REGISTER)
    result = CliRunner().invoke(app, ["audit", str(path), "-f", "xlsx", "-q"])
    assert result.exit_code == 2 and "--output" in result.output


def test_an_unsure_column_is_named_on_the_terminal_in_markdown_and_in_json(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text("Make,Brand,Model\nHikvision,Hik,DS-2CD2143G0-I\n")
    md_out, json_out = tmp_path / "r.md", tmp_path / "r.json"
    terminal = CliRunner().invoke(app, ["audit", str(path), "-o", str(md_out)])
    CliRunner().invoke(app, ["audit", str(path), "-f", "json", "-o", str(json_out), "-q"])
    assert "'Brand'" in terminal.output
    assert "'Brand'" in md_out.read_text() or "Brand" in md_out.read_text().split("## Check these", 1)[1]
    doc = json.loads(json_out.read_text())
    assert any("'Brand'" in w for t in doc["tables"] for w in t["warnings"])
