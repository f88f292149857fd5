"""A blob as a seekable, read-only file: ranged GETs, a read-ahead that grows, a small cache.

pyarrow's ParquetFile, gzip and the text readers only ever see a file object; each miss costs
one ranged GET. A read at a new place fetches `first` bytes (64 KiB: enough to sniff a format
or hold a small blob whole); reads that carry on where the last fetch ended double the
read-ahead up to `block` (4 MiB), so streaming a blob costs few requests and sampling one
costs few bytes. Explicit large reads (a Parquet column chunk) are fetched as asked.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Fetch = Callable[[int, int], bytes]  # (offset, length) -> exactly those bytes of the blob

BLOCK_BYTES = 4 * 1024 * 1024
FIRST_BYTES = 64 * 1024


class RangeCache:
    """The last few byte ranges fetched from one blob version, shared by its open files."""

    def __init__(self, capacity: int = 2 * BLOCK_BYTES):
        self.capacity = capacity
        self._ranges: list[tuple[int, bytes]] = []  # least recently used first

    def find(self, position: int) -> tuple[int, bytes] | None:
        for index, (start, data) in enumerate(self._ranges):
            if start <= position < start + len(data):
                self._ranges.append(self._ranges.pop(index))
                return start, data
        return None

    def add(self, start: int, data: bytes) -> None:
        if len(data) > self.capacity:
            return  # a one-off large read: the caller has it, keeping it would evict the rest
        self._ranges.append((start, data))
        while sum(len(d) for _, d in self._ranges) > self.capacity:
            self._ranges.pop(0)


class BlobRangeFile(io.RawIOBase):
    """Reads `size` bytes through `fetch`; every read returns all it was asked for until EOF."""

    def __init__(
        self,
        fetch: Fetch,
        size: int,
        *,
        block: int = BLOCK_BYTES,
        first: int = FIRST_BYTES,
        cache: RangeCache | None = None,
    ):
        self._fetch = fetch
        self._size = size
        self._block = block
        self._first = min(first, block)
        self._cache = cache or RangeCache(2 * block)
        self._position = 0
        self._readahead = self._first
        self._fetched_to = -1  # where the last fetch ended: a miss there is sequential

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._position = base + offset
        return self._position

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        wanted = max(0, min(len(view), self._size - self._position))
        filled = 0
        while filled < wanted:
            start, data = self._range_at(self._position, wanted - filled)
            piece = data[self._position - start : self._position - start + wanted - filled]
            view[filled : filled + len(piece)] = piece
            filled += len(piece)
            self._position += len(piece)
        return filled

    def _range_at(self, position: int, needed: int) -> tuple[int, bytes]:
        found = self._cache.find(position)
        if found is not None:
            return found
        sequential = position == self._fetched_to
        self._readahead = min(2 * self._readahead, self._block) if sequential else self._first
        length = min(max(needed, self._readahead), self._size - position)
        data = self._fetch(position, length)
        if len(data) != length:
            raise OSError(f"short ranged read: {len(data)} of {length} bytes at {position}")
        self._fetched_to = position + length
        self._cache.add(position, data)
        return position, data


@dataclass(frozen=True)
class BlobObject:
    """One listed blob version as a ReadableObject; its opens share one range cache."""

    name: str  # the blob's base name: extension hints and messages
    size: int
    fetch: Fetch = field(repr=False)
    sample_cap: int | None = None
    block: int = BLOCK_BYTES
    cache: RangeCache = field(default_factory=RangeCache, repr=False, compare=False)

    @property
    def local_path(self) -> Path | None:
        return None

    def open(self) -> io.RawIOBase:
        return BlobRangeFile(self.fetch, self.size, block=self.block, cache=self.cache)
