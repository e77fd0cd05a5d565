"""Docs that cannot drift: the README's set-up commands, and every command documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from custodes.cli import app
from custodes.cli.campaign import campaign_app

ROOT = Path(__file__).resolve().parents[1]
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))


def test_readme_opens_with_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make demo", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name", [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
)
def test_every_command_has_a_user_guide(name: str) -> None:
    if name == "version":
        return
    assert f"custodes {name}" in DOCS, f"no user guide mentions `custodes {name}`"


@pytest.mark.parametrize("name", [c.name for c in campaign_app.registered_commands if c.name])
def test_every_campaign_command_is_documented(name: str) -> None:
    assert f"campaign {name}" in DOCS, f"docs/campaigns.md does not mention `campaign {name}`"


def test_benchmark_figures_are_recorded() -> None:
    text = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    for script in ("benchmarks/resolve.py", "benchmarks/extract.py", "benchmarks/campaign.py"):
        assert script in text and (ROOT / script).exists()


def test_the_architecture_page_lists_every_module() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    src = ROOT / "src" / "custodes"
    missing = [
        str(p.relative_to(src))
        for p in sorted(src.rglob("*.py"))
        if p.name not in ("__init__.py", "__main__.py")
        and "migrations" not in p.parts
        and f"`{p.name}`" not in page
    ]
    assert missing == [], f"docs/architecture.md does not list {missing}"
