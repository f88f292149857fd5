"""CSV and TSV sampled: byte windows for large files, streamed thinning otherwise."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator

import polars as pl

from classifiers.readers.base import Produce, ReadError, Sampling, Tally
from classifiers.readers.byte_stream import open_counted
from classifiers.readers.csv_rows import CsvRecords, Layout, records_frame
from classifiers.readers.delimited_full import read_full
from classifiers.readers.line_feed import LineFeed, open_text
from classifiers.readers.readable import ReadableObject
from classifiers.readers.spread import Thinning, pick_evenly, window_starts
from classifiers.readers.text_encoding import byte_lines

_ALIGN_TRIES = 4  # line starts tried after a seek, in case it landed inside a quoted field
_ALIGN_PROBE = 3  # records that must have the header's width for a start to be trusted


def delimited_reader(
    obj: ReadableObject,
    compression: str | None,
    sep: str,
    sampling: Sampling,
    names: list[str] | None = None,
    encoding: str = "utf-8",
    cr_only: bool = False,
) -> Produce:
    """Pick how to read a delimited object for the sampling asked. With `names`, the file has
    no header row: its first record is data, and the columns get those names. Byte windows
    need lines that end in the byte 0x0A: UTF-16/32 and CR-only files are streamed instead."""
    layout = Layout(sep, encoding, names)
    if sampling.full:
        return lambda tally: read_full(obj, compression, layout, sampling, tally)
    windows = byte_lines(encoding) and not cr_only
    if compression is None and windows and obj.size > sampling.whole_read_bytes:
        return lambda tally: _sample_windows(obj, layout, sampling, tally)
    return lambda tally: _sample_stream(obj, compression, layout, sampling, tally)


def _sample_stream(
    obj: ReadableObject, compression: str | None, layout: Layout, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    """Read from the top, keeping evenly spaced rows; a gzip or transcoded stream stops after
    max_bytes or the cap."""
    thinning: Thinning[list[str]] = Thinning(sampling.max_rows)
    complete = True
    stream, encoding = open_text(obj, compression, tally, layout.encoding)
    transcoded = encoding != layout.encoding
    bounded = compression is not None or transcoded or obj.size > sampling.max_bytes
    with stream:
        records = CsvRecords(LineFeed(stream, 0, encoding, tally), layout.sep, tally=tally)
        header = records.header()
        if layout.names is not None:  # no header row: the first record is data
            thinning.offer(header)
            header = layout.names
        for _, record in records.rows():
            thinning.offer(record)
            if bounded and (records.feed.offset >= sampling.max_bytes or sampling.capped(tally)):
                complete = False
                break
    tally.rows_total = thinning.offered if complete and not records.feed.cut else None
    yield records_frame(header, thinning.result(), layout.sep)


def _sample_windows(
    obj: ReadableObject, layout: Layout, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    """Header, then evenly spaced byte windows of about max_rows / windows rows each."""
    size = obj.size
    quota = math.ceil(sampling.max_rows / sampling.windows)
    budget = sampling.window_budget(size)
    with open_counted(obj, tally) as file:
        feed = LineFeed(file, 0, layout.encoding, tally)
        records = CsvRecords(feed, layout.sep, tally=tally)
        header = records.header()
        first = [] if layout.names is None else [header]  # no header row: first record is data
        header = header if layout.names is None else layout.names
        data_start = records.feed.offset
        taken, end = _take(records, quota, stop=min(size, data_start + budget))
        row_bytes = (end - data_start) / max(len(taken), 1)
        rows = first + taken
        width = min(math.ceil(row_bytes * quota), budget)
        starts = window_starts(data_start, size, sampling.windows, width)
        contiguous = True
        for start, stop in list(zip(starts, [*starts[1:], size], strict=True))[1:]:
            if start > end:
                contiguous = False
                records = _aligned(file, layout, len(header), start, tally)
            taken, end = _take(records, quota, min(stop, max(start, end) + budget))
            rows.extend(taken)
    tally.rows_total = len(rows) if contiguous and end >= size else None
    yield records_frame(header, pick_evenly(rows, sampling.max_rows), layout.sep)


def _take(records: CsvRecords, quota: int, stop: int) -> tuple[list[list[str]], int]:
    """Up to `quota` rows that start before `stop`; returns them and where reading ended."""
    taken: list[list[str]] = []
    rows = records.rows()
    while len(taken) < quota and records.feed.offset < stop:
        row = next(rows, None)
        if row is None:
            break
        taken.append(row[1])
    return taken, records.feed.offset


def _aligned(
    file: io.BufferedReader, layout: Layout, width: int, start: int, tally: Tally
) -> CsvRecords:
    """Records from the first line start after `start` where rows parse with the header's width."""
    file.seek(start)
    file.readline()  # the rest of a line cut by the seek
    first = file.tell()
    for _ in range(_ALIGN_TRIES):
        position = file.tell()
        if _parses_cleanly(file, layout, width, position):
            break
        file.seek(position)
        file.readline()
    else:
        position = first  # no clean start: read from the first one, fitting what is ragged
    file.seek(position)
    feed = LineFeed(file, position, layout.encoding, tally)
    return CsvRecords(feed, layout.sep, width, numbered=False, tally=tally)


def _parses_cleanly(file: io.BufferedReader, layout: Layout, width: int, position: int) -> bool:
    feed = LineFeed(file, position, layout.encoding)
    probe = CsvRecords(feed, layout.sep, width, numbered=False, strict=True)
    try:
        for count, _ in enumerate(probe.rows(), 1):
            if count >= _ALIGN_PROBE:
                break
    except ReadError:
        return False
    return True
