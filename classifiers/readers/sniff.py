"""Telling an object's format and compression from its first bytes, then its name."""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from pathlib import Path, PurePosixPath

from classifiers.model import DataFormat
from classifiers.readers.document_sniff import DOCUMENT_EXTENSIONS, document_format
from classifiers.readers.readable import ReadableObject, as_readable
from classifiers.readers.sniff_tables import TABLE_EXTENSIONS, table_format
from classifiers.readers.text_encoding import TextHead, detect_encoding

HEAD_BYTES = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"
MODEL_EXTENSIONS = frozenset(
    {".pkl", ".pickle", ".pt", ".pth", ".onnx", ".safetensors", ".bin", ".gguf", ".h5",
     ".joblib", ".faiss", ".index", ".ckpt", ".npy", ".npz", ".keras"}
)  # fmt: skip
_EXTENSIONS = {
    ".csv": DataFormat.CSV, ".tsv": DataFormat.TSV, ".tab": DataFormat.TSV,
    ".parquet": DataFormat.PARQUET, ".json": DataFormat.JSON, ".jsonl": DataFormat.JSONL,
    ".ndjson": DataFormat.JSONL, ".md": DataFormat.MARKDOWN, ".markdown": DataFormat.MARKDOWN,
    ".txt": DataFormat.TEXT,
}  # fmt: skip
_EXTENSIONS.update(TABLE_EXTENSIONS)  # Avro, ORC, Excel, SQLite
_EXTENSIONS.update(DOCUMENT_EXTENSIONS)  # PDF, Word, PowerPoint, HTML, mail
_SEPARATORS = {",": DataFormat.CSV, "\t": DataFormat.TSV, ";": DataFormat.CSV, "|": DataFormat.CSV}
# Archives and compressors other than gzip, by their magic bytes and where those sit.
_ARCHIVES = (
    (0, (b"PK\x03\x04", b"PK\x05\x06"), "a ZIP archive"),
    (0, (b"7z\xbc\xaf\x27\x1c",), "a 7-Zip archive"),
    (0, (b"Rar!\x1a\x07",), "a RAR archive"),
    (257, (b"ustar\x00", b"ustar  \x00"), "a tar archive"),  # POSIX, GNU: never in text
    (0, (b"\xfd7zXZ\x00",), "xz-compressed data"),
    (0, (b"\x28\xb5\x2f\xfd",), "zstd-compressed data"),
)
_BZIP2_BLOCK = (b"1AY&SY", b"\x17rE8P\x90")  # after "BZh" and a level digit: a block or the end
ARCHIVE_HEAD_BYTES = 265  # tar's magic ends there


def detect_format(source: Path | ReadableObject) -> tuple[str, str | None]:
    """(DataFormat value, compression) by content first, extension second.

    Only the first bytes are read (HEAD_BYTES of content at most), so sniffing a blob costs
    one small ranged read.
    """
    obj = as_readable(source)
    path = PurePosixPath(obj.name)
    with obj.open() as file:
        magic = _read_up_to(file, 4)
        if magic == PARQUET_MAGIC:
            return DataFormat.PARQUET, None
        if (table := table_format(file, magic, path)) is not None:  # Avro, ORC, SQLite, Excel
            return table, None
        compression = "gzip" if magic.startswith(GZIP_MAGIC) else None
        name = PurePosixPath(path.stem) if path.suffix.lower() in (".gz", ".gzip") else path
        if name.suffix.lower() in MODEL_EXTENSIONS:
            return DataFormat.MODEL, compression  # never read an artifact beyond its magic bytes
        if compression:
            file.seek(0)
            head = _gunzip_head(file)
            known = DataFormat.UNKNOWN if archive_in(head) else _sniff_content(head, name)
            return known, compression
        head = magic + _read_up_to(file, HEAD_BYTES - 4)
        if (document := document_format(head, obj.name, file)) is not None:  # PDF, DOCX, mail
            return document, None
        return DataFormat.UNKNOWN if archive_in(head) else _sniff_content(head, path), None


def archive_in(head: bytes) -> str | None:
    """What archive or non-gzip compression the first bytes show, if any: "a ZIP archive"."""
    for offset, magics, kind in _ARCHIVES:
        if head[offset:].startswith(magics):
            return kind
    if head.startswith(b"BZh") and head[3:4].isdigit() and head[4:10] in _BZIP2_BLOCK:
        return "bzip2-compressed data"
    return None


