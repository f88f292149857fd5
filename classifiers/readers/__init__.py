"""Readers: one entry point that opens any supported object as batches of a flat table."""

from __future__ import annotations

import errno
import gzip
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl

from classifiers.budget import Checkpoint, carry_on
from classifiers.model import DataFormat
from classifiers.readers.base import Produce, ReadError, Sampling, TableRead, Tally
from classifiers.readers.byte_stream import check_text, head_bytes, open_stream
from classifiers.readers.csv_rows import column_names, head_records, separator
from classifiers.readers.delimited import delimited_reader
from classifiers.readers.documents import document_reader
from classifiers.readers.inflate import check_inflation
from classifiers.readers.json_records import json_reader
from classifiers.readers.readable import LocalFile, ReadableObject, as_readable, suffixes
from classifiers.readers.sniff import archive_reason, detect_format

__all__ = [
    "LocalFile",
    "ReadError",
    "ReadableObject",
    "RowCheck",
    "Sampling",
    "TableRead",
    "detect_format",
    "open_table",
]

_LABELS = {
    DataFormat.CSV: "CSV", DataFormat.TSV: "TSV", DataFormat.JSON: "JSON",
    DataFormat.JSONL: "JSON Lines", DataFormat.TEXT: "plain", DataFormat.MARKDOWN: "Markdown",
}  # fmt: skip
_BY_EXTENSION = {
    ".csv": "CSV", ".tsv": "TSV", ".json": "JSON", ".jsonl": "JSON Lines",
    ".ndjson": "JSON Lines", ".txt": "plain", ".md": "Markdown",
}  # fmt: skip


# Read by the readers of TABLE_FORMATS (`tables`), imported with the first such object: they,
# Parquet's and the lake folders' readers import pyarrow and numpy, which a CSV does not need.
TABLE_FORMATS = frozenset({DataFormat.AVRO, DataFormat.ORC, *DataFormat.PARTED})

# How a gzip stream cut short (or damaged at its end) shows while it is read through.
_TRUNCATED = (EOFError, zlib.error, gzip.BadGzipFile)

# Whether a delimited file's first records show its first record is data, not a header row.
RowCheck = Callable[[Sequence[Sequence[str]]], bool]


def open_table(
    source: Path | ReadableObject,
    fmt: str,
    compression: str | None,
    sampling: Sampling | None = None,
    first_row_is_data: RowCheck | None = None,
    checkpoint: Checkpoint = carry_on,
    part: str | None = None,
) -> TableRead:
    """Open an object for reading; ReadError here or from batches() says why it cannot be read.

    `source` is a local file or a ReadableObject (a blob read by ranges). `fmt` and
    `compression` are what detect_format() found; nothing read is ever unpickled, imported
    or executed. An object's sample cap bounds what sample mode reads of it. A CSV or TSV
    file's first record is its header row unless `first_row_is_data` says, from the first
    records, that it is data (`value_names.first_row_is_data`): then the columns are named
    `column_1`, `column_2`... and the first record is read as a row. `checkpoint` is called
    as the object is read and may raise to stop it (`budget.Budget.check`). `part` names the
    sheet of a workbook or the table of a database to read (`parts.part_name`).
    """
    sampling = sampling or Sampling()
    if fmt == DataFormat.MODEL:
        raise ReadError("model artifacts are inventoried, not read")
    if fmt in DataFormat.FOLDER:  # a Delta table, a vector store: a folder, read as one
        from classifiers.readers.lake import open_folder

        return open_folder(as_readable(source), fmt, sampling, checkpoint)
    obj = as_readable(source)
    try:
        size = obj.size
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError("a symbolic link loop: the link leads back to itself") from exc
        raise ReadError(f"cannot open: {exc.strerror or exc}") from exc
    if size == 0:
        raise ReadError("empty file (0 bytes)")
    if obj.sample_cap is not None and not sampling.full:
        sampling = replace(sampling, max_object_bytes=obj.sample_cap)
    if fmt in TABLE_FORMATS:
        from classifiers.readers.tables import other_table_reader

        produce, encoding = other_table_reader(obj, fmt, compression, sampling, part), None
    else:
        produce, encoding = _reader(obj, fmt, compression, sampling, first_row_is_data)
    if sampling.full and compression and fmt in (DataFormat.CSV, DataFormat.TSV):
        # A stream cut short is read as sample mode reads it, every record up to the cut.
        whole = replace(sampling, mode="sample", max_rows=sys.maxsize, max_bytes=sys.maxsize)
        streamed, _ = _reader(obj, fmt, compression, whole, first_row_is_data)
        produce = _inflation_checked(obj, compression, produce, streamed)
    return TableRead(
        produce,
        bytes_total=size,
        mode=sampling.mode,
        document=fmt in DataFormat.DOCUMENT or fmt in DataFormat.PARSED_DOCUMENT,
        encoding=encoding,
        tally=Tally(checkpoint=checkpoint, inflate=sampling.inflate),
    )


