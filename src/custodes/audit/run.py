"""Audit: read registers, resolve every row, apply the rule packs, keep every row.

Nothing the user gave is dropped: a row the resolver cannot place is kept, counted and
listed as unresolved; a file that cannot be read is listed with its reason and the rest of
the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from custodes.audit.documents import (
    claim_capabilities,
    claim_text,
    describe_location,
    letters_and_registers,
)
from custodes.audit.prices import PriceRange, kb_prices
from custodes.audit.quantity import parse_quantity
from custodes.errors import CustodesError
from custodes.extract.claims import Claim
from custodes.extract.tables import NOT_MAKE, TOTAL, is_removed
from custodes.ingest import Limits, Table, all_warnings, read_many
from custodes.ingest.columns import ColumnMap, infer_columns
from custodes.kb import load_kb
from custodes.kb.groups import country_of, group_of
from custodes.policy import DeviceFacts, Finding, Pack, evaluate, load_packs
from custodes.resolve import Resolution, Resolver, default_resolver

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in total) as the audit goes."""


@dataclass(slots=True)
class AuditItem:
    """One row of a register (or one claim of a document) and what custodes made of it."""

    file: str
    location: str
    text: str
    cells: dict[str, str]
    quantity: int
    quantity_text: str | None
    site: str | None
    resolution: Resolution
    findings: list[list[Finding]]
    """Findings per device in ``resolution.all_devices()``."""
    warnings: list[str] = field(default_factory=list)
    quote: str | None = None
    """For a claim from a letter: the exact text the row rests on."""
    excluded: str | None = None
    """Why the row is kept but not counted (a totals row, kit listed as removed)."""
    document: str | None = None
    """sha256 of the document the row came from."""

    @property
    def resolved(self) -> bool:
        return self.resolution.resolved or bool(self.resolution.devices)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "location": self.location,
            "text": self.text,
            "cells": self.cells,
            "quantity": self.quantity,
            "quantity_text": self.quantity_text,
            "site": self.site,
            "resolution": self.resolution.to_dict(),
            "findings": [f.model_dump(mode="json") for fs in self.findings for f in fs],
            "warnings": self.warnings,
            "quote": self.quote,
            "document": self.document,
            "excluded": self.excluded,
        }


@dataclass(slots=True)
class AuditInput:
    files: list[str]
    as_of: date
    packs: list[Pack]
    prices: list[PriceRange]
    currency: str | None = None
    rules: _Rules = field(init=False)

    def __post_init__(self) -> None:
        self.rules = _Rules(self.packs, self.as_of)


@dataclass(slots=True)
class AuditResult:
    input: AuditInput
    items: list[AuditItem]
    failures: list[tuple[str, str]]
    warnings: list[str]
    tables: list[dict[str, Any]]
    """Per table: file, name, rows, and the column map used (so a user can check it)."""


def _sample(table: Table, header: str, limit: int = 100) -> list[str]:
    values = []
    for row in table.rows:
        value = row.cells.get(header, "").strip()
        if value:
            values.append(value)
            if len(values) >= limit:
                break
    return values


def _text_for(cells: dict[str, str], columns: ColumnMap) -> str:
    parts: list[str] = []
    for header in columns.equipment_columns():
        value = cells.get(header, "").strip()
        if value and value not in parts:
            parts.append(value)
    return " ".join(parts)


class _Rules:
    """The packs applied on one date, with findings memoised per device facts: a register
    repeats the same few kinds of device thousands of times."""

    def __init__(self, packs: Sequence[Pack], as_of: date) -> None:
        self.packs = packs
        self.as_of = as_of
        self.cache: dict[DeviceFacts, list[Finding]] = {}

    def findings(self, resolution: Resolution) -> list[list[Finding]]:
        kb = load_kb()
        out: list[list[Finding]] = []
        for device in resolution.all_devices():
            if device.manufacturer is None and not device.capabilities:
                out.append([])
                continue
            # rules are applied to the company that makes it; its group makes a parent's
            # listing an affiliate finding (EZVIZ under Hikvision), as the packs' scopes say
            maker = device.made_by or device.manufacturer
            facts = DeviceFacts(
                manufacturer=maker,
                group=group_of(kb, maker, self.as_of, device.brand),
                country=country_of(kb, maker),
                device_type=device.device_type,
                capabilities=tuple(sorted({(c.name, c.level) for c in device.capabilities})),
            )
            if facts not in self.cache:
                self.cache[facts] = evaluate(facts, self.packs, self.as_of)
            out.append(self.cache[facts])
        return out


