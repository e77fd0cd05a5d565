"""Walk a document's text blocks line by line and sentence by sentence, producing drafts.

PDF text arrives as laid-out lines, so a sentence can wrap; lines are re-joined into
logical lines (offsets kept, the newline read as a space) before roles and sentences are
decided. Every draft quotes the exact original characters and records their span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from custodes.extract.claims import Draft
from custodes.extract.kinds import classify
from custodes.extract.mentions import Resolve
from custodes.extract.repair import Repaired, repair
from custodes.extract.roles import label_lines
from custodes.extract.sections import refusal_sections
from custodes.extract.sentence import Context, Piece, analyse, mentions_only
from custodes.extract.structure import LABEL, SECTION_START, Reader, is_question, label_of
from custodes.ingest import Location, Row, Table, TextBlock

_ABBREV = re.compile(
    r"(?:(?<=\d)(?:no|nos|nr)|\b(?:c|s|ss|no|nos|nr|approx|ltd|co|inc|e\.g|i\.e|etc|q|mr|mrs|ms|dr|st|ref|tel|vs|"
    r"para|reg|art|sec|fig|incl|excl|min|max|dept|govt|[A-Z]))\.$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?=[\"')\]]*\s+[\"'(\[]?[A-Z0-9])")
_SECTION = SECTION_START
# Bullet glyphs, including the "(cid:127)" pdfplumber prints for a bullet the font lacks.
_BULLET = re.compile(r"^\s*(?:[-•*·▪–●○◦■□➢►✓]\s|\(cid:\d+\)\s*|\(?[a-z0-9]{1,2}[.)]\s)", re.IGNORECASE)


_BODY_VOICE = re.compile(
    r"\b(?:we|our|us|the\s+information\s+you\s+(?:have\s+)?requested|you\s+have\s+requested|"
    r"(?:is|are)\s+(?:exempt|withheld|not\s+held))\b"
    # an officer answering in the first person: "I do not hold ...", "I am withholding ..."
    r"|\bI\s+(?:do|did)\s+not\s+(?:hold|retain|keep)\b|\bI\s+(?:am|have)\s+(?:withh[eo]ld|refus)",
    re.IGNORECASE,
)
_ANSWER_ONLY = ("refused", "not_held", "not_owned")
_SECTION_LINE = re.compile(r"^\W*(?:section|s\.)\s*\d{1,2}\b(?:\([^)]*\))*[^.]{0,60}$", re.IGNORECASE)


_ASKING = ("request", "question", "quoted")
_TERSE_WORDS = 8
_STARTS_QA = re.compile(
    r"^\s*(?:(?:Who|What|Which|How|Where|When|Why)\s|(?:Do|Does|Did|Are|Is|Has|Have|Were|Was)\b[^?]{0,200}\?|"
    r"(?:Yes|No)\b\s*[-–—,.:])"
)
"""A line asking a question, or answering Yes/No, starts a logical line of its own."""


def _carry_maker(piece: Piece, sent: str, seen: dict[str, str | None]) -> None:
    """A terse count after the body has named exactly one maker is that maker's ("Two.")."""
    f = piece.fields
    if piece.status != "owned" or f.get("quantity") is None or f.get("manufacturer") is not None:
        return
    if len(seen) != 1 or len(sent.split()) > _TERSE_WORDS:
        return
    maker, written = next(iter(seen.items()))
    f.update(manufacturer=maker, brand_text=written, carried=maker)


def location_dict(location: Location) -> dict[str, Any]:
    """The non-empty fields of a reader Location, JSON-ready."""
    out: dict[str, Any] = {}
    for key, value in asdict(location).items():
        if value is None:
            continue
        out[key] = list(value) if isinstance(value, tuple) else value
    return out


