"""One file's audit: read it, resolve every row, apply the rule packs, write the rows.

``audit_file(path, spec, sink)`` writes the file's rows as JSON Lines to ``sink`` as they
are made and returns the file's figures (an ``Aggregate``) and failures. It holds no global
state beyond read-only caches and touches nothing but ``sink``, so it can run in a worker
process (``audit.run`` runs a batch of them). CSV registers are read row by row, so memory
stays flat in the number of rows; other formats are read whole, within ``Limits.max_bytes``
counted on the bytes actually read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from custodes.audit.aggregate import Aggregate, Plan, plan_of
from custodes.audit.documents import claim_capabilities, claim_text, describe_location, letters_and_registers
from custodes.audit.item import AuditItem
from custodes.audit.prices import PriceRange, kb_prices
from custodes.audit.rows import (
    Cache,
    Known,
    Rules,
    action_for,
    date_range,
    excluded,
    kind_of,
    leads_of,
    quantity_of,
    row_text,
)
from custodes.errors import CustodesError, InputError
from custodes.extract.claims import Claim
from custodes.ingest import Limits, Row, Table, all_warnings, read_bytes
from custodes.ingest.columns import SAMPLE_ROWS, ColumnMap, header_hits, infer_columns
from custodes.ingest.delimited import is_delimited, stream_table
from custodes.ingest.registry import open_regular
from custodes.kb import load_kb
from custodes.kb.loader import read_parents
from custodes.policy import Finding, Pack, load_packs
from custodes.resolve import Resolver, default_resolver

HEAD_BYTES = 64 * 1024
"""Bytes read first to tell the format (and, for a CSV, its encoding and delimiter)."""


@dataclass(frozen=True, slots=True)
class AuditSpec:
    """Everything a file's audit needs, all picklable: dates, paths, numbers."""

    as_of: date
    policy_files: tuple[str, ...] = ()
    prices: tuple[PriceRange, ...] | None = None
    """None: the KB's sourced price table."""
    currency: str | None = None
    limits: Limits = Limits()


@dataclass(slots=True)
class FileAudit:
    """What auditing one file returns: its figures, failures, warnings and tables; its rows are
    in the sink."""

    file: str
    sha256: str | None = None
    aggregate: Aggregate = field(default_factory=Aggregate)
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    rules: dict[str, Finding] = field(default_factory=dict)
    """Every rule that fired, "pack/rule/maker" -> the finding with its reason and citation."""
    items: int = 0


@cache
def spec_packs(policy_files: tuple[str, ...]) -> list[Pack]:
    return load_packs([Path(p) for p in policy_files])


@cache
def spec_prices(prices: tuple[PriceRange, ...] | None) -> list[PriceRange]:
    return list(prices) if prices is not None else kb_prices(load_kb())


