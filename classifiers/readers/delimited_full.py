"""CSV and TSV in full mode: typed batches from polars, through a repaired copy when need be."""

from __future__ import annotations

import csv
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl

from classifiers.readers.base import Sampling, Tally
from classifiers.readers.byte_stream import head_bytes
from classifiers.readers.csv_rows import CsvRecords, Layout, overflow_name
from classifiers.readers.csv_types import column_types
from classifiers.readers.line_feed import LineFeed, open_text
from classifiers.readers.readable import LocalFile, ReadableObject, local_copy
from classifiers.readers.text_encoding import DETECT_BYTES, decode_line

_POLARS_ENCODINGS = ("utf-8", "utf-8-sig")  # what polars reads; other text is transcoded
_BLOCK_BYTES = 1024 * 1024


def read_full(
    obj: ReadableObject, compression: str | None, layout: Layout, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    """Polars streams typed batches (types inferred from every row). Polars reads only UTF-8:
    text in another encoding is first transcoded to a UTF-8 copy (`_utf8_copy`). Polars fails
    on a row with too many fields: such a file (found while the types are inferred, before
    any batch) is read through a repaired copy (`_repaired_copy`). Polars fills a row with
    too few fields with nulls: while no null shows in the last column no row can be short;
    once one does, every row's width is counted beside the read."""
    with local_copy(obj) as path, _utf8_copy(path, compression, layout, tally) as utf8:
        source, packed, layout = utf8
        options = _options(layout.sep, layout.names)
        schema = _types_or_none(source, options)
        if schema:
            check = _RowCheck(source, packed, layout)
            yield from _batches(source, schema, options, sampling, tally, check)
        else:  # damaged, or no columns at all (the copy says why)
            with _repaired_copy(source, packed, layout, tally) as (copy, names, overflowed):
                options = _options(layout.sep, names)
                schema = column_types(copy, options) or pl.Schema(dict.fromkeys(names, pl.String))
                drop = [] if overflowed else names[-1:]
                yield from _batches(copy, schema, options, sampling, tally, drop=drop)
    tally.bytes_read = obj.size


@contextmanager
def _utf8_copy(
    path: Path, compression: str | None, layout: Layout, tally: Tally
) -> Iterator[tuple[Path, str | None, Layout]]:
    """(file, its compression, its layout) in UTF-8 with LF line ends: the file itself when
    it is UTF-8, else an uncompressed copy transcoded by blocks of whole lines (a block that
    does not decode goes line by line, as decode_line reads lines, counted as repaired).
    Lines ended by CR alone (old Mac files), which polars does not split, end in LF in it."""
    cr_only = _cr_only(head_bytes(LocalFile(path), compression, DETECT_BYTES))
    if layout.encoding in _POLARS_ENCODINGS and not cr_only:
        yield path, compression, layout
        return
    end = b"\r" if cr_only else b"\n"
    stream, encoding = open_text(LocalFile(path), compression, tally.fresh(), layout.encoding)
    with tempfile.TemporaryDirectory(prefix="warden-") as folder, stream:
        copy = Path(folder) / "utf8.csv"
        with copy.open("wb") as target:
            pending = b""
            for block in iter(lambda: stream.read(_BLOCK_BYTES), b""):
                block = pending + block
                cut = block.rfind(end) + 1  # whole lines: no character is cut
                target.write(_transcoded(block[:cut], encoding, end, tally))
                pending = block[cut:]
            target.write(_transcoded(pending, encoding, end, tally))
        yield copy, None, replace(layout, encoding="utf-8")


def _cr_only(head: bytes) -> bool:
    return b"\r" in head and b"\n" not in head


def _transcoded(lines: bytes, encoding: str, end: bytes, tally: Tally) -> bytes:
    """Whole lines, each ended by `end`, in UTF-8 ended by LF: at once when they decode,
    else line by line (decode_line)."""
    try:
        return lines.decode(encoding).encode("utf-8").replace(end, b"\n")
    except UnicodeDecodeError:
        pass
    out = []
    for raw in lines.split(end):
        text, repaired = decode_line(raw, encoding)
        tally.records_repaired += repaired
        out.append(text.encode("utf-8"))
    return b"\n".join(out)


def _options(sep: str, names: list[str] | None) -> dict[str, Any]:
    options: dict[str, Any] = {"separator": sep, "raise_if_empty": False}
    if names is not None:
        options |= {"has_header": False, "new_columns": names}
    return options


def _batches(
    path: Path,
    schema: pl.Schema,
    options: dict[str, Any],
    sampling: Sampling,
    tally: Tally,
    check: _RowCheck | None = None,
    drop: list[str] | None = None,
) -> Iterator[pl.DataFrame]:
    total = 0
    drop = drop or []
    kept = {name: dtype for name, dtype in schema.items() if name not in drop}
    try:
        try:
            scan = pl.scan_csv(path, schema=schema, **options).drop(drop)
            for batch in scan.collect_batches(chunk_size=sampling.batch_rows):
                # blank rows are dropped, as blank lines are skipped
                batch = batch.filter(~pl.all_horizontal(pl.all().is_null()))
                if check and not check.started and batch.get_column(list(kept)[-1]).has_nulls():
                    check.start()
                total += batch.height
                yield batch
        except Exception:
            if check:
                check.finish()  # the check's reason (a cut gzip stream) is clearer than polars'
            raise
        if total == 0:
            yield pl.DataFrame(schema=kept)
        if check:
            check.result()
            tally.records_repaired += check.tally.records_repaired
    finally:
        if check:
            check.stop()
    tally.rows_total = total


def _types_or_none(path: Path, options: dict[str, Any]) -> pl.Schema | None:
    """The types of a clean UTF-8 file; None when polars cannot read it as it is (the
    repaired copy then reads it, or says what is wrong: a cut gzip stream is an OSError)."""
    try:
        return column_types(path, options)
    except (pl.exceptions.PolarsError, OSError):
        return None


@contextmanager
def _repaired_copy(
    path: Path, compression: str | None, layout: Layout, tally: Tally
) -> Iterator[tuple[Path, list[str], bool]]:
    """A UTF-8 copy without a header row whose records all have the header's width plus one
    overflow field (empty unless the row was longer), as CsvRecords fits them; yields the
    copy, its column names and whether any row overflowed. Counts go to `tally`."""
    stream, encoding = open_text(LocalFile(path), compression, tally.fresh(), layout.encoding)
    with tempfile.TemporaryDirectory(prefix="warden-") as folder, stream:
        copy = Path(folder) / "repaired.csv"
        records = CsvRecords(LineFeed(stream, 0, encoding, tally), layout.sep, tally=tally)
        header = records.header()
        width = len(header)
        overflowed = False
        with copy.open("w", encoding="utf-8", newline="") as target:
            writer = csv.writer(target, delimiter=layout.sep, lineterminator="\n")
            if layout.names is not None:  # no header row: the first record is data
                writer.writerow([*header, ""])
                header = layout.names
            for _, record in records.rows():
                overflowed = overflowed or len(record) > width
                writer.writerow(record if len(record) > width else [*record, ""])
        yield copy, [*header, overflow_name(header)], overflowed


class _RowCheck(threading.Thread):
    """Every row's width, counted beside the read (Python's csv module and polars' parser
    each hold one core): `tally` has the rows polars padded; `error` what failed, if any."""

    def __init__(self, path: Path, compression: str | None, layout: Layout) -> None:
        super().__init__(name="warden-csv-check", daemon=True)
        self._args = (path, compression, layout)
        self._stop_asked = threading.Event()
        self.tally = Tally()
        self.error: Exception | None = None  # raised where the batches are read

    def run(self) -> None:
        path, compression, layout = self._args
        try:
            stream, encoding = open_text(LocalFile(path), compression, Tally(), layout.encoding)
            with stream:
                feed = LineFeed(stream, 0, encoding)
                records = CsvRecords(feed, layout.sep, tally=self.tally)
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
