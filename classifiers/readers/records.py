"""Flat tables from nested data: struct fields become dotted columns, lists become JSON text."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import polars as pl

_INT64 = (-(2**63), 2**63 - 1)


def flatten_record(record: Any, prefix: str = "") -> dict[str, Any]:
    """{'address': {'city': 'X'}, 'tags': ['a']} -> {'address.city': 'X', 'tags': '["a"]'}."""
    if not isinstance(record, dict):
        return {prefix or "value": _scalar(record)}
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            flat.update(flatten_record(value, name))
        else:
            flat[name] = _scalar(value)
    return flat


def _scalar(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


class ColumnPlan:
    """Column names in first-seen order and one polars type per column, learnt from records.

    Learning from every record before building frames keeps names and types the same in
    every batch of an object.
    """

    def __init__(self) -> None:
        self._kinds: dict[str, set[type]] = {}

    def learn(self, records: Iterable[dict[str, Any]]) -> ColumnPlan:
        for record in records:
            for name, value in record.items():
                kinds = self._kinds.setdefault(name, set())
                if value is not None:
                    kinds.add(_kind(value))
        return self

    def frame(self, records: list[dict[str, Any]]) -> pl.DataFrame:
        columns = {}
        for name, kinds in self._kinds.items():
            values = [record.get(name) for record in records]
            dtype = _dtype(kinds)
            if dtype == pl.String and kinds - {str}:
                values = [_text(value) for value in values]
            columns[name] = pl.Series(name, values, dtype=dtype)
        return pl.DataFrame(columns)


def _kind(value: Any) -> type:
    if isinstance(value, int) and not isinstance(value, bool):
        return int if _INT64[0] <= value <= _INT64[1] else str  # too big for Int64: keep digits
    return type(value)


def _dtype(kinds: set[type]) -> pl.DataType:
    if kinds == {bool}:
        return pl.Boolean()
    if kinds == {int}:
        return pl.Int64()
    if kinds and kinds <= {int, float}:
        return pl.Float64()
    return pl.String()


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def flatten_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Unnest struct columns into dotted names and turn list columns into JSON strings."""
    columns = [part for series in frame.get_columns() for part in _flat_series(series)]
    return pl.DataFrame(columns) if columns else frame


def _flat_series(series: pl.Series) -> list[pl.Series]:
    dtype = series.dtype
    if isinstance(dtype, pl.Struct):
        parts: list[pl.Series] = []
        for field in dtype.fields:
            child = series.struct.field(field.name).alias(f"{series.name}.{field.name}")
            parts.extend(_flat_series(child))
        return parts
    if isinstance(dtype, pl.List | pl.Array | pl.Object):
        texts = [_text(value) for value in series.to_list()]
        return [pl.Series(series.name, texts, dtype=pl.String)]
    return [series]
