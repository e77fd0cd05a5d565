"""The registry of public bodies: bundled UK local authorities, named sets, imports, matching.

Councils write their own names in many ways ("LB Hackney", "Hackney Council", "London
Borough of Hackney"); mySociety's alias table maps those to one code, and rapidfuzz turns
an unknown name into a "did you mean" instead of a silent miss.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from custodes.errors import InputError, StoreError
from custodes.store import Store
from custodes.store.models import Alias, Body, BodySet

SOURCE = "mysociety-uk-la-1.6.1"
DATA = files("custodes.campaign") / "data"

Row = dict[str, str]


def _principal(row: Row) -> bool:
    return row["local-authority-type"] not in {"COMB", "SRA"}


NAMED_SETS: dict[str, tuple[str, Callable[[Row], bool]]] = {
    "london-boroughs": (
        "the 32 London boroughs and the City of London (not the GLA)",
        lambda r: r["region"] == "London" and r["local-authority-type"] in {"LBO", "CC"},
    ),
    "england": (
        "English principal councils (excludes combined authorities and the GLA)",
        lambda r: r["nation"] == "England" and _principal(r),
    ),
    "scotland": ("the 32 Scottish councils", lambda r: r["nation"] == "Scotland"),
    "wales": ("the 22 Welsh councils", lambda r: r["nation"] == "Wales"),
    "northern-ireland": ("the 11 NI districts", lambda r: r["nation"] == "Northern Ireland"),
    "all": ("every current UK local authority, incl. combined authorities", lambda r: True),
}


def normalise(name: str) -> str:
    """Lower-case, '&' as 'and', punctuation dropped, spaces collapsed."""
    text = name.lower().replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


GENERIC = frozenset(
    "the of council borough london city county district metropolitan royal corporation "
    "lb rb mbc bc cc dc".split()
)


def core(name: str) -> str:
    """A name without the words every council shares ("London Borough of", "Council")."""
    words = [w for w in normalise(name).split() if w not in GENERIC]
    return " ".join(words) or normalise(name)


def _read(name: str) -> list[Row]:
    text = (DATA / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def ensure_registry(store: Store) -> None:
    """Load the bundled authorities, aliases and named sets once per database."""
    with store.transaction() as session:
        seeded = session.scalar(select(func.count()).where(Body.source == SOURCE))
        if seeded:
            return
    try:
        with store.transaction() as session:
            _seed(session)
    except StoreError as exc:  # another process seeded it first
        if not isinstance(exc.__cause__, IntegrityError):
            raise


def _seed(session: Session) -> None:
    rows = _read("uk_local_authorities.csv")
    bodies: dict[str, Body] = {}
    for r in rows:
        end = r["end-date"]
        body = Body(
            code=r["local-authority-code"],
            name=r["official-name"],
            short_name=r["nice-name"] or None,
            gss_code=r["gss-code"] or None,
            nation=r["nation"] or None,
            region=r["region"] or None,
            type=r["local-authority-type-name"] or None,
            wdtk_id=r["wdtk-id"].removesuffix(".0") or None,
            current=r["current-authority"] == "True",
            end_date=dt.date.fromisoformat(end) if end else None,
            replaced_by=r["replaced-by"] or None,
            source=SOURCE,
        )
        session.add(body)
        bodies[body.code] = body
    session.flush()
    pairs: set[tuple[str, int]] = set()
    names = [(a["la-name"], a["local-authority-code"]) for a in _read("uk_la_name_aliases.csv")]
    names += [(b.name, b.code) for b in bodies.values()]
    names += [(b.short_name, b.code) for b in bodies.values() if b.short_name]
    for text, code in names:
        if code in bodies and normalise(text):
            pairs.add((normalise(text), bodies[code].id))
    session.add_all(Alias(alias=a, body_id=b, source=SOURCE) for a, b in sorted(pairs))
    for set_name, (_, keep) in NAMED_SETS.items():
        members = [bodies[r["local-authority-code"]].id for r in rows if _is_current(r) and keep(r)]
        session.add_all(BodySet(name=set_name, body_id=i) for i in members)


def _is_current(row: Row) -> bool:
    return row["current-authority"] == "True"


def find_body(session: Session, name: str) -> Body:
    """The body a name or code refers to, preferring current bodies; else a StoreError."""
    name = name.replace("\x00", "")  # PostgreSQL text cannot hold NUL
    body = session.scalar(select(Body).where(Body.code == name.strip()))
    if body is not None:
        return body
    key = normalise(name)
    matches = list(
        session.scalars(select(Body).join(Alias, Alias.body_id == Body.id).where(Alias.alias == key))
    )
    matches += list(session.scalars(select(Body).where(func.lower(Body.name) == name.lower())))
    current = [b for b in matches if b.current]
    if current:
        return current[0]
    if not matches:
        matches = _by_core(session, name)
        if len({b.id for b in matches if b.current}) == 1:
            return next(b for b in matches if b.current)
    if matches:
        gone = matches[0]
        successor = f"; replaced by {gone.replaced_by}" if gone.replaced_by else ""
        raise StoreError(f"{name!r} is {gone.name}, abolished on {gone.end_date}{successor}")
    raise StoreError(f"unknown body {name!r}; closest: {', '.join(suggest(session, name))}")


def _by_core(session: Session, name: str) -> list[Body]:
    wanted = core(name)
    rows = session.execute(select(Alias.alias, Alias.body_id))
    ids = {body_id for alias, body_id in rows if core(alias) == wanted}
    return list(session.scalars(select(Body).where(Body.id.in_(ids)))) if ids else []


def suggest(session: Session, name: str, limit: int = 3) -> list[str]:
    """The closest current body names for an unknown name, best first."""
    rows = list(
        session.execute(
            select(Alias.alias, Body.name).join(Body, Alias.body_id == Body.id).where(Body.current)
        )
    )
    rows += session.execute(select(Body.name, Body.name).where(Body.current))
    choices = [core(a) for a, _ in rows]
    best: list[str] = []
    for _, _score, index in process.extract(core(name), choices, scorer=fuzz.WRatio, limit=limit * 6):
        official = rows[index][1]
        if official not in best:
            best.append(official)
    return best[:limit] or ["(no bodies in the store)"]


def resolve_targets(session: Session, targets: Sequence[str]) -> list[Body]:
    """Set names and body names -> bodies, de-duplicated, in the order given."""
    out: dict[int, Body] = {}
    for target in targets:
        members = list(
            session.scalars(
                select(Body)
                .join(BodySet, BodySet.body_id == Body.id)
                .where(BodySet.name == target)
                .order_by(Body.name)
            )
        )
        for body in members or [_body_or_set_hint(session, target)]:
            out.setdefault(body.id, body)
    if not out:
        raise StoreError("no bodies given: name a set (e.g. london-boroughs) or bodies")
    return list(out.values())


def _body_or_set_hint(session: Session, target: str) -> Body:
    try:
        return find_body(session, target)
    except StoreError as exc:
        close = process.extractOne(target, list(set_names(session)), scorer=fuzz.ratio)
        if close is not None and close[1] >= 80:
            raise StoreError(f"{exc}; or did you mean the set {close[0]!r}?") from exc
        raise


def set_names(session: Session) -> dict[str, int]:
    """Every named set and its size."""
    rows = session.execute(select(BodySet.name, func.count()).group_by(BodySet.name).order_by(BodySet.name))
    return {name: count for name, count in rows}


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


COLUMNS = (
    "name",
    "code",
    "short_name",
    "type",
    "nation",
    "region",
    "email",
    "wdtk_slug",
    "wdtk_id",
)


def import_bodies(
    store: Store, path: Path, source: str | None = None, set_name: str | None = None
) -> ImportResult:
    """Add or update bodies from a CSV (``name`` required; optional code, type, nation,
    region, email, wdtk_slug, wdtk_id, gss_code, aliases separated by ``;``); one transaction."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(str(path), f"cannot read CSV: {exc}") from exc
    if not rows or "name" not in rows[0]:
        raise InputError(str(path), "needs a header row with a 'name' column")
    result = ImportResult()
    with store.transaction() as session:
        if set_name:
            session.execute(delete(BodySet).where(BodySet.name == set_name))
        for number, row in enumerate(rows, start=2):
            _import_row(session, row, number, source or path.name, set_name, result)
    return result