def _reader(
    obj: ReadableObject,
    fmt: str,
    compression: str | None,
    sampling: Sampling,
    first_row_is_data: RowCheck | None,
) -> tuple[Produce, str | None]:
    """How to read the object, and the encoding of its text (None for Parquet)."""
    if fmt == DataFormat.PARQUET:
        from classifiers.readers.parquet import parquet_reader

        return parquet_reader(obj, compression, sampling), None
    if fmt in DataFormat.PARSED_DOCUMENT:  # PDF, Word, PowerPoint, HTML, mail
        # pypdf, python-docx/pptx, BeautifulSoup: imported for the first such document only
        from classifiers.readers.rich_documents import parsed_document_reader

        return parsed_document_reader(obj, fmt, sampling), None
    if fmt not in _LABELS:
        if compression:
            head_bytes(obj, compression)  # a corrupt stream says so
        raise ReadError(_unreadable(obj, fmt))
    head = check_text(obj, compression, _LABELS[fmt])
    encoding = head.encoding
    if fmt in (DataFormat.CSV, DataFormat.TSV):
        sep = separator(fmt, head.text)
        records = head_records(head.text, sep, whole=head.complete)
        headerless = first_row_is_data is not None and first_row_is_data(records)
        names = column_names(len(records[0])) if headerless else None
        reader = delimited_reader(obj, compression, sep, sampling, names, encoding, head.cr_only)
        return reader, encoding
    if fmt in (DataFormat.JSON, DataFormat.JSONL):
        return json_reader(obj, fmt, compression, sampling, encoding), encoding
    return document_reader(obj, compression, encoding, sampling), encoding


def _inflation_checked(
    obj: ReadableObject, compression: str, produce: Produce, streamed: Produce
) -> Produce:
    """Polars decompresses a CSV file on its own, unbounded: its stream is first read once
    through the gzip bound (`inflate`), so a decompression bomb is refused, not inflated.
    A stream that turns out cut short (which Polars refuses whole) is read by `streamed`,
    which keeps the records before the cut and counts the cut one."""

    def checked(tally: Tally) -> Iterator[pl.DataFrame]:
        try:
            with open_stream(obj, compression, tally.fresh()) as stream:
                check_inflation(stream)
        except _TRUNCATED:
            yield from streamed(tally)
            return
        yield from produce(tally)

    return checked


def _unreadable(obj: ReadableObject, fmt: str) -> str:
    if fmt != DataFormat.UNKNOWN:
        return f"unsupported format {fmt!r}"
    named = [suffix for suffix in suffixes(obj) if suffix != ".gz"]
    suffix = named[-1] if named else ""
    if archive := archive_reason(obj, suffix):
        return archive
    if suffix == ".parquet":
        return "corrupt Parquet: no PAR1 magic bytes at the start of the file"
    if suffix in _BY_EXTENSION:
        return f"binary content, not {_BY_EXTENSION[suffix]} text"
    return "binary or unrecognised content; nothing to read"
