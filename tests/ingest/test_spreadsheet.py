"""XLSX/XLSM/ODS: every sheet read, hidden sheets/rows/columns and formulas reported."""

from __future__ import annotations

import pytest

from custodes.errors import InputError
from custodes.ingest import Document, Limits, read_bytes

from . import builders


@pytest.fixture(scope="module")
def register_doc() -> Document:
    return read_bytes(builders.xlsx_register(), "register.xlsx")


def test_every_sheet_is_a_table_and_the_hidden_one_is_flagged(register_doc: Document) -> None:
    assets, removed = register_doc.tables
    assert (assets.name, assets.hidden) == ("Assets", False)
    assert (removed.name, removed.hidden) == ("Removed", True)
    assert removed.rows[0].cells == {"Site": "Car park", "Manufacturer": "Hikvision"}
    assert "sheet Removed is hidden" in removed.warnings


def test_values_as_a_user_sees_them_with_excel_row_numbers(register_doc: Document) -> None:
    assets = register_doc.tables[0]
    assert assets.headers == ["Site", "Manufacturer", "Model", "Qty", "Total", "Model (2)"]
    assert [r.number for r in assets.rows] == [4, 5, 6]
    assert [r.cells["Qty"] for r in assets.rows] == ["47", "9", "2.5"]
    first = assets.rows[0]
    assert assets.locate(first, "Model").describe() == "sheet Assets, cell C4"


def test_title_row_is_kept_as_text(register_doc: Document) -> None:
    assert register_doc.text[0].text == "CCTV asset register 2023"
    assert register_doc.text[0].location.describe() == "sheet Assets, row 1"


def test_hidden_rows_columns_and_formulas_are_reported(register_doc: Document) -> None:
    warnings = register_doc.tables[0].warnings
    assert "hidden rows 5 (included)" in warnings
    assert "hidden columns C (included)" in warnings
    assert any("E4 (=D4*2)" in w and "without a cached value" in w for w in warnings)
    assert any("duplicate header 'Model'" in w for w in warnings)
    # the hidden row is still there
    assert register_doc.tables[0].rows[1].cells["Site"] == "Town Hall"


def test_macro_workbook_is_read_for_values_only() -> None:
    doc = read_bytes(builders.xlsm_with_macro(), "register.xlsm")
    assert doc.tables[0].rows[0].cells == {"Site": "Depot", "Make": "Hikvision"}
    assert any("macros never executed" in w for w in doc.warnings)


def test_ods() -> None:
    doc = read_bytes(builders.ods_minimal([["Site", "Make"], ["Depot", "Hikvision"]]), "r.ods")
    assert doc.media_type == "application/vnd.oasis.opendocument.spreadsheet"
    assert doc.tables[0].rows[0].cells == {"Site": "Depot", "Make": "Hikvision"}


def test_row_limit_names_the_limit() -> None:
    data = builders.xlsx_simple([["Site"]] + [[f"s{i}"] for i in range(30)])
    with pytest.raises(InputError, match="max_rows"):
        read_bytes(data, "big.xlsx", limits=Limits(max_rows=5))


def test_truncated_xlsx_is_an_input_error() -> None:
    data = builders.xlsx_register()
    with pytest.raises(InputError, match="big.xlsx"):
        read_bytes(data[: len(data) // 2], "big.xlsx")


def test_xml_bomb_in_a_sheet_is_refused() -> None:
    with pytest.raises(InputError, match="xl/worksheets/sheet1.xml declares a DTD"):
        read_bytes(builders.xlsx_with_entity(), "bomb.xlsx")


def test_formula_with_cached_value_reports_the_value_and_the_cell() -> None:
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Totals")
    sheet.write_row(0, 0, ["Site", "Cameras"])
    sheet.write_row(1, 0, ["Depot", 40])
    sheet.write(2, 0, "All sites")
    sheet.write_formula(2, 1, "=B2+7", None, 47)
    book.close()
    doc = read_bytes(out.getvalue(), "totals.xlsx")
    table = doc.tables[0]
    assert table.rows[1].cells == {"Site": "All sites", "Cameras": "47"}
    assert "formula cells report their cached value: B3 (=B2+7)" in table.warnings


def test_encrypted_office_file_is_refused() -> None:
    from . import cfb

    data = cfb.write({"EncryptionInfo": b"\x04\x00\x04\x00" * 20, "EncryptedPackage": b"x" * 600})
    with pytest.raises(InputError, match="locked.xlsx: the Office file is password-protected"):
        read_bytes(data, "locked.xlsx")


def test_vertically_merged_site_applies_to_every_row() -> None:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in (["Site", "Make"], ["Depot", "Hikvision"], [None, "Dahua"], ["Hall", "Axis"]):
        ws.append(row)
    ws.merge_cells("A2:A3")
    out = io.BytesIO()
    wb.save(out)
    table = read_bytes(out.getvalue(), "merged.xlsx").tables[0]
    assert [r.cells["Site"] for r in table.rows] == ["Depot", "Depot", "Hall"]
    assert "vertically merged cells repeat their value down: A2:A3" in table.warnings