def logical_lines(text: str) -> list[tuple[int, int]]:
    """Spans of logical lines: wrapped lines are joined unless the next one starts anew."""
    spans: list[tuple[int, int]] = []
    pos = 0
    raw: list[tuple[int, int]] = []
    for line in text.split("\n"):
        raw.append((pos, pos + len(line)))
        pos += len(line) + 1
    widest = max((b - a for a, b in raw), default=0)
    start: int | None = None
    prev_end = 0
    prev_len = 0
    for a, b in raw:
        line = text[a:b]
        blank = not line.strip()
        if start is not None:
            prev = text[start:prev_end].rstrip()
            starts_new = (
                blank
                or prev.endswith((".", ":", "?", "!", ";", "|"))  # "|": a table cell
                or bool(LABEL.match(line))
                or bool(_BULLET.match(line))
                or bool(_SECTION.match(line))
                or bool(_STARTS_QA.match(line))
                or len(prev) < 25
                or prev_len < 0.7 * widest  # a short line ended its paragraph
            )
            if not starts_new:
                prev_end, prev_len = b, b - a
                continue
            spans.append((start, prev_end))
            start = None
        if not blank:
            start, prev_end, prev_len = a, b, b - a
    if start is not None:
        spans.append((start, prev_end))
    return spans


