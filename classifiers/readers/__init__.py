"""Readers: one entry point that opens any supported object as batches of a flat table."""

from __future__ import annotations

from pathlib import Path

from classifiers.model import DataFormat
from classifiers.readers.base import Produce, ReadError, Sampling, TableRead
from classifiers.readers.byte_stream import check_text, head_bytes
from classifiers.readers.csv_rows import separator
from classifiers.readers.delimited import delimited_reader
from classifiers.readers.documents import document_reader
from classifiers.readers.json_records import json_reader
from classifiers.readers.parquet import parquet_reader
from classifiers.readers.sniff import detect_format

__all__ = ["ReadError", "Sampling", "TableRead", "detect_format", "open_table"]

_LABELS = {
    DataFormat.CSV: "CSV", DataFormat.TSV: "TSV", DataFormat.JSON: "JSON",
    DataFormat.JSONL: "JSON Lines", DataFormat.TEXT: "plain", DataFormat.MARKDOWN: "Markdown",
}  # fmt: skip
_BY_EXTENSION = {
    ".csv": "CSV", ".tsv": "TSV", ".json": "JSON", ".jsonl": "JSON Lines",
    ".ndjson": "JSON Lines", ".txt": "plain", ".md": "Markdown",
}  # fmt: skip


def open_table(
    path: Path, fmt: str, compression: str | None, sampling: Sampling | None = None
) -> TableRead:
    """Open an object for reading; ReadError here or from batches() says why it cannot be read.

    `fmt` and `compression` are what detect_format() found; nothing on disk is ever
    unpickled, imported or executed.
    """
    sampling = sampling or Sampling()
    if fmt == DataFormat.MODEL:
        raise ReadError("model artifacts are inventoried, not read")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(f"cannot open: {exc.strerror or exc}") from exc
    if size == 0:
        raise ReadError("empty file (0 bytes)")
    produce = _reader(path, fmt, compression, sampling)
    return TableRead(
        produce,
        bytes_total=size,
        mode=sampling.mode,
        document=fmt in DataFormat.DOCUMENT,
    )


def _reader(path: Path, fmt: str, compression: str | None, sampling: Sampling) -> Produce:
    if fmt == DataFormat.PARQUET:
        return parquet_reader(path, compression, sampling)
    if fmt not in _LABELS:
        if compression:
            head_bytes(path, compression)  # a corrupt stream says so
        raise ReadError(_unreadable(path, fmt))
    head = check_text(path, compression, _LABELS[fmt], utf16_ok=fmt in DataFormat.DOCUMENT)
    if fmt in (DataFormat.CSV, DataFormat.TSV):
        return delimited_reader(path, compression, separator(fmt, head), sampling)
    if fmt in (DataFormat.JSON, DataFormat.JSONL):
        return json_reader(path, fmt, compression, sampling)
    return document_reader(path, compression, head, sampling)


def _unreadable(path: Path, fmt: str) -> str:
    if fmt != DataFormat.UNKNOWN:
        return f"unsupported format {fmt!r}"
    suffixes = [suffix.lower() for suffix in path.suffixes if suffix.lower() != ".gz"]
    suffix = suffixes[-1] if suffixes else ""
    if suffix == ".parquet":
        return "corrupt Parquet: no PAR1 magic bytes at the start of the file"
    if suffix in _BY_EXTENSION:
        return f"binary content, not {_BY_EXTENSION[suffix]} text"
    return "binary or unrecognised content; nothing to read"
