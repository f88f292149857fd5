"""Nested columns sanitized in place: `user.contact.email` inside its struct, `orders[].email`
inside every element of its list, the rest of each record left as it was.

A path is named as the scan names it (`classifiers.readers.nested`): a struct's field after a
dot, a list's elements after `[]`. Its distinct values are sanitized as a flat column would be
(the same operators, the same free-text removal), then put back in Polars with
`struct.with_fields` and `list.eval`: no record is rebuilt in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

Step = str | None  # a struct's field, or None for the elements of a list


@dataclass(frozen=True)
class NestedPath:
    """Where a path's values live: the top-level column, the steps down, their type."""

    top: str
    steps: tuple[Step, ...]
    dtype: pl.DataType


def nested_path(path: str, schema: pl.Schema) -> NestedPath | None:
    """The path in this frame's schema, or None when it names nothing nested there."""
    for top, dtype in schema.items():
        if path.startswith(top) and len(path) > len(top):
            found = _walk(path[len(top) :], dtype)
            if found is not None:
                return NestedPath(top, *found)
    return None


def _walk(rest: str, dtype: pl.DataType) -> tuple[tuple[Step, ...], pl.DataType] | None:
    """Steps for the rest of a path; fields are tried in turn, since a name may hold a dot."""
    if not rest:
        return (), dtype
    if isinstance(dtype, pl.List) and rest.startswith("[]"):
        found = _walk(rest[2:], dtype.inner)  # type: ignore[arg-type]
        return None if found is None else ((None, *found[0]), found[1])
    if isinstance(dtype, pl.Struct) and rest.startswith("."):
        for field in dtype.fields:
            if rest[1:].startswith(field.name):
                found = _walk(rest[1 + len(field.name) :], field.dtype)  # type: ignore[arg-type]
                if found is not None:
                    return (field.name, *found[0]), found[1]
    return None


def leaf_values(frame: pl.DataFrame, where: NestedPath) -> pl.Series:
    """The non-null values found at the path, in every record and every list element."""
    expr = pl.col(where.top)
    for step in where.steps:
        expr = expr.explode() if step is None else expr.struct.field(step)
    return frame.select(expr.alias("value"))["value"].drop_nulls()


def rewrite(expr: pl.Expr, steps: Sequence[Step], leaf: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """`expr` with `leaf` applied to the values at the end of `steps`, all else unchanged."""
    if not steps:
        return leaf(expr)
    step, rest = steps[0], steps[1:]
    if step is None:
        return expr.list.eval(rewrite(pl.element(), rest, leaf))
    return expr.struct.with_fields(rewrite(pl.field(step), rest, leaf).alias(step))


def replace_at(
    frame: pl.DataFrame, where: NestedPath, before: pl.Series, after: pl.Series
) -> pl.DataFrame:
    """The frame with each value `before[i]` at the path replaced by `after[i]`."""
    if before.is_empty():
        return frame

    def leaf(values: pl.Expr) -> pl.Expr:
        return values.replace_strict(before, after, default=None, return_dtype=after.dtype)

    return frame.with_columns(rewrite(pl.col(where.top), where.steps, leaf).alias(where.top))
