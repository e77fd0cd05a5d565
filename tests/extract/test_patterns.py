"""General patterns of real replies, each in a case written for this test (not from any corpus)."""

from __future__ import annotations

from pathlib import Path

from custodes.extract import Claim, extract_claims
from custodes.settings import AUTO_ACCEPT


def claims_of(tmp_path: Path, text: str, name: str = "reply.txt") -> list[Claim]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = extract_claims([path])
    assert result.failures == []
    return result.claims


def owned(claims: list[Claim]) -> list[tuple[str | None, int | None]]:
    return sorted(((c.manufacturer, c.quantity) for c in claims if c.status == "owned"), key=str)


REPLY_HEAD = (
    "Freedom of Information request 5521\n"
    "Thank you for your request for information received on 3 March 2024.\n"
    "You asked:\n"
    "1. How many CCTV cameras does the council operate, and who made them?\n"
    "Our response\n"
)


def test_counts_of_people_bodies_and_readings_are_not_devices(tmp_path: Path) -> None:
    text = REPLY_HEAD + (
        "1. Five wardens use the cameras, and 6 officers have access to the footage.\n"
        "The system made over 320,000 reads per day last year.\n"
        "We follow the 12 guiding principles of the code.\n"
        "Last month the hub received data from 2,310 cameras run by other forces.\n"
    )
    assert [c for c in claims_of(tmp_path, text) if c.status == "owned" and c.quantity] == []


def test_references_labels_and_fractions_are_not_counts(tmp_path: Path) -> None:
    text = (
        "CCTV policy\n"
        "Contents\n"
        "4 - Siting the Cameras | 6 |\n"
        "2.3 The cameras are checked every month.\n"
        "Notice reference 44120987 cameras and associated works.\n"
        "Two thirds of the cameras are in the town centre.\n"
    )
    quantities = [c.quantity for c in claims_of(tmp_path, text, "policy.txt") if c.status == "owned"]
    assert all(q is None for q in quantities)


def test_use_without_count_or_maker_is_owned_by_type(tmp_path: Path) -> None:
    text = (
        "Security at the college\n"
        "The college operates CCTV across its campus.\n"
        "Our caretakers wear body worn video cameras when they lock up.\n"
    )
    types = {c.device_type for c in claims_of(tmp_path, text, "page.txt") if c.status == "owned"}
    assert {"camera", "body-camera"} <= types


def test_body_worn_video_makers_are_recognised(tmp_path: Path) -> None:
    text = REPLY_HEAD + (
        "1. The wardens have 6 GoPro cameras and the officers have 11 Axon body cameras.\n"
        "We also hold 4 Reveal cameras in reserve.\n"
    )
    got = owned(claims_of(tmp_path, text))
    assert ("gopro", 6) in got and ("axon", 11) in got and ("reveal-media", 4) in got


def test_a_brand_that_is_an_english_word_needs_its_capital(tmp_path: Path) -> None:
    text = REPLY_HEAD + "Publishing the locations would reveal where there are gaps in coverage.\n"
    assert [c for c in claims_of(tmp_path, text) if c.manufacturer == "reveal-media"] == []


def test_news_reports_other_bodies_kit_and_never_owns_it(tmp_path: Path) -> None:
    text = (
        "Council admits cameras came from China\n"
        "By a staff reporter\n"
        "Fernwood District Council said it had 44 Hikvision cameras in its car parks.\n"
        "Campaigners said the cameras should be replaced, according to a survey.\n"
        "A spokesperson for the maker did not respond to a request for comment.\n"
    )
    claims = claims_of(tmp_path, text, "news.txt")
    assert [c for c in claims if c.status == "owned"] == []
    reported = [c for c in claims if c.status == "reported"]
    assert reported and reported[0].doc_kind == "news" and reported[0].body == "Fernwood District Council"
    assert [c for c in claims if c.status == "not_owned"] == []  # no comment is no denial


