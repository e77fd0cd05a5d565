"""Refusal sections under FOIA and FOISA, and the not-held and refusal detectors."""

from __future__ import annotations

import pytest

from custodes.extract.sections import (
    is_scottish,
    refusal_sections,
    says_not_held,
    says_refused,
    section_numbers,
)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("withheld under sections 24(1) (national security) and 31(1)(a) of the Act", [24, 31]),
        ("exempt under s.31 and s.40(2)", [31, 40]),
        ("Sections 21, 31 and 38 apply", [21, 31, 38]),
        ("s24 and s31(1)(b)", [24, 31]),
        ("section 43(2) (commercial interests)", [43]),
    ],
)
def test_section_numbers(text: str, numbers: list[int]) -> None:
    assert section_numbers(text) == numbers


def test_foia_labels_and_procedural_sections_dropped() -> None:
    text = "exempt under section 31; you may complain under section 50"
    assert refusal_sections(text, scottish=False) == ["FOIA s.31"]


def test_foisa_labels() -> None:
    text = "withheld under section 35(1)(a) and section 39"
    assert refusal_sections(text, scottish=True) == ["FOISA s.35", "FOISA s.39"]


def test_same_number_differs_by_act() -> None:
    assert refusal_sections("section 17 notice", scottish=True) == ["FOISA s.17"]
    assert refusal_sections("section 17 notice", scottish=False) == []


def test_cost_limit_is_section_12() -> None:
    text = "Complying would exceed the appropriate limit, so we refuse this part."
    assert refusal_sections(text, scottish=False) == ["FOIA s.12"]


@pytest.mark.parametrize(
    "text",
    [
        "Freedom of Information (Scotland) Act 2002",
        "you may apply to the Scottish Information Commissioner",
        "Under FOISA we must",
    ],
)
def test_scottish(text: str) -> None:
    assert is_scottish(text)


def test_not_scottish() -> None:
    assert not is_scottish("Freedom of Information Act 2000")


@pytest.mark.parametrize(
    "text",
    [
        "We do not hold this information.",
        "Information not held.",
        "The Council holds no information about camera makes.",
        "No recorded information is held.",
    ],
)
def test_not_held(text: str) -> None:
    assert says_not_held(text)


def test_refused_needs_a_ground() -> None:
    assert says_refused("This is exempt under section 31(1)(a).", scottish=False)
    assert says_refused("We neither confirm nor deny that we hold it.", scottish=False)
    assert not says_refused("The public interest in maintaining the exemption is high.", False)
    assert not says_refused("We operate 31 cameras.", scottish=False)


def test_cost_limit_wordings() -> None:
    text = (
        "Under Section 12 of the Act, the Council is not obliged to comply with a request if "
        "the cost exceeds the appropriate limit of £450."
    )
    assert says_refused(text, scottish=False)
    assert refusal_sections(text, scottish=False) == ["FOIA s.12"]


def test_exemption_headings() -> None:
    assert says_refused("Section 24(1) – National Security", scottish=False)
    assert refusal_sections("Section 31(1)(a)(b) – Law Enforcement", scottish=False) == ["FOIA s.31"]
    assert not says_refused("Law enforcement officers use 3 cameras.", scottish=False)
