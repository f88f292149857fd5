"""The reader contract: sampling settings, the error readers raise and the handle they return."""

from __future__ import annotations

import gzip
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import polars as pl

from classifiers.budget import MIB, Checkpoint, carry_on
from classifiers.masking import redact_message
from classifiers.model import Coverage
from classifiers.readers.long_values import bounded_frame

SMALL_FILE_BYTES = 4 * 1024 * 1024  # below this, sample mode reads the whole file


class ReadError(Exception):
    """A clear, user-facing reason an object could not be read."""


@dataclass(frozen=True)
class InflateLimit:
    """How far a gzip stream may expand before it is refused as a decompression bomb."""

    ratio: int = 200  # times its stored size...
    floor: int = 1024 * MIB  # ...or this many bytes, whichever is more

    def bound(self, stored: int) -> int:
        return max(self.floor, self.ratio * stored)


@dataclass(frozen=True)
class Sampling:
    """How much of an object to read."""

    mode: str = "sample"  # "sample" | "full"
    max_rows: int = 10_000  # sample mode: rows read at most, spread across the file
    windows: int = 8  # sample mode, text formats: evenly spaced byte windows
    batch_rows: int = 250_000  # full mode: rows per batch yielded
    max_bytes: int = 64 * 1024 * 1024  # sample mode, gzip: decompressed bytes read at most
    max_object_bytes: int | None = None  # sample mode: stored bytes read at most per object
    inflate: InflateLimit = InflateLimit()  # every mode: how far a gzip stream may expand

    def __post_init__(self) -> None:
        if self.mode not in ("sample", "full"):
            raise ValueError(f"sampling mode must be 'sample' or 'full', not {self.mode!r}")
        sizes = (self.max_rows, self.windows, self.batch_rows, self.max_bytes)
        if min(sizes) < 1 or (self.max_object_bytes is not None and self.max_object_bytes < 1):
            raise ValueError("sampling sizes must be positive")

    @property
    def full(self) -> bool:
        return self.mode == "full"

    @property
    def whole_read_bytes(self) -> int:
        """Sample mode reads uncompressed text objects up to this size whole, else by windows."""
        return min(SMALL_FILE_BYTES, self.max_object_bytes or SMALL_FILE_BYTES)

    def window_budget(self, size: int) -> int:
        """Bytes one sample window may read: the per-object cap shared by the windows."""
        if self.max_object_bytes is None:
            return size
        return max(self.max_object_bytes // self.windows, 1)

    def capped(self, tally: Tally) -> bool:
        """Whether a sample stream has read the per-object cap (stored bytes)."""
        return self.max_object_bytes is not None and tally.bytes_read >= self.max_object_bytes


@dataclass
class Tally:
    """Running counts a reader keeps while it reads (mutable on purpose; private to a read)."""

    rows_total: int | None = None
    bytes_read: int = 0
    records_unreadable: int = 0  # records skipped (a malformed JSON line, a broken CSV record)
    records_repaired: int = 0  # records read with a fix (a ragged row, bytes not in the encoding)
    first_problem: str | None = None  # where the first unreadable record was, and why
    # What every stream of the read obeys: the object's budget check and the gzip bound.
    checkpoint: Checkpoint = field(default=carry_on, repr=False)
    inflate: InflateLimit = InflateLimit()

    def fresh(self) -> Tally:
        """A tally for another pass over the object, counted apart, under the same bounds."""
        return Tally(checkpoint=self.checkpoint, inflate=self.inflate)

    def skip(self, problem: str) -> None:
        """Count one record that could not be read; the first one's problem is kept."""
        self.records_unreadable += 1
        self.first_problem = self.first_problem or problem


Produce = Callable[[Tally], Iterator[pl.DataFrame]]

# Library failures that mean "this file is bad", turned into a ReadError with a short reason.
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def _library_errors() -> tuple[type[BaseException], ...]:
    """Arrow's errors only once pyarrow is imported: no Arrow error can come before that, and a
    CSV or JSON read should not pay for importing it."""
    arrow = sys.modules.get("pyarrow")
    found: tuple[type[BaseException], ...] = (pl.exceptions.PolarsError, OSError)
    return (*found, arrow.ArrowException) if arrow is not None else found


class TableRead:
    """One object being read: iterate batches(), then read coverage."""

    def __init__(
        self,
        produce: Produce,
        *,
        bytes_total: int,
        mode: str,
        document: bool = False,
        encoding: str | None = None,
        tally: Tally | None = None,  # its bounds (budget check, gzip bound); a new one if None
    ):
        self.document = document
        self.encoding = encoding
        self._produce = produce
        self._bytes_total = bytes_total
        self._mode = mode
        self._tally = tally or Tally()
        self._rows_read = 0
        self._started = False

    def batches(self) -> Iterator[pl.DataFrame]:
        """Frames with the same column names; ReadError if the object turns out unreadable."""
        if self._started:
            raise RuntimeError("batches() can be iterated only once per TableRead")
        self._started = True
        try:
            for frame in self._produce(self._tally):
                self._rows_read += frame.height
                yield bounded_frame(frame)
        except _GZIP_ERRORS as exc:
            raise ReadError(f"corrupt or truncated gzip: {short_reason(exc)}") from exc
        except _library_errors() as exc:
            raise ReadError(short_reason(exc)) from exc
        tally = self._tally
        if self._rows_read == 0 and tally.records_unreadable:
            raise ReadError(
                f"no record could be read: {tally.records_unreadable:,} malformed "
                f"({tally.first_problem})"
            )
        if self._rows_read == 0:  # a header row alone, a zero-row Parquet file, blank text
            raise ReadError("no rows to read: the object holds no records")

    @property
    def coverage(self) -> Coverage:
        """What was read; complete once batches() is exhausted."""
        return Coverage(
            rows_read=self._rows_read,
            rows_total=self._tally.rows_total,
            bytes_read=min(self._tally.bytes_read, self._bytes_total),
            bytes_total=self._bytes_total,
            mode=self._mode,
            encoding=self.encoding,
            records_unreadable=self._tally.records_unreadable,
            records_repaired=self._tally.records_repaired,
        )


def short_reason(exc: BaseException) -> str:
    """The first line of a library error, without its hints, with the values it quotes
    masked (a message is stored and shown; polars quotes the value it could not parse)."""
    text = str(exc).strip().splitlines()
    return redact_message(text[0].rstrip(".")) if text else type(exc).__name__
