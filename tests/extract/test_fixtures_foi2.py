"""The second fixture set (written after the extractor, in other reply styles): it is
complete, and single phrasings found by probing. Both sets are checked case by case, with
provenance on every claim, in ``test_fixtures.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from custodes.extract import extract_claims
from custodes.extract.scoring import find_cases, load_expected, owned_key

FIXTURES = Path(__file__).parent.parent / "fixtures" / "foi2"
CASES = find_cases(FIXTURES)


def test_the_set_is_complete() -> None:
    assert len(CASES) >= 10
    for folder in CASES:
        assert load_expected(folder)["description"]


# Phrasings found by probing the extractor after the first benchmark run: each was wrong
# before the fix named in docs/extract.md ("Found by the second fixture set").
PHRASINGS: list[tuple[str, list[tuple[str, int]], set[str]]] = [
    ("Response:\n24no. Hikvision cameras", [("hikvision", 24)], set()),
    ("Question 2: Do you use Hikvision cameras?\nAnswer: Yes, 12 cameras.", [("hikvision", 12)], set()),
    (
        "The Council uses hikvision and dahua cameras (37 and 11 respectively).",
        [("hikvision", 37), ("dahua", 11)],
        set(),
    ),  # fmt: skip
    ("We previously had 12 Dahua cameras but these were removed in 2022.", [], {"dahua"}),
    ("None of our cameras are made by Hikvision or Dahua.", [], {"hikvision", "dahua"}),
    ("Response:\nThere are no Hikvision or Dahua products in use.", [], {"hikvision", "dahua"}),
    (
        "Response:\nThe Council has in the region of 350 cameras, the majority of which "
        "(around 300) are Hikvision.",
        [("hikvision", 300)],
        set(),
    ),  # fmt: skip
    (
        "Response:\nThe estate includes Hikvision (x45) and Axis (x6) cameras.",
        [("hikvision", 45), ("axis", 6)],
        set(),
    ),  # fmt: skip
    ("Response:\nThe cameras in the car park (eight in total) are Hikvision.", [("hikvision", 8)], set()),
    ("Response:\nThe council operates Hikvision cameras (quantity 33).", [("hikvision", 33)], set()),
    ("Response:\nHikvision cameras: twelve (12)", [("hikvision", 12)], set()),
    ("Our CCTV comprises 48 Axis cameras and 3 Milestone servers.", [("axis", 48), ("milestone", 3)], set()),
    ("Response:\n\u2022 Market Square: Dahua PTZ cameras (8)", [("dahua", 8)], set()),
    ("Response:\nWe are planning to purchase 10 Hikvision cameras next year.", [], set()),
    ("Response:\nIn 2020 the Council had 30 Hikvision cameras; it now has none.", [], {"hikvision"}),
    ("Response:\nThe Council replaced its 14 Dahua cameras with Axis units in 2023.", [], {"dahua"}),
]


@pytest.mark.parametrize(("text", "owned", "denied"), PHRASINGS, ids=[p[0][:40] for p in PHRASINGS])
def test_phrasing(tmp_path: Path, text: str, owned: list[tuple[str, int]], denied: set[str]) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(text + "\n", encoding="utf-8")
    claims = extract_claims([path]).claims
    got = sorted(key for c in claims if (key := owned_key(c)) is not None)
    assert got == sorted(owned)
    assert {c.manufacturer for c in claims if c.status == "not_owned"} >= denied
    assert not {c.manufacturer for c in claims if c.status == "owned"} & denied


@pytest.mark.parametrize(
    "text",
    [
        "Response:\nThis information is not recorded by the Council.",
        "Response:\nThe Council has no record of this.",
        "Response:\nWe do not keep this information.",
    ],
)
def test_not_held_phrasing(tmp_path: Path, text: str) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(text + "\n", encoding="utf-8")
    assert [c.status for c in extract_claims([path]).claims] == ["not_held"]