def sentences(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[a:b]``; "c.990", "s.31" and "No." do not end a sentence."""
    out: list[tuple[int, int]] = []
    start = a
    for m in _SENTENCE_END.finditer(text, a, b):
        end = m.end()
        if LABEL.fullmatch(text[start:end].strip() + " "):
            continue  # "1. The council ..." - the label does not end a sentence
        abbrev = _ABBREV.search(text[max(start, end - 8) : end])
        if abbrev and not _number_word_then_text(abbrev.group(0), text, end):
            continue
        out.append((start, end))
        start = end
    out.append((start, b))
    spans = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _number_word_then_text(abbrev: str, text: str, end: int) -> bool:
    """ "No. The cameras ..." ends a sentence; "No. 5" and "Nos. 3-4" do not."""
    if abbrev.lower() not in ("no.", "nos.", "nr."):
        return False
    if text[: end - len(abbrev)].rstrip()[-1:].isdigit():
        return False  # "3 no. Dahua NVRs": a count, not an answer
    rest = text[end : end + 3].lstrip()
    return bool(rest) and not rest[0].isdigit()


def _draft(
    piece: Piece,
    block: TextBlock,
    fixed: Repaired,
    base: int,
    base_loc: dict[str, Any],
    role: str,
    line: str,
    question: str | None,
) -> Candidate:
    start, end = fixed.origin(base + piece.start, base + piece.end)
    loc = dict(base_loc)
    offset = block.location.span[0] if block.location.span else 0
    loc["span"] = [offset + start, offset + end]
    f = piece.fields
    return Candidate(
        status=piece.status,
        quote=block.text[start:end],
        location=loc,
        manufacturer=f.get("manufacturer"),
        brand_text=f.get("brand_text"),
        model=f.get("model"),
        quantity=f.get("quantity"),
        quantity_text=f.get("quantity_text"),
        device_type=f.get("device_type"),
        capabilities=list(f.get("capabilities", [])),
        refusal_sections=list(f.get("refusal_sections", [])),
        site=f.get("site"),
        dates=list(f.get("dates", [])),
        confidence=piece.confidence,
        role=role,
        line=line,
        question=question,
        carried=f.get("carried"),
        period=f.get("period", "current"),
        shared_with=list(f.get("shared_with", [])),
        flags=["shared-count"] if f.get("shared_with") else [],
    )


@dataclass(slots=True)
class Candidate(Draft):
    """A draft read from text, with what the scorer needs: the line's role and its cues."""

    role: str = "body"
    line: str = ""
    question: str | None = None
    carried: str | None = None  # a maker carried from an earlier sentence ("the cameras")
    period: str = "current"
    kind: str = "other"
    body: str | None = None
    features: dict[str, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    shared_with: list[str] = field(default_factory=list)


def extract_blocks(
    blocks: Iterable[TextBlock],
    scottish: bool,
    reader: Reader | None = None,
    resolver: Resolve | None = None,
) -> list[Draft]:
    """Drafts from text blocks read in document order (see :func:`read_blocks`)."""
    return read_blocks(blocks, scottish, reader, resolver)[0]


def read_blocks(
    blocks: Iterable[TextBlock],
    scottish: bool,
    reader: Reader | None = None,
    resolver: Resolve | None = None,
) -> tuple[list[Draft], str, list[str]]:
    """Drafts from text blocks read in document order, the document's kind and its lines.

    Every logical line of the document is first given a role by the line-role CRF, read as
    one sequence; the Reader then only remembers the questions, by number, that answers
    inherit their maker and device from.
    """
    reader = reader or Reader()
    blocks = list(blocks)
    fixed = [repair(b.text) for b in blocks]
    texts = [r.text for r in fixed]
    flats = [t.replace("\n", " ").replace("\r", " ") for t in texts]
    spans = [(i, a, b) for i, t in enumerate(texts) for a, b in logical_lines(t)]
    lines = [flats[i][a:b] for i, a, b in spans]
    roles = label_lines(lines)
    kind = classify(lines, roles)
    out: list[Draft] = []
    antecedents: tuple[str, ...] = ()
    last_refusal = 0  # sentences since the last refusal (a list of sections may follow it)
    seen_makers: dict[str, str | None] = {}  # makers the body has said it owns, in order
    for (i, a, b), role in zip(spans, roles, strict=True):
        block, flat = blocks[i], flats[i]
        base_loc = location_dict(block.location)
        base_loc.pop("span", None)
        if str(base_loc.get("part", "")).endswith("headers"):
            role = "quoted"
        line = flat[a:b]
        number, _ = label_of(line)
        if role in ("request", "question", "quoted"):
            reader.note_question(line)
        question = reader.question_for(line) if role not in ("request", "question", "quoted") else None
        asked = role in ("request", "question", "quoted")
        for s, e in sentences(flat, a, b):
            sent = flat[s:e]
            if last_refusal and role != "quoted" and _SECTION_LINE.match(sent):
                # "by virtue of the following exemptions:" then "Section 43(2) - Commercial Interest"
                secs = refusal_sections(sent, scottish)
                fields: dict[str, Any] = {"refusal_sections": secs, "dates": []}
                pieces = [Piece("refused", 0, len(sent), fields, 0.85)] if secs else []
            elif role in ("request", "quoted") or is_question(sent):
                pieces = mentions_only(sent, resolver)  # the asker's words: makers only mentioned
                if role == "request" and not is_question(sent) and _BODY_VOICE.search(sent):
                    # "the information you have requested is exempt under section 43": the body
                    # speaking, though the cue machine still reads the request
                    ctx = Context(scottish, True, None, ())
                    pieces += [p for p in analyse(sent, ctx, resolver) if p.status in _ANSWER_ONLY]
                if role != "quoted":
                    question = sent
                    if not asked:
                        reader.note_question(line)  # later lines inherit the whole question
                        asked = True
            else:
                answer = role == "answer" or number is not None or role == "question"
                ctx = Context(scottish, answer, question, antecedents)
                pieces = analyse(sent, ctx, resolver)
            if any(p.status == "refused" for p in pieces):
                last_refusal = 2
            elif sent.strip():
                last_refusal = max(0, last_refusal - 1) if not _SECTION_LINE.match(sent) else last_refusal
            makers = tuple(dict.fromkeys(m for p in pieces if (m := p.fields.get("manufacturer"))))
            if makers or role in ("heading", "request", "question", "quoted") or not sent.strip():
                antecedents = makers if role not in ("request", "question", "quoted") else ()
            for p in pieces:
                if p.fields.pop("type_only", False) and ("sheet" in base_loc or "row" in base_loc):
                    continue  # a table's cells offered as text: a header is no statement of use
                _carry_maker(p, sent, seen_makers)
                if p.status == "owned" and (m := p.fields.get("manufacturer")) and role not in _ASKING:
                    seen_makers[m] = p.fields.get("brand_text")
                out.append(_draft(p, block, fixed[i], s, base_loc, role, line, question))
    return out, kind, lines


def cell_location(table: Table, row: Row, header: str) -> dict[str, Any]:
    """Where a claim read from one cell lives: sheet or table, row, cell, and a hidden flag."""
    loc: dict[str, Any] = location_dict(table.locate(row, header))
    loc.setdefault("row", row.number)
    if table.location.sheet and "sheet" not in loc:
        loc["sheet"] = table.location.sheet
    if "sheet" not in loc and table.name:
        loc["table"] = table.name
    if table.hidden:
        loc["hidden"] = True
        loc["note"] = "row on a hidden sheet"
    return loc
