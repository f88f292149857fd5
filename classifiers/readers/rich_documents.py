"""PDF, Word, PowerPoint, HTML and mail as a one-column table of text chunks, as text is read.

Each format's parser turns the object into paragraphs; they are cut into chunks as plain text
is (`documents.chunks`) and go through the same decisions. Sample mode keeps evenly spaced
chunks of what its bounds let it read; full mode reads everything.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import PurePosixPath
from typing import IO

import polars as pl

from classifiers.model import DataFormat
from classifiers.readers import html_text, mail, office, pdf
from classifiers.readers.base import Produce, ReadError, Sampling, Tally, short_reason
from classifiers.readers.byte_stream import open_counted
from classifiers.readers.document_sniff import document_format
from classifiers.readers.documents import chunks, document_frame
from classifiers.readers.parsed_reading import ATTACHMENT_BYTES, MAX_DEPTH, Reading
from classifiers.readers.readable import ReadableObject
from classifiers.readers.spread import Thinning

LABELS = {
    DataFormat.PDF: "PDF", DataFormat.DOCX: "Word document", DataFormat.PPTX: "PowerPoint deck",
    DataFormat.HTML: "HTML", DataFormat.EMAIL: "e-mail message", DataFormat.MBOX: "mailbox",
    DataFormat.MSG: "Outlook message",
}  # fmt: skip
# What each parser raises on a damaged file: turned into a ReadError naming the format.
_PARSE_ERRORS = (
    *pdf.ERRORS, *office.ERRORS, *html_text.ERRORS, *mail.ERRORS, zipfile.BadZipFile, EOFError,
)  # fmt: skip
_TEXT_ATTACHMENTS = (".txt", ".md", ".csv", ".tsv", ".log")


def parsed_document_reader(obj: ReadableObject, fmt: str, sampling: Sampling) -> Produce:
    return partial(_read, obj, fmt, sampling)


def _read(
    obj: ReadableObject, fmt: str, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    reading = Reading(sampling, tally, attached=attachment_paragraphs)
    with open_counted(obj, tally) as file:
        try:
            yield from _framed(paragraphs(fmt, file, obj.size, reading), reading)
        except _PARSE_ERRORS as exc:
            raise ReadError(f"corrupt or unreadable {LABELS[fmt]}: {short_reason(exc)}") from exc


def paragraphs(fmt: str, file: IO[bytes], size: int, reading: Reading) -> Iterator[str]:
    """The document's text, paragraph by paragraph, as its format's parser reads it."""
    if fmt == DataFormat.PDF:
        return pdf.pdf_paragraphs(file, reading)
    if fmt == DataFormat.DOCX:
        return office.docx_paragraphs(file, reading)
    if fmt == DataFormat.PPTX:
        return office.pptx_paragraphs(file, reading)
    if fmt == DataFormat.HTML:
        return html_text.html_paragraphs(file, size, reading)
    if fmt == DataFormat.EMAIL:
        return mail.eml_paragraphs(file, size, reading)
    if fmt == DataFormat.MBOX:
        return mail.mbox_paragraphs(file, size, reading)
    if fmt == DataFormat.MSG:
        return mail.msg_paragraphs(file, size, reading)
    raise ReadError(f"unsupported format {fmt!r}")


def attachment_paragraphs(data: bytes, name: str, reading: Reading) -> Iterator[str]:
    """An attachment's text when it is one of the document formats (or plain text), within
    the depth and size bounds; one that cannot be read is counted, the message still is."""
    if reading.depth >= MAX_DEPTH:
        reading.note(f"attachment {_safe(name)}: deeper than {MAX_DEPTH} levels, not read")
        return
    if len(data) > ATTACHMENT_BYTES:
        reading.note(f"attachment {_safe(name)}: over {ATTACHMENT_BYTES:,} bytes, not read")
        return
    fmt = document_format(data[:65536], name, io.BytesIO(data))
    if fmt is None:
        if PurePosixPath(name).suffix.lower() in _TEXT_ATTACHMENTS:
            yield data.decode("utf-8", "replace")
        return
    try:
        yield from paragraphs(fmt, io.BytesIO(data), len(data), reading.deeper())
    except (ReadError, *_PARSE_ERRORS) as exc:
        reading.note(f"attachment {_safe(name)}: {short_reason(exc)}")


def _framed(texts: Iterator[str], reading: Reading) -> Iterator[pl.DataFrame]:
    """Chunks in batches (full mode) or evenly spaced within the row bound (sample mode)."""
    sampling = reading.sampling
    thinning: Thinning[str] = Thinning(sampling.max_rows)
    batch: list[str] = []
    total = 0
    for text in texts:
        for chunk in chunks(text):
            total += 1
            if not sampling.full:
                thinning.offer(chunk)
                continue
            batch.append(chunk)
            if len(batch) >= sampling.batch_rows:
                yield document_frame(batch)
                batch = []
    reading.tally.rows_total = total if reading.complete else None
    yield document_frame(batch if sampling.full else thinning.result())


def _safe(name: str) -> str:
    """An attachment's name as a message may show it: its extension only (names can hold
    people's names)."""
    return f"*{PurePosixPath(name).suffix.lower()}" if PurePosixPath(name).suffix else "(no name)"
