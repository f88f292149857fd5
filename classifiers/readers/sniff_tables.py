"""Telling Avro, ORC, SQLite and Excel files from their bytes (called by `sniff.detect_format`)."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from classifiers.model import DataFormat

AVRO_MAGIC = b"Obj\x01"
ORC_MAGIC = b"ORC"
SQLITE_MAGIC = b"SQLite format 3\x00"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, but also .doc, .ppt, .msg
ZIP_MAGIC = b"PK\x03\x04"
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls"})
TABLE_EXTENSIONS = {
    ".avro": DataFormat.AVRO, ".orc": DataFormat.ORC, ".xlsx": DataFormat.XLSX,
    ".xlsm": DataFormat.XLSX, ".xls": DataFormat.XLSX, ".sqlite": DataFormat.SQLITE,
    ".sqlite3": DataFormat.SQLITE, ".db": DataFormat.SQLITE,
}  # fmt: skip
_WORKBOOK_PARTS = ("xl/workbook.xml", "xl/workbook.bin")


def table_format(file: io.RawIOBase, magic: bytes, path: PurePosixPath) -> str | None:
    """The table format the object's bytes show, or None; leaves `file` at offset 4.

    ORC is told by its head and its tail (a text file may start with "ORC"); a ZIP file is
    a workbook only when its central directory lists the workbook part; an OLE2 file only
    when its name says .xls (Word and Outlook files share that container).
    """
    try:
        return _table_format(file, magic, path.suffix.lower())
    finally:
        file.seek(4)


def _table_format(file: io.RawIOBase, magic: bytes, suffix: str) -> str | None:
    if magic == AVRO_MAGIC:
        return DataFormat.AVRO
    if magic.startswith(ORC_MAGIC) and _tail(file, 4)[:3] == ORC_MAGIC:
        return DataFormat.ORC
    if magic == SQLITE_MAGIC[:4]:
        file.seek(0)
        return DataFormat.SQLITE if file.read(16) == SQLITE_MAGIC else None
    if magic == ZIP_MAGIC and _zip_names_workbook(file):
        return DataFormat.XLSX
    if magic == OLE2_MAGIC[:4] and suffix == ".xls":
        file.seek(0)
        return DataFormat.XLSX if file.read(8) == OLE2_MAGIC else None
    return None


def _tail(file: io.RawIOBase, count: int) -> bytes:
    size = file.seek(0, io.SEEK_END)
    file.seek(max(0, size - count))
    return file.read(count) or b""


def _zip_names_workbook(file: io.RawIOBase) -> bool:
    """Whether a ZIP's central directory (read from its end) lists an Excel workbook part."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return any(part in names for part in _WORKBOOK_PARTS)
