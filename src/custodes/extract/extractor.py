"""Documents in, sourced claims out: the entry points behind ``custodes extract``.

A reply and its attachments are read as one tree; the Scottish Act and the questions asked
in the covering e-mail carry down into the attachments, because a refusal letter attached
to a FOISA e-mail cites "section 35" without naming the Act again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from custodes.blobs import put_blob
from custodes.errors import CustodesError
from custodes.extract.claims import Claim, DocumentInfo, Draft, ExtractResult, finish
from custodes.extract.decide import annotate, score_candidates
from custodes.extract.mentions import Resolve
from custodes.extract.sections import is_scottish
from custodes.extract.structure import Reader
from custodes.extract.tables import cell_block_location, extract_table, is_prose
from custodes.extract.text import read_blocks
from custodes.extract.totals import link_totals
from custodes.ingest import Document, Limits, Table, TextBlock
from custodes.ingest.isolate import JobFailure, WorkerLimits, run_isolated
from custodes.ingest.registry import Unreadable, expand, read_one
from custodes.resolve import default_resolver


def _own_drafts(
    doc: Document, scottish: bool, questions: dict[int, str], resolver: Resolve | None
) -> tuple[list[Draft], str]:
    reader = Reader(questions=dict(questions))
    all_text = "\n".join(b.text for b in doc.text)
    table_drafts: list[Draft] = []
    extra_blocks: list[TextBlock] = []
    for table in doc.tables:
        if is_prose(table):
            # never read prose as a one-column register; its text is read as text
            extra_blocks.extend(_prose_blocks(table, all_text))
            continue
        drafts, blocks = extract_table(table, resolver)
        table_drafts.extend(drafts)
        # PDF and DOCX readers keep table text out of the text blocks; a plain-text reader
        # also offers its lines as a table, which must not be read twice
        extra_blocks.extend(b for b in blocks if b.text.strip() not in all_text)
    text_drafts, kind, lines = read_blocks([*doc.text, *extra_blocks], scottish, reader, resolver)
    score_candidates(text_drafts, kind, lines)
    questions.update(reader.questions)
    # a PDF page's text repeats its tables: keep the table's (cell-located) claim only
    seen = {
        (d.location.get("page"), d.manufacturer, d.quantity)
        for d in table_drafts
        if d.location.get("page") is not None
    }
    text_drafts = [
        d
        for d in text_drafts
        if d.status != "owned" or (d.location.get("page"), d.manufacturer, d.quantity) not in seen
    ]
    return text_drafts + table_drafts, kind


def _prose_blocks(table: Table, all_text: str) -> list[TextBlock]:
    """The lines of a prose "table" the text blocks do not already hold (nothing is dropped)."""
    out = []
    for row in table.rows:
        for header, value in row.cells.items():
            if value.strip() and value.strip() not in all_text:
                out.append(TextBlock(value, cell_block_location(table, row, header)))
    return out


def _walk(
    doc: Document,
    scottish: bool,
    questions: dict[int, str],
    resolver: Resolve | None,
    out: list[tuple[Document, list[Claim]]],
) -> None:
    scottish = scottish or is_scottish("\n".join(b.text for b in doc.text))
    drafts, kind = _own_drafts(doc, scottish, questions, resolver)
    out.append((doc, link_totals(annotate(finish(drafts, doc.sha256, doc.name), drafts, kind))))
    for child in doc.children:
        _walk(child, scottish, dict(questions), resolver, out)


def extract_tree(doc: Document, resolver: Resolve | None = None) -> list[tuple[Document, list[Claim]]]:
    """Claims per document for a document and all its attachments/members, in reading order."""
    out: list[tuple[Document, list[Claim]]] = []
    _walk(doc, False, {}, resolver, out)
    return out


def extract_document(doc: Document, resolver: Resolve | None = None) -> list[Claim]:
    """Every claim in ``doc`` and its children (attachments, archive members).

    :param resolver: the resolve function to use; the bundled KB's when omitted.
    """
    return [claim for _, claims in extract_tree(doc, resolver) for claim in claims]


def extract_one(
    job: tuple[Path, Limits, Resolve | None],
) -> list[tuple[Document, list[Claim]]] | Unreadable:
    """Read one file and extract its tree: the unit of work an isolated worker runs."""
    path, limits, resolver = job
    doc = read_one((path, limits))
    if isinstance(doc, Unreadable):
        return doc
    try:
        return extract_tree(doc, resolver)
    except CustodesError as exc:
        return Unreadable(doc.name, str(exc))
    except Exception as exc:  # noqa: BLE001 - an extractor bug must not stop the batch either
        return Unreadable(doc.name, f"extractor error: {type(exc).__name__}: {exc}".splitlines()[0])


def extract_claims(
    paths: Sequence[Path],
    *,
    blob_dir: Path | None = None,
    limits: Limits | None = None,
    resolver: Resolve | None = None,
    isolation: WorkerLimits | None = None,
    workers: int | None = None,
) -> ExtractResult:
    """Read files (folders are walked), extract claims, and keep the originals by sha256.

    Each file is read and extracted in an isolated worker (``ingest.isolate``): one file that
    is unreadable, crashes a parser, hangs or runs out of memory never stops the batch; it
    is listed in ``failures`` with a one-line reason. ``workers=0`` runs in this process.
    """
    result = ExtractResult()
    jobs = [(path, limits or Limits(), resolver) for path in expand(paths)]
    if resolver is None and len(jobs) > 1:
        default_resolver()  # loaded once here: forked workers inherit it instead of each loading it
    outcomes = run_isolated(extract_one, jobs, isolation or WorkerLimits.from_env(), workers)
    for (path, _, _), tree in outcomes:
        if isinstance(tree, JobFailure):
            result.failures.append((str(path), tree.reason))
            continue
        if isinstance(tree, Unreadable):
            result.failures.append((tree.file, tree.reason))
            continue
        try:
            infos = []
            for member, _ in tree:
                blob = put_blob(blob_dir, member.data, member.sha256) if blob_dir else None
                infos.append(DocumentInfo(member.sha256, member.name, member.media_type, blob))
        except (CustodesError, OSError) as exc:  # the blob folder refused: name the file, go on
            result.failures.append((str(path), str(exc).splitlines()[0] if str(exc) else repr(exc)))
            continue
        result.documents.extend(infos)
        result.warnings.extend((member.name, w) for member, _ in tree for w in member.warnings)
        for member, _ in tree:
            result.warnings.extend((member.name, w) for t in member.tables for w in t.warnings)
        for member, claims in tree:
            result.claims.extend(claims)
            flat = sum("low-structure" in c.flags for c in claims)
            if flat:
                result.warnings.append(
                    (member.name, f"no recognisable structure: {flat} claims proposed with low confidence")
                )
    return result
