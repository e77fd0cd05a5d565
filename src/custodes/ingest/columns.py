"""The one column inferrer: which column of a table holds the make, model, quantity, site...

Audit and extract both ask it. Registers name their columns every way imaginable ("Camera
Make/Model", "No. of cameras", "Asset ID"), put title rows and merged group headers above
the real header, or have no header at all. Roles, synonyms and guards are data
(``data/columns.yaml``); this module only scores headers against them, finds the header
row, and falls back to the values when no header says which column holds the equipment.
A choice it is unsure of is returned as a warning naming the column, never made silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from custodes.kb.loader import safe_load

DATA_FILE = Path(__file__).with_name("data") / "columns.yaml"
CONTENT_SHARE = 0.2
"""Least share of a column's values the resolver must recognise for it to be read as the
equipment column when no header says so."""
SAMPLE_ROWS = 100
"""Values looked at per column when inferring from content."""
HEADER_SEARCH = 10
"""Leading records searched for the real header row (below titles and group headers)."""
_NORMAL = re.compile(r"[^a-z0-9£$#]+")
_COUNT_CELL = re.compile(r"^\s*(?:x\s*)?\d{1,5}\s*(?:no\.?|nos\.?|x|units?)?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    exact: frozenset[str]
    words: re.Pattern[str] | None
    never: re.Pattern[str] | None

    def score(self, header: str) -> int:
        """3: the header is a synonym; 2: it contains a role word; 0: no, or a guard forbids."""
        norm = normalise(header)
        if not norm or (self.never is not None and self.never.search(norm)):
            return 0
        if norm in self.exact:
            return 3
        return 2 if self.words is not None and self.words.search(norm) else 0


@dataclass(frozen=True, slots=True)
class RoleTable:
    roles: tuple[Role, ...]
    equipment: tuple[str, ...]
    examples: tuple[dict[str, Any], ...]
    guards: dict[str, re.Pattern[str]]


def normalise(header: str) -> str:
    """ "Model No." -> "model no", "Camera Make/Model" -> "camera make model"."""
    return " ".join(_NORMAL.sub(" ", header.lower()).split())


def _pattern(text: object) -> re.Pattern[str] | None:
    return re.compile(str(text).strip(), re.IGNORECASE) if text else None


def _guards(names: list[str], guards: dict[str, str]) -> re.Pattern[str] | None:
    """Guards by name (from ``guards:``) or as expressions, joined into one pattern."""
    parts = [f"(?:{guards.get(n, n).strip()})" for n in names]
    return _pattern("|".join(parts)) if parts else None


@cache
def roles_table(path: Path = DATA_FILE) -> RoleTable:
    data = safe_load(path.read_text(encoding="utf-8"))
    roles = tuple(
        Role(
            name,
            frozenset(normalise(s) for s in spec.get("exact", [])),
            _pattern(spec.get("words")),
            _guards(spec.get("never", []), data["guards"]),
        )
        for name, spec in data["roles"].items()
    )
    guards = {name: re.compile(text.strip(), re.IGNORECASE) for name, text in data["guards"].items()}
    return RoleTable(roles, tuple(data["equipment"]), tuple(data.get("examples", [])), guards)


ROLE_NAMES = tuple(r.name for r in roles_table().roles)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """The header chosen for each role (None: no column holds it), and the doubts."""

    make: str | None = None
    model: str | None = None
    description: str | None = None
    type: str | None = None
    quantity: str | None = None
    site: str | None = None
    price: str | None = None
    status: str | None = None
    date: str | None = None
    asset: str | None = None
    from_content: tuple[str, ...] = ()
    """Roles chosen from the column's values because no header named them."""
    warnings: tuple[str, ...] = field(default_factory=tuple)
    """Columns the inferrer is unsure of, each named, for every report to show."""

    def get(self, role: str) -> str | None:
        value = getattr(self, role, None)
        return value if isinstance(value, str) else None

    def as_dict(self) -> dict[str, str]:
        return {role: h for role in ROLE_NAMES if (h := self.get(role)) is not None}

    def equipment_columns(self) -> list[str]:
        out: list[str] = []
        for role in roles_table().equipment:
            header = self.get(role)
            if header is not None and header not in out:
                out.append(header)
        return out

    @property
    def inferred_from_content(self) -> bool:
        return bool(self.from_content)

    def describe(self) -> str:
        parts = [f"{role}={header!r}" for role, header in self.as_dict().items()]
        text = ", ".join(parts) or "no columns recognised"
        if self.from_content:
            text += f" ({', '.join(self.from_content)} chosen from the values)"
        return text