class _Context:
    """One file's audit: the resolver, the rules, the sink and the running figures."""

    def __init__(self, spec: AuditSpec, out: FileAudit, sink: BinaryIO) -> None:
        self.spec = spec
        self.out = out
        self.sink = sink
        self.resolver: Resolver = default_resolver()
        self.rules = Rules(spec_packs(spec.policy_files), spec.as_of)
        self.cache = Cache(self.resolver, self.rules)
        self.prices = spec_prices(spec.prices)
        self.parents = read_parents()
        self.equipment_of: ColumnMap | None = None
        self.equipment: list[str] = []

    def plan(self, item: AuditItem) -> Plan | None:
        return plan_of(
            item.resolution.all_devices(), item.findings, self.prices, self.parents, self.spec.currency
        )

    def emit(self, item: AuditItem, known: Known | None = None) -> None:
        """Write the row and add it up (with its kind's plan, worked out once per kind)."""
        item.action = action_for(item) if item.excluded is None and item.kind == "device" else "keep"
        self.sink.write(orjson.dumps(item.to_dict()) + b"\n")
        if known is None:
            plan = self.plan(item)
        else:
            if known.plan is False:
                known.plan = self.plan(item)
            plan = known.plan
        self.out.aggregate.add(item, plan)
        self.out.items += 1

    def finish(self) -> None:
        self.out.rules.update({f"{p}/{r}/{m}": f for (p, r, m), f in self.rules.seen.items()})

    def row_item(
        self, file: str, row: Row, columns: ColumnMap, sheet: str | None = None, hidden: bool = False
    ) -> tuple[AuditItem, Known]:
        cells = row.cells
        warnings: list[str] = []
        equipment = self.equipment if self.equipment_of is columns else columns.equipment_columns()
        text = row_text(cells, columns, equipment)
        if equipment and not text:
            # Other columns may name an installer or maintainer, not a maker: never resolve
            # them; keep the row, unresolved.
            warnings.append("the equipment columns are empty")
        written = cells.get(columns.date, "").strip() if columns.date else ""
        when = date_range(written) if written else None
        known = self.cache.known(text, when, written)
        quantity, quantity_text = quantity_of(cells, columns, known.count, warnings)
        resolution = known.resolution
        warnings.extend(resolution.warnings)
        if hidden:
            warnings.append(f"the row is on the hidden sheet {sheet!r}")
        item = AuditItem(
            file=file,
            location=row.location.describe(),
            row=row.number,
            text=text,
            cells=dict(cells),
            quantity=quantity,
            quantity_text=quantity_text,
            site=(cells.get(columns.site, "").strip() or None) if columns.site else None,
            asset=(cells.get(columns.asset, "").strip() or None) if columns.asset else None,
            date=written or None,
            resolution=resolution,
            resolution_dict=known.as_dict,
            findings=known.findings,
            leads=known.leads,
            kind=known.kind,
            warnings=warnings,
            excluded="a quantity of 0" if quantity == 0 else excluded(cells, columns, sheet),
        )
        return item, known

    def rows(
        self,
        file: str,
        name: str,
        headers: list[str],
        rows: Iterable[Row],
        notes: list[str],
        sheet: str | None,
        hidden: bool,
        header_row: int | None,
    ) -> None:
        """Audit the rows of one table; ``notes`` may grow while the rows are read (a CSV)."""
        stream = iter(rows)
        ahead: list[Row] = []
        for row in stream:
            ahead.append(row)
            if len(ahead) >= SAMPLE_ROWS:
                break
        headers, ahead = self._header_as_data(headers, ahead, header_row, sheet)

        def sample(header: str) -> list[str]:
            return [v for r in ahead if (v := r.cells.get(header, "").strip())]

        columns = infer_columns(headers, sample=sample, resolves=lambda v: self.cache.resolve(v).resolved)
        self.equipment_of, self.equipment = columns, columns.equipment_columns()
        count = 0
        renamed = headers != (list(ahead[0].cells) if ahead else headers)
        for row in _chain(ahead, stream):
            if renamed and list(row.cells) != headers:
                row = Row(row.number, dict(zip(headers, row.cells.values(), strict=False)), row.location)
            item, known = self.row_item(file, row, columns, sheet, hidden)
            self.emit(item, known)
            count += 1
        self.out.tables.append(
            {
                "file": file,
                "table": name,
                "rows": count,
                "columns": columns.describe(),
                "column_map": columns.as_dict(),
                "columns_from_content": columns.inferred_from_content,
                "hidden": hidden,
                "warnings": list(notes) + list(columns.warnings),
            }
        )
        self.out.warnings.extend(f"{file}: {name}: {w}" for w in columns.warnings)

    def _header_as_data(
        self, headers: list[str], ahead: list[Row], header_row: int | None, sheet: str | None
    ) -> tuple[list[str], list[Row]]:
        """A first row that names no known column but resolves ("Hikvision, Dome, Depot") is
        data: the file has no header row."""
        if (
            header_row is None
            or header_hits(headers)
            or not any(self.cache.resolve(h).resolved for h in headers)
        ):
            return headers, ahead
        generic = [f"Column {_letter(i)}" for i in range(len(headers))]
        first = Row(header_row, dict(zip(generic, headers, strict=True)), _row_location(header_row, sheet))
        moved = [Row(r.number, dict(zip(generic, r.cells.values(), strict=False)), r.location) for r in ahead]
        self.out.warnings.append(
            f"{self.out.file}: the first row names no column and reads as equipment: it is read as data"
        )
        return generic, [first, *moved]

    def claims(self, file: str, claims: list[Claim], sha: str) -> None:
        for claim in claims:
            text = claim_text(claim)
            resolution = self.resolver.resolve(text)
            extra = claim_capabilities(claim)
            for device in resolution.all_devices():
                known = {c.name for c in device.capabilities}
                device.capabilities.extend(c for c in extra if c.name not in known)
                if device.device_type is None and claim.device_type is not None:
                    device.device_type = claim.device_type  # "3 Dahua NVRs": the letter says what
            warnings = list(resolution.warnings)
            if claim.quantity is None:
                warnings.append("the document gives no quantity; counted as 1")
            item = AuditItem(
                file=file,
                location=describe_location(claim),
                text=text,
                cells={},
                quantity=claim.quantity if claim.quantity is not None else 1,
                quantity_text=claim.quantity_text,
                site=claim.site,
                resolution=resolution,
                findings=self.rules.findings(resolution),
                leads=leads_of(resolution, self.rules),
                kind=kind_of(text, resolution.device.device_type),
                warnings=warnings,
                quote=claim.quote,
                document=sha,
            )
            self.emit(item)


