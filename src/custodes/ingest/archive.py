"""ZIP archives, read recursively: every member becomes a child Document.

Zip bombs are refused before anything is decompressed (member count, total size and ratio
limits); members whose names escape the archive ("../evil.txt", "/etc/passwd") are listed in a
warning and never read. The uncompressed-size budget is shared with nested archives.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import PurePosixPath

from custodes.errors import InputError
from custodes.ingest import sniff
from custodes.ingest.model import Document, Limits
from custodes.ingest.registry import Reader, read_child, register
from custodes.ingest.zipguard import check_archive


def unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters and ".." components would escape an extraction folder."""
    path = name.replace("\\", "/")
    parts = PurePosixPath(path).parts
    return path.startswith("/") or (len(path) > 1 and path[1] == ":") or ".." in parts


@register
class ZipReader(Reader):
    media_types = (sniff.ZIP,)
    extensions = (".zip",)
    label = "ZIP"

    def fill(self, doc: Document, limits: Limits, depth: int) -> None:
        try:
            zf = zipfile.ZipFile(io.BytesIO(doc.data))
        except zipfile.BadZipFile as exc:
            raise InputError(doc.name, f"not a readable ZIP archive ({exc})") from None
        with zf:
            check_archive(zf, doc.name, limits)
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            child_limits = replace(limits, max_uncompressed=max(limits.max_uncompressed - total, 0))
            unsafe = [i.filename for i in infos if unsafe_name(i.filename)]
            if unsafe:
                doc.warnings.append("members with unsafe paths were not read: " + ", ".join(unsafe[:20]))
            for info in infos:
                if info.is_dir() or info.filename in unsafe:
                    continue
                child = f"{doc.name}/{info.filename}"
                if info.flag_bits & 0x1:
                    doc.warnings.append(f"member {child} skipped: encrypted (password-protected)")
                    continue
                if info.file_size == 0:
                    doc.warnings.append(f"member {child} skipped: file is empty")
                    continue
                try:
                    data = zf.read(info)
                except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as exc:
                    doc.warnings.append(f"member {child} skipped: cannot decompress ({exc})")
                    continue
                read_child(doc, data, child, child_limits, depth, "member")
