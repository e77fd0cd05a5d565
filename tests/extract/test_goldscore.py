"""The real-corpus scorer follows the corpus README's definitions (cases written here)."""

from __future__ import annotations

from typing import Any

from custodes.extract.claims import Claim, make_claim_id
from custodes.extract.goldscore import score_gold

DOC = "0" * 64


def claim(status: str = "owned", confidence: float = 0.9, **fields: Any) -> Claim:
    quote = f"statement {fields}"
    loc = {"line": len(quote)}
    return Claim(
        id=make_claim_id(DOC, loc, quote),
        document=DOC,
        file="a.txt",
        location=loc,
        quote=quote,
        status=status,
        confidence=confidence,
        **fields,
    )


GOLD: dict[str, Any] = {
    "owned": [
        {"manufacturer": "hikvision", "quantity": 30, "device_type": "camera"},
        {"manufacturer": None, "quantity": None, "device_type": "body-worn-camera"},
    ],
    "ambiguous": [{"manufacturer": "axis", "quantity": None, "device_type": "camera"}],
    "complete": True,
    "forbid_owned": ["dahua"],
    "forbid_text": ["acme installs"],
    "refusals": ["31", "43"],
    "not_held": True,
    "not_owned": False,
}


def test_null_fields_assert_nothing_and_ambiguous_claims_are_left_out() -> None:
    claims = [
        claim(manufacturer="hikvision"),  # agrees: quantity left null
        claim(manufacturer="hikvision", quantity=31),  # wrong count
        claim(manufacturer="axis"),  # only ambiguous: neither true nor false
        claim(device_type="body-camera"),  # the KB's name for body-worn cameras
    ]
    score = score_gold(claims, GOLD)
    assert (score.true, score.emitted, score.ambiguous) == (2, 3, 1)
    assert len(score.false_claims) == 1 and "31" in score.false_claims[0]


def test_recall_needs_the_fields_the_gold_gives() -> None:
    score = score_gold([claim(manufacturer="hikvision"), claim(device_type="ptz-camera")], GOLD)
    # the 30 Hikvision are not found without the count; a PTZ camera is no body camera
    assert (score.matched, score.expected) == (0, 2)
    assert score_gold([claim(manufacturer="hikvision", quantity=30)], GOLD).matched == 1


def test_forbidden_makers_and_texts_are_violations() -> None:
    claims = [claim(manufacturer="dahua", quantity=3), claim(manufacturer="acme", brand_text="Acme")]
    score = score_gold(claims, GOLD)
    assert score.violations == 2
    assert score_gold(claims, {**GOLD, "forbid_owned": []}).violations == 1
    assert score_gold([claim(manufacturer="axis")], {"no_owned_vendor": True}).violations == 1


def test_refusals_by_digits_and_statuses_and_threshold() -> None:
    claims = [
        claim("refused", refusal_sections=["s.31(1)(a)"]),
        claim("not_held", confidence=0.5),
        claim(manufacturer="hikvision", quantity=30, confidence=0.5),
    ]
    score = score_gold(claims, GOLD)
    assert (score.refusals_found, score.refusals_expected) == (1, 2)
    assert (score.not_held_found, score.matched) == (1, 1)
    strict = score_gold(claims, GOLD, threshold=0.8)
    assert (strict.not_held_found, strict.matched, strict.emitted) == (0, 0, 0)


def test_incomplete_entries_score_recall_but_not_precision() -> None:
    score = score_gold([claim(manufacturer="bosch", quantity=2)], {**GOLD, "complete": False})
    assert (score.emitted, score.expected) == (0, 2)
