"""JSON arrays and JSON Lines as flat tables: arrays parsed whole, lines by windows or streams."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterator
from typing import Any

import polars as pl

from classifiers.model import DataFormat
from classifiers.readers.base import Produce, ReadError, Sampling, Tally
from classifiers.readers.byte_stream import open_counted, open_stream
from classifiers.readers.line_feed import LineFeed, open_text
from classifiers.readers.nested import ColumnPlan, flatten_record, load_json
from classifiers.readers.readable import LocalFile, ReadableObject, local_copy
from classifiers.readers.spread import Thinning, pick_evenly, window_starts
from classifiers.readers.text_encoding import byte_lines, decode_line

MAX_JSON_BYTES = 512 * 1024 * 1024


def json_reader(
    obj: ReadableObject,
    fmt: str,
    compression: str | None,
    sampling: Sampling,
    encoding: str = "utf-8",
) -> Produce:
    """Pick how to read a JSON or JSON Lines object in `encoding` for the sampling asked.
    A JSON Lines line that does not parse is skipped and counted (`Tally.skip`)."""
    if fmt == DataFormat.JSON:
        return lambda tally: _read_array(obj, compression, sampling, tally, encoding)
    if sampling.full:
        return lambda tally: _lines_full(obj, compression, sampling, tally, encoding)
    if compression is None and byte_lines(encoding) and obj.size > sampling.whole_read_bytes:
        return lambda tally: _lines_windows(obj, sampling, tally, encoding)
    return lambda tally: _lines_stream(obj, compression, sampling, tally, encoding)


def parse_json(text: str, where: str = "") -> Any:
    try:
        return load_json(text)
    except json.JSONDecodeError as exc:
        place = where or f"line {exc.lineno}"
        raise ReadError(f"invalid JSON at {place} column {exc.colno}: {exc.msg}") from None


def _read_array(
    obj: ReadableObject, compression: str | None, sampling: Sampling, tally: Tally, encoding: str
) -> Iterator[pl.DataFrame]:
    limit = -1 if sampling.full else MAX_JSON_BYTES + 1
    too_big = ReadError("JSON document over 512 MiB; convert it to JSON Lines or Parquet")
    if limit > 0 and obj.size >= limit:
        raise too_big
    cap = sampling.max_object_bytes
    if not sampling.full and cap is not None and obj.size > cap:
        raise ReadError(
            f"JSON document of {obj.size:,} bytes is over the sample cap of {cap:,} bytes "
            "(a JSON array is read whole); raise max_blob_bytes or scan in full mode"
        )
    with open_stream(obj, compression, tally) as stream:
        raw = stream.read(limit)
    if limit > 0 and len(raw) >= limit:
        raise too_big
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:  # a few bad bytes in one document: U+FFFD for them
        text = raw.decode(encoding, errors="replace")
        tally.records_repaired += 1
    records = [flatten_record(item) for item in _items(parse_json(text.removeprefix("\ufeff")))]
    tally.rows_total = len(records)
    if not sampling.full:
        records = pick_evenly(records, sampling.max_rows)
    yield from _frames(records, ColumnPlan().learn(records), sampling.batch_rows)


def _items(document: Any) -> list[Any]:
    """An array's items; an object holding one array of objects ({"data": [...]}) reads it."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        arrays = [v for v in document.values() if isinstance(v, list) and v and _objects(v)]
        return arrays[0] if len(arrays) == 1 and len(document) <= 3 else [document]
    return [document]


def _objects(values: list[Any]) -> bool:
    return all(isinstance(value, dict) for value in values)


def _frames(records: list[dict[str, Any]], plan: ColumnPlan, size: int) -> Iterator[pl.DataFrame]:
    for start in range(0, max(len(records), 1), size):
        yield plan.frame(records[start : start + size])


