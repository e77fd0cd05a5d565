"""``custodes kb check``: what the KB asserts, on what evidence, and what in it is dead.

The loader already refuses what is wrong outright (an unknown id, a D-only fact marked
verified, a third-party copy graded A). This report lists what a reviewer must still see:
facts by the best grade behind them, assertions resting on D-grade sources alone (leads),
sources nothing cites, and model rules that never fire on their own examples (shadowed by
an earlier rule) or repeat an earlier rule exactly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from custodes.kb.fingerprints import FINGERPRINT_DIR, FingerprintFile
from custodes.kb.loader import KBData, d_only, load_yaml


@dataclass
class KBReport:
    facts_by_grade: dict[str, Counter[str]] = field(default_factory=dict)
    """Fact kind -> grade -> count (the best grade among a fact's sources)."""
    d_only: list[str] = field(default_factory=list)
    unused_sources: list[str] = field(default_factory=list)
    dead_rules: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Problems that fail the check: a rule that never fires is a bug in the data."""
        return self.dead_rules

    def to_dict(self) -> dict[str, Any]:
        return {
            "facts_by_grade": {k: dict(sorted(v.items())) for k, v in self.facts_by_grade.items()},
            "d_only": self.d_only,
            "unused_sources": self.unused_sources,
            "dead_rules": self.dead_rules,
            "errors": len(self.errors),
        }


def _facts(kb: KBData) -> Iterator[tuple[str, str, list[str]]]:
    """Every assertion the KB makes: (kind, where, source ids)."""
    for mid, maker in kb.manufacturers.items():
        yield "manufacturer", f"manufacturer {mid}", maker.sources
        for rel in maker.relationships:
            yield "relationship", f"manufacturer {mid}: {rel.kind} {rel.party} ({rel.status})", rel.sources
    for bid, brand in kb.brands.items():
        for rel in brand.relationships:
            yield "relationship", f"brand {bid}: {rel.kind} {rel.party} ({rel.status})", rel.sources
    for path, mf in kb.model_files:
        for rule in mf.rules:
            yield "model rule", f"{path.name}: rule {rule.id} ({rule.status})", rule.sources
            for cap in rule.capabilities:
                yield "capability", f"{path.name}: rule {rule.id}: capability {cap.name}", cap.sources
        for tech in mf.technologies:
            yield "technology", f"{path.name}: technology {tech.id}", tech.sources
            for cap in tech.capabilities:
                yield "capability", f"{path.name}: technology {tech.id}: capability {cap.name}", cap.sources
    for price in kb.prices:
        yield "price", f"prices.yaml: {price.device_type} {price.currency}", price.sources
    for path, ff in _fingerprint_files():
        for fp in ff.rules:
            yield "fingerprint", f"{path.name}: fingerprint {fp.id}", fp.sources
        if ff.recog is not None:
            yield "fingerprint", f"{path.name}: Recog vendor map", ff.recog.sources


def _fingerprint_files() -> list[tuple[Path, FingerprintFile]]:
    return [(p, load_yaml(p, FingerprintFile)) for p in sorted(FINGERPRINT_DIR.glob("*.yaml"))]


def _cited(kb: KBData) -> set[str]:
    cited = {s for _kind, _where, sources in _facts(kb) for s in sources}
    cited.update(f"site-{bid}" for bid in kb.registry)
    return cited


def check_kb(kb: KBData, fire: Any = None) -> KBReport:
    """The report for a loaded KB. ``fire(text) -> set of rule ids in its evidence`` finds
    shadowed rules; without it only exact repeats are reported."""
    report = KBReport()
    for kind, where, sources in _facts(kb):
        grades = sorted(kb.sources[s].grade for s in sources if s in kb.sources)
        report.facts_by_grade.setdefault(kind, Counter())[grades[0] if grades else "none"] += 1
        if d_only(kb, sources):
            report.d_only.append(where)
    cited = _cited(kb)
    report.unused_sources = sorted(s for s in kb.sources if s not in cited)
    report.dead_rules = list(_dead_rules(kb, fire))
    return report


def _dead_rules(kb: KBData, fire: Any) -> Iterable[str]:
    seen: dict[tuple[tuple[str, ...], str], str] = {}
    for path, mf in kb.model_files:
        for rule in mf.rules:
            key = (tuple(sorted(rule.prefixes)), rule.pattern)
            if key in seen:
                yield f"{path.name}: rule {rule.id} repeats rule {seen[key]} (same prefixes and pattern)"
                continue
            seen[key] = rule.id
            if fire is None or not rule.examples:
                continue
            if not any(rule.id in fire(ex.input) for ex in rule.examples):
                yield f"{path.name}: rule {rule.id} fires on none of its own examples (shadowed)"
