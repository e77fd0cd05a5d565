"""Checks run on every ZIP-based file (ZIP, XLSX, DOCX, ODS) before any library opens it.

Zip bombs and XML bombs are refused up front: declared sizes and ratios are checked against
the limits, and every XML part's prolog is parsed with defusedxml, which rejects DTDs and
entity declarations before a single entity can be expanded.
"""

from __future__ import annotations

import zipfile

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from custodes.errors import InputError
from custodes.ingest.model import Limits

_RATIO_FLOOR = 1024**2  # small members may compress extremely well; only large ones count


def check_archive(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse archives with too many members, too much data, or a suspicious ratio."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise InputError(
            name, f"has {len(infos)} members, over the limit of {limits.max_members} (max_members)"
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed:
        mib = 1024**2
        raise InputError(
            name,
            f"would expand to {total / mib:.1f} MiB, over the {limits.max_uncompressed / mib:.1f} "
            "MiB limit (max_uncompressed); possible zip bomb",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > limits.max_ratio:
            raise InputError(
                name,
                f"member {info.filename} expands {ratio:.0f} times (limit max_ratio="
                f"{limits.max_ratio}); possible zip bomb",
            )


def check_xml_parts(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse any XML part that declares a DTD or entities (billion laughs, XXE)."""
    for info in zf.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with zf.open(info) as stream:
                for _event, _element in iterparse(stream, events=("start",), forbid_dtd=True):
                    break  # the prolog, where a DTD must be, has been parsed
        except DefusedXmlException:
            raise InputError(
                name, f"{info.filename} declares a DTD or entities (possible XML bomb); refused"
            ) from None
        except Exception:  # noqa: BLE001 - malformed XML is the parser's business later
            continue


def check_package(data_zip: zipfile.ZipFile, name: str, limits: Limits) -> None:
    check_archive(data_zip, name, limits)
    check_xml_parts(data_zip, name)
