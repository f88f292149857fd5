"""Gzip streams bounded by what they produce: a decompression bomb is refused, not inflated.

A stream may expand to `InflateLimit.bound(stored size)`, max(1 GiB, 200 x its stored bytes)
by default. It is refused as soon as its output passes that bound, or earlier: once it has
produced PROJECT_FROM bytes, at the rate its compressed bytes have expanded so far the whole
stream would pass the bound (2 GB of zeros gzip to 2 MB; they are refused after about 9 MiB of
output, in sample and full mode alike, without holding more than a buffer of them).
"""

from __future__ import annotations

import gzip
import io

from classifiers.budget import MIB, Checkpoint
from classifiers.readers.base import InflateLimit, ReadError

PROJECT_FROM = 8 * MIB  # output after which the rate so far is trusted for the whole stream
_BUFFER_BYTES = 64 * 1024


class Inflated(io.RawIOBase):
    """The decompressed bytes of a gzip stream over `compressed`, counted and bounded."""

    def __init__(
        self, compressed: io.BufferedReader, stored: int, limit: InflateLimit, check: Checkpoint
    ) -> None:
        self._compressed = compressed
        self._gzip = gzip.GzipFile(fileobj=compressed, mode="rb")
        self._stored = max(stored, 1)
        self._bound = limit.bound(stored)
        self._check = check
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = self._gzip.readinto1(buffer)  # one block: a cut stream keeps what came before
        self.produced += count
        if self.produced > self._bound:
            raise ReadError(f"gzip expands beyond {self._bound:,} bytes: {_REFUSED}")
        if self.produced >= PROJECT_FROM:
            self._project()
        self._check()
        return count

    def _project(self) -> None:
        consumed = max(self._compressed.tell(), 1)  # at most a read-ahead block more than used
        if self.produced * self._stored > self._bound * consumed:
            raise ReadError(
                f"gzip expands beyond {self._bound:,} bytes (its first {self.produced:,} bytes "
                f"came from {consumed:,} compressed bytes): {_REFUSED}"
            )

    def tell(self) -> int:
        return self.produced

    def close(self) -> None:
        if not self.closed:
            self._gzip.close()
            self._compressed.close()  # GzipFile leaves the file it was given open
        super().close()


_REFUSED = "refused as a decompression bomb (scan.gzip_bomb_mb and scan.gzip_bomb_ratio bound it)"


def inflated(
    compressed: io.BufferedReader, stored: int, limit: InflateLimit, check: Checkpoint
) -> io.BufferedReader:
    """A buffered, bounded gzip stream (read, readline, tell) over a compressed file."""
    return io.BufferedReader(Inflated(compressed, stored, limit, check), _BUFFER_BYTES)


def check_inflation(stream: io.BufferedIOBase) -> None:
    """Read a bounded stream to its end, keeping nothing: a bomb is refused before a library
    that decompresses on its own (Polars' CSV reader) inflates it."""
    while stream.read(4 * _BUFFER_BYTES):
        pass
