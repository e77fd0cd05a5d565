"""User packs: a good one loads next to the built-ins; a bad one fails with one line that
names the file, the rule and the field."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from custodes.errors import CustodesError, PolicyError
from custodes.policy import EXAMPLES_DIR, DeviceFacts, evaluate, load_pack, load_packs

MakeDevice = Callable[..., DeviceFacts]

GOOD: dict[str, Any] = {
    "id": "my-policy",
    "title": "My policy",
    "jurisdiction": "GB",
    "binding_on": "Us",
    "instrument": "Our decision",
    "sources": [{"id": "decision", "url": "https://example.org/d", "title": "D", "grade": "A"}],
    "rules": [
        {
            "id": "no-dahua",
            "title": "No Dahua",
            "severity": "high",
            "effective": "2024-01-01",
            "sources": ["decision"],
            "match": {"entities": ["dahua"]},
            "why": "{entity} is banned here since {effective}.",
        }
    ],
}


def _write(tmp_path: Path, data: Any, name: str = "my-policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _broken(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> str:
    data = copy.deepcopy(GOOD)
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(PolicyError) as info:
        load_pack(path)
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message
    assert isinstance(info.value, CustodesError)
    return message


def test_good_user_pack_loads_after_builtins(tmp_path: Path, make_device: MakeDevice) -> None:
    packs = load_packs([_write(tmp_path, GOOD)])
    assert packs[-1].id == "my-policy"
    assert len(packs) == 7
    findings = evaluate(make_device("dahua"), packs[-1:], date(2024, 1, 1))
    assert [f.why for f in findings] == ["dahua is banned here since 2024-01-01."]


def test_example_pack_loads_with_builtins() -> None:
    packs = load_packs([EXAMPLES_DIR / "council-procurement-policy.yaml"])
    assert packs[-1].id == "council-procurement-policy"


def test_bad_severity_names_rule_and_field(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["rules"][0].update(severity="severe"))
    assert "rule 'no-dahua'" in message
    assert "field 'severity'" in message


def test_extra_field_is_forbidden(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["rules"][0].update(colour="red"))
    assert "rule 'no-dahua'" in message and "field 'colour'" in message
    assert "Extra inputs are not permitted" in message


def test_bad_match_field(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["rules"][0]["match"].update(countries=["China"]))
    assert "rule 'no-dahua'" in message and "field 'match.countries'" in message


def test_empty_match_is_refused(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["rules"][0].update(match={}))
    assert "field 'match'" in message and "every device" in message


def test_unknown_placeholder(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["rules"][0].update(why="{vendor} is banned."))
    assert "field 'why'" in message and "vendor" in message


def test_unbalanced_brace(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["rules"][0].update(why="{entity is banned."))
    assert "field 'why'" in message


def test_unknown_source_reference(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["rules"][0].update(sources=["minutes"]))
    assert "rule 'no-dahua'" in message and "field 'sources'" in message
    assert "minutes" in message


def test_rule_without_sources(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["rules"][0].update(sources=[]))
    assert "field 'sources'" in message


def test_bad_grade_names_pack_field(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["sources"][0].update(grade="E"))
    assert "pack 'my-policy'" in message and "field 'sources.0.grade'" in message


def test_missing_title(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d.pop("title"))
    assert "field 'title'" in message and "Field required" in message


def test_bad_date(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["rules"][0].update(effective="next year"))
    assert "field 'effective'" in message


def test_ends_before_effective(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["rules"][0].update(ends="2023-01-01"))
    assert "field 'ends'" in message


def test_duplicate_rule_id(tmp_path: Path) -> None:
    message = _broken(tmp_path, lambda d: d["rules"].append(copy.deepcopy(d["rules"][0])))
    assert "duplicate rule id" in message


def test_rule_without_id_is_named_by_position(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["rules"][0]["id"]

    assert "rule '#1'" in _broken(tmp_path, change)


def test_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"bad\.yaml: not valid YAML at line"):
        load_pack(path)


def test_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="must be a YAML mapping"):
        load_pack(_write(tmp_path, ["a", "b"]))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="nope.yaml: cannot read policy pack"):
        load_packs([tmp_path / "nope.yaml"])


def test_pack_id_clash_with_builtin(tmp_path: Path) -> None:
    data = copy.deepcopy(GOOD)
    data["id"] = "us-ndaa-889"
    with pytest.raises(PolicyError, match="already used by built-in packs"):
        load_packs([_write(tmp_path, data)])


def test_ends_is_the_last_day(tmp_path: Path, make_device: MakeDevice) -> None:
    data = copy.deepcopy(GOOD)
    data["rules"][0]["ends"] = "2024-06-30"
    pack = load_pack(_write(tmp_path, data))
    dahua = make_device("dahua")
    assert evaluate(dahua, [pack], date(2024, 6, 30))
    assert evaluate(dahua, [pack], date(2024, 7, 1)) == []
