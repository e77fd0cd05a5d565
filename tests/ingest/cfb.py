"""A minimal writer of OLE compound files (MS-CFB, version 3), to make real Outlook MSG files.

No library here writes MSG files, so the MSG tests build one: streams under 4096 bytes go in
the mini stream, larger ones in regular sectors, exactly as the format requires.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

Tree = dict[str, "bytes | Tree"]


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    start: int = END


def _flatten(tree: Tree) -> list[_Entry]:
    entries = [_Entry("Root Entry", 5)]

    def add(parent: int, node: Tree) -> None:
        for name, value in node.items():
            index = len(entries)
            entries[parent].children.append(index)
            if isinstance(value, bytes):
                entries.append(_Entry(name, 2, value))
            else:
                entries.append(_Entry(name, 1))
                add(index, value)

    add(0, tree)
    return entries


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i < count - 1 else END


def _pad(data: bytes, size: int) -> bytes:
    return data + b"\x00" * (-len(data) % size)


def write(tree: Tree) -> bytes:
    entries = _flatten(tree)
    mini = b""
    minifat: list[int] = []
    for entry in entries:
        if entry.kind == 2 and 0 < len(entry.data) < CUTOFF:
            entry.start = len(mini) // MINI
            count = -(-len(entry.data) // MINI)
            minifat.extend([0] * count)
            _chain(minifat, entry.start, count)
            mini += _pad(entry.data, MINI)
    big = [e for e in entries if e.kind == 2 and len(e.data) >= CUTOFF]
    dir_sectors = -(-len(entries) * 128 // SECTOR)
    minifat_sectors = -(-len(minifat) * 4 // SECTOR)
    mini_sectors = -(-len(mini) // SECTOR)
    big_sectors = sum(-(-len(e.data) // SECTOR) for e in big)
    rest = dir_sectors + minifat_sectors + mini_sectors + big_sectors
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + rest:
        fat_sectors += 1
    fat = [FREE] * (fat_sectors * SECTOR // 4)
    for i in range(fat_sectors):
        fat[i] = FATSECT
    pos = fat_sectors
    dir_start = pos
    _chain(fat, pos, dir_sectors)
    pos += dir_sectors
    minifat_start = pos if minifat_sectors else END
    _chain(fat, pos, minifat_sectors)
    pos += minifat_sectors
    entries[0].start = pos if mini_sectors else END
    entries[0].data = mini
    _chain(fat, pos, mini_sectors)
    pos += mini_sectors
    body = b""
    for entry in big:
        count = -(-len(entry.data) // SECTOR)
        entry.start = pos
        _chain(fat, pos, count)
        pos += count
        body += _pad(entry.data, SECTOR)
    directory = b"".join(_dir_entry(entries, i) for i in range(len(entries)))
    directory = _pad(directory, SECTOR)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"), b"\x00" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\x00" * 6,
        0, fat_sectors, dir_start, 0, CUTOFF, minifat_start, minifat_sectors, END, 0,
    )  # fmt: skip
    difat = [*range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header += struct.pack("<109I", *difat)
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    minifat_bytes = _pad(struct.pack(f"<{len(minifat)}I", *minifat), SECTOR) if minifat else b""
    return header + fat_bytes + directory + minifat_bytes + _pad(mini, SECTOR) + body


def _dir_entry(entries: list[_Entry], index: int) -> bytes:
    entry = entries[index]
    name = entry.name.encode("utf-16-le") + b"\x00\x00"
    # Siblings form a right-leaning chain under their parent (every node black).
    parent = next((e for e in entries if index in e.children), None)
    right = NOSTREAM
    if parent is not None:
        position = parent.children.index(index)
        if position + 1 < len(parent.children):
            right = parent.children[position + 1]
    child = entry.children[0] if entry.children else NOSTREAM
    start = entry.start if entry.kind != 1 else 0
    size = len(entry.data) if entry.kind != 1 else 0
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name, len(name), entry.kind, 1, NOSTREAM, right, child, b"\x00" * 16, 0, 0, 0,
        start if size or entry.kind == 5 else END, size,
    )  # fmt: skip
