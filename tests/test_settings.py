"""The table of tunables in ``custodes.settings`` is the documentation users read: it must
list every tunable the module declares, with the value the code uses."""

from __future__ import annotations

import re

from custodes import settings

_UNITS = {"GiB": 1024**3, "MiB": 1024**2}


def _table() -> dict[str, str]:
    doc = settings.__doc__ or ""
    rows = re.findall(r"^([A-Z][A-Z_]+)\s{2,}(\S+(?: [GM]iB)?)\s", doc, re.MULTILINE)
    return dict(rows)


def _number(text: str) -> float:
    number, _, unit = text.partition(" ")
    return float(number) * _UNITS.get(unit, 1)


def test_every_tunable_is_in_the_table_with_its_value() -> None:
    declared = {k: v for k, v in vars(settings).items() if k.isupper()}
    table = _table()
    assert set(table) == set(declared)
    for name, value in declared.items():
        assert _number(table[name]) == value, name


def test_nothing_else_declares_the_auto_accept_threshold() -> None:
    from pathlib import Path

    src = Path(settings.__file__).parent
    offenders = [
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if p.name != "settings.py"
        and re.search(r"^AUTO_ACCEPT\w* = ", p.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert offenders == []
