"""``custodes kb check`` reports grades, D-only leads, unused sources and dead rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from custodes.kb import VOCAB_DIR
from custodes.kb.check import KBReport, check_kb
from custodes.kb.loader import read_kb
from custodes.resolve.resolver import Resolver

SOURCES = """sources:
  - {id: s-a, url: "https://example.org/a", title: A, grade: A}
  - {id: s-d, url: "https://example.org/d", title: D, grade: D}
"""


def make_kb(tmp_path: Path, models: str | None = None) -> Path:
    data = tmp_path / "data"
    for sub in ("sources", "manufacturers", "models"):
        (data / sub).mkdir(parents=True)
    (data / "sources" / "s.yaml").write_text(SOURCES)
    (data / "manufacturers" / "m.yaml").write_text(
        "manufacturers:\n  - {id: acme, name: Acme, sources: [s-a]}\n"
    )
    if models is not None:
        (data / "models" / "acme.yaml").write_text(models)
    shutil.copytree(VOCAB_DIR, tmp_path / "vocab")
    return data


MODELS = """vendor: acme
rules:
  - {id: acme-x, prefixes: [X], pattern: 'X\\d+', sources: [s-a], examples: [{input: X12, expect: {}}]}
  - {id: acme-x1, prefixes: [X], pattern: 'X1\\d', sources: [s-d], examples: [{input: X15, expect: {}}]}
  - {id: acme-x-again, prefixes: [X], pattern: 'X\\d+', sources: [s-a]}
"""


def _report(tmp_path: Path) -> KBReport:
    kb = read_kb(make_kb(tmp_path, models=MODELS), tmp_path / "vocab")
    resolver = Resolver(kb)
    return check_kb(kb, lambda text: {e.rule for e in resolver.resolve(text).device.evidence})


def test_a_shadowed_rule_and_a_repeated_rule_are_dead(tmp_path: Path) -> None:
    report = _report(tmp_path)
    dead = " ".join(report.dead_rules)
    assert "acme-x1 fires on none of its own examples" in dead
    assert "acme-x-again repeats rule acme-x" in dead
    assert report.errors


def test_d_only_facts_are_listed_as_leads_and_counted_by_grade(tmp_path: Path) -> None:
    report = _report(tmp_path)
    assert any("rule acme-x1 (unverified)" in item for item in report.d_only)
    assert report.facts_by_grade["model rule"]["A"] == 2
    assert report.facts_by_grade["model rule"]["D"] == 1


def test_an_uncited_source_is_listed(tmp_path: Path) -> None:
    data = make_kb(tmp_path)
    (data / "sources" / "extra.yaml").write_text(
        "sources:\n  - {id: orphan, url: 'https://example.org/o', title: O, grade: B}\n"
    )
    kb = read_kb(data, tmp_path / "vocab")
    assert "orphan" in check_kb(kb).unused_sources


def test_the_bundled_kb_passes_the_check() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "custodes", "kb", "check", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["dead_rules"] == []
    assert report["facts_by_grade"]["model rule"]
    assert all("verified)" not in item or "(unverified)" in item for item in report["d_only"])
