"""Charts and maps as inline SVG, drawn when the report is built, with no browser.

Vega-Lite specs with their data inline go through vl-convert (a bundled Deno/Vega), so the
report needs no script, no CDN and no network to show its pictures, e-mailed or offline.
Every chart states its denominator in its title; every label is data, and SVG text from
vl-convert is escaped by Vega, so a hostile maker name cannot become markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

WIDTH = 560
BAR_HEIGHT = 18
OUTCOME_COLOURS = {
    "answered": "#1b7837",
    "answered without equipment figures": "#a6dba0",
    "refused": "#c2185b",
    "not held": "#f1a340",
    "no reply": "#878787",
    "not asked": "#dddddd",
}
NO_DATA = "#eeeeee"
_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)


def svg(spec: Mapping[str, Any]) -> str:
    """A Vega-Lite spec as SVG text (no XML prolog), checked to hold no script."""
    import vl_convert  # a native renderer only reports need

    out: str = vl_convert.vegalite_to_svg(dict(spec))
    out = out[out.find("<svg") :] if "<svg" in out else out
    if _SCRIPT.search(out):
        raise ValueError("chart SVG unexpectedly contains a script element")
    return out


def bar_chart(title: str, rows: Sequence[Mapping[str, Any]], label: str, value: str,
              value_title: str, colour: str = "#3b6ea5") -> dict[str, Any]:  # fmt: skip
    """A horizontal bar chart of ``rows`` (largest first), one bar per label."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "width": WIDTH,
        "height": {"step": BAR_HEIGHT},
        "data": {"values": list(rows)},
        "mark": {"type": "bar", "color": colour},
        "encoding": {
            "y": {"field": label, "type": "nominal", "sort": "-x", "title": None,
                  "axis": {"labelLimit": 260}},
            "x": {"field": value, "type": "quantitative", "title": value_title,
                  "axis": {"tickMinStep": 1}},
            "tooltip": [{"field": label}, {"field": value}],
        },
        "config": {"view": {"stroke": None}, "font": "sans-serif"},
    }  # fmt: skip


def range_chart(title: str, rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Spend ranges: one bar from ``low`` to ``high`` per maker."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "width": WIDTH,
        "height": {"step": BAR_HEIGHT},
        "data": {"values": list(rows)},
        "mark": {"type": "bar", "color": "#7b3294", "opacity": 0.75},
        "encoding": {
            "y": {"field": "maker", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "low", "type": "quantitative", "title": "replacement cost range (GBP)"},
            "x2": {"field": "high"},
        },
        "config": {"view": {"stroke": None}, "font": "sans-serif"},
    }


def choropleth(title: str, features: list[dict[str, Any]], field: str, kind: str) -> dict[str, Any]:
    """A map of body shapes (rings already wound clockwise for Vega) shaded by ``field``.

    ``kind`` is ``share`` (0-1, sequential; no devices counted is grey) or ``outcome``.
    """
    if kind == "share":
        colour: dict[str, Any] = {
            "condition": {
                "test": f"isValid(datum.properties.{field})",
                "field": f"properties.{field}",
                "type": "quantitative",
                "scale": {"domain": [0, 1], "scheme": "reds"},
                "legend": {"format": ".0%", "title": "restricted share"},
            },
            "value": NO_DATA,
        }
    else:
        colour = {
            "field": f"properties.{field}",
            "type": "nominal",
            "scale": {"domain": list(OUTCOME_COLOURS), "range": list(OUTCOME_COLOURS.values())},
            "legend": {"title": "outcome", "orient": "right"},
        }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "width": 420,
        "height": 340,
        "data": {"values": {"type": "FeatureCollection", "features": features},
                 "format": {"type": "json", "property": "features"}},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.6},
        "encoding": {"color": colour, "tooltip": [{"field": "properties.name", "title": "body"}]},
        "config": {"view": {"stroke": None}, "font": "sans-serif"},
    }  # fmt: skip
