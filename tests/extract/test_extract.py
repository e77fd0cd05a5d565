"""The batch entry point: bad files are listed, the rest is processed."""

from __future__ import annotations

from pathlib import Path

from custodes.extract import extract_claims, extract_document
from custodes.ingest import read_document

FIXTURES = Path(__file__).parent.parent / "fixtures" / "foi"


def test_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n this is not really a pdf")
    good = FIXTURES / "refusal" / "refusal.pdf"
    result = extract_claims([bad, good], blob_dir=tmp_path / "blobs")
    assert [f for f, _ in result.failures] == [str(bad)]
    assert result.failures[0][1]
    assert any(c.status == "refused" for c in result.claims)
    assert [d.file for d in result.documents] == [str(good)]


def test_attachments_are_files_inside_the_email() -> None:
    path = FIXTURES / "eml_reply" / "reply.eml"
    result = extract_claims([path])
    files = {d.file for d in result.documents}
    assert files == {
        str(path),
        f"{path}/attachments/response.pdf",
        f"{path}/attachments/assets.xlsx",
    }
    assert {c.file for c in result.claims} <= files
    xlsx = [c for c in result.claims if c.file.endswith("assets.xlsx")]
    assert {c.location["sheet"] for c in xlsx} == {"Assets"}


def test_foisa_carries_into_attachments(tmp_path: Path) -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"] = "FOI response"
    msg.set_content(
        "Dear requester,\n\nWe have considered your request under the Freedom of Information "
        "(Scotland) Act 2002. Our decision is attached.\n"
    )
    msg.add_attachment(
        b"Response:\nThis information is withheld under section 35(1)(a).\n",
        maintype="text",
        subtype="plain",
        filename="decision.txt",
    )
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(msg))
    claims = extract_document(read_document(path))
    assert [c.refusal_sections for c in claims if c.status == "refused"] == [["FOISA s.35"]]


def test_every_status_appears_across_the_fixtures() -> None:
    result = extract_claims([FIXTURES])
    assert {c.status for c in result.claims} == {
        "owned", "not_owned", "not_held", "refused", "mentioned"
    }  # fmt: skip


def test_reader_warnings_are_passed_on() -> None:
    result = extract_claims([FIXTURES / "xlsx_register" / "register.xlsx"])
    assert any("hidden" in message for _, message in result.warnings)
