"""CSV/TSV: encodings, delimiters, headers, row numbers, and nothing silently dropped."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.errors import InputError
from custodes.ingest import read_bytes

REGISTER = (
    "Site,Manufacturer,Model,Qty\n" "Café Depot,Hikvision,DS-2CD2143G0-I,47\n" "Town Hall £,Dahua,IPC,9\n"
)


def cells(data: bytes, name: str = "register.csv") -> list[dict[str, str]]:
    doc = read_bytes(data, name)
    assert doc.media_type in ("text/csv", "text/tab-separated-values")
    return [row.cells for row in doc.tables[0].rows]


def test_cp1252_is_decoded_and_reported() -> None:
    doc = read_bytes(REGISTER.encode("cp1252"), "register.csv")
    rows = [row.cells for row in doc.tables[0].rows]
    assert rows[0]["Site"] == "Café Depot"
    assert rows[1]["Site"] == "Town Hall £"
    assert "read as cp1252 (not UTF-8)" in doc.warnings


def test_utf16_with_bom_tab_delimited() -> None:
    data = REGISTER.replace(",", "\t").encode("utf-16")
    rows = cells(data, "register.tsv")
    assert rows[0] == {
        "Site": "Café Depot", "Manufacturer": "Hikvision", "Model": "DS-2CD2143G0-I", "Qty": "47",
    }  # fmt: skip


def test_utf8_bom_semicolon() -> None:
    data = REGISTER.replace(",", ";").encode("utf-8-sig")
    doc = read_bytes(data, "register.csv")
    assert doc.tables[0].headers == ["Site", "Manufacturer", "Model", "Qty"]
    assert doc.warnings == []


def test_pipe_delimiter_and_quoted_commas() -> None:
    rows = cells(b'Site|Notes\nDepot|"47 cameras, 9 PTZ"\n')
    assert rows == [{"Site": "Depot", "Notes": "47 cameras, 9 PTZ"}]


def test_row_numbers_are_physical_lines_with_header_as_row_1() -> None:
    doc = read_bytes(b"Site,Make\n\nDepot,Hikvision\n\n\nHall,Dahua\n", "r.csv")
    table = doc.tables[0]
    assert [row.number for row in table.rows] == [3, 6]
    assert table.rows[1].location.describe() == "row 6"
    assert table.locate(table.rows[1], "Make").describe() == "cell B6"


def test_duplicate_and_blank_headers_are_renamed_with_a_warning() -> None:
    doc = read_bytes(b"Model,,Model\nA,B,C\n", "r.csv")
    table = doc.tables[0]
    assert table.headers == ["Model", "Column B", "Model (2)"]
    assert table.rows[0].cells == {"Model": "A", "Column B": "B", "Model (2)": "C"}
    assert any("duplicate header 'Model'" in w for w in table.warnings)


def test_ragged_rows_keep_every_cell() -> None:
    table = read_bytes(b"a,b\n1,2,3\n4\n", "r.csv").tables[0]
    assert table.headers == ["a", "b", "Column C"]
    assert [r.cells for r in table.rows] == [
        {"a": "1", "b": "2", "Column C": "3"},
        {"a": "4", "b": "", "Column C": ""},
    ]
    assert table.warnings


def test_formula_like_cells_are_kept_verbatim() -> None:
    rows = cells(b"Site,Qty\nDepot,=1+1\nHall,@SUM(A1)\nPark,-3\n")
    assert [r["Qty"] for r in rows] == ["=1+1", "@SUM(A1)", "-3"]


def test_unclosed_quote_is_reported() -> None:
    doc = read_bytes(b'Site,Notes\nDepot,"open quote\nHall,x\nPark,y\n', "r.csv")
    assert any("unclosed quote" in w for w in doc.warnings)


def test_row_limit() -> None:
    from custodes.ingest import Limits

    data = b"a\n" + b"x\n" * 11
    with pytest.raises(InputError, match="limit max_rows"):
        read_bytes(data, "r.csv", limits=Limits(max_rows=10))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_input_error(data: bytes) -> None:
    # any exception other than InputError fails the test; what is read keeps its bytes
    with contextlib.suppress(InputError):
        doc = read_bytes(data, "fuzz.csv")
        assert doc.data == data


_CELL = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters='",;\t|\r\n\x85'
    ),
    max_size=12,
).filter(lambda s: s.strip() != "")


@settings(max_examples=150, deadline=None)
@given(
    width=st.integers(min_value=1, max_value=5),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    data=st.data(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_every_non_blank_line_is_in_exactly_one_row(
    width: int, delimiter: str, data: st.DataObject, encoding: str
) -> None:
    header = [f"h{i}" for i in range(width)]
    body = data.draw(st.lists(st.lists(_CELL, min_size=width, max_size=width), max_size=30))
    blanks = data.draw(st.lists(st.booleans(), min_size=len(body), max_size=len(body)))
    lines = [delimiter.join(header)]
    for record, blank_before in zip(body, blanks, strict=True):
        if blank_before:
            lines.append("")
        lines.append(delimiter.join(record))
    text = "\n".join(lines) + "\n"
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    doc = read_bytes(raw, "prop.csv")
    table = doc.tables[0]
    expected = {n: line for n, line in enumerate(lines, 1) if line.strip() and n > 1}
    assert [r.number for r in table.rows] == sorted(expected)
    if encoding == "cp1252":
        return  # a few bytes of a legacy code page are ambiguous; the rows must still all be there
    for row in table.rows:
        assert delimiter.join(row.cells[h] for h in table.headers) == delimiter.join(
            cell.strip() for cell in expected[row.number].split(delimiter)
        )


def test_excel_sep_hint_line_sets_the_delimiter() -> None:
    doc = read_bytes(b"sep=;\r\nSite;Make\r\nDepot;Hikvision, Dahua\r\n", "r.csv")
    table = doc.tables[0]
    assert table.headers == ["Site", "Make"]
    assert [(r.number, r.cells["Make"]) for r in table.rows] == [(3, "Hikvision, Dahua")]


@settings(max_examples=100, deadline=None)
@given(
    width=st.integers(min_value=1, max_value=5),
    delimiter=st.sampled_from([",", ";", "\t"]),
    data=st.data(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    title=st.booleans(),
)
def test_reading_row_by_row_gives_the_rows_of_the_whole_file(
    width: int, delimiter: str, data: st.DataObject, encoding: str, title: bool
) -> None:
    import io

    from custodes.ingest import Limits
    from custodes.ingest.delimited import stream_table

    header = [f"h{i}" for i in range(width)]
    body = data.draw(st.lists(st.lists(_CELL, min_size=width, max_size=width), min_size=1, max_size=30))
    lines = (["Register of things"] if title and width > 1 else []) + [delimiter.join(header)]
    lines += [delimiter.join(r) for r in body]
    raw = ("\n".join(lines) + "\n").encode(encoding)
    whole = read_bytes(raw, "prop.csv").tables[0]
    head_size = data.draw(st.integers(min_value=16, max_value=max(16, len(raw))))
    fh = io.BytesIO(raw)
    head = fh.read(head_size)
    streamed = stream_table(fh, "prop.csv", Limits(), head)
    rows = [(r.number, r.cells) for r in streamed.rows]
    assert streamed.headers == whole.headers
    assert rows == [(r.number, r.cells) for r in whole.rows]
    assert streamed.bytes_read == len(raw)


def test_reading_row_by_row_stops_at_the_byte_limit() -> None:
    import io

    from custodes.ingest import Limits
    from custodes.ingest.delimited import stream_table

    raw = b"Make,Qty\n" + b"Hikvision,1\n" * 10_000
    fh = io.BytesIO(raw)
    head = fh.read(1024)
    streamed = stream_table(fh, "big.csv", Limits(max_bytes=50_000), head)
    with pytest.raises(InputError, match="max-bytes"):
        for _ in streamed.rows:
            pass