def _role(name: str) -> Role:
    return next(r for r in roles_table().roles if r.name == name)


def not_make_pattern() -> re.Pattern[str]:
    """The guard that keeps installer, maintainer and supplier columns from being the make."""
    return roles_table().guards["installer"]


def not_quantity_pattern() -> re.Pattern[str]:
    """The guard that keeps identifier and money columns from being a count."""
    return roles_table().guards["not_count"]


def header_hits(cells: Sequence[str]) -> int:
    """How many cells read as a known column header."""
    roles = roles_table().roles
    return sum(1 for c in cells if c.strip() and any(r.score(c) for r in roles))


def infer_columns(
    headers: Sequence[str],
    sample: Callable[[str], list[str]] | None = None,
    resolves: Callable[[str], bool] | None = None,
) -> ColumnMap:
    """Choose a header per role; with no equipment header, choose the equipment by its values.

    ``sample(header)`` gives some non-empty values of a column and ``resolves(text)`` says
    whether the resolver recognises one; they are only used when no header names the
    equipment (headerless files, odd names).
    """
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    warnings: list[str] = []
    for role in roles_table().roles:
        scored = [(role.score(h), i, h) for i, h in enumerate(headers) if h not in taken]
        scored = [s for s in scored if s[0] > 0]
        if not scored:
            continue
        best = max(s[0] for s in scored)
        ties = [h for score, _, h in sorted(scored, key=lambda s: s[1]) if score == best]
        chosen[role.name] = ties[0]
        taken.add(ties[0])
        if len(ties) > 1 and role.name in ("make", "model", "description", "quantity"):
            others = ", ".join(repr(t) for t in ties[1:])
            warnings.append(
                f"column {ties[0]!r} was read as the {role.name}; {others} could also be: check it"
            )
    from_content: list[str] = []
    equipment = roles_table().equipment
    if not any(r in chosen for r in equipment) and sample is not None and resolves is not None:
        found = _equipment_by_content(headers, taken, sample, resolves)
        for name, (header, share) in zip(("make", "model"), found, strict=False):
            chosen[name] = header
            taken.add(header)
            from_content.append(name)
            warnings.append(
                f"no header names the equipment: column {header!r} was read as the {name} because "
                f"{share:.0%} of its values name a known maker or model; check it"
            )
    if "quantity" not in chosen and sample is not None and all(_generic(h) for h in headers):
        for header in headers:
            if header not in taken and _counts(sample(header)):
                chosen["quantity"] = header
                from_content.append("quantity")
                warnings.append(f"no header row: column {header!r} was read as the quantity; check it")
                break
    return ColumnMap(**chosen, from_content=tuple(from_content), warnings=tuple(warnings))


def _generic(header: str) -> bool:
    """A header made up by the reader ("Column C") for a file without one."""
    return bool(re.fullmatch(r"Column [A-Z]+", header))


