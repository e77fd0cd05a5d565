"""The data model every reader produces: text with locations, and tables, in one Document.

One model serves two callers: ``audit`` wants tables (asset registers), the FOI extractor wants
text it can quote with a location. Both must be able to point a user back to the exact place in
the exact bytes, so a Document keeps its original bytes and their sha256.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Location:
    """Where a piece of text came from; every field is optional."""

    part: str | None = None  # path inside a container: "reply.eml/attachments/register.xlsx"
    page: int | None = None  # 1-based PDF page
    sheet: str | None = None
    cell: str | None = None  # "B7"
    row: int | None = None  # 1-based row as the user sees it in the file (header row = 1)
    # Character offsets into the decoded text (line endings normalised to "\n") of the text
    # file, or of the e-mail body (part "body"), or of the HTML page's visible text.
    span: tuple[int, int] | None = None
    paragraph: int | None = None  # 1-based paragraph (DOCX)
    line: int | None = None  # 1-based line (plain text, JSONL)

    def describe(self) -> str:
        """A short human description: "page 2", "sheet Assets, cell B7", "row 14"."""
        bits: list[str] = []
        if self.part:
            bits.append(self.part)
        if self.page is not None:
            bits.append(f"page {self.page}")
        if self.sheet is not None:
            bits.append(f"sheet {self.sheet}")
        if self.cell is not None:
            bits.append(f"cell {self.cell}")
        elif self.row is not None:
            bits.append(f"row {self.row}")
        if self.paragraph is not None:
            bits.append(f"paragraph {self.paragraph}")
        if self.line is not None:
            bits.append(f"line {self.line}")
        if self.span is not None:
            bits.append(f"characters {self.span[0]}-{self.span[1]}")
        return ", ".join(bits) or "whole document"


@dataclass(slots=True)
class TextBlock:
    """A paragraph, a page or an e-mail body."""

    text: str
    location: Location


@dataclass(slots=True)
class Row:
    """One record: header -> cell text as shown to a user (numbers without a trailing .0)."""

    number: int
    cells: dict[str, str]
    location: Location


@dataclass(slots=True)
class Table:
    """A sheet, a CSV file, a table on a PDF page or in a DOCX/HTML document."""

    name: str
    headers: list[str]
    rows: list[Row]
    location: Location
    hidden: bool = False
    warnings: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # column letter per header, when known

    def locate(self, row: Row, header: str) -> Location:
        """The location of one cell: "sheet Assets, cell B7" when the column letter is known."""
        if header in self.headers and len(self.columns) == len(self.headers):
            letter = self.columns[self.headers.index(header)]
            return replace(row.location, cell=f"{letter}{row.number}")
        return row.location


@dataclass(slots=True)
class Document:
    """One input file (or one member of a container) and everything read from it."""

    name: str  # display name: the file name, or the container path for children
    sha256: str  # of the exact original bytes
    media_type: str  # detected from the content, not just the extension
    text: list[TextBlock]
    tables: list[Table]
    children: list[Document]  # e-mail attachments, ZIP members (recursively)
    warnings: list[str]
    data: bytes = field(repr=False)  # the original bytes, unchanged


@dataclass(frozen=True)
class Limits:
    """Resource limits; every one is enforced with an InputError naming the file and the limit
    (or, for ``max_digits``, a warning). The table in docs/robustness.md explains each."""

    max_bytes: int = 200 * 1024**2
    max_pages: int = 2000
    max_rows: int = 1_000_000
    max_depth: int = 5
    max_members: int = 2000
    max_uncompressed: int = 500 * 1024**2
    max_ratio: int = 200  # zip-bomb guard: uncompressed / compressed size of one member
    max_json_depth: int = 200  # nesting of JSON arrays and objects
    max_html_depth: int = 1000  # nesting of HTML elements (parsing is quadratic in it)
    max_html_entities: int = 200_000  # character references in one HTML page
    max_line_bytes: int = 1024**2  # longest line of a text, CSV or e-mail file
    max_columns: int = 16_384  # columns of one table (Excel's own limit, A to XFD)
    max_cells: int = 50_000_000  # used range of one sheet (rows x columns), checked before calamine
    max_stream_bytes: int = 8 * 1024**2  # a PDF page's content streams, once decompressed
    max_digits: int = 30  # a number literal longer than this is kept as text, with a warning

    @classmethod
    def raised(cls, max_bytes: int) -> Limits:
        """The defaults with a larger (or smaller) file-size limit, as ``--max-bytes`` asks;
        the decompressed-size budget of archives grows with it."""
        base = cls()
        return replace(base, max_bytes=max_bytes, max_uncompressed=max(base.max_uncompressed, 3 * max_bytes))
