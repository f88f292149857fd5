"""Write tables and text so that a rerun gives byte-identical files."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date, datetime
from pathlib import Path

import polars as pl

from .common import Table


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _json_rows(table: Table) -> list[dict]:
    return [{k: _json_value(v) for k, v in row.items()} for row in table.rows]


def _delimited(table: Table, separator: str) -> bytes:
    frame = pl.DataFrame(table.columns)
    text = frame.write_csv(
        separator=separator, datetime_format="%Y-%m-%d %H:%M:%S", include_header=table.header
    )
    return text.encode(table.encoding)


def _jsonl(table: Table) -> bytes:
    lines = (json.dumps(row, ensure_ascii=False) for row in _json_rows(table))
    return "".join(line + "\n" for line in lines).encode()


def _json(table: Table) -> bytes:
    return (json.dumps(_json_rows(table), ensure_ascii=False, indent=2) + "\n").encode()


def _parquet(table: Table) -> bytes:
    frame = pl.DataFrame(table.columns).with_columns(
        pl.col(pl.Datetime).dt.replace_time_zone("UTC")
    )
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd", compression_level=3, statistics=True)
    return buffer.getvalue()


ENCODERS = {
    ".csv": lambda t: _delimited(t, ","),
    ".tsv": lambda t: _delimited(t, "\t"),
    ".json": _json,
    ".jsonl": _jsonl,
    ".parquet": _parquet,
}


def table_bytes(table: Table) -> bytes:
    """The file content for a table; a trailing .gz gzips the inner format."""
    name = table.path.removesuffix(".gz")
    data = ENCODERS[Path(name).suffix](table)
    return gzip_bytes(data) if table.path.endswith(".gz") else data


def gzip_bytes(data: bytes) -> bytes:
    """gzip with mtime 0 and no file name, so the output never changes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def write(root: Path, relative: str, data: bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_csv_rows(root: Path, relative: str, header: list[str], rows: list[list]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return write(root, relative, buffer.getvalue().encode())
