"""Sentence- and letter-level extraction on plain text blocks (no file reader involved)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.extract.claims import Draft
from custodes.extract.text import extract_blocks, logical_lines, sentences
from custodes.ingest import Location, TextBlock


def run(text: str, scottish: bool = False) -> list[Draft]:
    return extract_blocks([TextBlock(text, Location(page=1))], scottish)


def owned(drafts: list[Draft]) -> list[tuple[str | None, int | None]]:
    return [(d.manufacturer, d.quantity) for d in drafts if d.status == "owned"]


def test_counts_share_an_all_brand() -> None:
    drafts = run("Q2 - 47 static cameras and 9 PTZ, all Hikvision.")
    assert owned(drafts) == [("hikvision", 47), ("hikvision", 9)]
    assert [d.device_type for d in drafts] == ["camera", "ptz-camera"]
    assert [d.quantity_text for d in drafts] == ["47", "9"]


def test_each_count_takes_its_own_brand() -> None:
    drafts = run("We operate 30 Hikvision cameras and 12 Dahua cameras.")
    assert owned(drafts) == [("hikvision", 30), ("dahua", 12)]


def test_brand_before_count() -> None:
    assert owned(run("Hikvision: 30, Dahua: 12 cameras.")) == [("hikvision", 30), ("dahua", 12)]


def test_quoted_request_is_only_mentioned() -> None:
    text = (
        "Your request:\n1. Do you have 40 Hikvision cameras?\n2. List every Dahua camera.\n"
        "Our response:\n1. We have 12 Dahua cameras.\n"
    )
    drafts = run(text)
    assert owned(drafts) == [("dahua", 12)]
    mentioned = {d.manufacturer for d in drafts if d.status == "mentioned"}
    assert mentioned == {"hikvision", "dahua"}


def test_question_without_request_header_is_only_mentioned() -> None:
    drafts = run("Do you use Hikvision cameras? No.")
    assert owned(drafts) == []
    assert [(d.status, d.manufacturer) for d in drafts] == [
        ("mentioned", "hikvision"),
        ("not_owned", "hikvision"),
    ]


def test_bare_no_answers_the_numbered_question() -> None:
    text = "Your request:\nQ4. Do you use facial recognition?\nOur response:\nQ4 - No."
    drafts = [d for d in run(text) if d.status != "mentioned"]
    assert len(drafts) == 1 and drafts[0].status == "not_owned"
    assert drafts[0].capabilities[0]["name"] == "face-recognition"
    assert drafts[0].capabilities[0]["negated"] is True


def test_yes_to_an_either_or_question_names_no_maker() -> None:
    text = "You asked: Do you use Hikvision or Dahua?\nOur response:\nYes."
    assert owned(run(text)) == []


def test_national_statistic_is_not_ownership() -> None:
    drafts = run("Hikvision/Dahua is used by 73% of local authorities.")
    assert owned(drafts) == []
    assert {d.manufacturer for d in drafts} == {"hikvision", "dahua"}
    assert {d.status for d in drafts} == {"mentioned"}


def test_installer_and_vehicles_are_not_ownership() -> None:
    text = (
        "Our response:\nThe system was installed by CDS Systems Ltd in 2019.\n"
        "Officers use a Toyota iQ enforcement car and two Ford Transit CCTV vans.\n"
    )
    assert owned(run(text)) == []


def test_installer_named_after_a_real_make_is_mentioned() -> None:
    drafts = run("Our response:\nThe 20 Axis cameras are maintained by Dahua Technology UK.")
    assert owned(drafts) == [("axis", 20)]
    assert [(d.status, d.manufacturer) for d in drafts if d.manufacturer == "dahua"] == [
        ("mentioned", "dahua")
    ]


def test_explicit_negatives() -> None:
    drafts = run("Our response:\nWe do not use Dahua equipment. We do not use facial recognition.")
    assert [(d.status, d.manufacturer) for d in drafts] == [
        ("not_owned", "dahua"),
        ("not_owned", None),
    ]
    assert drafts[1].capabilities == [
        {
            "name": "face-recognition",
            "level": "in_use",
            "quote": "We do not use facial recognition.",
            "negated": True,
        }
    ]


def test_capability_grades() -> None:
    drafts = run(
        "Our response:\nThe cameras are capable of facial recognition but this is not enabled. "
        "The ANPR licence is activated. We use ANPR at the Market Street car park."
    )
    caps = [(c["name"], c["level"], bool(c.get("negated"))) for d in drafts for c in d.capabilities]
    assert caps == [
        ("face-recognition", "capable", False),
        ("face-recognition", "enabled", True),
        ("anpr", "enabled", False),
        ("anpr", "in_use", False),
    ]
    assert drafts[-1].site == "Market Street"


def test_refusal_and_not_held() -> None:
    drafts = run(
        "Our response:\nQ3 is exempt under sections 24(1) and 31(1)(a). "
        "We do not hold information about the cost."
    )
    assert [(d.status, d.refusal_sections) for d in drafts] == [
        ("refused", ["FOIA s.24", "FOIA s.31"]),
        ("not_held", []),
    ]


def test_scottish_regime_changes_labels() -> None:
    drafts = run("Response:\nThis is withheld under section 35(1)(a).", scottish=True)
    assert drafts[0].refusal_sections == ["FOISA s.35"]


def test_appeal_boilerplate_is_not_a_refusal() -> None:
    text = "If you are unhappy you may complain to the Commissioner under section 50."
    assert run(text) == []


def test_spans_and_quotes_are_exact() -> None:
    text = "Dear Sir,\nOur response:\nWe operate 47 Hikvision cameras at the\nTown Hall."
    for d in run(text):
        a, b = d.location["span"]
        assert text[a:b] == d.quote
        assert d.location["page"] == 1


def test_wrapped_pdf_lines_are_joined() -> None:
    text = (
        "Nationally, it has been reported that Hikvision/Dahua is used by 73% of local\n"
        "authorities across England.\nShort line.\nNext paragraph starts here."
    )
    spans = logical_lines(text)
    assert text[spans[0][0] : spans[0][1]].endswith("across England.")
    assert owned(run(text)) == []


def test_sentence_split_keeps_abbreviations() -> None:
    text = "We have c. 990 cameras. No. 5 is broken. No. The rest work."
    got = [text[a:b] for a, b in sentences(text, 0, len(text))]
    assert got == ["We have c. 990 cameras.", "No. 5 is broken.", "No.", "The rest work."]


def test_email_history_is_quoted() -> None:
    text = (
        "Please see our answer attached.\n-----Original Message-----\n"
        "From: someone Sent: Monday\nWe have 40 Hikvision cameras, I believe.\n"
    )
    assert owned(run(text)) == []


def test_terse_answers_take_the_question_subject() -> None:
    assert owned(run("1. How many CCTV cameras does the council operate? 124")) == [(None, 124)]
    text = "Q1. How many Hikvision cameras do you have?\nA1. 30 in total."
    assert owned(run(text)) == [("hikvision", 30)]
    text = "You asked: Do you use Hikvision cameras?\nOur response:\nYes, 12 cameras."
    assert owned(run(text)) == [("hikvision", 12)]


def test_make_dash_count_lines() -> None:
    drafts = run("Our response:\nHikvision - 45\nDahua - 12\nAxis - 3")
    assert owned(drafts) == [("hikvision", 45), ("dahua", 12), ("axis", 3)]


def test_no_brand_cameras_but_other_brand() -> None:
    drafts = run("Our response:\nThe Council has no Hikvision cameras but 40 Axis cameras.")
    assert sorted((d.status, d.manufacturer, d.quantity) for d in drafts) == [
        ("not_owned", "hikvision", None),
        ("owned", "axis", 40),
    ]


def test_plural_device_keywords() -> None:
    drafts = run("Our response:\nWe have 3 body-worn cameras and 2 NVRs made by Hikvision.")
    assert [(d.quantity, d.device_type) for d in drafts] == [(3, "body-camera"), (2, "nvr")]


def test_concern_is_not_ownership() -> None:
    text = "Our response:\nThe Council is aware of concerns about Hikvision and is reviewing them."
    assert {d.status for d in run(text)} == {"mentioned"}


def test_removed_kit_in_text_is_not_owned() -> None:
    drafts = run("Our response:\nThe 12 Dahua cameras were removed in 2023.")
    assert [(d.status, d.manufacturer) for d in drafts] == [("not_owned", "dahua")]


_WORDS = st.sampled_from(
    [
        "Hikvision", "Dahua", "47", "cameras", "PTZ", "No.", "Yes", "section 31", "exempt",
        "Your request:", "Our response:", "Q2 -", "?", "\n", "not held", "c.990", "99% of 557",
        "installed by", "Toyota iQ", "van", "do not use", "facial recognition", "all", "x12",
        "DS-2CD2143G0-I", ",", ".", ";", "but", "capable of", "enabled", "(", ")", "£5",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=40))
def test_never_raises_and_quotes_are_exact(words: list[str]) -> None:
    text = " ".join(words)
    for d in run(text):
        a, b = d.location["span"]
        assert text[a:b] == d.quote and d.quote.strip()
        assert d.quantity is None or d.quantity >= 0


def test_total_then_breakdown() -> None:
    drafts = run("Our response:\nQ1. In total 2,310 cameras: Hikvision 1,980; Dahua 240; Axis 90.")
    assert owned(drafts) == [(None, 2310), ("hikvision", 1980), ("dahua", 240), ("axis", 90)]


def test_count_suffix_does_not_end_the_sentence() -> None:
    drafts = run("Our response:\nQ2. Dahua XVR5108HS-I3 x 12 and 3 no. Dahua NVR4216-16P-4KS2/L.")
    assert owned(drafts) == [("dahua", 12), ("dahua", 3)]


def test_statistic_then_denial_of_both() -> None:
    drafts = run(
        "Our response:\nYou refer to reports that Hikvision/Dahua is used by 73% of local "
        "authorities; this council uses neither manufacturer."
    )
    assert owned(drafts) == []
    assert sorted(d.manufacturer or "" for d in drafts if d.status == "not_owned") == [
        "dahua",
        "hikvision",
    ]


def test_denial_refers_to_the_sentence_before() -> None:
    drafts = run(
        "Our response:\nYou mention that Hikvision/Dahua is used by 73% of local authorities. "
        "The council does not use equipment from either manufacturer."
    )
    assert sorted(d.manufacturer or "" for d in drafts if d.status == "not_owned") == [
        "dahua",
        "hikvision",
    ]
    assert run("Our response:\nThe council does not use equipment from either manufacturer.") == []


def test_neither_answers_an_either_or_question() -> None:
    drafts = run("Do you use Hikvision or Dahua? Neither.")
    assert [(d.status, d.manufacturer) for d in drafts if d.status != "mentioned"] == [
        ("not_owned", "hikvision"),
        ("not_owned", "dahua"),
    ]


def test_requesters_own_letter_is_the_request() -> None:
    text = (
        "Dear Anytown Council,\n"
        "I would like to request the following information under the FOI Act.\n"
        "1. Whether any of your cameras are Dahua.\n"
        "2. I understand that the council has 40 Hikvision cameras; please confirm.\n"
        "Yours faithfully,\nA. Requester\n"
        "Dear A. Requester,\n"
        "The council operates 12 Axis cameras.\n"
    )
    drafts = run(text)
    assert owned(drafts) == [("axis", 12)]
    assert {d.manufacturer for d in drafts if d.status == "mentioned"} == {"dahua", "hikvision"}


def test_policy_about_removal_is_not_a_denial() -> None:
    text = (
        "Our response:\nThe Government announced that Hikvision cameras must be removed from sensitive sites."
    )
    assert {d.status for d in run(text)} == {"mentioned"}
    text = "Our response:\nThe BBC reported that Dahua cameras are used by councils."
    assert {d.status for d in run(text)} == {"mentioned"}


def test_count_in_brackets_and_conditional_licence() -> None:
    drafts = run(
        "Our response:\nThe majority of the cameras (81) are Hikvision, with the remaining 13 "
        "being Axis. None of the cameras have facial recognition enabled, although the "
        "Hikvision cameras are capable of this function if licensed."
    )
    assert owned(drafts)[:2] == [("hikvision", 81), ("axis", 13)]
    caps = [(c["name"], c["level"], bool(c.get("negated"))) for d in drafts for c in d.capabilities]
    assert ("face-recognition", "enabled", True) in caps
    assert ("face-recognition", "capable", False) in caps
    assert ("face-recognition", "enabled", False) not in caps


def test_sentence_initial_no() -> None:
    drafts = run("Our response:\nQ4 - No facial recognition technology is used.")
    assert [(d.status, d.capabilities[0]["negated"]) for d in drafts] == [("not_owned", True)]