def _numbered(feed: LineFeed, tally: Tally) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, flat record) for each non-blank line of a JSON Lines stream; a line
    that is not JSON is skipped and counted in `tally`."""
    for number, line in enumerate(feed, 1):
        if line.strip():
            record = _record(line, f"line {number}", tally)
            if record is not None:
                yield number, record


def _record(line: str, where: str, tally: Tally) -> dict[str, Any] | None:
    try:
        return flatten_record(parse_json(line.rstrip("\r\n"), where))
    except ReadError as exc:
        tally.skip(str(exc))
        return None


def _lines_stream(
    obj: ReadableObject, compression: str | None, sampling: Sampling, tally: Tally, encoding: str
) -> Iterator[pl.DataFrame]:
    """Read from the top keeping evenly spaced records; a gzip or transcoded stream stops
    after max_bytes or the cap."""
    thinning: Thinning[dict[str, Any]] = Thinning(sampling.max_rows)
    complete = True
    stream, text_encoding = open_text(obj, compression, tally, encoding)
    bounded = compression is not None or text_encoding != encoding
    with stream:
        feed = LineFeed(stream, 0, text_encoding, tally)
        for _, record in _numbered(feed, tally):
            thinning.offer(record)
            if bounded and (feed.offset >= sampling.max_bytes or sampling.capped(tally)):
                complete = False
                break
    tally.rows_total = thinning.offered if complete and not feed.cut else None
    records = thinning.result()
    yield ColumnPlan().learn(records).frame(records)


def _lines_windows(
    obj: ReadableObject, sampling: Sampling, tally: Tally, encoding: str
) -> Iterator[pl.DataFrame]:
    """Evenly spaced byte windows of about max_rows / windows lines each."""
    size = obj.size
    quota = math.ceil(sampling.max_rows / sampling.windows)
    budget = sampling.window_budget(size)
    records: list[dict[str, Any]] = []
    with open_counted(obj, tally) as file:
        records.extend(_window(file, (0, quota, min(size, budget)), tally, encoding))
        line_bytes = file.tell() / max(len(records), 1)
        width = min(math.ceil(line_bytes * quota), budget)
        starts = window_starts(0, size, sampling.windows, width)
        for start, stop in list(zip(starts, [*starts[1:], size], strict=True))[1:]:
            if start > file.tell():  # otherwise carry on where the last window ended
                file.seek(start)
                file.readline()  # the rest of a line cut by the seek
            here = file.tell()
            span = (here, quota, min(stop, here + budget))
            records.extend(_window(file, span, tally, encoding))
    records = pick_evenly(records, sampling.max_rows)
    yield ColumnPlan().learn(records).frame(records)


def _window(
    file: io.BufferedReader, span: tuple[int, int, int], tally: Tally, encoding: str
) -> list[dict[str, Any]]:
    """Up to `quota` records from `offset` (a line start) on, stopping at `stop`."""
    offset, quota, stop = span
    taken: list[dict[str, Any]] = []
    for raw in iter(file.readline, b""):
        if raw.strip():
            line, repaired = decode_line(raw, encoding)
            tally.records_repaired += repaired
            where = f"byte offset {offset}"
            record = _record(line.removeprefix("\ufeff"), where, tally)
            if record is not None:
                taken.append(record)
        offset += len(raw)
        if len(taken) >= quota or offset >= stop:
            break
    return taken


def _lines_full(
    obj: ReadableObject, compression: str | None, sampling: Sampling, tally: Tally, encoding: str
) -> Iterator[pl.DataFrame]:
    """One pass to learn every column and its type, a second to build batches with them."""
    batch: list[dict[str, Any]] = []
    total = 0
    with local_copy(obj) as path:  # one download serves both passes
        copy = LocalFile(path)
        first = tally.fresh()  # the counts of the second pass are the ones kept
        stream, text_encoding = open_text(copy, compression, first, encoding)
        with stream:
            records = _numbered(LineFeed(stream, 0, text_encoding, first), first)
            plan = ColumnPlan().learn(record for _, record in records)
        stream, text_encoding = open_text(copy, compression, tally, encoding)
        with stream:
            for _, record in _numbered(LineFeed(stream, 0, text_encoding, tally), tally):
                batch.append(record)
                if len(batch) >= sampling.batch_rows:
                    total += len(batch)
                    yield plan.frame(batch)
                    batch = []
    if batch or not total:
        yield plan.frame(batch)
    tally.rows_total = total + len(batch)
