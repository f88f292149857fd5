"""Telling an object's format and compression from its first bytes, then its name."""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from pathlib import Path, PurePosixPath

from classifiers.model import DataFormat
from classifiers.readers.readable import ReadableObject, as_readable
from classifiers.readers.text_encoding import TextHead, detect_encoding

HEAD_BYTES = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"
MODEL_EXTENSIONS = frozenset(
    {".pkl", ".pickle", ".pt", ".pth", ".onnx", ".safetensors", ".bin", ".gguf", ".h5",
     ".joblib", ".faiss", ".index"}
)  # fmt: skip
_EXTENSIONS = {
    ".csv": DataFormat.CSV, ".tsv": DataFormat.TSV, ".tab": DataFormat.TSV,
    ".parquet": DataFormat.PARQUET, ".json": DataFormat.JSON, ".jsonl": DataFormat.JSONL,
    ".ndjson": DataFormat.JSONL, ".md": DataFormat.MARKDOWN, ".markdown": DataFormat.MARKDOWN,
    ".txt": DataFormat.TEXT,
}  # fmt: skip
_SEPARATORS = {",": DataFormat.CSV, "\t": DataFormat.TSV, ";": DataFormat.CSV, "|": DataFormat.CSV}


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
        compression = "gzip" if magic.startswith(GZIP_MAGIC) else None
        name = PurePosixPath(path.stem) if path.suffix.lower() in (".gz", ".gzip") else path
        if name.suffix.lower() in MODEL_EXTENSIONS:
            return DataFormat.MODEL, compression  # never read an artifact beyond its magic bytes
        if compression:
            file.seek(0)
            return _sniff_content(_gunzip_head(file), name), compression
        return _sniff_content(magic + _read_up_to(file, HEAD_BYTES - 4), path), None


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
    """The first decompressed bytes; what could be read if the stream is cut or corrupt."""
    head = b""
    try:
        with gzip.GzipFile(fileobj=file, mode="rb") as stream:
            while len(head) < HEAD_BYTES and (block := stream.read(HEAD_BYTES - len(head))):
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
