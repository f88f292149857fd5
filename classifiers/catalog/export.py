"""Export the latest classification of every live dataset as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import polars as pl

from classifiers.catalog.store import CatalogStore
from classifiers.catalog.views import ColumnRow, DatasetDetail, DatasetRow
from classifiers.model import Sensitivity

FORMATS = ("jsonl", "csv", "parquet")

# One table for both record kinds; columns a record kind lacks are null.
TABLE_SCHEMA: dict[str, type[pl.DataType]] = {
    "record": pl.String,
    "source": pl.String,
    "dataset": pl.String,
    "column": pl.String,
    "entities": pl.String,  # joined with ';'
    "subtypes": pl.String,  # joined with ';', one per entity ('' when it has none)
    "confidence": pl.String,  # JSON object {entity: confidence}
    "sensitivity": pl.String,
    "reasons": pl.String,  # joined with ';'
    "rows_read": pl.Int64,
    "rows_total": pl.Int64,
    "bytes_read": pl.Int64,
    "bytes_total": pl.Int64,
    "coverage_mode": pl.String,
    "encoding": pl.String,
    "records_unreadable": pl.Int64,
    "records_repaired": pl.Int64,
    "format": pl.String,  # artifact records
    "verdict": pl.String,
    "globals": pl.String,  # joined with ';'
    "metadata": pl.String,  # JSON object
    "error": pl.String,
}


ModelLevels = Mapping[str, tuple[Sensitivity | None, tuple[str, ...]]]  # source:path -> why


def export(
    store: CatalogStore, fmt: str, output: Path | IO[Any], models: ModelLevels | None = None
) -> int:
    """Write one record per dataset and per column to `output`; return how many were written.
    `models`: the level each trained model inherits, with its reasons (lineage computes it)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    records = list(export_records(store.details(), models or {}))
    if isinstance(output, Path):
        output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        _write_jsonl(records, output)
    else:
        frame = pl.DataFrame([_flat(r) for r in records], schema=TABLE_SCHEMA)
        if fmt == "csv":
            frame.write_csv(output)
        else:
            frame.write_parquet(output)
    return len(records)


def export_records(
    details: Iterable[DatasetDetail], models: ModelLevels | None = None
) -> Iterator[dict[str, Any]]:
    """The JSON Lines records: each dataset, then its columns; each AI artifact."""
    for detail in details:
        if detail.row.kind == "artifact":
            row = detail.row
            level, reasons = (models or {}).get(f"{row.source}:{row.path}", (None, ()))
            yield _artifact_record(row, level, reasons)
            continue
        yield _dataset_record(detail.row)
        for column in detail.columns:
            yield _column_record(detail.row, column)


def _dataset_record(row: DatasetRow) -> dict[str, Any]:
    coverage = row.coverage
    record: dict[str, Any] = {
        "record": "dataset",
        "source": row.source,
        "dataset": row.path,
        "sensitivity": row.sensitivity.label if row.sensitivity is not None else None,
        "coverage": None
        if coverage is None
        else {
            "rows_read": coverage.rows_read,
            "rows_total": coverage.rows_total,
            "bytes_read": coverage.bytes_read,
            "bytes_total": coverage.bytes_total,
            "mode": coverage.mode,
            "encoding": coverage.encoding,
            "records_unreadable": coverage.records_unreadable,
            "records_repaired": coverage.records_repaired,
        },
        "entities": list(row.entities),
    }
    if row.status == "error":
        record["error"] = row.error
    return record


def _artifact_record(
    row: DatasetRow, level: Sensitivity | None, reasons: tuple[str, ...]
) -> dict[str, Any]:
    """An artifact's verdict and header facts; a trained model's inherited level and why."""
    report = row.artifact
    return {
        "record": "artifact",
        "source": row.source,
        "dataset": row.path,
        "format": report.format if report else row.format,
        "verdict": report.verdict.value if report else "unknown",
        "globals": list(report.globals) if report else [],
        "metadata": dict(report.metadata) if report else {},
        "sensitivity": level.label if level is not None else None,
        "reasons": list(reasons),
        "error": report.error if report else row.error or "not inspected",
    }


def _column_record(row: DatasetRow, column: ColumnRow) -> dict[str, Any]:
    return {
        "record": "column",
        "source": row.source,
        "dataset": row.path,
        "column": column.column,
        "entities": list(column.entity_types),
        # Warden's finer kind of each entity, in the same order (None where there is none).
        "subtypes": [e.subtype for e in column.entities],
        "confidence": {e.entity: e.confidence for e in column.entities},
        "sensitivity": column.sensitivity.label,
        "reasons": list(column.reasons),
    }


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    coverage = record.get("coverage") or {}
    confidence = record.get("confidence")
    reasons = record.get("reasons")
    subtypes = record.get("subtypes")
    return {
        "record": record["record"],
        "source": record["source"],
        "dataset": record["dataset"],
        "column": record.get("column"),
        "entities": ";".join(record.get("entities", [])),
        "subtypes": None if subtypes is None else ";".join(s or "" for s in subtypes),
        "confidence": None if confidence is None else json.dumps(confidence),
        "sensitivity": record["sensitivity"],
        "reasons": None if reasons is None else ";".join(reasons),
        "rows_read": coverage.get("rows_read"),
        "rows_total": coverage.get("rows_total"),
        "bytes_read": coverage.get("bytes_read"),
        "bytes_total": coverage.get("bytes_total"),
        "coverage_mode": coverage.get("mode"),
        "encoding": coverage.get("encoding"),
        "records_unreadable": coverage.get("records_unreadable"),
        "records_repaired": coverage.get("records_repaired"),
        "format": record.get("format"),
        "verdict": record.get("verdict"),
        "globals": None if "globals" not in record else ";".join(record["globals"]),
        "metadata": None if "metadata" not in record else json.dumps(record["metadata"]),
        "error": record.get("error"),
    }


def _write_jsonl(records: list[dict[str, Any]], output: Path | IO[Any]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if isinstance(output, Path):
        output.write_text(text, encoding="utf-8")
    elif isinstance(output, io.RawIOBase | io.BufferedIOBase):
        output.write(text.encode("utf-8"))
    else:
        output.write(text)
