"""CSV records fitted to the header's width, and sampled records turned into a frame."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from classifiers.model import DataFormat
from classifiers.readers.base import ReadError, Tally, short_reason
from classifiers.readers.line_feed import LineFeed
from classifiers.readers.long_values import VALUE_CAP, bounded_record

_CSV_SEPARATORS = (",", ";", "|")
OVERFLOW = "_overflow"  # the column that keeps the extra fields of rows longer than the header
_FIELD_LIMIT = 2**31 - 1  # the csv module's own limit (128 KiB) would refuse long cells


def separator(fmt: str, head: bytes | str) -> str:
    """Tab for TSV; for CSV the commonest of , ; | in the header line (comma if none)."""
    if fmt == DataFormat.TSV:
        return "\t"
    text = head.decode("utf-8", errors="replace") if isinstance(head, bytes) else head
    first = next(iter(text.splitlines()), "")  # CR, LF or CRLF line ends
    best = max(_CSV_SEPARATORS, key=first.count)
    return best if first.count(best) else ","


@dataclass(frozen=True)
class Layout:
    """How a delimited object's text is laid out: separator, encoding, and the column names
    when it has no header row (its first record is data)."""

    sep: str
    encoding: str = "utf-8"
    names: list[str] | None = None


class CsvRecords:
    """A csv.reader over a LineFeed that fits every record to the header's width.

    A short row is padded with empty fields; a long row keeps its extra fields, joined by
    the separator, in one more field (the `_overflow` column), or drops them when they are
    all empty; both are counted in `tally` as repaired. A record the csv module cannot parse
    is skipped and counted as unreadable.
    With `strict`, a ragged or malformed record raises ReadError instead (probing where a
    window's records start). With `numbered`, the feed starts at the top of the file and
    problems name line numbers; otherwise (a window in the middle of a file) byte offsets.
    """

    def __init__(
        self,
        feed: LineFeed,
        sep: str,
        width: int | None = None,
        numbered: bool = True,
        *,
        strict: bool = False,
        tally: Tally | None = None,
    ):
        csv.field_size_limit(_FIELD_LIMIT)  # process-wide; idempotent, so set where used
        self.feed = feed
        self.width = width
        self._sep = sep
        self._numbered = numbered
        self._strict = strict
        self._tally = tally or Tally()
        self._reader = csv.reader(feed, delimiter=sep)

    def header(self) -> list[str]:
        """The first non-blank record; it fixes the width of every later row."""
        for _, record in self._records():
            self.width = len(record)
            return record
        raise ReadError("no header row (the file holds only blank lines)")

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(byte offset, record) for each data row, fitted to the header's width."""
        for start, record in self._records():
            if len(record) != self.width:
                yield start, self._fitted(start, record)
            else:
                yield start, record

    def _fitted(self, start: int, record: list[str]) -> list[str]:
        width = self.width or len(record)
        if self._strict:
            raise ReadError(
                f"ragged rows: {self._where(start)} has {len(record)} fields, header has {width}"
            )
        self._tally.records_repaired += 1
        if len(record) < width:
            return record + [""] * (width - len(record))
        if not any(record[width:]):  # trailing empty fields (an export's extra separators)
            return record[:width]
        return [*record[:width], self._sep.join(record[width:])]

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        while True:
            start = self.feed.offset
            try:
                record = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                problem = f"malformed CSV at {self._where(start)}: {short_reason(exc)}"
                if self._strict:
                    raise ReadError(problem) from None
                self._tally.skip(problem)
                continue
            if self.feed.offset - start > VALUE_CAP:
                record = bounded_record(record)
            if any(record):  # skip blank lines ([]) and rows of empty fields, as polars does
                yield start, record

    def _where(self, start: int) -> str:
        if self._numbered:
            return f"line {self._reader.line_num}"
        return f"the row at byte offset {start}"


HEADER_PROBE = 20  # records of the head that tell whether the first one is a header row


def head_records(head: bytes | str, sep: str, whole: bool) -> list[list[str]]:
    """The first non-blank records of a delimited file's head (up to HEADER_PROBE); the last
    line, which the head may cut, is dropped unless the head is the whole file."""
    text = head.decode("utf-8", errors="replace") if isinstance(head, bytes) else head
    lines = text.splitlines(keepends=True)
    if not whole:
        lines = lines[:-1]
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(lines, delimiter=sep)
    records: list[list[str]] = []
    while len(records) < HEADER_PROBE:
        try:
            record = next(reader)
        except (StopIteration, csv.Error):  # a malformed record: the read itself reports it
            break
        if any(record):
            records.append(record)
    return records


def column_names(width: int) -> list[str]:
    """The names of the columns of a file without a header row: column_1, column_2..."""
    return [f"column_{i}" for i in range(1, width + 1)]


def overflow_name(header: list[str]) -> str:
    """`_overflow`, or `_overflow_2`... when the header already has a column of that name."""
    name, count = OVERFLOW, 1
    while name in header:
        count += 1
        name = f"{OVERFLOW}_{count}"
    return name


def records_frame(header: list[str], records: list[list[str]], sep: str) -> pl.DataFrame:
    """Parse sampled records with polars so they are typed as a whole-file read would be.
    Rows that kept extra fields give the frame one more column, `_overflow`."""
    if any(len(record) > len(header) for record in records):
        header = [*header, overflow_name(header)]
        records = [r if len(r) == len(header) else [*r, ""] for r in records]
    text = io.StringIO()
    writer = csv.writer(text, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(records)
    return pl.read_csv(
        text.getvalue().encode("utf-8"),
        separator=sep,
        infer_schema_length=None,
        raise_if_empty=False,
    )
