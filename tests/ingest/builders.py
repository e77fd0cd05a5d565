"""Real files made by the real libraries, for the ingest tests (no hand-written fixtures)."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable, Sequence
from email.message import EmailMessage

import docx
import openpyxl
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from . import cfb

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def xlsx_register() -> bytes:
    """Visible "Assets" sheet (title row, hidden row 5, hidden column C, formula E4, duplicate
    header), and a hidden "Removed" sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Assets"
    ws.append(["CCTV asset register 2023"])
    ws.append([])
    ws.append(["Site", "Manufacturer", "Model", "Qty", "Total", "Model"])
    ws.append(["Depot", "Hikvision", "DS-2CD2143G0-I", 47, None, "x"])
    ws.append(["Town Hall", "Dahua", "IPC-HFW2431S", 9.0, None, "y"])
    ws.append(["Library", "Axis", "P3245-LVE", 2.5, None, None])
    ws["E4"] = "=D4*2"
    ws.row_dimensions[5].hidden = True
    ws.column_dimensions["C"].hidden = True
    hidden = wb.create_sheet("Removed")
    hidden.sheet_state = "hidden"
    hidden.append(["Site", "Manufacturer"])
    hidden.append(["Car park", "Hikvision"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_simple(rows: Sequence[Sequence[object]], sheet: str = "Sheet1") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def docx_letter(xml_bomb: bool = False) -> bytes:
    document = docx.Document()
    document.add_paragraph("Dear requester,")
    document.add_paragraph("")
    document.add_paragraph("Q2 - 47 static cameras and 9 PTZ.")
    table = document.add_table(rows=3, cols=3)
    cells = [["Site", "Make", "Qty"], ["Depot", "Hikvision", "47"], ["Hall", "Dahua", "9"]]
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Yours sincerely")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if not xml_bomb:
        return data
    return _rewrite_member(data, "word/document.xml", _with_entity)


def xlsx_with_entity() -> bytes:
    return _rewrite_member(xlsx_register(), "xl/worksheets/sheet1.xml", _with_entity)


def _with_entity(xml: bytes) -> bytes:
    bomb = b'<!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    if xml.startswith(b"<?xml"):
        head, sep, rest = xml.partition(b"?>")
        return head + sep + bomb + rest.replace(b"Dear requester,", b"&b;")
    return bomb + xml


def _rewrite_member(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def pdf_letter() -> bytes:
    """Three pages; the table is on page 2."""
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    table = Table([["Site", "Make", "Qty"], ["Depot", "Hikvision", "47"], ["Hall", "Dahua", "9"]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(out, pagesize=A4).build(
        [
            Paragraph("Dear Ms Smith, thank you for your request.", styles["Normal"]),
            PageBreak(),
            Paragraph("Q2 - 47 static cameras and 9 PTZ.", styles["Normal"]),
            table,
            PageBreak(),
            Paragraph("Question 3 is refused under section 31.", styles["Normal"]),
        ]
    )
    return out.getvalue()


def pdf_pages(count: int, *, text: bool = True, encrypt: str | None = None) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, encrypt=encrypt)
    for number in range(1, count + 1):
        if text:
            pdf.drawString(72, 720, f"Page {number} text")
        else:
            pdf.rect(72, 72, 200, 200)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def eml_with_attachments() -> bytes:
    message = EmailMessage()
    message["From"] = "foi@barsetshire.gov.uk"
    message["To"] = "requester@example.org"
    message["Subject"] = "FOI 1234 - CCTV"
    message["Date"] = "Mon, 02 Oct 2023 10:00:00 +0100"
    message.set_content("Dear requester,\n\nPlease find our response attached.\n\nFOI team\n")
    message.add_attachment(
        docx_letter(), maintype="application", subtype=DOCX_TYPE.split("/")[1],
        filename="response.docx",
    )  # fmt: skip
    message.add_attachment(
        xlsx_register(), maintype="application", subtype=XLSX_TYPE.split("/")[1],
        filename="register.xlsx",
    )  # fmt: skip
    message.add_attachment(b"\x00\x01\x02junk" * 50, maintype="application",
                           subtype="octet-stream", filename="broken.bin")  # fmt: skip
    return message.as_bytes()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


def ods_minimal(rows: list[list[str]], sheet: str = "Assets") -> bytes:
    """A minimal OpenDocument spreadsheet (the format LibreOffice writes), built with zipfile."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{cells}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_TYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", ODS_TYPE, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def xlsm_with_macro() -> bytes:
    """An XLSX package with an xl/vbaProject.bin part, as Excel writes .xlsm files."""
    data = xlsx_simple([["Site", "Make"], ["Depot", "Hikvision"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really VBA")
    return out.getvalue()


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _props(header: bytes, longs: dict[int, int]) -> bytes:
    """A MSG property stream: header, then 16-byte entries for PT_LONG properties."""
    entries = b"".join(
        struct.pack("<IIQ", (prop << 16) | 0x0003, 0x6, value) for prop, value in longs.items()
    )
    return header + entries


def msg_with_attachment() -> bytes:
    """An Outlook MSG (IPM.Note) with a body and an XLSX attachment, written with cfb.py."""
    headers = (
        "From: FOI Team <foi@barsetshire.gov.uk>\r\nTo: requester@example.org\r\n"
        "Subject: FOI 1234 - CCTV\r\nDate: Mon, 02 Oct 2023 10:00:00 +0100\r\n\r\n"
    )
    attachment: cfb.Tree = {
        "__properties_version1.0": _props(b"\x00" * 8, {0x3705: 1}),
        "__substg1.0_37010102": xlsx_simple([["Site", "Make"], ["Depot", "Hikvision"]]),
        "__substg1.0_3707001F": _utf16("register.xlsx"),
        "__substg1.0_3704001F": _utf16("REGIST~1.XLS"),
    }
    nameid: cfb.Tree = {f"__substg1.0_000{n}0102": b"" for n in (2, 3, 4)}
    tree: cfb.Tree = {
        "__properties_version1.0": _props(struct.pack("<8sIIII8s", b"", 0, 1, 0, 1, b""), {}),
        "__substg1.0_001A001F": _utf16("IPM.Note"),
        "__substg1.0_0037001F": _utf16("FOI 1234 - CCTV"),
        "__substg1.0_1000001F": _utf16("Dear requester,\r\n\r\nWe hold 47 cameras.\r\n"),
        "__substg1.0_007D001F": _utf16(headers),
        "__nameid_version1.0": nameid,
        "__attach_version1.0_#00000000": attachment,
    }
    return cfb.write(tree)
