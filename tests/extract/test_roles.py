"""Line roles from the CRF, and glued-text repair (cases written for these tests)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from custodes.extract.claims import LINE_ROLES
from custodes.extract.repair import repair
from custodes.extract.roles import label_lines
from custodes.extract.text import extract_blocks
from custodes.ingest import Location, TextBlock

REPLY = [
    "Freedom of Information Request 7781",
    "Dear Mr Quill,",
    "Thank you for your request received on 2 June 2024.",
    "You asked:",
    "1. How many CCTV cameras made by Hikvision does the council run?",
    "2. Are any of them fitted with facial recognition?",
    "Our response",
    "1. The council runs 17 Hikvision cameras at its depots.",
    "2. No. None of them has facial recognition.",
    "If you are unhappy with this response you may ask for an internal review.",
    "Yours sincerely,",
]


def test_roles_are_from_the_vocabulary_and_one_per_line() -> None:
    roles = label_lines(REPLY)
    assert len(roles) == len(REPLY)
    assert set(roles) <= set(LINE_ROLES)


def test_questions_are_asked_and_answers_answer() -> None:
    roles = label_lines(REPLY)
    assert roles[4] in ("question", "request") and roles[5] in ("question", "request")
    assert roles[7] == "answer" and roles[8] == "answer"


def test_a_quoted_earlier_message_is_quoted() -> None:
    lines = ["We have 4 Axis cameras.", "> Do you have Hikvision cameras?", "> Thanks"]
    assert label_lines(lines)[1:] == ["quoted", "quoted"]


def test_the_requesters_letter_gives_no_ownership() -> None:
    page = [
        "Bus lane cameras - a Freedom of Information request to Westholm Council",
        "Dear Westholm Council,",
        "I would like to request the following information.",
        "I understand that the council bought 12 Hikvision cameras for its bus lanes in 2019.",
        "Please confirm how many are still in use.",
        "Yours faithfully,",
        "R. Patel",
    ]
    drafts = extract_blocks([TextBlock("\n".join(page), Location(page=1))], False)
    assert [d for d in drafts if d.status == "owned"] == []


def test_glued_words_and_labels_are_split_but_quotes_stay_original() -> None:
    text = "Q1 - 95Q2 - the council has twoCCTV vans"
    fixed = repair(text)
    assert "95\nQ2" in fixed.text and "two CCTV" in fixed.text
    start = fixed.text.index("two CCTV")
    a, b = fixed.origin(start, start + len("two CCTV vans"))
    assert text[a:b] == "twoCCTV vans"


def test_text_without_glue_is_left_alone() -> None:
    text = "The council has 12 cameras. GoPro and iPhone stay whole."
    assert repair(text).text == text


@given(st.text(alphabet="abcdeQCTV0123456789 .-?\n", max_size=80))
def test_repair_only_inserts_breaks(text: str) -> None:
    fixed = repair(text)
    kept = "".join(ch for i, ch in enumerate(fixed.text) if not fixed.positions or _original(fixed, i))
    assert kept == text
    if fixed.positions:
        a, b = fixed.origin(0, len(fixed.text))
        assert text[a:b] == text.rstrip() or text[a:b] == text


def _original(fixed: object, i: int) -> bool:
    positions = fixed.positions  # type: ignore[attr-defined]
    # an inserted break shares its position with the next character, which comes after it
    return i + 1 >= len(positions) or positions[i] != positions[i + 1]
