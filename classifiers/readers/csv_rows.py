"""CSV records checked against the header's width, and sampled records turned into a frame."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import polars as pl

from classifiers.model import DataFormat
from classifiers.readers.base import ReadError, short_reason
from classifiers.readers.line_feed import LineFeed

_CSV_SEPARATORS = (",", ";", "|")


def separator(fmt: str, head: bytes) -> str:
    """Tab for TSV; for CSV the commonest of , ; | in the header line (comma if none)."""
    if fmt == DataFormat.TSV:
        return "\t"
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    best = max(_CSV_SEPARATORS, key=first.count)
    return best if first.count(best) else ","


class CsvRecords:
    """A csv.reader over a LineFeed that checks every record's width.

    With `numbered`, the feed starts at the top of the file and errors name line numbers;
    otherwise (a window in the middle of a file) they name byte offsets.
    """

    def __init__(self, feed: LineFeed, sep: str, width: int | None = None, numbered: bool = True):
        self.feed = feed
        self.width = width
        self._numbered = numbered
        self._reader = csv.reader(feed, delimiter=sep)

    def header(self) -> list[str]:
        """The first non-blank record; it fixes the width of every later row."""
        for _, record in self._records():
            self.width = len(record)
            return record
        raise ReadError("no header row (the file holds only blank lines)")

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(byte offset, record) for each data row; ReadError on a ragged row."""
        for start, record in self._records():
            if len(record) != self.width:
                raise ReadError(
                    f"ragged rows: {self._where(start)} has {len(record)} fields, "
                    f"header has {self.width}"
                )
            yield start, record

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        while True:
            start = self.feed.offset
            try:
                record = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                reason = short_reason(exc)
                raise ReadError(f"malformed CSV at {self._where(start)}: {reason}") from None
            if any(record):  # skip blank lines ([]) and rows of empty fields, as polars does
                yield start, record

    def _where(self, start: int) -> str:
        if self._numbered:
            return f"line {self._reader.line_num}"
        return f"the row at byte offset {start}"


HEADER_PROBE = 20  # records of the head that tell whether the first one is a header row


def head_records(head: bytes, sep: str, whole: bool) -> list[list[str]]:
    """The first non-blank records of a delimited file's head (up to HEADER_PROBE); the last
    line, which the head may cut, is dropped unless the head is the whole file."""
    text = head.decode("utf-8", errors="replace")
    lines = text.splitlines(keepends=True)
    if not whole:
        lines = lines[:-1]
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


def records_frame(header: list[str], records: list[list[str]], sep: str) -> pl.DataFrame:
    """Parse sampled records with polars so they are typed as a whole-file read would be."""
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
