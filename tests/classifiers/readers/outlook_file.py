"""Writing a small Outlook .msg for tests: an OLE compound file (MS-CFB v3) laid out as
MS-OXMSG says, since no maintained library writes one. Only what the reader needs."""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5


@dataclass
class Entry:
    name: str
    data: bytes | None = None  # None: a storage
    children: list[Entry] = field(default_factory=list)
    sid: int = 0
    start: int = END
    right: int = NO_STREAM  # the next entry of the same storage (a tree of right siblings)


def _chain(table: list[int], start: int, count: int) -> None:
    for index in range(start, start + count):
        table[index] = index + 1 if index + 1 < start + count else END


def compound_file(streams: dict[str, bytes]) -> bytes:
    """The bytes of a compound file holding `streams` ("storage/stream" paths)."""
    root = Entry("Root Entry", None)
    for path, data in streams.items():
        node = root
        *folders, name = path.split("/")
        for folder in folders:
            found = next((c for c in node.children if c.name == folder), None)
            if found is None:
                found = Entry(folder)
                node.children.append(found)
            node = found
        node.children.append(Entry(name, data))
    entries: list[Entry] = []
    queue = [root]
    while queue:
        entry = queue.pop(0)
        entry.sid = len(entries)
        entries.append(entry)
        queue.extend(entry.children)
    for entry in entries:
        for child, after in zip(entry.children, entry.children[1:], strict=False):
            child.right = after.sid
    return _layout(root, entries)


def _layout(root: Entry, entries: list[Entry]) -> bytes:
    big = [e for e in entries if e.data is not None and len(e.data) >= MINI_CUTOFF]
    small = [e for e in entries if e.data is not None and len(e.data) < MINI_CUTOFF]
    body = bytearray()
    sectors = 0
    for entry in big:  # streams of their own sectors
        assert entry.data is not None
        count = math.ceil(len(entry.data) / SECTOR)
        entry.start = sectors
        body += entry.data.ljust(count * SECTOR, b"\0")
        sectors += count
    big_chains = [(e.start, math.ceil(len(e.data or b"") / SECTOR)) for e in big]
    mini = bytearray()
    mini_fat: list[int] = []
    for entry in small:
        if not entry.data:
            continue  # an empty stream has no sectors
        count = math.ceil(len(entry.data) / MINI_SECTOR)
        entry.start = len(mini_fat)
        mini_fat += [0] * count
        _chain(mini_fat, entry.start, count)
        mini += entry.data.ljust(count * MINI_SECTOR, b"\0")
    mini_sectors = math.ceil(len(mini) / SECTOR)
    root.start = sectors if mini else END
    body += bytes(mini).ljust(mini_sectors * SECTOR, b"\0")
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_sectors = math.ceil(len(mini_fat_bytes) / SECTOR)
    mini_fat_start = sectors + mini_sectors if mini_fat else END
    body += mini_fat_bytes.ljust(mini_fat_sectors * SECTOR, b"\xff")
    directory_start = sectors + mini_sectors + mini_fat_sectors
    directory = b"".join(_directory_entry(e, len(mini)) for e in entries)
    directory_sectors = math.ceil(len(directory) / SECTOR)
    directory += _empty_entry() * (directory_sectors * 4 - len(entries))
    body += directory
    used = directory_start + directory_sectors
    fat_sectors = 1
    while math.ceil((used + fat_sectors) * 4 / SECTOR) > fat_sectors:
        fat_sectors += 1
    fat = [FREE] * (fat_sectors * SECTOR // 4)
    for start, count in big_chains:
        _chain(fat, start, count)
    _chain(fat, sectors, mini_sectors)
    _chain(fat, sectors + mini_sectors, mini_fat_sectors)
    _chain(fat, directory_start, directory_sectors)
    for index in range(used, used + fat_sectors):
        fat[index] = FAT_SECTOR
    body += struct.pack(f"<{len(fat)}I", *fat)
    header = _header(fat_sectors, used, directory_start, mini_fat_start, mini_fat_sectors)
    return header + bytes(body)


def _header(fats: int, fat_start: int, directory: int, mini_fat: int, mini_fats: int) -> bytes:
    difat = [fat_start + i for i in range(fats)] + [FREE] * (109 - fats)
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, fats, directory, 0, MINI_CUTOFF, mini_fat, mini_fats,
                      END, 0)
        + struct.pack("<109I", *difat)
    )  # fmt: skip


def _directory_entry(entry: Entry, mini_size: int) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\0\0"
    kind = ROOT if entry.sid == 0 else (STORAGE if entry.data is None else STREAM)
    child = entry.children[0].sid if entry.children else NO_STREAM
    size = mini_size if kind == ROOT else len(entry.data or b"")
    return (
        name.ljust(64, b"\0") + struct.pack("<HBB", len(name), kind, 1)
        + struct.pack("<III", NO_STREAM, entry.right, child) + b"\0" * 16
        + struct.pack("<I", 0) + b"\0" * 16
        + struct.pack("<IQ", entry.start if kind != STORAGE else 0, size)
    )  # fmt: skip


def _empty_entry() -> bytes:
    return (
        b"\0" * 64
        + struct.pack("<HBB", 0, 0, 0)
        + struct.pack("<III", *[NO_STREAM] * 3)
        + (b"\0" * 36 + struct.pack("<IQ", 0, 0))
    )


def _text(value: str) -> bytes:
    return value.encode("utf-16-le")


def outlook_message(
    headers: dict[str, str], body: str, attachments: list[tuple[str, bytes]]
) -> bytes:
    """A received message: its transport headers, the display To/Cc, the sender, a plain
    body and attachments by value (PR_ATTACH_METHOD 1)."""
    transport = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    count = len(attachments)
    streams = {
        "__properties_version1.0": struct.pack("<8xIIII8x", 0, count, 0, count),
        "__substg1.0_001A001F": _text("IPM.Note"),
        "__substg1.0_007D001F": _text(transport + "\r\n"),
        "__substg1.0_0037001F": _text(headers.get("Subject", "")),
        "__substg1.0_0E04001F": _text(headers.get("To", "")),
        "__substg1.0_0E03001F": _text(headers.get("Cc", "")),
        "__substg1.0_0C1A001F": _text(headers.get("From", "")),
        "__substg1.0_1000001F": _text(body),
        # The named-property mapping every message has (MS-OXMSG 2.2.3): none named here.
        "__nameid_version1.0/__substg1.0_00020102": b"",
        "__nameid_version1.0/__substg1.0_00030102": b"",
        "__nameid_version1.0/__substg1.0_00040102": b"",
    }
    for index, (name, data) in enumerate(attachments):
        folder = f"__attach_version1.0_#{index:08X}"
        method = struct.pack("<HHII4x", 0x0003, 0x3705, 0x6, 1)  # PT_LONG PR_ATTACH_METHOD = 1
        streams[f"{folder}/__properties_version1.0"] = b"\0" * 8 + method
        streams[f"{folder}/__substg1.0_3707001F"] = _text(name)
        streams[f"{folder}/__substg1.0_3704001F"] = _text(name)
        streams[f"{folder}/__substg1.0_37010102"] = data
    return compound_file(streams)
