"""Word and PowerPoint text: paragraphs and table rows (python-docx), slides and notes
(python-pptx). Only the package's XML parts are read; pictures and media are never fetched."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

import docx
import pptx
from docx.table import Table as WordTable
from lxml import etree

from classifiers.readers.base import ReadError
from classifiers.readers.parsed_reading import Reading

ERRORS = (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, zipfile.LargeZipFile)
_TEXT_PARTS = (".xml", ".rels")
XML_INFLATE_RATIO = 100  # an XML part may expand this much, else a ZIP bomb is refused


def docx_paragraphs(file: IO[bytes], reading: Reading) -> Iterator[str]:
    """Body paragraphs and table rows in document order, then headers and footers."""
    document = docx.Document(_text_package(file))
    for block in document.iter_inner_content():
        if isinstance(block, WordTable):
            yield from _table_rows(block)
        else:
            yield block.text
    seen: set[str] = set()
    for section in document.sections:  # letterheads: the sender's address and phone
        for part in (section.header, section.footer):
            for paragraph in part.paragraphs:
                if paragraph.text.strip() and paragraph.text not in seen:
                    seen.add(paragraph.text)
                    yield paragraph.text


def pptx_paragraphs(file: IO[bytes], reading: Reading) -> Iterator[str]:
    """Per slide, the text of each shape (tables by row, groups opened), then its notes."""
    deck = pptx.Presentation(_text_package(file))
    for slide in deck.slides:
        yield from _shapes_text(slide.shapes)
        if slide.has_notes_slide and (notes := slide.notes_slide.notes_text_frame) is not None:
            yield notes.text


def _shapes_text(shapes: Iterable[Any]) -> Iterator[str]:
    for shape in shapes:
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            yield shape.text_frame.text
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                yield " | ".join(cell.text for cell in row.cells)
        if hasattr(shape, "shapes"):  # a group
            yield from _shapes_text(shape.shapes)


def _table_rows(table: WordTable) -> Iterator[str]:
    """Each row's cells joined; a merged cell shows once, not once per grid column."""
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = cell.text.strip()
            if not cells or text != cells[-1]:
                cells.append(text)
        yield " | ".join(cells)


def _text_package(file: IO[bytes]) -> io.BytesIO:
    """A copy of the package with its XML parts and every other part empty: the parser
    sees the same parts and relationships, and a picture's bytes are never read."""
    copy = io.BytesIO()
    with zipfile.ZipFile(file) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            data = b""
            if info.filename.lower().endswith(_TEXT_PARTS):
                data = _bounded(source, info)
            target.writestr(info.filename, data)
    if copy.tell() == 0:
        raise ReadError("empty Office package")
    copy.seek(0)
    return copy


def _bounded(source: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    limit = max(XML_INFLATE_RATIO * info.compress_size, 1024 * 1024)
    with source.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise ReadError(f"part {info.filename} inflates over {XML_INFLATE_RATIO}x: refused")
    return data
