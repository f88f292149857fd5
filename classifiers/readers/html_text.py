"""HTML as a reader sees it: visible text by block, and values people put in attributes
(mailto: and tel: links, titles, alt text), through a real parser (BeautifulSoup + lxml)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO
from urllib.parse import unquote

from bs4 import BeautifulSoup, NavigableString, Tag

from classifiers.readers.documents import WINDOW_BYTES
from classifiers.readers.parsed_reading import Reading
from classifiers.readers.spread import window_starts

ERRORS = (UnicodeDecodeError,)
_HIDDEN = ("script", "style", "noscript", "template", "head")
_BLOCKS = (
    "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br", "section",
    "article", "header", "footer", "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
    "address", "form", "nav", "aside", "main", "figure", "figcaption", "hr", "title", "option",
)  # fmt: skip
_BREAKS = frozenset({"br", "hr", "img", "wbr"})  # between two texts of one block: a space
_TEXT_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "label")
_LINK_SCHEMES = re.compile(r"^\s*(mailto|tel|callto|sms):", re.IGNORECASE)
_META_NAMES = frozenset({"author", "description", "reply-to", "contact"})


def html_paragraphs(file: IO[bytes], size: int, reading: Reading) -> Iterator[str]:
    """The whole page, or in sample mode a large page's evenly spaced byte windows, each
    parsed as a fragment (a parser takes a cut tag as text, not as an error)."""
    sampling = reading.sampling
    if sampling.full or size <= sampling.whole_read_bytes:
        yield from page_paragraphs(file.read())
        return
    reading.complete = False
    width = min(WINDOW_BYTES, sampling.window_budget(size))
    for start in window_starts(0, size, sampling.windows, width):
        file.seek(start)
        yield from page_paragraphs(file.read(width))


def page_paragraphs(markup: bytes | str) -> list[str]:
    """Visible text, a paragraph per block element, then attribute values not already in it."""
    soup = BeautifulSoup(markup, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    values = list(dict.fromkeys(_attribute_values(soup)))
    for hidden in soup(_HIDDEN):
        hidden.decompose()
    paragraphs = [title] if title else []
    paragraphs += [" ".join(text.split()) for text in _block_texts(soup)]
    paragraphs = [p for p in paragraphs if p]
    shown = "\n".join(paragraphs)
    extra = [v for v in values if v not in shown]
    return paragraphs + ([" ; ".join(extra)] if extra else [])


def _block_texts(soup: BeautifulSoup) -> Iterator[str]:
    """The page's text strings joined per nearest block element, in document order (one
    pass: inserting separators into the tree costs a list search per insert)."""
    pieces: list[str] = []
    block: Tag | None = None
    for string in soup.find_all(string=True):
        if type(string) is not NavigableString:  # comments, doctype, CDATA
            continue
        owner = next((p for p in string.parents if p.name in _BLOCKS), None)
        if owner is not block and pieces:
            yield "".join(pieces)
            pieces = []
        block = owner
        before = string.previous_sibling
        if isinstance(before, Tag) and before.name in _BREAKS:
            pieces.append("\n")
        pieces.append(str(string))
    if pieces:
        yield "".join(pieces)


def _attribute_values(soup: BeautifulSoup) -> list[str]:
    values: list[str] = []
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag):
            continue
        href = tag.get("href")
        if isinstance(href, str) and _LINK_SCHEMES.match(href):
            target = unquote(_LINK_SCHEMES.sub("", href)).split("?", 1)[0]
            values.extend(part.strip() for part in target.split(",") if part.strip())
        for name in _TEXT_ATTRIBUTES:
            value = tag.get(name)
            if isinstance(value, str) and value.strip():
                values.append(" ".join(value.split()))
        if tag.name == "meta" and str(tag.get("name", "")).lower() in _META_NAMES:
            content = tag.get("content")
            if isinstance(content, str) and content.strip():
                values.append(" ".join(content.split()))
    return values
