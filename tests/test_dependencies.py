"""Every third-party package ``src/`` imports is declared, as a dependency or in an extra,
and nothing only the tests use is a runtime dependency."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
OPTIONAL = {"ocr": {"pytesseract"}, "msg": {"extract-msg"}}
"""Extras whose modules src/ imports only inside a guard."""


def _name(requirement: str) -> str:
    return re.split(r"[<>=\[;~! ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imports() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "custodes").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in ("custodes", "__future__")}


def test_every_imported_package_is_declared() -> None:
    declared = {_name(r) for r in PROJECT["dependencies"]}
    extras = {
        _name(r) for name, reqs in PROJECT["optional-dependencies"].items() if name != "dev" for r in reqs
    }
    dists = packages_distributions()
    missing = []
    for module in sorted(_imports()):
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        if not names & (declared | extras):
            missing.append(f"{module} ({', '.join(sorted(names))})")
    assert not missing, f"imported by src/ but not declared: {missing}"


def test_optional_packages_are_extras_not_dependencies() -> None:
    declared = {_name(r) for r in PROJECT["dependencies"]}
    for extra, names in OPTIONAL.items():
        assert names <= {_name(r) for r in PROJECT["optional-dependencies"][extra]}
        assert not names & declared
    assert "psycopg" in {_name(r) for r in PROJECT["optional-dependencies"]["postgres"]}


def test_test_only_packages_are_not_runtime_dependencies() -> None:
    declared = {_name(r) for r in PROJECT["dependencies"]}
    assert not declared & {"openpyxl", "reportlab", "pytest", "hypothesis", "psycopg"}