def test_a_request_page_with_no_answer_owns_nothing(tmp_path: Path) -> None:
    text = (
        "Drone use - a request to Hollins Council\n"
        "Dear Hollins Council,\n"
        "I am writing to make a freedom of information request.\n"
        "1. How many drones does the council own?\n"
        "2. I understand the council bought 5 DJI drones in 2021; are they still used?\n"
        "Yours faithfully,\n"
        "K. Ames\n"
    )
    claims = claims_of(tmp_path, text, "request.txt")
    assert [c for c in claims if c.status == "owned"] == []
    assert {c.doc_kind for c in claims} == {"request-only"}


def test_a_refusal_in_the_bodys_voice_and_its_list_of_sections(tmp_path: Path) -> None:
    text = (
        "You asked\n"
        "The number of cameras by manufacturer\n"
        "The details you asked for are exempt from release under section 31(1)(a).\n"
        "This letter is a refusal notice under section 17 by virtue of the following exemptions:\n"
        "Section 43(2) - Commercial interests\n"
    )
    sections = {s for c in claims_of(tmp_path, text) if c.status == "refused" for s in c.refusal_sections}
    assert {"FOIA s.31", "FOIA s.43"} <= sections


def test_every_text_claim_carries_role_kind_and_features(tmp_path: Path) -> None:
    text = REPLY_HEAD + "1. The council operates 52 Bosch cameras.\n"
    claims = [c for c in claims_of(tmp_path, text) if c.status == "owned"]
    assert [(c.manufacturer, c.quantity) for c in claims] == [("bosch", 52)]
    c = claims[0]
    assert c.doc_kind == "reply" and c.role not in ("request", "question", "quoted") and c.features
    assert c.review == "proposed" and c.confidence >= AUTO_ACCEPT


def test_kit_gone_or_planned_keeps_its_period_and_is_not_owned(tmp_path: Path) -> None:
    text = REPLY_HEAD + (
        "1. We had 8 Dahua cameras but these were removed in 2022.\n"
        "We plan to buy 20 Axis cameras next year.\n"
    )
    claims = claims_of(tmp_path, text)
    assert owned(claims) == []
    periods = {(c.manufacturer, c.period) for c in claims if c.quantity}
    assert ("dahua", "historic") in periods and ("axis", "planned") in periods


def test_a_total_and_its_split_are_linked_and_parts_inherit_the_maker(tmp_path: Path) -> None:
    text = REPLY_HEAD + (
        "1. In total the council has 120 cameras: Hikvision 100 and Axis 20.\n"
        "The library has 64 Bosch cameras. Of these, 40 are PTZ.\n"
        "There are sixty cameras made by Hikvision at the depots. One depot has 48 cameras. "
        "The other twelve cameras are at two small depots.\n"
    )
    claims = {(c.manufacturer, c.quantity): c for c in claims_of(tmp_path, text) if c.quantity}
    total = claims[(None, 120)]
    assert "total" in total.flags and "contradicts-parts" not in total.flags
    assert claims[("hikvision", 100)].part_of == total.id and claims[("axis", 20)].part_of == total.id
    assert claims[("bosch", 40)].part_of == claims[("bosch", 64)].id
    sixty = claims[("hikvision", 60)]
    assert claims[("hikvision", 48)].part_of == sixty.id and claims[("hikvision", 12)].part_of == sixty.id


def test_a_total_that_disagrees_with_its_parts_keeps_both_and_is_flagged(tmp_path: Path) -> None:
    text = REPLY_HEAD + "1. The schools have 30 cameras in total: 12 Dahua and 10 Axis.\n"
    claims = {(c.manufacturer, c.quantity): c for c in claims_of(tmp_path, text) if c.quantity}
    assert {"total", "contradicts-parts"} <= set(claims[(None, 30)].flags)
    assert claims[("dahua", 12)].part_of == claims[(None, 30)].id


