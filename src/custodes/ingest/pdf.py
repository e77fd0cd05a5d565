"""PDF letters and reports: text per page with its page number, and the tables on each page.

Text blocks exclude characters inside detected tables (those are in ``tables``), so nothing is
reported twice. A page without a text layer is OCRed when Tesseract is installed; otherwise
the reader says so instead of returning silence.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import shutil
import zlib
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import PDFStream, resolve1

from custodes.errors import InputError
from custodes.ingest import sniff
from custodes.ingest.model import Document, Limits, Location, TextBlock
from custodes.ingest.registry import Reader, register
from custodes.ingest.tabular import build_table, cell_text

# pdfminer logs font and page-tree repairs on stderr: noise between the batch's own lines.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def ocr_available() -> bool:
    """Tesseract needs both the binary (Debian: tesseract-ocr) and pytesseract (extra "ocr")."""
    return shutil.which("tesseract") is not None and importlib.util.find_spec("pytesseract") is not None


def _ocr(page: Any) -> str:
    import pytesseract

    image = page.to_image(resolution=300).original
    return str(pytesseract.image_to_string(image))


def _declared_pages(pdf: Any) -> int | None:
    """The page count from the catalogue, without building 10,000 page objects first."""
    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"]).get("Count"))
    except Exception:  # noqa: BLE001 - damaged trees are counted the slow way
        return None
    return count if isinstance(count, int) and count > 0 else None


def _inflated_size(stream: PDFStream, budget: int) -> int:
    """Bytes a content stream decompresses to, counting no further than ``budget + 1``:
    pdfminer would inflate a 40 KB stream into 40 MB of operators and parse them all."""
    raw = stream.rawdata if stream.rawdata is not None else stream.data or b""
    filters = stream.get_filters()
    if not filters:
        return len(raw)
    name = str(getattr(filters[0][0], "name", filters[0][0]))
    if name not in ("FlateDecode", "Fl"):
        return len(raw)  # other filters expand little, or are pdfminer's to refuse
    inflater = zlib.decompressobj()
    total, chunk = 0, raw
    while chunk and total <= budget:
        try:
            out = inflater.decompress(chunk, budget + 1 - total)
        except zlib.error:
            return total  # damaged: pdfminer reports it the usual way
        total += len(out)
        chunk = inflater.unconsumed_tail
    return total


def check_contents(page: Any, number: int, name: str, limit: int) -> None:
    """Refuse a page whose content streams decompress to more than ``limit`` bytes."""
    total = 0
    for ref in page.page_obj.contents:
        stream = resolve1(ref)
        if isinstance(stream, PDFStream):
            total += _inflated_size(stream, limit - total)
            if total > limit:
                mib = limit / 1024**2
                raise InputError(
                    name,
                    f"page {number}: its content decompresses to more than {mib:g} MiB "
                    "(limit max_stream_bytes)",
                )


def _outside(bboxes: list[tuple[float, float, float, float]]) -> Any:
    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in bboxes)

    return keep


@register
class PdfReader(Reader):
    media_types = (sniff.PDF,)
    extensions = (".pdf",)
    label = "PDF"

    def fill(self, doc: Document, limits: Limits, depth: int) -> None:
        try:
            pdf = pdfplumber.open(io.BytesIO(doc.data))
        except (PDFPasswordIncorrect, PDFEncryptionError):
            raise InputError(doc.name, "the PDF is encrypted (password required)") from None
        except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on damage
            inner = [*exc.args, exc.__context__]
            if any(isinstance(e, PDFPasswordIncorrect | PDFEncryptionError) for e in inner):
                raise InputError(doc.name, "the PDF is encrypted (password required)") from None
            cause = next((e for e in inner if isinstance(e, BaseException)), exc)
            raise InputError(doc.name, f"not a readable PDF ({cause!r})") from None
        with pdf:
            count = _declared_pages(pdf) or len(pdf.pages)
            if count > limits.max_pages:
                reason = f"has {count} pages, over the limit of {limits.max_pages} (max_pages)"
                raise InputError(doc.name, reason)
            blank: list[str] = []
            for number, page in enumerate(pdf.pages, start=1):
                self._page(doc, page, number, limits, blank)
                page.close()
        if blank:
            pages = ", ".join(blank[:20]) + (" ..." if len(blank) > 20 else "")
            doc.warnings.append(
                f"page {pages} has no text layer; install tesseract-ocr for OCR"
                if len(blank) == 1
                else f"pages {pages} have no text layer; install tesseract-ocr for OCR"
            )

    def _page(self, doc: Document, page: Any, number: int, limits: Limits, blank: list[str]) -> None:
        check_contents(page, number, doc.name, limits.max_stream_bytes)
        found = page.find_tables()
        kept = []
        for index, table in enumerate(found, start=1):
            grid = table.extract()
            records = [
                (n, [cell_text(c) for c in row])
                for n, row in enumerate(grid, start=1)
                if any(cell_text(c) for c in row)
            ]
            if len(records) < 2:
                continue  # a boxed line, not a table: its text stays in the page text
            kept.append(table)
            loc = Location(page=number)
            name = f"table {index} on page {number}"
            doc.tables.append(build_table(name, records, loc, file=doc.name, limits=limits, columns=[]))
        bboxes = [t.bbox for t in kept]
        view = page.filter(_outside(bboxes)) if bboxes else page
        text = (view.extract_text() or "").strip()
        if not text and not kept:
            if ocr_available():
                text = _ocr(page).strip()
                if text:
                    doc.warnings.append(f"page {number} was read by OCR; check quotes against it")
            else:
                blank.append(str(number))
        if text:
            doc.text.append(TextBlock(text, Location(page=number)))
