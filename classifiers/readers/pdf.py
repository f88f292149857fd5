"""PDF text, page by page (pypdf): sample mode reads the first pages and pages spread after."""

from __future__ import annotations

import logging
import struct
import zlib
from collections.abc import Iterator
from typing import IO

import pypdf
from pypdf.errors import FileNotDecryptedError, PyPdfError

from classifiers.readers.base import ReadError, short_reason
from classifiers.readers.parsed_reading import FIRST_PAGES, SAMPLE_PAGES, Reading
from classifiers.readers.spread import even_indices

ERRORS = (PyPdfError, zlib.error, struct.error)  # a damaged stream inside the file
_SENTENCE_END = (".", "!", "?", ":", ";")
SHORT_LINE = 0.8  # a line this much shorter than the page's longest ends its paragraph


def pdf_paragraphs(file: IO[bytes], reading: Reading) -> Iterator[str]:
    """Each page's text cut at blank lines. An encrypted PDF that opens with no password
    is read; one that needs a password is a ReadError. A document whose pages read hold no
    text is a ReadError saying it has no text layer (a scan: OCR is not done)."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns per odd object, with values
    pdf = _opened(file)
    if pdf.is_encrypted:
        _decrypt(pdf)
    count = len(pdf.pages)
    pages = _chosen_pages(count, reading)
    with_text = 0
    for number, index in enumerate(pages):
        if number and reading.over_limit():
            reading.complete = False
            break
        try:
            text = _page_text(pdf, index)
        except (PyPdfError, KeyError, ValueError) as exc:  # one damaged page: the rest is read
            reading.note(f"page {index + 1}: {short_reason(exc)}")
            continue
        if not text.strip():
            reading.note(f"page {index + 1}: no text layer")
            continue
        with_text += 1
        yield from page_paragraphs(text)
    if with_text == 0:
        raise ReadError(
            f"no text layer: none of the {len(pages)} pages read of {count} holds text "
            "(a scanned or image-only PDF; OCR is not done)"
        )


def _opened(file: IO[bytes]) -> pypdf.PdfReader:
    """The PDF opened strictly first: the lenient reader checks every object's offset in
    the cross-reference table (a read per object: the whole file, or one ranged GET per
    object of a blob); only a table found broken is repaired that way."""
    try:
        pdf = pypdf.PdfReader(file, strict=True)
    except (PyPdfError, ValueError, KeyError):
        file.seek(0)
        pdf = pypdf.PdfReader(file, strict=False)
    pdf.strict = False  # pages are read leniently: a damaged page is counted, not fatal
    return pdf


def _decrypt(pdf: pypdf.PdfReader) -> None:
    try:
        opened = pdf.decrypt("")  # owner-password-only PDFs open with the empty user password
    except (PyPdfError, NotImplementedError) as exc:
        raise ReadError(f"encrypted PDF that cannot be decrypted: {short_reason(exc)}") from exc
    if not opened:
        raise ReadError("encrypted PDF: a password is needed to read its text")


def _chosen_pages(count: int, reading: Reading) -> list[int]:
    """Every page in full mode; else the first few and the rest spread evenly."""
    if reading.sampling.full or count <= SAMPLE_PAGES:
        return list(range(count))
    reading.complete = False
    first = list(range(FIRST_PAGES))
    rest = even_indices(count - FIRST_PAGES, SAMPLE_PAGES - FIRST_PAGES)
    return first + [FIRST_PAGES + index for index in rest]


def _page_text(pdf: pypdf.PdfReader, index: int) -> str:
    try:
        return pdf.pages[index].extract_text() or ""
    except FileNotDecryptedError as exc:  # before PyPdfError, which it is
        raise ReadError("encrypted PDF: a password is needed to read its text") from exc


def page_paragraphs(text: str) -> list[str]:
    """A page's lines joined into paragraphs: pypdf gives lines, not the gaps between
    paragraphs, so a paragraph ends at a blank line or at a short line ending a sentence."""
    lines = [line.strip() for line in text.splitlines()]
    longest = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        if current and (
            not line or (line.endswith(_SENTENCE_END) and len(line) < SHORT_LINE * longest)
        ):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs
