"""Word and PowerPoint text: paragraphs and table rows (python-docx), slides and notes
(python-pptx). Only the package's XML parts are read; pictures and media are never fetched."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

import docx
import pptx
from docx.table import Table as WordTable
from lxml import etree

from classifiers.readers.base import ReadError
from classifiers.readers.parsed_reading import Reading
from classifiers.readers.spread import even_indices

ERRORS = (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, zipfile.LargeZipFile)
_TEXT_PARTS = (".xml", ".rels")
XML_INFLATE_RATIO = 100  # an XML part may expand this much, else a ZIP bomb is refused
_BLOCK_BYTES = 64 * 1024
_MIN_BODY = 16 * 1024  # stored bytes of a document's body read at least, whatever the bound
# The parts that hold a document's text: what sample mode picks from when they are large.
_CONTENT = re.compile(r"^(word/document|ppt/slides/slide|ppt/notesSlides/notesSlide)\d*\.xml$")
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_EMPTY_TREE = (
    '<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
    "</p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld>"
)
_BLANK = {  # a slide or notes page left unread in sample mode: valid, and empty
    "ppt/slides/slide": f'<p:sld xmlns:p="{_P}">{_EMPTY_TREE}</p:sld>'.encode(),
    "ppt/notesSlides/notesSlide": f'<p:notes xmlns:p="{_P}">{_EMPTY_TREE}</p:notes>'.encode(),
}


def docx_paragraphs(file: IO[bytes], reading: Reading) -> Iterator[str]:
    """Body paragraphs and table rows in document order, then headers and footers."""
    document = docx.Document(_text_package(file, reading))
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
    deck = pptx.Presentation(_text_package(file, reading))
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


def _text_package(file: IO[bytes], reading: Reading) -> io.BytesIO:
    """A copy of the package with its XML parts and every other part empty: the parser
    sees the same parts and relationships, and a picture's bytes are never read. In sample
    mode, when the text parts hold more than the byte bound, slides are picked evenly (the
    others left blank) and a document's body is cut at the bound."""
    copy = io.BytesIO()
    with zipfile.ZipFile(file) as source, zipfile.ZipFile(copy, "w") as target:
        infos = source.infolist()
        texts = [i for i in infos if i.filename.lower().endswith(_TEXT_PARTS)]
        kept = _kept_content(texts, reading)
        for info in infos:
            data = b""
            content = _CONTENT.match(info.filename)
            if info.filename in kept:
                data = _bounded(source, info, kept[info.filename], reading)
            elif content is not None:
                data = _BLANK[content.group(1)]
            elif info in texts:
                data = _bounded(source, info, None, reading)
            target.writestr(info.filename, data)
    if copy.tell() == 0:
        raise ReadError("empty Office package")
    copy.seek(0)
    return copy


def _kept_content(texts: list[zipfile.ZipInfo], reading: Reading) -> dict[str, int | None]:
    """The content parts (body, slides, notes) read, each with the stored bytes it may take
    (None: all). Every one of them, unless sample mode's bound is smaller than they are."""
    content = sorted((i for i in texts if _CONTENT.match(i.filename)), key=_part_order)
    limit = reading.byte_limit
    stored = sum(i.compress_size for i in content)
    if limit is None or stored <= limit or not content:
        return {i.filename: None for i in content}
    reading.complete = False
    budget = max(limit - sum(i.compress_size for i in texts if i not in content), _MIN_BODY)
    if len(content) == 1:  # a document's body: its first `budget` stored bytes
        return {content[0].filename: budget}
    count = max(1, int(len(content) * budget / stored))
    return {content[i].filename: None for i in even_indices(len(content), count)}


def _part_order(info: zipfile.ZipInfo) -> tuple[str, int]:
    """slide2.xml before slide10.xml."""
    stem = info.filename.removesuffix(".xml")
    digits = len(stem) - len(stem.rstrip("0123456789"))
    return stem[: len(stem) - digits], int(stem[len(stem) - digits :] or 0)


def _bounded(
    source: zipfile.ZipFile, info: zipfile.ZipInfo, stored: int | None, reading: Reading
) -> bytes:
    """A part's XML; with `stored`, only what that many stored bytes inflate to, its cut
    elements closed by a recovering parse."""
    limit = max(XML_INFLATE_RATIO * info.compress_size, 1024 * 1024)
    start = reading.tally.bytes_read
    data = b""
    with source.open(info) as member:
        while block := member.read(_BLOCK_BYTES):
            data += block
            if len(data) > limit:
                raise ReadError(f"part {info.filename} inflates over {XML_INFLATE_RATIO}x: refused")
            if stored is not None and reading.tally.bytes_read - start >= stored:
                return _closed(data)
    return data


def _closed(data: bytes) -> bytes:
    root = etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False))
    if root is None:
        raise ReadError("the document's text could not be read within the sample byte bound")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
