"""Telling parsed documents (PDF, Word, PowerPoint, HTML, mail) from their first bytes."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import PurePosixPath
from typing import IO, BinaryIO, cast

from classifiers.model import DataFormat

PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
DOCUMENT_EXTENSIONS = {
    ".pdf": DataFormat.PDF, ".docx": DataFormat.DOCX, ".docm": DataFormat.DOCX,
    ".pptx": DataFormat.PPTX, ".pptm": DataFormat.PPTX, ".html": DataFormat.HTML,
    ".htm": DataFormat.HTML, ".xhtml": DataFormat.HTML, ".eml": DataFormat.EMAIL,
    ".mbox": DataFormat.MBOX, ".msg": DataFormat.MSG,
}  # fmt: skip
# The main part of each Office package: its presence says which kind the ZIP is.
_OFFICE_PARTS = (("word/document.xml", DataFormat.DOCX), ("ppt/presentation.xml", DataFormat.PPTX))
_CENTRAL_DIRECTORY_BYTES = 1024 * 1024  # an Office file's directory is a few KB; more is not one
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length
_HTML_START = re.compile(rb"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head)\b",
                         re.IGNORECASE | re.DOTALL)  # fmt: skip
# Header names that open a message; one line of "Name: value" alone could be any text.
_MAIL_HEADERS = frozenset(
    {"from", "to", "cc", "subject", "date", "message-id", "mime-version", "received",
     "return-path", "reply-to", "content-type", "delivered-to", "x-mailer", "sender"}
)  # fmt: skip
_HEADER_LINE = re.compile(rb"([A-Za-z][A-Za-z0-9-]*):[ \t]")
_MBOX_FROM = re.compile(rb"From \S+ ")
Seekable = io.RawIOBase | io.BufferedIOBase | BinaryIO  # an object's bytes, opened


def document_format(head: bytes, name: str, file: Seekable | None = None) -> str | None:
    """The parsed-document format the head (and, for a ZIP, its directory) shows, or None.

    `file` is the whole object, seekable: a ZIP's members are told from the head's local
    headers, else from its central directory (one small read at the end).
    """
    suffix = PurePosixPath(name).suffix.lower()
    if PDF_MAGIC in head[:1024]:  # the spec lets junk precede the header
        return DataFormat.PDF
    if head.startswith(ZIP_MAGIC):
        return office_kind(head, file)
    if head.startswith(OLE_MAGIC):
        return DataFormat.MSG if suffix == ".msg" or _ole_is_message(file) else None
    if _HTML_START.match(head[:4096]):
        return DataFormat.HTML
    if DOCUMENT_EXTENSIONS.get(suffix) == DataFormat.HTML and head.lstrip()[:1] == b"<":
        return DataFormat.HTML  # a fragment (<div>...) named .html
    return _mail_kind(head)


def office_kind(head: bytes, file: Seekable | None) -> str | None:
    """DOCX or PPTX by the package's main part; None for other ZIPs (workbooks included)."""
    names = _local_names(head)
    kind = next((kind for part, kind in _OFFICE_PARTS if part in names), None)
    if (kind is None or "[Content_Types].xml" not in names) and file is not None:
        names = _directory_names(file)
        kind = next((kind for part, kind in _OFFICE_PARTS if part in names), None)
    return kind if "[Content_Types].xml" in names else None


def _local_names(head: bytes) -> set[str]:
    """Member names of the local file headers that sit in the head, in order."""
    names: set[str] = set()
    offset = 0
    while head[offset : offset + 4] == ZIP_MAGIC and offset + 30 <= len(head):
        size = struct.unpack_from("<I", head, offset + 18)[0]  # compressed size
        _, name_length, extra_length = _LOCAL_HEADER.unpack_from(head, offset)
        start = offset + 30
        names.add(head[start : start + name_length].decode("utf-8", "replace"))
        if size == 0:  # sizes after the data (a data descriptor): cannot walk on
            break
        offset = start + name_length + extra_length + size
    return names


def _directory_names(file: Seekable) -> set[str]:
    try:
        file.seek(0)
        with zipfile.ZipFile(cast(IO[bytes], file)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return set()
    return {info.filename for info in infos[: _CENTRAL_DIRECTORY_BYTES // 64]}


def _ole_is_message(file: Seekable | None) -> bool:
    """An OLE file holding Outlook's property streams (a .msg named otherwise)."""
    if file is None:
        return False
    import olefile  # extract-msg's OLE reader; only needed for OLE objects

    try:
        file.seek(0)
        with olefile.OleFileIO(file) as ole:
            return ole.exists("__properties_version1.0")
    except (OSError, ValueError, EOFError):
        return False


def _mail_kind(head: bytes) -> str | None:
    """An mbox opens with a "From sender date" line; a message with header lines, of which
    at least two are names only mail uses at the top."""
    lines = head[:8192].lstrip(b"\r\n").splitlines()
    if not lines:
        return None
    mbox = bool(_MBOX_FROM.match(lines[0]))
    known = 0
    for line in lines[1 if mbox else 0 : 40]:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue  # a folded header
        match = _HEADER_LINE.match(line)
        if match is None:
            return None
        known += match.group(1).decode("ascii").lower() in _MAIL_HEADERS
    if known < 2:
        return None
    return DataFormat.MBOX if mbox else DataFormat.EMAIL
