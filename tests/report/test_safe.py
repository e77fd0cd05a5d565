"""Outputs that are safe to open: no formula runs, no markup renders, no file escapes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from custodes.report.safe import Sheet, confined, md_text, safe_cell, slug, write_csv, write_xlsx

HOSTILE = ["=cmd|' /C calc'!A0", "@SUM(A1:A9)", "+44 20 7946 0000", "-2+3", "\t=1", " =HYPERLINK(1)"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_is_neutralised(text: str) -> None:
    assert str(safe_cell(text)).startswith("'")


def test_numbers_and_plain_text_pass_unchanged() -> None:
    assert safe_cell(-5) == -5
    assert safe_cell(2.5) == 2.5
    assert safe_cell("Hikvision DS-2CD2143G0-I") == "Hikvision DS-2CD2143G0-I"
    assert safe_cell(None) is None


def test_csv_has_a_bom_one_line_quotes_and_no_formulas() -> None:
    out = io.StringIO(newline="")
    write_csv(out, ["quote", "n"], [["line one\nline two", 3], ["=1+1", -4]])
    text = out.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["quote", "n"], ["line one line two", "3"], ["'=1+1", "-4"]]


def test_xlsx_cells_are_strings_not_formulas(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "out.xlsx",
        [Sheet("claims: [all]", ["quote", "n"], [[t, i] for i, t in enumerate(HOSTILE)])],
    )
    book = load_workbook(path)
    ws = book.worksheets[0]
    assert ws.title == "claims- -all-"
    values = [row for row in ws.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(q, str) and q.startswith("'") for q, _ in values)
    assert [n for _, n in values] == list(range(len(HOSTILE)))


def test_markdown_text_renders_as_text() -> None:
    assert "<img" not in md_text('<img src=x onerror="alert(1)">')
    assert md_text("a | b\nc") == "a \\| b c"


@pytest.mark.parametrize(
    ("name", "want"),
    [("../../PWNED", "pwned"), ("Brent Council", "brent-council"), ("", "item"), ("Ynys Môn", "ynys-mon")],
)
def test_slug(name: str, want: str) -> None:
    assert slug(name) == want


def test_confined_never_leaves_the_folder(tmp_path: Path) -> None:
    assert confined(tmp_path, "../../PWNED.txt") == (tmp_path / "pwned.txt").resolve()
    assert confined(tmp_path, "/etc/passwd").parent == tmp_path.resolve()


@given(st.text())
def test_confined_stays_inside_for_any_name(name: str) -> None:
    root = Path("/tmp/custodes-confined-test")
    assert confined(root, name).parent == root.resolve()


@given(st.text())
def test_safe_cell_never_starts_a_formula(text: str) -> None:
    value = str(safe_cell(text))
    assert not value.lstrip(" ").startswith(("=", "+", "-", "@")) or value.startswith("'")
