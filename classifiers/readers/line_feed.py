"""Decoded lines from a byte stream, keeping the byte offset of each line for error messages."""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Iterator

from classifiers.readers.base import Tally, short_reason
from classifiers.readers.byte_stream import open_stream
from classifiers.readers.readable import ReadableObject
from classifiers.readers.text_encoding import byte_lines, decode_line

_BLOCK_BYTES = 1024 * 1024
CUT_STREAM = (EOFError, zlib.error, gzip.BadGzipFile)  # how a cut gzip stream shows
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # lines ended by CR, LF or CRLF


class LineFeed:
    """Iterates a binary stream as lines of text; `offset` is where the next line starts.

    Consumers such as csv.reader pull one line at a time, so between records `offset` is the
    byte offset of the next record (decompressed bytes for a gzip stream, UTF-8 bytes for a
    transcoded one). A line that does not decode is read leniently and counted in `tally`
    as repaired.
    """

    def __init__(
        self,
        stream: io.BufferedIOBase,
        offset: int = 0,
        encoding: str = "utf-8",
        tally: Tally | None = None,
    ):
        self.offset = offset
        self.cut = False  # the stream ended early (a truncated gzip stream)
        self._stream = stream
        self._encoding = encoding
        self._tally = tally or Tally()

    def __iter__(self) -> Iterator[str]:
        for raw in self._raw_lines():
            start = self.offset
            self.offset += len(raw)
            line, repaired = decode_line(raw, self._encoding)
            self._tally.records_repaired += repaired
            line = line.removeprefix("\ufeff") if start == 0 else line
            if line.find("\r", 0, len(line) - 2) >= 0:  # a bare CR ends a line too (old Mac)
                yield from _LINES.findall(line)
            else:
                yield line

    def _raw_lines(self) -> Iterator[bytes]:
        """The stream's lines; a gzip stream cut short ends them, its cut record counted
        as unreadable (what came before it is read) and `cut` set."""
        lines = iter(self._stream.readline, b"")
        while True:
            try:
                yield next(lines)
            except StopIteration:
                return
            except CUT_STREAM as exc:
                self.cut = True
                where = f"after {self.offset:,} bytes"
                self._tally.skip(f"corrupt or truncated gzip {where}: {short_reason(exc)}")
                return


class Utf8Stream(io.RawIOBase):
    """The UTF-8 bytes of a stream in another encoding (UTF-16/32, whose line breaks are not
    the byte 0x0A), so every reader of lines reads it as it reads UTF-8. Bad bytes become
    U+FFFD; a byte order mark is dropped."""

    def __init__(self, stream: io.BufferedIOBase, encoding: str):
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._pending = b""
        self._at = 0  # how much of _pending was handed out
        self._started = False
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while self._at == len(self._pending) and not self._done:
            block = self._stream.read(_BLOCK_BYTES)
            self._done = not block
            text = self._decoder.decode(block, final=self._done)
            if not self._started and text:
                text, self._started = text.removeprefix("\ufeff"), True
            self._pending, self._at = text.encode("utf-8"), 0
        count = min(len(buffer), len(self._pending) - self._at)
        buffer[:count] = self._pending[self._at : self._at + count]
        self._at += count
        return count

    def close(self) -> None:
        self._stream.close()
        super().close()


def open_text(
    obj: ReadableObject, compression: str | None, tally: Tally, encoding: str
) -> tuple[io.BufferedIOBase, str]:
    """The object's content as a stream whose lines end in the byte 0x0A, and its encoding:
    UTF-16/32 are transcoded to UTF-8 on the way, other encodings are read as they are."""
    stream = open_stream(obj, compression, tally)
    if byte_lines(encoding):
        return stream, encoding
    return io.BufferedReader(Utf8Stream(stream, encoding), buffer_size=64 * 1024), "utf-8"
