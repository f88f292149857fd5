"""Text and Markdown as a one-column table: one row per paragraph or ~1,000-character chunk."""

from __future__ import annotations

import codecs
import io
import math
import re
from collections.abc import Iterator

import polars as pl

from classifiers.readers.base import Produce, Sampling, Tally
from classifiers.readers.byte_stream import open_counted, open_stream
from classifiers.readers.readable import ReadableObject
from classifiers.readers.spread import Thinning, pick_evenly, window_starts
from classifiers.readers.text_encoding import unit_bytes

CHUNK_CHARS = 1_000
WINDOW_BYTES = 256 * 1024
_BLOCK_BYTES = 1024 * 1024
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s")
_SPACE = re.compile(r"\s")


def document_reader(
    obj: ReadableObject, compression: str | None, encoding: str, sampling: Sampling
) -> Produce:
    """Pick how to read a text object in `encoding` (a Python codec) for the sampling asked."""
    if sampling.full or compression is not None or obj.size <= sampling.whole_read_bytes:
        return lambda tally: _read_stream(obj, compression, encoding, sampling, tally)
    return lambda tally: _sample_windows(obj, encoding, sampling, tally)


def document_frame(chunks: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"content": chunks}, schema={"content": pl.String})


def _read_stream(
    obj: ReadableObject, compression: str | None, encoding: str, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    """Full mode: batches of chunks. Sample mode: evenly spaced chunks (gzip up to max_bytes)."""
    thinning: Thinning[str] = Thinning(sampling.max_rows)
    batch: list[str] = []
    total, complete = 0, True
    with open_stream(obj, compression, tally) as stream:
        for chunk in _chunked(_paragraphs(_decoded(stream, encoding))):
            total += 1
            if not sampling.full:
                thinning.offer(chunk)
                if compression and (stream.tell() >= sampling.max_bytes or sampling.capped(tally)):
                    complete = False
                    break
            else:
                batch.append(chunk)
                if len(batch) >= sampling.batch_rows:
                    yield document_frame(batch)
                    batch = []
    tally.rows_total = total if complete else None
    if not sampling.full:
        yield document_frame(thinning.result())
    elif batch or total == 0:
        yield document_frame(batch)


def _decoded(stream: io.BufferedIOBase, encoding: str) -> Iterator[str]:
    """The text of the stream; bytes that are not in the encoding read as U+FFFD."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    first = True
    for block in iter(lambda: stream.read(_BLOCK_BYTES), b""):
        text = decoder.decode(block)
        yield text.removeprefix("\ufeff") if first else text  # a byte order mark
        first = first and not text
    yield decoder.decode(b"", final=True)


def _paragraphs(texts: Iterator[str]) -> Iterator[str]:
    """Blank-line separated paragraphs of a stream of text pieces."""
    carry = ""
    for text in texts:
        parts = _BLANK_LINE.split(carry + text.replace("\r\n", "\n"))
        carry = parts.pop()
        yield from parts
        if len(carry) > 8 * CHUNK_CHARS:  # no blank line for a long way: let chunking cut it
            yield carry
            carry = ""
    yield carry


def _chunked(paragraphs: Iterator[str]) -> Iterator[str]:
    for paragraph in paragraphs:
        yield from chunks(paragraph)


def chunks(paragraph: str, limit: int = CHUNK_CHARS) -> Iterator[str]:
    """A paragraph cut into pieces of at most `limit` chars, at sentence ends or spaces."""
    rest = paragraph.strip()
    while len(rest) > limit:
        cut = _cut(rest, limit)
        yield rest[:cut].rstrip()
        rest = rest[cut:].lstrip()
    if rest:
        yield rest


def _cut(text: str, limit: int) -> int:
    for pattern in (_SENTENCE_END, _SPACE):
        ends = [match.end() for match in pattern.finditer(text, 0, limit + 1)]
        if ends and ends[-1] > limit // 2:
            return ends[-1]
    return limit


def _sample_windows(
    obj: ReadableObject, encoding: str, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    """Chunks from evenly spaced byte windows, cut to whole lines."""
    size = obj.size
    quota = math.ceil(sampling.max_rows / sampling.windows)
    width = min(WINDOW_BYTES, sampling.window_budget(size))
    taken: list[str] = []
    with open_counted(obj, tally) as file:
        for start in window_starts(0, size, sampling.windows, width):
            start -= start % unit_bytes(encoding)  # land on a code unit
            file.seek(start)
            block = file.read(width)
            text = _window_text(block, start, encoding)
            if start > 0:
                text = text.partition("\n")[2]
            if start + len(block) < size:
                text = text.rpartition("\n")[0]
            taken.extend(pick_evenly(list(_chunked(_paragraphs(iter([text])))), quota))
    yield document_frame(pick_evenly(taken, sampling.max_rows))


def _window_text(block: bytes, start: int, encoding: str) -> str:
    """A window's text: a character cut at either end reads as U+FFFD, on a line the
    window drops (unless the window is the file's start or end)."""
    if start > 0 and encoding.startswith("utf-8"):
        block = block.lstrip(bytes(range(0x80, 0xC0)))  # continuation bytes of a cut character
    return block.decode(encoding, errors="replace").removeprefix("\ufeff")