def _equipment_by_content(
    headers: Sequence[str],
    taken: set[str],
    sample: Callable[[str], list[str]],
    resolves: Callable[[str], bool],
) -> list[tuple[str, float]]:
    """Up to two columns (make, then model) whose values the resolver recognises best.

    A column of identifiers ("FICT-0001") never wins: every value is different and none
    resolves, so its share stays at zero.
    """
    shares: list[tuple[float, int, str]] = []
    description = _role("description")
    for index, header in enumerate(headers):
        guarded = description.never is not None and description.never.search(normalise(header))
        if header in taken or (guarded and not _generic(header)):
            continue
        values = sample(header)
        if not values:
            continue
        share = sum(1 for v in values if resolves(v)) / len(values)
        if share >= CONTENT_SHARE:
            shares.append((share, index, header))
    if not shares:
        return []
    best = max(shares)
    picked = [best]
    rest = [s for s in shares if s is not best and s[0] >= 0.5]
    if rest:
        picked.append(max(rest))
    picked.sort(key=lambda s: s[1])  # left to right: make before model
    return [(h, share) for share, _, h in picked]


def _counts(values: list[str]) -> bool:
    """Mostly small counts ("4", "x2", "12 no."), and not a running row number 1, 2, 3..."""
    if not values:
        return False
    hits = [v for v in values if _COUNT_CELL.match(v)]
    if len(hits) * 5 < len(values) * 4:
        return False
    numbers = [int(re.sub(r"\D", "", v)) for v in hits]
    running = len(numbers) > 2 and all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))
    return not running


_NUMBER = re.compile(r"^\s*[x×]?\s*\d[\d,.]*\s*$", re.I)
_DATE = re.compile(r"^\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b")
_CODE = re.compile(r"^(?=(?:[^\d]*\d){2})(?=.*[a-z])[\w./()+-]{4,}$", re.I)


def _shape(cell: str) -> str:
    """The kind of a cell's value: a number, a date, a model code, or words."""
    if _DATE.match(cell):
        return "date"
    if _NUMBER.match(cell):
        return "number"
    text = cell.strip()
    return "code" if any(_CODE.match(w) for w in text.split()) else "word"


def is_data_row(first: Sequence[str], below: Sequence[Sequence[str]]) -> bool:
    """Whether the first record of a table is data, not a header, judged by its content.

    A header has words; a data row has the shapes of the rows below it: a model code or a
    count where the column below holds model codes or counts. A first row that reads as
    headers ("Make", "Qty") stays the header.
    """
    if not below:
        return False
    agree = 0
    for index, cell in enumerate(first):
        kind = _shape(cell)
        if kind == "word":
            continue
        column = [r[index] for r in below[:SAMPLE_ROWS] if index < len(r) and r[index].strip()]
        if column and sum(1 for v in column if _shape(v) == kind) * 5 >= len(column) * 3:
            agree += 1
    return agree >= 1 and agree >= header_hits(first)


def find_header(records: Sequence[tuple[int, Sequence[str]]]) -> tuple[int, bool]:
    """Where the header is among ``records``: (index of the first record that is not a title,
    whether that record is data because the file has no header row).

    Title rows ("Asset register 2024") and merged group-header rows ("Equipment" over three
    columns) fill fewer cells than the header and name fewer known columns: the header is the
    record among the first few that fills at least half as many cells as the fullest and
    names the most known columns.
    """
    head = [cells for _, cells in records[:HEADER_SEARCH]]
    counts = [sum(1 for c in cells if c.strip()) for cells in head]
    if not counts or max(counts) <= 1:
        return 0, False
    need = max(2, -(-max(counts) // 2))
    candidates = [i for i, count in enumerate(counts) if count >= need]
    index = candidates[0]
    hits = {i: header_hits(head[i]) for i in candidates[:5]}
    best = max(hits, key=lambda i: (hits[i], -i))
    # a group-header row leaves the merged cells blank: the real header below it fills more
    if hits[best] >= 2 and hits[best] > hits[index] and counts[best] > counts[index]:
        index = best
    below = [cells for _, cells in records[index + 1 : index + 1 + SAMPLE_ROWS]]
    return index, is_data_row(head[index], below)