def _letter(index: int) -> str:
    from custodes.ingest.tabular import column_letter

    return column_letter(index)


def _row_location(number: int, sheet: str | None) -> Any:
    from custodes.ingest import Location

    return Location(sheet=sheet, row=number)


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def _too_big(limit: int) -> str:
    return f"more than {limit} bytes (limit max_bytes; raise it with --max-bytes)"


def audit_file(path: Path, spec: AuditSpec, sink: Path) -> FileAudit:
    """Audit one file: its rows as JSON Lines into ``sink``, its figures returned."""
    name = str(path)
    out = FileAudit(file=name)
    try:
        fh, _ = open_regular(path)
    except InputError as exc:
        out.failures.append((name, exc.reason))
        return out
    with fh, sink.open("wb") as sink_fh:
        ctx = _Context(spec, out, sink_fh)
        try:
            head = fh.read(min(HEAD_BYTES, spec.limits.max_bytes + 1))
            if not head:
                raise InputError(name, "file is empty")
            if len(head) > spec.limits.max_bytes:
                raise InputError(name, _too_big(spec.limits.max_bytes))
            if is_delimited(head, name):
                table = stream_table(fh, name, spec.limits, head)
                notes = table.warnings
                ctx.rows(name, table.name, table.headers, table.rows, notes, None, False, table.header_row)
                out.sha256 = table.sha256
                out.warnings[:0] = [f"{name}: {w}" for w in notes]
            else:
                data = head + fh.read(spec.limits.max_bytes + 1 - len(head))
                if len(data) > spec.limits.max_bytes:
                    raise InputError(name, _too_big(spec.limits.max_bytes))
                _document(ctx, read_bytes(data, name, limits=spec.limits))
        except CustodesError as exc:
            out.failures.append((name, exc.reason if isinstance(exc, InputError) else str(exc)))
        except OSError as exc:  # belt and braces: never stop a batch
            out.failures.append((name, str(exc).splitlines()[0] if str(exc) else repr(exc)))
        if out.failures:
            # a file that failed half-way gives no figures: its first rows alone would mislead
            out.aggregate, out.tables, out.items = Aggregate(), [], 0
            sink_fh.truncate(0)
        ctx.finish()
    return out


def _document(ctx: _Context, doc: Any) -> None:
    out = ctx.out
    out.sha256 = doc.sha256
    out.warnings.extend(f"{n}: {w}" for n, w in all_warnings(doc))
    found = False
    for member, claims in letters_and_registers(doc):
        if claims is None:
            for table in member.tables:
                _table(ctx, member.name, table)
                found = True
        else:
            owned = [c for c in claims if c.status == "owned"]
            ctx.claims(member.name, owned, member.sha256)
            found = found or bool(owned)
    if not found:
        out.warnings.append(f"{doc.name}: no table or equipment claim found to audit")


def _table(ctx: _Context, file: str, table: Table) -> None:
    ctx.rows(file, table.name, table.headers, table.rows, [], table.location.sheet, table.hidden, None)
