"""Boundaries of public bodies from the bundled TopoJSON, as GeoJSON features.

One place that knows where a body is drawn: London boroughs by name (vega-datasets file,
no codes), GB districts by 2013 GSS code and NI districts by 2015 code (Martin Chorley's
files). A body created by a later merger (Buckinghamshire, North Yorkshire...) has a code
the 2013 file lacks, so it is drawn as the union of its former districts, found through
mySociety's former-code lookup and the registry's ``replaced-by`` column.

Winding order matters: RFC 7946 GeoJSON wants exterior rings anticlockwise, while Vega
(d3-geo, spherical) reads an anticlockwise ring as "everything but this", filling the
whole map. :func:`rewound` gives either, and each caller states which it needs.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

Ring = list[list[float]]
DATA = "custodes.report.data"
SOURCES = {
    "london": ("london_boroughs_vega.topo.json", "boroughs"),
    "gb": ("gb_lad2013_martinjc.topo.json", "lad"),
    "ni": ("ni_lgd2015_martinjc.topo.json", "lgd"),
}
TOLERANCE = {"london": (0.0004, 4), "gb": (0.008, 3), "ni": (0.008, 3)}
"""(Douglas-Peucker tolerance, decimals) in degrees per source: about 40 m in London and
800 m elsewhere, enough to shade a body and small enough to keep a 400-body map under 1 MB."""
CREDITS = (
    "Boundaries: London boroughs from vega-datasets (OGL-UK-3.0; contains National Statistics "
    "and Ordnance Survey data © Crown copyright and database right 2015); GB and NI districts "
    "from UK-GeoJSON by Martin Chorley (CC-BY-4.0), contains OS, ONS, NRS and LPS data © Crown "
    "copyright and database right; former codes from mySociety (CC-BY-4.0)."
)


@dataclass(frozen=True)
class Place:
    """What a map needs to know about one body to find its shape."""

    key: str
    name: str
    short_name: str | None
    gss_code: str | None
    region: str | None
    predecessors: tuple[str, ...] = ()
    """GSS codes of bodies this one replaced (from the registry's ``replaced-by``)."""


def _read_json(name: str) -> Any:
    return json.loads(resources.files(DATA).joinpath(name).read_text(encoding="utf-8"))


def _decode_arcs(topology: Mapping[str, Any]) -> list[Ring]:
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([[float(p[0]), float(p[1])] for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)
    return arcs


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on one arc: drop points closer than ``tolerance`` to the kept line.

    Arcs are shared between neighbours in TopoJSON, so simplifying arcs (not rings) keeps
    shared borders identical on both sides: no slivers or gaps between bodies.
    """
    if len(points) < 3 or tolerance <= 0:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                d = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if d > best:
                best, at = d, i
        if at >= 0 and best > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [pt for pt, k in zip(points, keep, strict=True) if k]


def _ring(arcs: list[Ring], indexes: Iterable[int], digits: int) -> Ring:
    out: Ring = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        for n, (x, y) in enumerate(points):
            if n == 0 and out:
                continue  # shared end point of consecutive arcs
            point = [round(x, digits), round(y, digits)]
            if not out or out[-1] != point:
                out.append(point)
    return out


def _polygons(geometry: Mapping[str, Any], arcs: list[Ring], digits: int) -> list[list[Ring]]:
    if geometry.get("type") == "Polygon":
        parts = [geometry["arcs"]]
    elif geometry.get("type") == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        return []
    polygons = []
    for rings in parts:
        decoded = [r for r in (_ring(arcs, ring, digits) for ring in rings) if len(r) >= 4]
        if decoded:
            polygons.append(decoded)
    return polygons


@lru_cache(maxsize=3)
def _shapes(source: str) -> dict[str, list[list[Ring]]]:
    """Polygons (rings of lon/lat) by the file's key: borough name or GSS code."""
    file_name, obj = SOURCES[source]
    topology = _read_json(file_name)
    tolerance, digits = TOLERANCE[source]
    arcs = [simplify(arc, tolerance) for arc in _decode_arcs(topology)]
    out: dict[str, list[list[Ring]]] = {}
    for geometry in topology["objects"][obj]["geometries"]:
        props = geometry.get("properties") or {}
        key = props.get("LAD13CD") or props.get("LGDCode") or geometry.get("id")
        if key:
            out.setdefault(str(key), []).extend(_polygons(geometry, arcs, digits))
    return out


@lru_cache(maxsize=1)
def _codes_by_body() -> dict[str, set[str]]:
    """mySociety 3-letter code -> every GSS code (present and former) it has had."""
    out: dict[str, set[str]] = {}
    text = resources.files(DATA).joinpath("lookup_gss_to_registry.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        out.setdefault(row["local-authority-code"], set()).add(row["gss-code"])
    return out


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").replace(",", " ").split())


def shape_of(place: Place) -> tuple[str, list[list[Ring]]] | None:
    """(source, polygons) for a body, or None when no bundled boundary covers it."""
    london = _shapes("london")
    by_name = {_norm(k): v for k, v in london.items()}
    if (place.region or "").lower() == "london" or (place.gss_code or "").startswith("E09"):
        for candidate in (place.short_name, place.name):
            if candidate and _norm(candidate) in by_name:
                return "london", by_name[_norm(candidate)]
    return _district(place)


def _area(ring: Ring) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def rewound(polygons: list[list[Ring]], exterior_clockwise: bool) -> list[list[Ring]]:
    """Polygons with exterior rings clockwise (d3/Vega) or anticlockwise (RFC 7946)."""
    out = []
    for rings in polygons:
        fixed = []
        for n, ring in enumerate(rings):
            clockwise = _area(ring) < 0
            want = exterior_clockwise if n == 0 else not exterior_clockwise
            fixed.append(ring if clockwise == want else ring[::-1])
        out.append(fixed)
    return out


def features(
    places: Iterable[tuple[Place, Mapping[str, Any]]], for_vega: bool
) -> tuple[list[dict[str, Any]], list[str]]:
    """GeoJSON features with each body's properties, and the names of bodies not drawn.

    The map covers one source: London alone when every body drawn is a borough, else GB
    and NI districts (a London borough then takes its district shape by GSS code).
    """
    chosen = list(places)
    found = [(p, props, shape_of(p)) for p, props in chosen]
    if any(s is not None and s[0] != "london" for _, _, s in found):
        found = [(p, props, _district(p) or s) for p, props, s in found]
    out, missing = [], []
    for place, props, shape in found:
        if shape is None:
            missing.append(place.name)
            continue
        geometry = {"type": "MultiPolygon", "coordinates": rewound(shape[1], for_vega)}
        out.append({"type": "Feature", "id": place.key, "properties": dict(props), "geometry": geometry})
    return out, missing


def _district(place: Place) -> tuple[str, list[list[Ring]]] | None:
    codes = set(_codes_by_body().get(place.key, set()))
    codes.update(c for c in (place.gss_code, *place.predecessors) if c)
    for source in ("gb", "ni"):
        polygons = [p for code in sorted(codes) for p in _shapes(source).get(code, [])]
        if polygons:
            return source, polygons
    return None
