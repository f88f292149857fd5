"""Decoded lines from a byte stream, keeping the byte offset of each line for error messages."""

from __future__ import annotations

import io
from collections.abc import Iterator

from classifiers.readers.byte_stream import utf8_error


class LineFeed:
    """Iterates a binary stream as UTF-8 lines; `offset` is where the next line starts.

    Consumers such as csv.reader pull one line at a time, so between records `offset` is the
    byte offset of the next record (decompressed bytes for a gzip stream).
    """

    def __init__(self, stream: io.BufferedIOBase, name: str, offset: int = 0):
        self.offset = offset
        self._stream = stream
        self._name = name

    def __iter__(self) -> Iterator[str]:
        for raw in iter(self._stream.readline, b""):
            start = self.offset
            self.offset += len(raw)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise utf8_error(self._name, exc, start) from None
            yield line.removeprefix("\ufeff") if start == 0 else line
