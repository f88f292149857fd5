"""Write a table as CSV, TSV, JSON Lines, a JSON array or Parquet, byte for byte reproducibly."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from bench.evalcorpus.build import BuiltTable

# How text formats spell person dates, by the locale's habit; timestamps stay machine-shaped.
_DATE_STYLES = {"en_US": "%m/%d/%Y", "de": "%d.%m.%Y", "fr": "%d/%m/%Y", "en_GB": "%d/%m/%Y",
                "es": "%d/%m/%Y", "it": "%d/%m/%Y", "nl": "%d-%m-%Y", "pl": "%d.%m.%Y"}  # fmt: skip


def _date_style(locale: str, seed: int) -> str:
    if seed % 3 == 0:  # a third of tables keep ISO dates whatever the locale
        return "%Y-%m-%d"
    return _DATE_STYLES.get(locale, _DATE_STYLES.get(locale.split("_")[0], "%Y-%m-%d"))


def _text(value: Any, style: str) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"
    if isinstance(value, date):
        return value.strftime(style)
    return value


def _rows(table: BuiltTable) -> list[dict[str, Any]]:
    style = _date_style(table.plan.locale, table.plan.seed)
    names = list(table.columns)
    count = len(next(iter(table.columns.values()))) if names else 0
    return [{n: _text(table.columns[n][i], style) for n in names} for i in range(count)]


def _delimited(table: BuiltTable, delimiter: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(
        ["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in r.values()]
        for r in _rows(table)
    )
    return buffer.getvalue().encode("utf-8")


def _jsonl(table: BuiltTable) -> bytes:
    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in _rows(table))
    return "".join(lines).encode("utf-8")


def _json(table: BuiltTable) -> bytes:
    return (json.dumps(_rows(table), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _parquet(table: BuiltTable) -> bytes:
    frame = pl.DataFrame(table.columns, strict=False)
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd", statistics=True)
    return buffer.getvalue()


ENCODERS = {
    "csv": lambda t: _delimited(t, ","),
    "tsv": lambda t: _delimited(t, "\t"),
    "jsonl": _jsonl,
    "json": _json,
    "parquet": _parquet,
}


def write_table(root: Path, table: BuiltTable) -> Path:
    path = root / table.plan.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ENCODERS[table.plan.fmt](table))
    return path
