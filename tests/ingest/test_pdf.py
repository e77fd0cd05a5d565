"""PDF: text per page with page numbers, tables, and refusals for bad PDFs."""

from __future__ import annotations

import pytest

from custodes.errors import InputError
from custodes.ingest import Limits, read_bytes
from custodes.ingest.pdf import ocr_available

from . import builders


def test_text_comes_back_with_page_numbers_and_the_table_once() -> None:
    doc = read_bytes(builders.pdf_letter(), "answer.pdf")
    pages = {b.location.page: b.text for b in doc.text}
    assert "thank you for your request" in pages[1]
    assert "47 static cameras" in pages[2]
    assert "section 31" in pages[3]
    (table,) = doc.tables
    assert table.name == "table 1 on page 2"
    assert table.location.describe() == "page 2"
    assert [r.cells for r in table.rows] == [
        {"Site": "Depot", "Make": "Hikvision", "Qty": "47"},
        {"Site": "Hall", "Make": "Dahua", "Qty": "9"},
    ]
    assert "Hikvision" not in pages[2]  # table text is reported once, as a table


def test_encrypted_pdf_is_refused() -> None:
    with pytest.raises(InputError, match="encrypted"):
        read_bytes(builders.pdf_pages(1, encrypt="secret"), "locked.pdf")


def test_truncated_pdf_is_refused() -> None:
    data = builders.pdf_letter()
    with pytest.raises(InputError, match="broken.pdf: not a readable PDF"):
        read_bytes(data[:300], "broken.pdf")


def test_page_limit() -> None:
    with pytest.raises(InputError, match="12 pages, over the limit of 10"):
        read_bytes(builders.pdf_pages(12), "long.pdf", limits=Limits(max_pages=10))


@pytest.mark.skipif(ocr_available(), reason="Tesseract is installed, so OCR runs instead")
def test_page_without_text_layer_says_how_to_get_ocr() -> None:
    doc = read_bytes(builders.pdf_pages(2, text=False), "scan.pdf")
    assert doc.text == []
    assert doc.warnings == ["pages 1, 2 have no text layer; install tesseract-ocr for OCR"]


def test_a_boxed_single_line_stays_in_the_page_text() -> None:
    import io

    from reportlab.lib import colors
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    out = io.BytesIO()
    box = Table([["We do not hold this information."]])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(out).build([box])
    doc = read_bytes(out.getvalue(), "boxed.pdf")
    assert doc.tables == []
    assert doc.text[0].text == "We do not hold this information."