def archive_reason(obj: ReadableObject, suffix: str) -> str | None:
    """Why an archive (maybe gzip-compressed, a .tar.gz) is not read, naming what it is and
    what its name claims: "a ZIP archive named .csv: archives are not read; ...". None when
    the object is not one."""
    with obj.open() as file:
        head = _read_up_to(file, ARCHIVE_HEAD_BYTES)
        if head.startswith(GZIP_MAGIC):
            file.seek(0)
            head = _gunzip_head(file)
    kind = archive_in(head)
    if kind is None:
        return None
    named = f" named {suffix}" if suffix in _EXTENSIONS else ""  # a name that claims a table
    if kind.endswith("archive"):
        return f"{kind}{named}: archives are not read; extract its files to scan them"
    return f"{kind}{named}: only gzip compression is read; decompress it to scan it"


def format_by_name(name: str) -> tuple[str, str | None]:
    """(DataFormat value, compression) from the name alone, for objects listed but not read.

    Model artifacts are told by name only, so this is final for them; for other objects
    detect_format() has the last word once their first bytes are read.
    """
    path = PurePosixPath(name)
    compressed = path.suffix.lower() in (".gz", ".gzip")
    base = PurePosixPath(path.stem) if compressed else path
    compression = "gzip" if compressed else None
    if base.suffix.lower() in MODEL_EXTENSIONS:
        return DataFormat.MODEL, compression
    return _EXTENSIONS.get(base.suffix.lower(), DataFormat.UNKNOWN), compression


def _read_up_to(file: io.RawIOBase, count: int) -> bytes:
    """`count` bytes or what is left: a raw file may return fewer per call."""
    data = b""
    while len(data) < count and (block := file.read(count - len(data))):
        data += block
    return data


def _gunzip_head(file: io.RawIOBase) -> bytes:
    """The first decompressed bytes; what could be read if the stream is cut or corrupt. Only
    HEAD_BYTES are ever inflated (zlib stops there), so a decompression bomb costs nothing."""
    head = b""
    try:
        with gzip.GzipFile(fileobj=file, mode="rb") as stream:
            while len(head) < HEAD_BYTES and (block := stream.read1(HEAD_BYTES - len(head))):
                head += block
    except (OSError, EOFError, zlib.error):
        return head or b"\x00"  # nothing decompressed: treat as binary
    return head


def _sniff_content(head: bytes, path: PurePosixPath) -> str:
    by_name = _EXTENSIONS.get(path.suffix.lower(), DataFormat.UNKNOWN)
    if not head:
        return by_name
    if head.startswith(PARQUET_MAGIC):
        return DataFormat.PARQUET
    encoding = detect_encoding(head, complete=len(head) < HEAD_BYTES)
    if encoding is None:
        return DataFormat.UNKNOWN
    text = TextHead(head, encoding, len(head) < HEAD_BYTES).text
    stripped = text.lstrip()
    if stripped[:1] in ("[", "{"):
        return _json_kind(stripped, by_name, len(head) < HEAD_BYTES)
    if by_name in (DataFormat.MARKDOWN, DataFormat.JSON, DataFormat.JSONL):
        return by_name
    return _delimited_kind(text, by_name, len(head) < HEAD_BYTES) or DataFormat.TEXT


def _json_kind(text: str, by_name: str, complete: bool) -> str:
    """JSON Lines when the first two non-empty lines each parse as an object.

    When the head was cut, its last line is unknown: one whole object line before it is enough.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    known = lines if complete else lines[:-1]
    objects = 0
    for line in known[:2]:
        try:
            objects += isinstance(json.loads(line), dict)
        except ValueError:
            break
    if objects == 2 or (
        objects == len(known) == 1 and (by_name == DataFormat.JSONL or not complete)
    ):
        return DataFormat.JSONL
    return DataFormat.JSONL if not known and by_name == DataFormat.JSONL else DataFormat.JSON


def _delimited_kind(text: str, by_name: str, complete: bool) -> str | None:
    """CSV or TSV when the head's complete lines split into the same number (>= 2) of fields.

    Unless the name says CSV or TSV, prose is ruled out by asking for more lines and no
    blank line between them (paragraphs).
    """
    lines = (text.splitlines() if complete else text.splitlines()[:-1])[:20]
    named = by_name in (DataFormat.CSV, DataFormat.TSV)
    if not named and "" in [line.strip() for line in text.strip().splitlines()]:
        return None
    lines = [line for line in lines if line.strip()]
    if len(lines) < (1 if named else 5 if by_name == DataFormat.TEXT else 3):
        return by_name if named else None
    widths: dict[str, int] = {}
    for sep in _SEPARATORS:
        seen = {len(row) for row in csv.reader(lines, delimiter=sep)}
        if len(seen) == 1 and (width := seen.pop()) >= 2:
            widths[sep] = width
    if by_name == DataFormat.TSV and "\t" in widths:
        return DataFormat.TSV
    if widths:
        return _SEPARATORS[max(widths, key=widths.__getitem__)]
    return by_name if named else None