def test_a_repeated_refusal_points_at_the_first(tmp_path: Path) -> None:
    text = REPLY_HEAD + (
        "1. The makes are exempt under section 31(1)(a) of the Act.\n"
        "2. The locations are also exempt under section 31(1)(a) of the Act.\n"
    )
    refusals = [c for c in claims_of(tmp_path, text) if c.status == "refused"]
    assert len(refusals) == 2
    assert refusals[1].duplicate_of == refusals[0].id and "duplicate" in refusals[1].flags


def test_one_count_shared_by_two_makers_is_one_flagged_claim(tmp_path: Path) -> None:
    text = REPLY_HEAD + "1. The council runs 47 Hikvision and Dahua cameras at the market.\n"
    counted = [c for c in claims_of(tmp_path, text) if c.status == "owned" and c.quantity]
    assert [(c.manufacturer, c.quantity, c.shared_with) for c in counted] == [("hikvision", 47, ["dahua"])]
    assert "shared-count" in counted[0].flags
    assert [c for c in claims_of(tmp_path, text) if c.manufacturer == "dahua" and c.status == "owned"] == []


def test_none_with_no_maker_denies_the_device_type_asked_about(tmp_path: Path) -> None:
    text = "Our response\nQ3. How many ANPR cameras does the council operate?\nA3. None.\n"
    denied = [c for c in claims_of(tmp_path, text) if c.status == "not_owned"]
    assert denied and denied[0].device_type == "camera" and denied[0].manufacturer is None


def test_model_and_place_names_are_not_counts(tmp_path: Path) -> None:
    text = REPLY_HEAD + (
        "1. Our wardens wear Axon Body 3 cameras.\nThere are 30 cameras at Riverside Wharf 2.\n"
    )
    counts = sorted(c.quantity for c in claims_of(tmp_path, text) if c.status == "owned" and c.quantity)
    assert counts == [30]


def test_text_without_structure_gets_low_confidence_claims_and_a_warning(tmp_path: Path) -> None:
    blob = (
        "the council has considered your request and can say that it operates 40 Axis cameras "
        "in the town centre and the car parks which are monitored from the control room " * 8
    )
    path = tmp_path / "blob.txt"
    path.write_text(blob, encoding="utf-8")
    result = extract_claims([path])
    owned_claims = [c for c in result.claims if c.status == "owned" and c.manufacturer == "axis"]
    assert owned_claims and all(c.confidence < AUTO_ACCEPT for c in owned_claims)
    assert all("low-structure" in c.flags for c in owned_claims)
    assert any("no recognisable structure" in w for _, w in result.warnings)


def test_a_scanned_pdf_is_kept_with_a_clear_message(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(pdf))
    page.rect(40, 40, 200, 200, fill=1)  # an image-like page with no text layer
    page.save()
    result = extract_claims([pdf], blob_dir=tmp_path / "blobs")
    assert result.failures == [] and len(result.documents) == 1
    assert result.documents[0].blob_path is not None and result.documents[0].blob_path.is_file()
    assert any("no text layer" in w and "OCR" in w for _, w in result.warnings)


def test_what_some_kit_can_do_is_never_auto_accepted(tmp_path: Path) -> None:
    """A capability with no maker or count (general prose, or a reply's own kit) makes the
    face-recognition figures: a person confirms it; a named, counted claim may still pass."""
    text = REPLY_HEAD + (
        "1. The council has 40 Hikvision cameras.\n"
        "2. We have seen the wide introduction of technology capable of face recognition.\n"
        "3. The council operates cameras capable of facial recognition.\n"
    )
    claims = claims_of(tmp_path, text)
    capability = [c for c in claims if c.capabilities and c.manufacturer is None and c.quantity is None]
    assert capability and all(c.confidence < AUTO_ACCEPT for c in capability)
    counted = [c for c in claims if c.status == "owned" and c.manufacturer == "hikvision"]
    assert [c.quantity for c in counted] == [40] and counted[0].confidence >= AUTO_ACCEPT