def _import_row(
    session: Session, row: dict[str, str | None], number: int, source: str,
    set_name: str | None, result: ImportResult,
) -> None:  # fmt: skip
    values = {k: (row.get(k) or "").replace("\x00", "").strip() or None for k in (*COLUMNS, "gss_code")}
    name = values["name"]
    if not name:
        result.warnings.append(f"row {number}: no name, row kept out of the registry")
        return
    code = values["code"] or f"imp-{normalise(name).replace(' ', '-')}"[:64]
    body = session.scalar(select(Body).where(Body.code == code))
    if body is None:
        body = Body(code=code, name=name, current=True, source=source)
        session.add(body)
        result.added.append(name)
    else:
        result.updated.append(name)
    for key in (*COLUMNS[2:], "gss_code"):
        if values[key]:
            setattr(body, key, values[key])
    body.name = name
    session.flush()
    for alias in _aliases(name, row.get("aliases")):
        exists = session.scalar(select(Alias.id).where(Alias.alias == alias, Alias.body_id == body.id))
        if exists is None:
            session.add(Alias(alias=alias, body_id=body.id, source=source))
    if set_name:
        session.merge(BodySet(name=set_name, body_id=body.id))


def _aliases(name: str, extra: str | None) -> Iterable[str]:
    texts = [name, *(extra or "").split(";")]
    return sorted({normalise(t) for t in texts if normalise(t)})
