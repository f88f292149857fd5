"""CSV and TSV: byte windows for large files, streamed thinning otherwise, batches in full mode."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from classifiers.readers.base import SMALL_FILE_BYTES, Produce, ReadError, Sampling, Tally
from classifiers.readers.byte_stream import open_counted, open_stream
from classifiers.readers.csv_rows import CsvRecords, records_frame
from classifiers.readers.line_feed import LineFeed
from classifiers.readers.spread import Thinning, pick_evenly, window_starts

_ALIGN_TRIES = 4  # line starts tried after a seek, in case it landed inside a quoted field
_ALIGN_PROBE = 3  # records that must have the header's width for a start to be trusted


def delimited_reader(path: Path, compression: str | None, sep: str, sampling: Sampling) -> Produce:
    """Pick how to read a delimited object for the sampling asked."""
    if sampling.full:
        return lambda tally: _read_full(path, compression, sep, sampling, tally)
    if compression is None and path.stat().st_size > SMALL_FILE_BYTES:
        return lambda tally: _sample_windows(path, sep, sampling, tally)
    return lambda tally: _sample_stream(path, compression, sep, sampling, tally)


def _sample_stream(
    path: Path, compression: str | None, sep: str, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    """Read from the top, keeping evenly spaced rows; gzip stops after max_bytes."""
    thinning: Thinning[list[str]] = Thinning(sampling.max_rows)
    complete = True
    with open_stream(path, compression, tally) as stream:
        records = CsvRecords(LineFeed(stream, path), sep)
        header = records.header()
        for _, record in records.rows():
            thinning.offer(record)
            if compression and records.feed.offset >= sampling.max_bytes:
                complete = False
                break
    tally.rows_total = thinning.offered if complete else None
    yield records_frame(header, thinning.result(), sep)


def _sample_windows(
    path: Path, sep: str, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    """Header, then evenly spaced byte windows of about max_rows / windows rows each."""
    size = path.stat().st_size
    quota = math.ceil(sampling.max_rows / sampling.windows)
    with open_counted(path, tally) as file:
        records = CsvRecords(LineFeed(file, path), sep)
        header = records.header()
        data_start = records.feed.offset
        rows, end = _take(records, quota, stop=size)
        row_bytes = (end - data_start) / max(len(rows), 1)
        starts = window_starts(data_start, size, sampling.windows, math.ceil(row_bytes * quota))
        contiguous = True
        for start, stop in list(zip(starts, [*starts[1:], size], strict=True))[1:]:
            if start > end:
                contiguous = False
                records = _aligned(file, path, sep, len(header), start)
            taken, end = _take(records, quota, stop)
            rows.extend(taken)
    tally.rows_total = len(rows) if contiguous and end >= size else None
    yield records_frame(header, pick_evenly(rows, sampling.max_rows), sep)


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


def _aligned(file: io.BufferedReader, path: Path, sep: str, width: int, start: int) -> CsvRecords:
    """Records from the first line start after `start` where rows parse with the header's width."""
    file.seek(start)
    file.readline()  # the rest of a line cut by the seek
    first = file.tell()
    for _ in range(_ALIGN_TRIES):
        position = file.tell()
        if _parses_cleanly(file, path, sep, width, position):
            break
        file.seek(position)
        file.readline()
    else:
        position = first  # no clean start: read from the first one and report what is wrong
    file.seek(position)
    return CsvRecords(LineFeed(file, path, position), sep, width, numbered=False)


def _parses_cleanly(
    file: io.BufferedReader, path: Path, sep: str, width: int, position: int
) -> bool:
    probe = CsvRecords(LineFeed(file, path, position), sep, width, numbered=False)
    try:
        for count, _ in enumerate(probe.rows(), 1):
            if count >= _ALIGN_PROBE:
                break
    except ReadError:
        return False
    return True


def _read_full(
    path: Path, compression: str | None, sep: str, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    """Check every row's encoding and width, then let polars stream typed batches."""
    with open_stream(path, compression, Tally()) as stream:
        records = CsvRecords(LineFeed(stream, path), sep)
        records.header()
        for _ in records.rows():
            pass
    scan = pl.scan_csv(path, separator=sep, infer_schema_length=None, raise_if_empty=False)
    total = 0
    for batch in scan.collect_batches(chunk_size=sampling.batch_rows):
        batch = batch.filter(~pl.all_horizontal(pl.all().is_null()))  # as blank lines are skipped
        total += batch.height
        yield batch
    if total == 0:
        yield pl.DataFrame(schema=scan.collect_schema())
    tally.rows_total = total
    tally.bytes_read = path.stat().st_size
