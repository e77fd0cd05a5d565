"""Outlook MSG e-mails: headers, body (plain, else HTML) and every attachment, recursively.

Councils that answer from Outlook sometimes forward the original as an .msg; extract-msg reads
the OLE container without running anything in it.
"""

from __future__ import annotations

import logging
from typing import Any

import extract_msg
from extract_msg.enums import AttachmentType

from custodes.ingest import sniff
from custodes.ingest.email import add_message_text
from custodes.ingest.html import html_to_text
from custodes.ingest.model import Document, Limits
from custodes.ingest.registry import Reader, read_child, register

logging.getLogger("extract_msg").setLevel(logging.ERROR)


def _attachment(att: Any, index: int) -> tuple[str, bytes | None]:
    name = att.longFilename or att.shortFilename or att.displayName or f"attachment-{index}"
    name = str(name).replace("\\", "/").rsplit("/", 1)[-1] or f"attachment-{index}"
    data = att.data
    if att.type == AttachmentType.MSG and data is not None:
        return (name if name.lower().endswith(".msg") else f"{name}.msg"), data.exportBytes()
    return name, data if isinstance(data, bytes) else None


def _header(message: Any, name: str) -> str | None:
    header = getattr(message, "header", None)
    value = header.get(name) if header is not None else None
    return str(value) if value else None


@register
class MsgReader(Reader):
    media_types = (sniff.MSG,)
    extensions = (".msg",)
    label = "Outlook MSG"

    def fill(self, doc: Document, limits: Limits, depth: int) -> None:
        message: Any = extract_msg.openMsg(doc.data, delayAttachments=False)
        try:
            headers = [
                f"{label}: {value}"
                for label, value in (
                    ("From", message.sender),
                    ("To", message.to),
                    ("Cc", message.cc),
                    ("Date", message.date or _header(message, "Date")),
                    ("Subject", message.subject),
                )
                if value
            ]
            body = message.body or ""
            if not body.strip() and message.htmlBody:
                html = message.htmlBody
                markup = html.decode("utf-8", "replace") if isinstance(html, bytes) else str(html)
                body = html_to_text(markup, f"{doc.name} (HTML body)", limits)
            add_message_text(doc, "\n".join(headers), body.replace("\r\n", "\n"))
            for index, att in enumerate(message.attachments, start=1):
                name, data = _attachment(att, index)
                child = f"{doc.name}/attachments/{name}"
                if not data:
                    doc.warnings.append(f"attachment {child} skipped: no readable content")
                    continue
                read_child(doc, data, child, limits, depth, "attachment")
        finally:
            message.close()
