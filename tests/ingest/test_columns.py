"""The one column inferrer, on registers shaped the way councils keep them."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.ingest import read_document
from custodes.ingest.columns import ROLE_NAMES, find_header, infer_columns, is_data_row, roles_table
from custodes.ingest.tabular import NO_HEADER


@pytest.mark.parametrize("example", roles_table().examples, ids=lambda e: "|".join(e["headers"]))
def test_the_examples_kept_with_the_roles_hold(example: dict[str, object]) -> None:
    headers = example["headers"]
    assert isinstance(headers, list)
    assert infer_columns(headers).as_dict() == example["expect"]


def test_every_role_of_the_data_file_is_a_field_of_the_map() -> None:
    assert set(ROLE_NAMES) <= set(infer_columns([]).__slots__)  # type: ignore[attr-defined]


def test_the_make_model_column_wins_over_an_asset_id() -> None:
    found = infer_columns(["Asset ID", "Camera Make/Model", "Qty"])
    assert found.equipment_columns() == ["Camera Make/Model"]
    assert found.asset == "Asset ID"


def test_an_installer_or_maintainer_is_never_equipment() -> None:
    found = infer_columns(["Installed by", "Maintenance contractor", "Supplier"])
    assert found.equipment_columns() == []
    assert found.date is None


def test_two_equally_likely_columns_are_named_in_a_warning() -> None:
    found = infer_columns(["Make", "Brand", "Model"])
    assert found.make == "Make"
    (warning,) = found.warnings
    assert "'Make'" in warning and "'Brand'" in warning


def test_with_no_equipment_header_the_values_decide_and_say_so() -> None:
    values = {"Ref": ["A1", "A2"], "Thing": ["Hikvision dome", "Dahua bullet"], "Where": ["Depot", "Hall"]}
    found = infer_columns(
        ["Ref", "Thing", "Where"],
        sample=lambda h: values[h],
        resolves=lambda v: "hik" in v.lower() or "dahua" in v.lower(),
    )
    assert found.make == "Thing" and found.from_content == ("make",)
    assert any("'Thing'" in w and "check it" in w for w in found.warnings)


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_a_headerless_csv_keeps_its_first_row(tmp_path: Path) -> None:
    rows = [
        ["Hikvision", "DS-2CD2143G0-I", "12", "Town Hall"],
        ["Dahua", "IPC-HFW2431S-S-S2", "4", "Depot"],
        ["Axis", "P3225-LVE", "1", "Library"],
    ]
    doc = read_document(_write_csv(tmp_path / "noheader.csv", rows))
    table = doc.tables[0]
    assert [r.number for r in table.rows] == [1, 2, 3]
    assert table.headers == ["Column A", "Column B", "Column C", "Column D"]
    assert NO_HEADER in table.warnings
    found = infer_columns(
        table.headers,
        sample=lambda h: [r.cells[h] for r in table.rows],
        resolves=lambda v: v in {"Hikvision", "Dahua", "Axis", "DS-2CD2143G0-I", "IPC-HFW2431S-S-S2"},
    )
    assert found.quantity == "Column C"
    assert found.make == "Column A" and found.model == "Column B"


def test_a_header_row_is_never_taken_for_data(tmp_path: Path) -> None:
    rows = [["Make", "Model", "Qty"], ["Hikvision", "DS-2CD2143G0-I", "12"], ["Dahua", "IPC-HFW2431S", "4"]]
    table = read_document(_write_csv(tmp_path / "reg.csv", rows)).tables[0]
    assert table.headers == ["Make", "Model", "Qty"] and len(table.rows) == 2


def test_title_rows_of_a_csv_are_kept_as_text(tmp_path: Path) -> None:
    rows = [
        ["Northshire Council CCTV register 2024"],
        [],
        ["Make", "Model", "Qty"],
        ["Hikvision", "DS-2CD2143G0-I", "3"],
    ]
    doc = read_document(_write_csv(tmp_path / "titled.csv", rows))
    table = doc.tables[0]
    assert table.headers == ["Make", "Model", "Qty"]
    assert [r.number for r in table.rows] == [4]
    assert doc.text[0].text.startswith("Northshire Council")


def test_xlsx_with_a_title_and_a_merged_group_header_finds_the_make_model(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Northshire District Council - CCTV asset register"])
    ws.merge_cells("A1:F1")
    ws.append(["Asset details", None, "Equipment", None, None, "Location"])
    ws.merge_cells("A2:B2")
    ws.merge_cells("C2:E2")
    ws.append(["Asset ID", "Install date", "Camera Make/Model", "Qty", "Status", "Site"])
    ws.append(["NS-001", "2019-03-01", "Hikvision DS-2CD2143G0-I", "4", "In use", "Depot"])
    ws.append(["NS-002", "2020-05-01", "Axis P3225-LVE", "1", "In use", "Hall"])
    path = tmp_path / "grouped.xlsx"
    wb.save(path)
    table = read_document(path).tables[0]
    assert table.headers[2] == "Camera Make/Model"
    assert [r.number for r in table.rows] == [4, 5]
    found = infer_columns(table.headers)
    assert found.equipment_columns() == ["Camera Make/Model"]
    assert (found.asset, found.quantity, found.site, found.date) == (
        "Asset ID",
        "Qty",
        "Site",
        "Install date",
    )


def test_find_header_skips_a_group_row_that_fills_half_the_cells() -> None:
    records = [
        (1, ["Assets", "", "Equipment", "", "Where", ""]),
        (2, ["Asset ID", "Ref", "Make", "Model", "Site", "Qty"]),
        (3, ["X1", "r", "Dahua", "IPC-HFW2431S", "Depot", "2"]),
    ]
    assert find_header(records) == (1, False)


_WORD = st.sampled_from(["Make", "Model", "Qty", "Site", "Status", "Notes", "Asset ID", "Location"])


@settings(max_examples=100, deadline=None)
@given(header=st.lists(_WORD, min_size=1, max_size=6, unique=True), n=st.integers(1, 20))
def test_a_row_of_known_headers_is_never_data(header: list[str], n: int) -> None:
    below = [[f"DS-{i}CD{i}14{i}" if j % 2 else str(i) for j in range(len(header))] for i in range(n)]
    assert not is_data_row(header, below)


def test_resolve_reads_the_make_and_model_columns_without_being_told(tmp_path: Path) -> None:
    from custodes.resolve.batch import column_values

    path = _write_csv(
        tmp_path / "reg.csv",
        [
            ["Asset ID", "Manufacturer", "Model No.", "Qty"],
            ["A1", "Hikvision", "DS-2CD2143G0-I", "2"],
            ["A2", "", "P3225-LVE", "1"],
        ],
    )
    assert list(column_values(path)) == ["Hikvision DS-2CD2143G0-I", "P3225-LVE"]
    assert list(column_values(path, "Asset ID")) == ["A1", "A2"]


def test_a_data_row_that_reads_like_headers_never_replaces_the_header() -> None:
    records = [(1, ["h0", "h1"]), (2, ["No", "Site"]), (3, ["x", "y"])]
    assert find_header(records) == (0, False)
