"""CSV and TSV: byte windows for large files, streamed thinning otherwise, batches in full mode."""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from classifiers.readers.base import Produce, ReadError, Sampling, Tally
from classifiers.readers.byte_stream import open_counted, open_stream
from classifiers.readers.csv_rows import CsvRecords, records_frame
from classifiers.readers.line_feed import LineFeed
from classifiers.readers.readable import LocalFile, ReadableObject, local_copy
from classifiers.readers.spread import Thinning, pick_evenly, window_starts

_ALIGN_TRIES = 4  # line starts tried after a seek, in case it landed inside a quoted field
_ALIGN_PROBE = 3  # records that must have the header's width for a start to be trusted


def delimited_reader(
    obj: ReadableObject,
    compression: str | None,
    sep: str,
    sampling: Sampling,
    names: list[str] | None = None,
) -> Produce:
    """Pick how to read a delimited object for the sampling asked. With `names`, the file has
    no header row: its first record is data, and the columns get those names."""
    if sampling.full:
        return lambda tally: _read_full(obj, compression, sep, sampling, tally, names)
    if compression is None and obj.size > sampling.whole_read_bytes:
        return lambda tally: _sample_windows(obj, sep, sampling, tally, names)
    return lambda tally: _sample_stream(obj, compression, sep, sampling, tally, names)


def _sample_stream(
    obj: ReadableObject,
    compression: str | None,
    sep: str,
    sampling: Sampling,
    tally: Tally,
    names: list[str] | None,
) -> Iterator[pl.DataFrame]:
    """Read from the top, keeping evenly spaced rows; gzip stops after max_bytes or the cap."""
    thinning: Thinning[list[str]] = Thinning(sampling.max_rows)
    complete = True
    with open_stream(obj, compression, tally) as stream:
        records = CsvRecords(LineFeed(stream, obj.name), sep)
        header = records.header()
        if names is not None:  # no header row: the first record is data
            thinning.offer(header)
            header = names
        for _, record in records.rows():
            thinning.offer(record)
            if compression and (
                records.feed.offset >= sampling.max_bytes or sampling.capped(tally)
            ):
                complete = False
                break
    tally.rows_total = thinning.offered if complete else None
    yield records_frame(header, thinning.result(), sep)


def _sample_windows(
    obj: ReadableObject, sep: str, sampling: Sampling, tally: Tally, names: list[str] | None
) -> Iterator[pl.DataFrame]:
    """Header, then evenly spaced byte windows of about max_rows / windows rows each."""
    size = obj.size
    quota = math.ceil(sampling.max_rows / sampling.windows)
    budget = sampling.window_budget(size)
    with open_counted(obj, tally) as file:
        records = CsvRecords(LineFeed(file, obj.name), sep)
        header = records.header()
        first = [] if names is None else [header]  # no header row: the first record is data
        header = header if names is None else names
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
                records = _aligned(file, obj.name, sep, len(header), start)
            taken, end = _take(records, quota, min(stop, max(start, end) + budget))
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


def _aligned(file: io.BufferedReader, name: str, sep: str, width: int, start: int) -> CsvRecords:
    """Records from the first line start after `start` where rows parse with the header's width."""
    file.seek(start)
    file.readline()  # the rest of a line cut by the seek
    first = file.tell()
    for _ in range(_ALIGN_TRIES):
        position = file.tell()
        if _parses_cleanly(file, name, sep, width, position):
            break
        file.seek(position)
        file.readline()
    else:
        position = first  # no clean start: read from the first one and report what is wrong
    file.seek(position)
    return CsvRecords(LineFeed(file, name, position), sep, width, numbered=False)


def _parses_cleanly(
    file: io.BufferedReader, name: str, sep: str, width: int, position: int
) -> bool:
    probe = CsvRecords(LineFeed(file, name, position), sep, width, numbered=False)
    try:
        for count, _ in enumerate(probe.rows(), 1):
            if count >= _ALIGN_PROBE:
                break
    except ReadError:
        return False
    return True


