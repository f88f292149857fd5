"""Excel workbooks (.xlsx, .xlsm, .xls): each sheet a table, read through calamine (fastexcel).

The workbook is read whole by calamine (a ZIP of XML, or an OLE2 file, has no useful byte
ranges), so a remote workbook larger than the sample cap is refused in sample mode. Sample
mode keeps `max_rows` rows spread over the sheet (calamine still parses the whole sheet);
full mode every row. Formulas are never evaluated: calamine returns the values Excel last
saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import fastexcel
import polars as pl

from classifiers.readers.base import Produce, ReadError, Sampling, Tally, short_reason
from classifiers.readers.readable import ReadableObject, local_copy
from classifiers.readers.spread import even_indices


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheets, in workbook order; ReadError for a damaged workbook."""
    return list(_workbook(path).sheet_names)


def sheet_reader(obj: ReadableObject, sheet: str | None, sampling: Sampling) -> Produce:
    """Rows of one sheet (its first row is the header), as one frame per batch."""
    if sheet is None:
        raise ReadError("a workbook is read sheet by sheet: scan it through its source")
    within_cap(obj, sampling, "a workbook")
    return lambda tally: _read(obj, sheet, sampling, tally)


def within_cap(obj: ReadableObject, sampling: Sampling, what: str) -> None:
    """Refuse, in sample mode, an object that must be read whole but is over its cap."""
    cap = sampling.max_object_bytes
    if not sampling.full and cap is not None and obj.local_path is None and obj.size > cap:
        raise ReadError(
            f"{what} is read whole and this one is larger than the sample cap "
            f"({obj.size:,} > {cap:,} bytes); raise max_blob_bytes or scan in full mode"
        )


def _read(
    obj: ReadableObject, sheet: str, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    tally.checkpoint()
    with local_copy(obj) as path:
        reader = _workbook(path)
        if sheet not in reader.sheet_names:
            raise ReadError(f"the workbook has no sheet {sheet!r} any more")
        try:
            frame, tally.rows_total = _load(reader, sheet, sampling)
        except (fastexcel.FastExcelError, ValueError) as exc:
            raise ReadError(f"unreadable sheet: {short_reason(exc)}") from exc
    tally.bytes_read = obj.size  # the workbook is decompressed whole to read any sheet
    kept = [c for c in frame.columns if frame[c].dtype != pl.Null]  # blank columns
    frame = frame.select(kept) if kept else frame
    step = sampling.batch_rows
    for start in range(0, max(frame.height, 1), step):
        tally.checkpoint()
        yield frame.slice(start, step)


def _load(
    reader: fastexcel.ExcelReader, sheet: str, sampling: Sampling
) -> tuple[pl.DataFrame, int]:
    """The sheet's rows (in sample mode, `max_rows` of them spread over it) and its row count."""
    total = reader.load_sheet(sheet, n_rows=0).total_height
    skip = None
    if not sampling.full and total > sampling.max_rows:
        chosen = frozenset(even_indices(total, sampling.max_rows))
        skip = lambda row: row not in chosen  # noqa: E731 - data rows, the header not counted
    loaded = reader.load_sheet(sheet, skip_rows=skip, dtype_coercion="coerce")
    return loaded.to_polars(), total


def _workbook(path: Path) -> fastexcel.ExcelReader:
    try:
        return fastexcel.read_excel(path)
    except (fastexcel.FastExcelError, ValueError, OSError) as exc:
        raise ReadError(f"corrupt workbook: {short_reason(exc)}") from exc