def _table_items(
    file: str, table: Table, resolver: Resolver, spec: AuditInput
) -> tuple[Iterator[AuditItem], dict[str, Any]]:
    columns = infer_columns(
        table.headers,
        sample=lambda h: _sample(table, h),
        resolves=lambda v: resolver.resolve(v).resolved,
    )
    info = {
        "file": file,
        "table": table.name,
        "rows": len(table.rows),
        "columns": columns.describe(),
        "columns_from_content": columns.inferred_from_content,
        "hidden": table.hidden,
        "warnings": list(table.warnings),
    }

    def items() -> Iterator[AuditItem]:
        for row in table.rows:
            warnings: list[str] = []
            text = _text_for(row.cells, columns)
            if not columns.equipment_columns():
                # No column says which holds the equipment: read the whole row, except
                # columns that name an installer or maintainer.
                text = " ".join(v for h, v in row.cells.items() if v.strip() and not NOT_MAKE.search(h))
            elif not text:
                # Other columns may name an installer or maintainer, not a maker: never
                # resolve them; keep the row, unresolved.
                warnings.append("the equipment columns are empty")
            quantity, quantity_text = 1, None
            if columns.quantity:
                quantity_text = row.cells.get(columns.quantity, "")
                parsed, problem = parse_quantity(quantity_text)
                if parsed is None:
                    warnings.append(f"{problem}; counted as 1")
                else:
                    quantity = parsed
            resolution = resolver.resolve(text)
            warnings.extend(resolution.warnings)
            if table.hidden:
                warnings.append(f"the row is on the hidden sheet {table.name!r}")
            site = row.cells.get(columns.site, "").strip() or None if columns.site else None
            yield AuditItem(
                file=file,
                location=row.location.describe(),
                text=text,
                cells=dict(row.cells),
                quantity=quantity,
                quantity_text=quantity_text,
                site=site,
                resolution=resolution,
                findings=spec.rules.findings(resolution),
                warnings=warnings,
                excluded="a quantity of 0"
                if quantity == 0
                else _excluded(row.cells, columns, table.location.sheet),
            )

    return items(), info


def _excluded(cells: dict[str, str], columns: ColumnMap, sheet: str | None) -> str | None:
    """Rows kept in the report but not counted: totals, and kit the register lists as gone."""
    if TOTAL.match(" ".join(cells.values())):
        return "a totals row (counting it would count the same devices twice)"
    state = cells.get(columns.status, "").strip() if columns.status else ""
    if state and is_removed(state):
        return f"listed as {state!r}"
    if not state and sheet is not None and is_removed(sheet):
        return f"on the sheet {sheet!r}"
    return None


def audit_files(
    paths: Sequence[Path],
    *,
    as_of: date | None = None,
    policy_files: Sequence[Path] = (),
    prices: list[PriceRange] | None = None,
    currency: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> AuditResult:
    """Audit registers: every row of every table of every readable file."""
    when = as_of or date.today()
    packs = load_packs(list(policy_files))
    spec = AuditInput(
        files=[str(p) for p in paths],
        as_of=when,
        packs=packs,
        prices=prices if prices is not None else kb_prices(load_kb()),
        currency=currency,
    )
    docs, failures = read_many(list(paths), limits or Limits())
    resolver = default_resolver()
    items: list[AuditItem] = []
    infos: list[dict[str, Any]] = []
    warnings = [f"{name}: {w}" for doc in docs for name, w in all_warnings(doc)]
    work: list[tuple[str, Table | list[Claim], str]] = []
    seen: dict[str, str] = {}
    for doc in docs:
        if doc.sha256 in seen:
            warnings.append(f"{doc.name}: the same bytes as {seen[doc.sha256]}; not counted twice")
            continue
        seen[doc.sha256] = doc.name
        try:
            nodes = list(letters_and_registers(doc))
        except CustodesError as exc:
            failures.append((doc.name, str(exc)))
            continue
        found = False
        for member, claims in nodes:
            if claims is None:
                for table in member.tables:
                    work.append((member.name, table, member.sha256))
                    found = True
            else:
                owned = [c for c in claims if c.status == "owned"]
                work.append((member.name, owned, member.sha256))
                found = found or bool(owned)
        if not found:
            warnings.append(f"{doc.name}: no table or equipment claim found to audit")
    total = sum(len(w.rows) if isinstance(w, Table) else len(w) for _, w, _ in work)
    done = 0
    for file, unit, sha in work:
        try:
            if isinstance(unit, Table):
                rows, info = _table_items(file, unit, resolver, spec)
                infos.append(info)
            else:
                rows = _claim_items(file, unit, resolver, spec)
            for item in rows:
                item.document = sha
                items.append(item)
                done += 1
                if progress is not None and (done % 200 == 0 or done == total):
                    progress(done, total)
        except CustodesError as exc:
            failures.append((file, str(exc)))
    return AuditResult(spec, items, list(failures), warnings, infos)


def _claim_items(file: str, claims: list[Claim], resolver: Resolver, spec: AuditInput) -> Iterator[AuditItem]:
    for claim in claims:
        text = claim_text(claim)
        resolution = resolver.resolve(text)
        extra = claim_capabilities(claim)
        for device in resolution.all_devices():
            known = {c.name for c in device.capabilities}
            device.capabilities.extend(c for c in extra if c.name not in known)
            if device.device_type is None and claim.device_type is not None:
                device.device_type = claim.device_type  # "3 Dahua NVRs": the letter says what
        warnings = list(resolution.warnings)
        if claim.quantity is None:
            warnings.append("the document gives no quantity; counted as 1")
        yield AuditItem(
            file=file,
            location=describe_location(claim),
            text=text,
            cells={},
            quantity=claim.quantity if claim.quantity is not None else 1,
            quantity_text=claim.quantity_text,
            site=claim.site,
            resolution=resolution,
            findings=spec.rules.findings(resolution),
            warnings=warnings,
            quote=claim.quote,
        )