class _RowCheck(threading.Thread):
    """Every row's encoding and width, checked beside the read (Python's csv module and
    polars' parser each hold one core): `error` is what the check found, if anything."""

    def __init__(self, path: Path, compression: str | None, sep: str, name: str) -> None:
        super().__init__(name="warden-csv-check", daemon=True)
        self._args = (path, compression, sep, name)
        self._stop_asked = threading.Event()
        self.error: Exception | None = None  # raised where the batches are read

    def run(self) -> None:
        path, compression, sep, name = self._args
        try:
            with open_stream(LocalFile(path), compression, Tally()) as stream:
                records = CsvRecords(LineFeed(stream, name), sep)
                records.header()
                for count, _ in enumerate(records.rows()):
                    if count % 65_536 == 0 and self._stop_asked.is_set():
                        return
        except Exception as exc:  # handed to the reading thread as it is
            self.error = exc

    @property
    def started(self) -> bool:
        return self.ident is not None

    def finish(self) -> None:
        """Run the check to its end, starting it if need be; raise what it found."""
        if not self.started:
            self.start()
        self.result()

    def result(self) -> None:
        """Wait for the check, if it started; raise what it found."""
        if self.started:
            self.join()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        self._stop_asked.set()
        if self.started:
            self.join()


TYPE_SAMPLE_ROWS = 10_000  # rows polars infers types from before every row is checked
# Values that polars' own inference certainly types as each of these (it types more: `1e5`,
# `inf`, `.5` are floats too; a column holding such a value is inferred over every row).
_CERTAIN: list[tuple[pl.DataType, str]] = [
    (pl.Int64(), r"^-?\d+$"),
    (pl.Float64(), r"^-?\d+(?:\.\d+)?$"),
    (pl.Boolean(), r"^(?:true|false|True|False|TRUE|FALSE)$"),
]


def _certain(dtype: pl.DataType) -> str | None:
    return next((regex for known, regex in _CERTAIN if dtype == known), None)


def _types(path: Path, options: dict[str, Any]) -> pl.Schema:
    """The column types polars infers from every row, found in about a fifth of the time:
    the types polars infers from the first rows stand when every value of each typed column
    is one polars would certainly type so (checked in one pass reading text, which is
    cheaper than inference). A column empty in those rows, an unusual number (`+5`, `1e5`)
    or a late letter sends the file through polars' inference over every row instead, so
    the types are always the same."""
    guess = pl.scan_csv(path, infer_schema_length=TYPE_SAMPLE_ROWS, **options).collect_schema()
    typed = {name: _certain(dtype) for name, dtype in guess.items() if dtype != pl.String}
    if None not in typed.values():
        text = pl.scan_csv(path, schema=dict.fromkeys(guess.names(), pl.String), **options)
        found = (
            text.select(
                pl.len().alias("__rows"),
                *[(~pl.col(name).str.contains(str(regex))).any() for name, regex in typed.items()],
                *[
                    pl.col(name).head(TYPE_SAMPLE_ROWS).is_null().all().alias(f"__empty_{name}")
                    for name, dtype in guess.items()
                    if dtype == pl.String
                ],
            )
            .collect()
            .row(0)
        )
        if found[0] <= TYPE_SAMPLE_ROWS or not any(found[1:]):
            return guess  # inferred from every row, or every later row fits
    return pl.scan_csv(path, infer_schema_length=None, **options).collect_schema()


def _read_full(
    obj: ReadableObject,
    compression: str | None,
    sep: str,
    sampling: Sampling,
    tally: Tally,
    names: list[str] | None,
) -> Iterator[pl.DataFrame]:
    """Polars streams typed batches (types inferred from every row). Polars itself fails on a
    row with too many fields or bad UTF-8, and fills a row with too few with nulls, so while no
    null shows in the last column no row can be short. Once one does (an empty last field, or
    a short row), every row's encoding and width is checked beside the read (`_RowCheck`), as
    it is when polars fails (the check names the row; polars' message may show values). A bad
    row fails the object however far the batches got."""
    with local_copy(obj) as path:  # one download serves every pass
        check = _RowCheck(path, compression, sep, obj.name)
        total = 0
        try:
            try:
                options: dict[str, Any] = {"separator": sep, "raise_if_empty": False}
                if names is not None:
                    options |= {"has_header": False, "new_columns": names}
                schema = _types(path, options)
                batches: Iterator[pl.DataFrame] = iter(())
                if schema:
                    scan = pl.scan_csv(path, schema=schema, **options)
                    batches = scan.collect_batches(chunk_size=sampling.batch_rows)
                for batch in batches:
                    if check.error is not None:
                        break
                    # blank rows are dropped, as blank lines are skipped
                    batch = batch.filter(~pl.all_horizontal(pl.all().is_null()))
                    if not check.started and batch.get_column(schema.names()[-1]).has_nulls():
                        check.start()
                    total += batch.height
                    yield batch
            except Exception:
                check.finish()
                raise
            if total == 0:
                check.finish()  # only blank lines, or a header alone
                yield pl.DataFrame(schema=schema)
            check.result()
        finally:
            check.stop()
    tally.rows_total = total
    tally.bytes_read = obj.size
