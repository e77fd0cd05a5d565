"""The quantity parser: the forms FOI answers use, and numbers that are not counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custodes.extract.quantity import find_quantities, parse_quantity, words_to_int


@pytest.mark.parametrize(
    ("text", "value", "words"),
    [
        ("47 static cameras", 47, "47"),
        ("over 1,500 cameras", 1500, "over 1,500"),
        ("c.990 cameras", 990, "c.990"),
        ("c. 990 cameras", 990, "c. 990"),
        ("circa 990 cameras", 990, "circa 990"),
        ("99% of 557 cameras", 551, "99% of 557"),
        ("two thermal cameras", 2, "two"),
        ("Twenty-five domes", 25, "Twenty-five"),
        ("one hundred and twelve cameras", 112, "one hundred and twelve"),
        ("DS-2CD2143G0-I x12", 12, "x12"),
        ("12 no. domes", 12, "12 no."),
        ("approximately 300 cameras", 300, "approximately 300"),
        ("a dozen cameras", 12, "a dozen"),
    ],
)
def test_counts(text: str, value: int, words: str) -> None:
    found = find_quantities(text)
    assert [(q.value, q.text) for q in found] == [(value, words)]
    assert text[found[0].start : found[0].end] == words


@pytest.mark.parametrize(
    "text",
    [
        "exempt under section 31",
        "exempt under sections 24 and 31",
        "s.40(2) applies",
        "Q2 and Q3",
        "installed in 2019",
        "a 2.8mm lens",
        "4MP resolution",
        "DS-2CD2143G0-I",
        "on 12/03/2021",
        "within 20 working days",
        "73% of local authorities",
        "costs £450",
        "retained for 31 days",
    ],
)
def test_not_counts(text: str) -> None:
    assert find_quantities(text) == []


def test_two_counts_in_one_answer() -> None:
    found = find_quantities("Q2 - 47 static cameras and 9 PTZ, all Hikvision")
    assert [q.value for q in found] == [47, 9]


@pytest.mark.parametrize(("cell", "value"), [("12", 12), ("1,204", 1204), ("x3", 3), ("Two", 2)])
def test_cells(cell: str, value: int) -> None:
    q = parse_quantity(cell)
    assert q is not None and q.value == value


def test_empty_cell() -> None:
    assert parse_quantity("  ") is None
    assert parse_quantity("n/a") is None


def test_words() -> None:
    assert words_to_int("forty two") == 42
    assert words_to_int("three thousand and one") == 3001
    assert words_to_int("banana") is None


@given(st.integers(min_value=0, max_value=1_000_000))
def test_any_count_before_cameras(n: int) -> None:
    found = find_quantities(f"The council operates {n} cameras.")
    assert [q.value for q in found] == [n]


@given(st.integers(min_value=1000, max_value=999_999))
def test_thousands_separators(n: int) -> None:
    found = find_quantities(f"over {n:,} cameras")
    assert [q.value for q in found] == [n]


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=1, max_value=100_000))
def test_percentage_of_a_total(pct: int, total: int) -> None:
    found = find_quantities(f"{pct}% of {total} cameras")
    assert [q.value for q in found] == [round(pct / 100 * total)]


@given(st.text())
def test_never_raises_and_spans_are_honest(text: str) -> None:
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text
        assert q.value >= 0


def test_a_year_is_not_a_count_but_a_thousands_figure_is() -> None:
    assert find_quantities("installed in 1998; upgraded 2019.") == []
    assert [q.value for q in find_quantities("Hikvision 1,980; Dahua 240")] == [1980, 240]
