"""Mail as text: headers (From, To, Cc, Subject), plain and HTML bodies, and attachments in
the document formats, from one message (.eml), a mailbox (mbox) or an Outlook .msg."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from typing import IO, Any

from classifiers.readers.base import ReadError, short_reason
from classifiers.readers.html_text import page_paragraphs
from classifiers.readers.parsed_reading import Reading
from classifiers.readers.spread import window_starts

ERRORS = (LookupError,)
HEADERS = ("From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Subject")
MBOX_WINDOW_BYTES = 1024 * 1024
_BLOCK_BYTES = 1024 * 1024
_MBOX_SEPARATOR = re.compile(rb"(?:^|\n)From [^\n]*\n")
_BLANK_LINE = re.compile(r"\n\s*\n")
# compat32: the modern policy parses a message about 13x slower (header objects built
# eagerly); headers are decoded here instead, only the few that are read.
_PARSER = BytesParser(policy=policy.compat32)


def eml_paragraphs(file: IO[bytes], size: int, reading: Reading) -> Iterator[str]:
    """One message; sample mode parses its first bytes up to the object's byte bound."""
    limit = reading.byte_limit
    if limit is not None and size > limit:
        reading.complete = False
    data = file.read(-1 if limit is None else limit)
    yield from message_paragraphs(_PARSER.parsebytes(data), reading)


def mbox_paragraphs(file: IO[bytes], size: int, reading: Reading) -> Iterator[str]:
    """Every message, or in sample mode of a large mailbox the whole messages inside evenly
    spaced windows."""
    sampling = reading.sampling
    if sampling.full or size <= sampling.whole_read_bytes:
        for raw in _streamed_messages(file):
            yield from message_paragraphs(_PARSER.parsebytes(raw), reading)
        return
    reading.complete = False
    width = min(MBOX_WINDOW_BYTES, sampling.window_budget(size))
    for start in window_starts(0, size, sampling.windows, width):
        file.seek(start)
        block = file.read(width)
        if start > 0:  # drop the message the window starts inside
            block = block[m.start() :] if (m := _MBOX_SEPARATOR.search(block, 1)) else b""
        if start + width < size:  # and the one it ends inside
            ends = [m.start() for m in _MBOX_SEPARATOR.finditer(block)]
            block = block[: ends[-1]] if len(ends) > 1 else b""
        for raw in _MBOX_SEPARATOR.split(block):
            if raw.strip():
                yield from message_paragraphs(_PARSER.parsebytes(raw), reading)


def _streamed_messages(file: IO[bytes]) -> Iterator[bytes]:
    carry = b""
    for block in iter(lambda: file.read(_BLOCK_BYTES), b""):
        parts = _MBOX_SEPARATOR.split(carry + block)
        carry = parts.pop()
        yield from (part for part in parts if part.strip())
    if carry.strip():
        yield carry


def message_paragraphs(message: Message, reading: Reading) -> Iterator[str]:
    """The header lines as one paragraph, then each body part and attachment in order; a
    forwarded message (message/rfc822) gives its own header lines too."""
    if header := _header_lines(message):
        yield header
    for part in message.walk():
        if part is not message and part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            forwarded = (
                [m for m in inner if isinstance(m, Message)] if isinstance(inner, list) else []
            )
            yield from (h for m in forwarded if (h := _header_lines(m)))
            continue
        if part.is_multipart():
            continue
        name = part.get_filename()
        kind = part.get_content_type()
        if name or part.get_content_disposition() == "attachment":
            data = part.get_payload(decode=True)
            if isinstance(data, bytes):
                yield from _attachment(data, name or "attachment", reading)
        elif kind in ("text/plain", "text/html"):
            text = _part_text(part)
            yield from page_paragraphs(text) if kind == "text/html" else _BLANK_LINE.split(text)


def _header_lines(message: Message) -> str:
    lines = [f"{n}: {_decoded(v)}" for n in HEADERS for v in message.get_all(n) or []]
    return "\n".join(lines)


def _decoded(value: object) -> str:
    """A header's value with its encoded words (=?utf-8?q?...?=) decoded."""
    try:
        return str(make_header(decode_header(str(value))))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return str(value)


def _part_text(part: Message) -> str:
    """A text part decoded in its declared charset; an unknown charset as UTF-8, replaced."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(payload or "")
    try:
        return payload.decode(part.get_content_charset() or "utf-8", "replace")
    except LookupError:
        return payload.decode("utf-8", "replace")


def _attachment(data: bytes, name: str, reading: Reading) -> Iterator[str]:
    if reading.attached is not None:
        yield from reading.attached(data, name, reading)


def msg_paragraphs(file: IO[bytes], size: int, reading: Reading) -> Iterator[str]:
    """An Outlook message through extract-msg: it needs the whole file, so sample mode
    refuses one over the object's byte bound rather than read past it."""
    limit = reading.byte_limit
    if limit is not None and size > limit:
        raise ReadError(f"an Outlook message of {size:,} bytes is over the sample bound "
                        f"({limit:,}); full mode reads it")  # fmt: skip
    yield from outlook_paragraphs(file.read(), reading)


def outlook_paragraphs(data: bytes, reading: Reading) -> Iterator[str]:
    import extract_msg  # heavy import: only for .msg objects
    from extract_msg.exceptions import ExMsgBaseException

    try:
        message: Any = extract_msg.openMsg(io.BytesIO(data), strict=False)
    except (ExMsgBaseException, OSError, ValueError) as exc:
        raise ReadError(f"not a readable Outlook message: {short_reason(exc)}") from exc
    with message:
        fields = (("From", "sender"), ("To", "to"), ("Cc", "cc"), ("Subject", "subject"))
        header = [f"{label}: {v}" for label, a in fields if (v := getattr(message, a, None))]
        if header:
            yield "\n".join(header)
        body = getattr(message, "body", None)
        if isinstance(body, str) and body.strip():
            yield from _BLANK_LINE.split(body)
        elif isinstance(html := getattr(message, "htmlBody", None), bytes):
            yield from page_paragraphs(html)
        for attachment in getattr(message, "attachments", []):
            content = getattr(attachment, "data", None)
            name = getattr(attachment, "longFilename", None) or "attachment"
            if isinstance(content, bytes):
                yield from _attachment(content, name, reading)