def test_an_officer_answering_in_the_first_person_is_heard(tmp_path: Path) -> None:
    """A commissioner's reply that opens "Dear ..." reads like a request to the cue machine;
    the officer's own "I do not hold" is still the body's answer, and a requester's "I"
    asking is not."""
    text = (
        "Re: your request about the cameras at the depot\n"
        "Dear Ms Okafor\n"
        "I am replying to your letter of 2 May, which reached this office on 6 May.\n"
        "Your letter has been treated as a request under the Freedom of Information Act 2000.\n"
        "You asked about several matters and I answer them in turn below.\n"
        "1. Who installed the cameras at the depot?\n"
        "I do not keep records of that kind, and I do not hold the information you describe.\n"
        "Yours sincerely\n"
        "Regional Commissioner\n"
    )
    statuses = [c.status for c in claims_of(tmp_path, text)]
    assert "not_held" in statuses
    request = "Dear Council,\nI would like to know whether you hold records of your CCTV cameras.\n"
    assert "not_held" not in [c.status for c in claims_of(tmp_path, request, "request.txt")]


def test_the_number_of_cameras_is_a_count_when_a_value_is_stated(tmp_path: Path) -> None:
    """ "The number of ..." opens a request item; with "is 45" it is the answer, and the noun
    before the count is what is counted."""
    text = REPLY_HEAD + (
        "1. The number of CCTV cameras the trust runs at its hospitals is 45, all supplied by Axis.\n"
    )
    assert owned(claims_of(tmp_path, text)) == [("axis", 45)]
    request = (
        "Dear Trust,\nPlease send me:\n1. The number of CCTV cameras the trust runs.\n"
        "2. The maker of each camera.\n"
    )
    assert owned(claims_of(tmp_path, request, "request.txt")) == []


def test_a_share_of_a_count_is_not_the_whole_count(tmp_path: Path) -> None:
    """ "300 cameras, most of which are Hikvision" says Hikvision is there, not that all 300 are:
    the count stays unnamed and the maker gets no count."""
    text = REPLY_HEAD + (
        "1. The council runs about 300 cameras, the majority of which were made by Hikvision.\n"
        "2. We hold 40 NVRs; some of them are Dahua units.\n"
    )
    claims = [c for c in claims_of(tmp_path, text) if c.status == "owned"]
    assert sorted((c.manufacturer or "", c.quantity or 0) for c in claims) == [
        ("", 40),
        ("", 300),
        ("dahua", 0),
        ("hikvision", 0),
    ]


def test_n_of_our_m_gives_the_maker_n_as_a_part_of_m(tmp_path: Path) -> None:
    """ "Three of our 11 cameras are Uniview": Uniview has 3, part of the 11, not 11."""
    text = REPLY_HEAD + "1. Three of our 11 cameras are Uniview; the rest are older analogue units.\n"
    claims = [c for c in claims_of(tmp_path, text) if c.status == "owned" and c.quantity]
    by_count = {c.quantity: c for c in claims}
    assert set(by_count) == {3, 11}
    assert by_count[3].manufacturer == "uniview" and by_count[11].manufacturer is None
    assert by_count[3].part_of == by_count[11].id and "total" in by_count[11].flags


def test_having_none_of_a_kind_of_kit_is_a_denial(tmp_path: Path) -> None:
    """ "We do not have any body worn cameras" says the body has none; "we do not hold
    information about ..." and "the cameras belong to the landlord" do not."""
    text = REPLY_HEAD + (
        "1. We do not have any body worn cameras.\n"
        "2. No use is made of body-worn video by our wardens.\n"
        "3. We do not hold information about the cameras on the bridge.\n"
        "4. We do not operate the town centre cameras, which belong to the police.\n"
    )
    denials = [(c.quote[:2], c.device_type) for c in claims_of(tmp_path, text) if c.status == "not_owned"]
    assert denials == [("1.", "body-camera"), ("2.", "body-camera")]
