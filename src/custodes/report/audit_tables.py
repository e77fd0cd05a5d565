"""An audit (the JSON ``custodes audit --format json`` writes) as the tables a report shows.

Reads the JSON as data, not as Python objects, so a report can be built from an audit
made elsewhere or earlier; a file that is not an audit is one clear error.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from custodes.errors import InputError
from custodes.report.campaign_tables import Table

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}


def load_audit(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(str(path), f"cannot read the audit JSON: {exc}") from exc
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("summary"), dict)
        or not isinstance(data.get("items"), list)
    ):
        raise InputError(
            str(path), "not an audit report (expected the JSON of `custodes audit --format json`)"
        )
    return data


def figures(audit: dict[str, Any]) -> Table:
    s = audit["summary"]
    devices = s.get("devices", 0)
    rows: list[list[Any]] = [
        [f"{s.get('rows', 0)} register rows read", s.get("rows", 0), None],
        [f"{devices} devices counted (quantities summed)", devices, None],
        [f"{s.get('resolved_devices', 0)} of {devices} devices resolved to a maker",
         s.get("resolved_devices", 0), devices],
        [f"{s.get('unresolved_devices', 0)} of {devices} devices could not be resolved (kept, listed below)",
         s.get("unresolved_devices", 0), devices],
    ]  # fmt: skip
    for pack in s.get("packs", []):
        rows.append([f"{pack['devices']} of {devices} devices covered by {pack['title']} "
                     f"({pack['share_all']:.0%} of all, {pack['share_resolved']:.0%} of resolved)",
                     pack["devices"], devices])  # fmt: skip
    for cost in s.get("replacement_cost", []):
        rows.append([f"replacement cost {cost['currency']} {cost['low']:,.0f}-{cost['high']:,.0f} for "
                     f"{cost['devices']} priced devices", cost["devices"], devices])  # fmt: skip
    return Table("Audit figures", ["figure", "n", "of"], rows)


def makers(audit: dict[str, Any]) -> Table:
    s = audit["summary"]
    rows = [
        [k, v, s.get("devices", 0)]
        for k, v in sorted(s.get("by_manufacturer", {}).items(), key=lambda kv: -kv[1])
    ]
    return Table("Devices by maker", ["maker", "devices", "of devices"], rows)


def actions(audit: dict[str, Any]) -> Table:
    """One action per rule that fired: what, how serious, how many devices where, the law."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for item in audit["items"]:
        for f in item.get("findings") or []:
            key = (f.get("pack", ""), f.get("rule", ""))
            entry = found.setdefault(key, {"f": f, "devices": 0, "sites": set()})
            entry["devices"] += int(item.get("quantity") or 0)
            entry["sites"].add(item.get("site") or "(no site)")
    rows = []
    for (pack, rule), e in sorted(
        found.items(), key=lambda kv: (SEVERITY_ORDER.get(kv[1]["f"].get("severity"), 9), kv[0])
    ):
        f = e["f"]
        rows.append([f.get("severity"), f.get("title") or rule, pack, e["devices"], len(e["sites"]),
                     f.get("effective"), f.get("citation"), f.get("grade"), f.get("url")])  # fmt: skip
    headers = [
        "severity",
        "action / rule",
        "pack",
        "devices",
        "sites",
        "effective",
        "citation",
        "grade",
        "source",
    ]
    return Table("Action list", headers, rows)


def sites(audit: dict[str, Any]) -> Table:
    by_site: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"devices": 0, "makers": set(), "rules": set(), "worst": 9}
    )
    for item in audit["items"]:
        site = by_site[item.get("site") or "(no site)"]
        site["devices"] += int(item.get("quantity") or 0)
        maker = (item.get("resolution") or {}).get("manufacturer")
        site["makers"].add(maker or "(unresolved)")
        for f in item.get("findings") or []:
            site["rules"].add(f"{f.get('pack')}:{f.get('rule')}")
            site["worst"] = min(site["worst"], SEVERITY_ORDER.get(f.get("severity"), 9))
    names = {v: k for k, v in SEVERITY_ORDER.items()}
    rows = [[name, s["devices"], "; ".join(sorted(s["makers"])), names.get(s["worst"], ""), len(s["rules"]),
             "; ".join(sorted(s["rules"]))] for name, s in sorted(by_site.items())]  # fmt: skip
    return Table(
        "Findings per site", ["site", "devices", "makers", "worst severity", "rules", "findings"], rows
    )


def items(audit: dict[str, Any]) -> Table:
    rows = []
    for item in audit["items"]:
        r = item.get("resolution") or {}
        rows.append([item.get("file"), item.get("location"), item.get("site"), item.get("text"),
                     item.get("quantity"), r.get("manufacturer"), r.get("model"), r.get("device_type"),
                     r.get("confidence"),
                     "; ".join(f"{f.get('pack')}:{f.get('rule')}" for f in item.get("findings") or []),
                     item.get("excluded")])  # fmt: skip
    headers = ["file", "location", "site", "text", "quantity", "maker", "model", "device type", "confidence",
               "findings", "excluded"]  # fmt: skip
    return Table("Register rows", headers, rows)


def problems(audit: dict[str, Any]) -> Table:
    rows = [["file failed", f.get("file"), f.get("reason")] for f in audit.get("failures", [])]
    rows += [["warning", "", w if isinstance(w, str) else json.dumps(w)] for w in audit.get("warnings", [])]
    return Table("Files not read and warnings", ["kind", "file", "reason"], rows)


def all_tables(audit: dict[str, Any]) -> list[Table]:
    return [figures(audit), actions(audit), sites(audit), makers(audit), items(audit), problems(audit)]
