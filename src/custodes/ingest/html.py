"""HTML pages (e.g. a saved WhatDoTheyKnow request): visible text blocks and every <table>.

Tables are taken out of the page before its text is split into blocks, so table content is
reported once, as a table. Scripts, styles and other invisible elements are dropped.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from custodes.errors import InputError
from custodes.ingest import sniff, textcodec
from custodes.ingest.model import Document, Limits, Location
from custodes.ingest.registry import Reader, register
from custodes.ingest.tabular import build_table
from custodes.ingest.text import paragraphs

_INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
_LONG_CELL = 500  # a "table" with cells this long is page layout, not data
_BLOCK = (
    "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
    "section", "article", "header", "footer", "dd", "dt", "hr", "table", "ul", "ol", "address",
)  # fmt: skip
_WHITESPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\u00a0]+")
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")
# Elements that never hold children, or whose end tag real pages leave out: not counted.
_UNNESTED = frozenset(
    "area base br col embed hr img input link meta param source track wbr p li td th tr "
    "option optgroup dt dd thead tbody tfoot colgroup rb rt rp".split()
)


def nesting(markup: str, limit: int) -> int:
    """An estimate of how deep elements nest (at most ``limit + 1``), without parsing:
    the parser and the tree it builds are slow, and quadratic in depth, on 200,000 <div>s."""
    if markup.count("<") <= limit:
        return 0
    depth = deepest = 0
    for match in _TAG.finditer(markup):
        closing, name, empty = match.groups()
        if empty or name.lower() in _UNNESTED:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def check_markup(markup: str, name: str, limits: Limits) -> None:
    """Refuse pages whose nesting or character references would take minutes to parse."""
    entities = markup.count("&")
    if entities > limits.max_html_entities:
        raise InputError(
            name,
            f"has {entities} character references (&...;), over the limit of "
            f"{limits.max_html_entities} (limit max_html_entities)",
        )
    if nesting(markup, limits.max_html_depth) > limits.max_html_depth:
        raise InputError(
            name, f"HTML nested more than {limits.max_html_depth} levels deep (limit max_html_depth)"
        )


def _soup(markup: str) -> BeautifulSoup:
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(_INVISIBLE):
        tag.decompose()
    return soup


def _visible_text(root: Tag) -> str:
    """Text with a blank line at every block boundary, so paragraphs can be split out.

    Line breaks in the HTML source are just spaces; only <br> and block elements break lines.
    """
    for node in root.find_all(string=True):
        if type(node) is NavigableString and node.find_parent(("pre", "textarea")) is None:
            node.replace_with(_WHITESPACE.sub(" ", str(node)))
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(_BLOCK):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    lines = (_SPACES.sub(" ", line).strip() for line in root.get_text().split("\n"))
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_text(markup: str, name: str = "HTML body", limits: Limits = Limits()) -> str:
    """Visible text of an HTML fragment (used for HTML-only e-mail bodies)."""
    check_markup(markup, name, limits)
    return _visible_text(_soup(markup))


def _records(table: Tag) -> list[tuple[int, list[str]]]:
    records = []
    for number, tr in enumerate(table.find_all("tr"), start=1):
        if tr.find_parent("table") is not table:
            continue  # a row of a nested table
        cells = [" ".join(c.get_text(" ").split()) for c in tr.find_all(("td", "th"), recursive=False)]
        if any(cells):
            records.append((number, cells))
    return records


def _is_data(table: Tag, records: list[tuple[int, list[str]]]) -> bool:
    """Layout tables (whole letters laid out in cells) stay in the text."""
    return (
        len(records) >= 2
        and max(len(cells) for _, cells in records) >= 2
        and table.find("table") is None
        and all(len(c) <= _LONG_CELL for _, cells in records for c in cells)
    )


@register
class HtmlReader(Reader):
    media_types = (sniff.HTML,)
    extensions = (".html", ".htm")
    label = "HTML"

    def fill(self, doc: Document, limits: Limits, depth: int) -> None:
        markup, _ = textcodec.decode(doc.data, doc.name)
        check_markup(markup, doc.name, limits)
        title_tag = BeautifulSoup(markup, "html.parser").title
        title = title_tag.get_text(" ", strip=True) if title_tag else ""
        soup = _soup(markup)
        top = [t for t in soup.find_all("table") if t.find_parent("table") is None]
        for index, table in enumerate(top, start=1):
            records = _records(table)
            if _is_data(table, records):
                name = f"table {index}"
                doc.tables.append(
                    build_table(name, records, Location(), file=doc.name, limits=limits, columns=[])
                )
                table.decompose()
        body = soup.body or soup
        text = _visible_text(body)
        if title and not text.startswith(title):
            text = f"{title}\n\n{text}" if text else title
        doc.text.extend(paragraphs(text))
