"""Every example in every KB file resolves to what it says (Recog-style self-test).

A rule's example must also be claimed by that rule and not by an earlier or broader one,
so that a new rule can never silently shadow an old one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from custodes.kb import load_kb
from custodes.kb.schema import Example
from custodes.resolve import default_resolver
from custodes.resolve.normalize import clean, model_tokens, whole


def _examples() -> Iterator[tuple[str, str | None, Example]]:
    kb = load_kb()
    for mid, maker in kb.manufacturers.items():
        for ex in maker.examples:
            yield f"manufacturer:{mid}", None, ex
    for bid, brand in kb.brands.items():
        for ex in brand.examples:
            yield f"brand:{bid}", None, ex
    for path, ex in kb.registry_examples:
        yield f"registry:{path.name}", None, ex
    for path, model_file in kb.model_files:
        for rule in model_file.rules:
            for ex in rule.examples:
                yield f"{path.name}:{rule.id}", rule.id, ex
        for tech in model_file.technologies:
            for ex in tech.examples:
                yield f"{path.name}:technology:{tech.id}", None, ex


CASES = list(_examples())


def _check(field: str, want: Any, record: dict[str, Any]) -> None:
    if field == "capabilities":
        got = {c["name"] for c in record["capabilities"]}
        assert set(want) <= got, f"capabilities: want {sorted(want)} within {sorted(got)}"
    elif field == "rule":
        rules = [e["rule"] for e in record["evidence"]]
        assert want in rules, f"rule {want} not in evidence {rules}"
    elif field == "devices":
        assert len(record.get("devices", [])) == want
    else:
        assert record[field] == want, f"{field}: want {want!r}, got {record[field]!r}"


@pytest.mark.parametrize(("owner", "rule_id", "example"), CASES, ids=[f"{c[0]}:{c[2].input}" for c in CASES])
def test_example_resolves(owner: str, rule_id: str | None, example: Example) -> None:
    record = default_resolver().resolve(example.input).to_dict()
    for field, want in example.expect.items():
        _check(field, want, record)


RULE_CASES = [c for c in CASES if c[1] is not None]


@pytest.mark.parametrize(
    ("owner", "rule_id", "example"), RULE_CASES, ids=[f"{c[0]}:{c[2].input}" for c in RULE_CASES]
)
def test_no_rule_claims_another_rules_example_first(owner: str, rule_id: str, example: Example) -> None:
    grammar = default_resolver().grammar
    exact = grammar.match_exact(whole(clean(example.input)))
    claimed = [exact.rule.id] if exact else []
    for token in model_tokens(clean(example.input)):
        found = grammar.match_token(token)
        if found is not None:
            claimed.append(found.rule.id)
    assert claimed, f"no rule matched any token of {example.input!r}"
    assert rule_id in claimed, f"{example.input!r} is claimed by {claimed[0]} before {rule_id}"


def test_every_model_rule_has_an_example() -> None:
    kb = load_kb()
    missing = [r.id for _, mf in kb.model_files for r in mf.rules if not r.examples]
    assert not missing, f"rules without examples: {missing}"


def test_rule_ids_are_unique() -> None:
    kb = load_kb()
    ids = [r.id for _, mf in kb.model_files for r in mf.rules]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes
