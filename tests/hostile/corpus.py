"""Make the hostile corpus: seeds written by real libraries, then deterministic mutants
(truncation, bit flips, splices, zeroed runs, names with markup) and hand-made attacks
(deep nesting, huge values, entity floods, a 10 MB line, 100,000 columns, a bomb of a PDF
content stream, an XLSX whose used range ends at XFD1048576).

``build(folder)`` writes them all and returns their names, so the suite and
``benchmarks/robustness.py`` run on the same files; ``GOOD`` is the one healthy register.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from hostile import xls
from ingest import builders

GOOD = "good-register.csv"
GOOD_ROWS = (
    "Site,Manufacturer,Model,Qty\n"
    "Depot,Hikvision,DS-2CD2143G0-I,12\n"
    "Town Hall,Dahua,IPC-HFW2431S,3\n"
    "Library,Axis,P3245-LVE,2\n"
)


def _csv() -> bytes:
    return GOOD_ROWS.replace("Depot", "Car park").encode()


def _json() -> bytes:
    rows = [{"site": "Depot", "make": "Hikvision", "model": "DS-2CD2143G0-I", "qty": 4}]
    return json.dumps(rows).encode()


def _zip() -> bytes:
    return builders.zip_of({"register.csv": _csv(), "letter.docx": builders.docx_letter()})


def seeds() -> dict[str, bytes]:
    """One real file per format, each made by the library that writes that format."""
    return {
        "letter.pdf": builders.pdf_letter(),
        "letter.docx": builders.docx_letter(),
        "register.xlsx": builders.xlsx_register(),
        "register.xls": xls.workbook(
            [["Site", "Make", "Model", "Qty"], ["Depot", "Hikvision", "DS-2CD2143G0-I", 47]]
        ),
        "reply.eml": builders.eml_with_attachments(),
        "answers.zip": _zip(),
        "register.csv": _csv(),
        "register.json": _json(),
    }


def _mutants(name: str, data: bytes, others: list[bytes], rng: random.Random) -> Iterator[tuple[str, bytes]]:
    stem, ext = name.rsplit(".", 1)
    for fraction in (0.05, 0.3, 0.5, 0.7, 0.95):
        yield f"{stem}-cut{int(fraction * 100)}.{ext}", data[: max(1, int(len(data) * fraction))]
    yield f"{stem}-cut-last.{ext}", data[:-1]
    for n in range(20):
        flipped = bytearray(data)
        for _ in range(1 + n * 2):
            at = rng.randrange(len(flipped))
            flipped[at] ^= 1 << rng.randrange(8)
        yield f"{stem}-flip{n}.{ext}", bytes(flipped)
    for n in range(4):
        other = others[rng.randrange(len(others))]
        at, cut = rng.randrange(len(data)), rng.randrange(len(other))
        yield f"{stem}-splice{n}.{ext}", data[:at] + other[cut:]
    for n in range(3):
        zeroed = bytearray(data)
        at = rng.randrange(len(zeroed))
        zeroed[at : at + 64 * (n + 1)] = b"\x00" * len(zeroed[at : at + 64 * (n + 1)])
        yield f"{stem}-zero{n}.{ext}", bytes(zeroed)
    yield f"[bold]{stem}[red]x.{ext}", data
    yield f"{stem}-doubled.{ext}", data + data


def _pdf_bomb(size: int = 40 * 1024**2) -> bytes:
    """A one-page PDF whose content stream inflates to ``size`` bytes of drawing operators."""
    stream = zlib.compress(b"0 0 m 1 1 l S\n" * (size // 14), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _xlsx_rewrite(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == member else content)
    return out.getvalue()


def _huge_range_xlsx(*, cell: bool) -> bytes:
    data = builders.xlsx_simple([["Site", "Make"], ["Depot", "Hikvision"]])
    if cell:
        far = b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
        return _xlsx_rewrite(
            data,
            "xl/worksheets/sheet1.xml",
            lambda xml: xml.replace(b"</sheetData>", b'<row r="1048576">' + far + b"</row></sheetData>"),
        )
    return _xlsx_rewrite(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>'),
    )


def attacks() -> dict[str, bytes]:
    """Hand-made hostile files, one per way a reader was seen to crash or hang."""
    digits = "9" * 5000
    return {
        "deep-list.json": b"[" * 100_000 + b"]" * 100_000,
        "deep-object.json": b'{"a":' * 1000 + b"1" + b"}" * 1000,
        "deep-records.json": b'[{"site": ' + b"[" * 3000 + b"]" * 3000 + b"}]",
        "surrogate.json": b'[{"site": "\\udc80 Depot", "make": "Hikvision"}]',
        "bigint.json": b'[{"site": "Depot", "qty": ' + digits.encode() + b"}]",
        "bigint.csv": f"Site,Manufacturer,Model,Qty\nDepot,Hikvision,DS-2CD2143G0-I,{digits}\n".encode(),
        "bigint-letter.txt": f"We hold {digits} CCTV cameras made by Hikvision.\n".encode(),
        "deep.html": b"<html><body>" + b"<div>" * 200_000 + b"x" + b"</div>" * 200_000 + b"</body></html>",
        "entities.html": b"<html><body><p>" + b"&amp;" * 2_000_000 + b"</p></body></html>",
        "long-line.txt": b"Hikvision " * (1024**2),
        "long-line.csv": b"Site,Make\n" + b"Depot," + b"x" * (10 * 1024**2) + b"\n",
        "wide.csv": (
            ",".join(f"c{i}" for i in range(100_000)) + "\n" + ",".join("1" * 100_000) + "\n"
        ).encode(),
        "stream-bomb.pdf": _pdf_bomb(),
        "far-cell.xlsx": _huge_range_xlsx(cell=True),
        "far-dimension.xlsx": _huge_range_xlsx(cell=False),
        "xml-bomb.docx": builders.docx_letter(xml_bomb=True),
        "nul-stuffed.xls": xls.workbook([["Site"], ["Depot"]])[:2048] + b"\x00" * (1024**2),
        "[bold]markup-members[i].zip": builders.zip_of(
            {"[/red]x[bold].csv": _csv(), "[link=x]y.txt": b"[/]"}
        ),
        "damaged[red].pdf": builders.pdf_letter()[:-400] + b"[/red] trailer [/]",
        "control-chars.csv": b"Site,Make\n\x1b[31mDepot\x1b[0m,Hikvision\n",
    }


# What each hand-made attack must be refused with (the limit it hits), in every command.
REFUSED = {
    "deep-list.json": "(limit max_json_depth)",
    "deep-object.json": "(limit max_json_depth)",
    "deep-records.json": "(limit max_json_depth)",
    "deep.html": "(limit max_html_depth)",
    "entities.html": "(limit max_html_entities)",
    "long-line.txt": "(limit max_line_bytes)",
    "long-line.csv": "(limit max_line_bytes)",
    "wide.csv": "(limit max_columns)",
    "stream-bomb.pdf": "(limit max_stream_bytes)",
    "far-cell.xlsx": "(limit max_cells)",
    "xml-bomb.docx": "possible XML bomb",
}


def build(folder: Path) -> list[str]:
    """Write the whole corpus (and the good register) into ``folder``; their names."""
    folder.mkdir(parents=True, exist_ok=True)
    base = seeds()
    rng = random.Random(20261202)
    files: dict[str, bytes] = {GOOD: GOOD_ROWS.encode()}
    files.update(base)
    others = list(base.values())
    for name, data in base.items():
        files.update(_mutants(name, data, others, rng))
    files.update(attacks())
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return sorted(files)
