"""EML: headers, body, and every attachment read recursively with container paths."""

from __future__ import annotations

from email.message import EmailMessage

from custodes.ingest import iter_tables, read_bytes

from . import builders


def test_body_and_attachments_recursively() -> None:
    doc = read_bytes(builders.eml_with_attachments(), "reply.eml")
    assert doc.media_type == "message/rfc822"
    headers = doc.text[0]
    assert "Subject: FOI 1234 - CCTV" in headers.text
    assert [b.text for b in doc.text[1:]] == [
        "Dear requester,", "Please find our response attached.", "FOI team",
    ]  # fmt: skip
    assert doc.text[2].location.describe() == "body, line 3, characters 17-51"
    names = [c.name for c in doc.children]
    assert names == ["reply.eml/attachments/response.docx", "reply.eml/attachments/register.xlsx"]
    tables = list(iter_tables(doc))
    assert [t.name for t in tables] == ["table 1", "Assets", "Removed"]
    row = tables[1].rows[0]
    assert row.location.describe() == "reply.eml/attachments/register.xlsx, sheet Assets, row 4"
    assert doc.children[0].text[0].location.part == "reply.eml/attachments/response.docx"
    assert any("broken.bin skipped: not a text file" in w for w in doc.warnings)


def test_html_only_body_and_forwarded_message() -> None:
    inner = EmailMessage()
    inner["From"] = "a@example.org"
    inner["Subject"] = "original request"
    inner.set_content("How many Hikvision cameras do you own?")
    outer = EmailMessage()
    outer["From"] = "foi@council.gov.uk"
    outer["Subject"] = "Re: original request"
    outer.set_content("<html><body><p>We own <b>47</b> cameras.</p></body></html>", subtype="html")
    outer.add_attachment(inner)
    doc = read_bytes(outer.as_bytes(), "reply.eml")
    assert "We own 47 cameras." in [b.text for b in doc.text]
    (child,) = doc.children
    assert child.media_type == "message/rfc822"
    assert any("Hikvision" in b.text for b in child.text)
    assert child.text[-1].location.part == f"{child.name}/body"


def test_detected_without_extension_and_images_are_reported() -> None:
    message = EmailMessage()
    message["From"] = "foi@council.gov.uk"
    message["To"] = "a@example.org"
    message["Subject"] = "FOI response"
    message["MIME-Version"] = "1.0"
    message.set_content("We do not hold this information.")
    message.add_attachment(
        b"\x89PNG\r\n\x1a\n" + bytes(40), maintype="image", subtype="png", filename="logo.png"
    )
    doc = read_bytes(message.as_bytes(), "response")
    assert doc.media_type == "message/rfc822"
    assert doc.text[-1].text == "We do not hold this information."
    assert doc.warnings == [
        "attachment response/attachments/logo.png skipped: unsupported format (PNG image)"
    ]
