"""Every example of every fingerprint we keep resolves to the mapped manufacturer.

Like Recog's own self-test, generated from the XML: each <example> must be claimed by its
own fingerprint. Because the protocol is unknown, a fingerprint of *another* database may
claim it first if it names the same maker; a rule of ours may claim it only if it says so
(``overrides``). Our YAML rules' examples are checked the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from custodes.errors import KBError
from custodes.kb import load_kb
from custodes.kb.fingerprints import Fingerprint, read_fingerprints
from custodes.kb.ruby_regex import compile_pattern, literals_of, translate
from custodes.resolve.banner import BannerMatcher


@lru_cache(maxsize=1)
def matcher() -> BannerMatcher:
    return BannerMatcher(load_kb())


def _file(rule: str) -> str:
    return rule.split(":")[1] if rule.startswith("recog:") else "ours"


CASES = [(fp, text, expect) for fp in matcher().rules for text, expect in fp.examples]


@pytest.mark.parametrize(("fp", "text", "expect"), CASES, ids=[f"{c[0].rule}:{c[1][:40]!r}" for c in CASES])
def test_example_claimed_by_its_rule(fp: Fingerprint, text: str, expect: dict[str, object]) -> None:
    found = matcher().match(text)
    assert found is not None, f"{fp.rule}: example {text!r} matched nothing"
    for field in ("manufacturer", "model", "device_type"):
        if field in expect:
            assert getattr(found, field) == expect[field], f"{field} of {text!r}"
    if "rule" in expect:
        assert found.rule == expect["rule"]
    if found.rule == fp.rule:
        return
    claimer = next(r for r in matcher().rules if r.rule == found.rule)
    if claimer.rule.startswith("fingerprints:"):
        assert fp.rule in claimer.overrides, f"{claimer.rule} shadows {fp.rule} on {text!r}"
    else:
        assert _file(claimer.rule) != _file(fp.rule), f"{claimer.rule} shadows {fp.rule}"


def test_recog_is_filtered_to_our_manufacturers() -> None:
    kb = load_kb()
    recog = [r for r in matcher().rules if r.rule.startswith("recog:")]
    assert len(recog) > 100
    assert {r.manufacturer for r in matcher().rules} <= set(kb.manufacturers)
    untested = {r.rule for r in recog if not r.examples}
    # upstream gives these three no <example>; any other must have one
    assert untested <= {f"recog:http_servers.xml:{n}" for n in (2392, 4013, 4024)}
    assert matcher().skipped == {}, "untranslatable Recog patterns among those we keep"


def test_rule_ids_name_file_and_line() -> None:
    rules = {r.rule for r in matcher().rules}
    assert "recog:http_servers.xml:3067" in rules  # (Hikvision|DNVRS|DVRDVS)-Webs
    assert "recog:rtsp_servers.xml:22" in rules  # Dahua Rtsp Server
    assert "recog:favicons.xml:1662" in rules
    assert all(re.fullmatch(r"recog:[a-z0-9_]+\.xml:\d+|fingerprints:[a-z0-9-]+", r) for r in rules)


def test_hisilicon_white_label_dvrs_are_not_huawei() -> None:
    """HiSilicon (a Huawei subsidiary) makes the SoC, not the recorder: no attribution."""
    for banner in ("Server: Cross Web Server", "DVR Components Download"):
        found = matcher().match(banner)
        assert found is None or found.manufacturer != "huawei"


@pytest.mark.parametrize(
    ("ruby", "python", "flags"),
    [
        (r"^abc\h+\z", r"^abc[0-9a-fA-F]+\Z", re.MULTILINE),
        (r"x\Z", r"x(?=\n?\Z)", re.MULTILINE),
        (r"^Cisco (?i)ap$", r"^Cisco ap$", re.MULTILINE | re.IGNORECASE),
        (r"(?m)a.b", r"a.b", re.MULTILINE | re.DOTALL),
        (r"(?<v>\d+)[\h-]", r"(?P<v>\d+)[0-9a-fA-F-]", re.MULTILINE),
        (r"(?i:ab)(?<=a)", r"(?i:ab)(?<=a)", re.MULTILINE),
    ],
)
def test_translate_ruby_constructs(ruby: str, python: str, flags: int) -> None:
    assert translate(ruby) == (python, flags)


def test_translate_flags_attribute_and_refusals() -> None:
    assert translate("a.b", "REG_ICASE,REG_MULTILINE")[1] == re.M | re.I | re.S
    with pytest.raises(ValueError):
        translate(r"[[:alpha:]]+")
    with pytest.raises(ValueError):
        translate(r"\p{Alpha}")
    with pytest.raises(ValueError):
        compile_pattern("[[a]", 0)  # a nested set warns in Python: treated as a failure


def test_literals_are_required_substrings() -> None:
    regex = re.compile(r"^(?:Hikvision|DNVRS|DVRDVS)-Webs$")
    assert literals_of(regex) == (("-webs",), ("dnvrs", "dvrdvs", "hikvision"))
    assert literals_of(re.compile(r"^\d+ab$")) == ()
    assert literals_of(re.compile(r"(?:camera)?xyz")) == ()


_RULE = """
rules:
  - id: test-rule
    kind: server
    pattern: '^Test-Server/(\\S+)$'
    manufacturer: {maker}
    model_group: {group}
    certainty: 0.5
    sources: [{source}]
    examples:
      - input: "Server: Test-Server/X1"
        expect: {{manufacturer: hikvision}}
"""


@pytest.mark.parametrize(
    ("maker", "group", "source", "error"),
    [
        ("nobody", 1, "recog", "rule test-rule: unknown manufacturer id 'nobody'"),
        ("hikvision", 1, "no-such-source", "rule test-rule: sources: unknown source id"),
        ("hikvision", 2, "recog", "rule test-rule: model_group: the pattern has 1 group"),
    ],
)
def test_bad_rule_names_file_rule_and_field(
    tmp_path: Path, maker: str, group: int, source: str, error: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(_RULE.format(maker=maker, group=group, source=source), encoding="utf-8")
    with pytest.raises(KBError, match=re.escape(f"{path}: {error}")):
        read_fingerprints(load_kb(), tmp_path, tmp_path)


def test_own_rule_loads_and_captures_model(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(_RULE.format(maker="hikvision", group=1, source="recog"), encoding="utf-8")
    loaded = read_fingerprints(load_kb(), tmp_path, tmp_path)
    (rule,) = loaded.rules
    assert rule.rule == "fingerprints:test-rule" and rule.model_group == 1
    assert rule.literals == (("test-server/",),)


def test_schema_rejects_unknown_kind(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = _RULE.format(maker="hikvision", group=1, source="recog").replace("kind: server", "kind: smtp")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KBError, match=r"rules\[0\] \(test-rule\)\.kind"):
        read_fingerprints(load_kb(), tmp_path, tmp_path)


def test_override_must_name_a_loaded_rule(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = _RULE.format(maker="hikvision", group=1, source="recog")
    path.write_text(text.replace("    certainty: 0.5", "    certainty: 0.5\n    overrides: [recog:x.xml:1]"))
    with pytest.raises(KBError, match=r"rule test-rule: overrides: no loaded fingerprint"):
        read_fingerprints(load_kb(), tmp_path, tmp_path)
