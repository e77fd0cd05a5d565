"""E-mails (EML): headers, the body, and every attachment read recursively.

An FOI answer often *is* the e-mail plus its attachments, so each attachment becomes a child
Document named "reply.eml/attachments/register.xlsx". A bad attachment becomes a warning on the
e-mail, never a failure of the whole message.
"""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage, Message

from custodes.ingest import sniff
from custodes.ingest.html import html_to_text
from custodes.ingest.model import Document, Limits, Location, TextBlock
from custodes.ingest.registry import Reader, read_child, register
from custodes.ingest.text import paragraphs

_HEADERS = ("From", "To", "Cc", "Date", "Subject")


def add_message_text(doc: Document, header_text: str, body: str) -> None:
    """Headers as one block, then the body's paragraphs with spans into the body text."""
    if header_text.strip():
        doc.text.append(TextBlock(header_text, Location(part="headers")))
    for block in paragraphs(body):
        block.location = Location(part="body", line=block.location.line, span=block.location.span)
        doc.text.append(block)


def _body(message: EmailMessage, name: str, limits: Limits) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        return html_to_text(content, f"{name} (HTML body)", limits)
    return content.replace("\r\n", "\n")


def _attachment_bytes(part: Message) -> bytes | None:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return inner[0].as_bytes(policy=policy.default)
        return None
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else None


@register
class EmailReader(Reader):
    media_types = (sniff.EML,)
    extensions = (".eml",)
    label = "e-mail"

    def fill(self, doc: Document, limits: Limits, depth: int) -> None:
        message = email.message_from_bytes(doc.data, policy=policy.default)
        assert isinstance(message, EmailMessage)
        headers = "\n".join(f"{h}: {message[h]}" for h in _HEADERS if message[h] is not None)
        add_message_text(doc, headers, _body(message, doc.name, limits))
        if message.defects:
            doc.warnings.append(f"the message is malformed: {message.defects[0]!r}")
        for index, part in enumerate(message.iter_attachments(), start=1):
            filename = part.get_filename() or f"attachment-{index}"
            filename = filename.replace("\\", "/").rsplit("/", 1)[-1] or f"attachment-{index}"
            data = _attachment_bytes(part)
            child = f"{doc.name}/attachments/{filename}"
            if data is None:
                doc.warnings.append(f"attachment {child} skipped: no content")
                continue
            if part.get_content_type() == "message/rfc822" and not filename.endswith(".eml"):
                child += ".eml"
            read_child(doc, data, child, limits, depth, "attachment")
