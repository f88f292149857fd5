"""Nested records as column paths: `user.contact.email`, `aliases[]`, `orders[].email`.

Objects (JSON objects, Parquet structs) become dotted paths and lists become `[]` paths whose
column holds, per record, the list of values found there; the engine reads each element as a
value. Paths stop at MAX_DEPTH levels of nesting: a deeper part is kept whole as JSON text
(at most SUMMARY_CHARS characters) at the path where it was cut, not walked into. Flattening
uses an explicit stack, so no depth of nesting can exhaust Python's recursion limit, and the
work is linear in the number of keys.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from typing import Any

import polars as pl

from classifiers.readers.base import ReadError

MAX_DEPTH = 16  # levels of objects and lists turned into paths; deeper parts are summarised
SUMMARY_CHARS = 4_096  # a part cut at MAX_DEPTH is kept as this much JSON text at most


_INT64 = (-(2**63), 2**63 - 1)


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


PARSE_DEPTH = 64  # a document deeper than Python's parser follows is cut here before parsing
# A JSON string (escapes included) or one bracket: the tokens that open and close levels.
_STRUCTURE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def load_json(text: str) -> Any:
    """`json.loads`; a document nested deeper than the parser follows (it recurses once per
    level) is parsed with its parts below PARSE_DEPTH levels kept as bounded JSON text."""
    try:
        return json.loads(text)
    except RecursionError:
        pass
    try:
        return json.loads(cut_deep(text, PARSE_DEPTH))
    except RecursionError:
        raise ReadError(
            f"JSON nested deeper than {sys.getrecursionlimit():,} levels, "
            "past what the JSON parser follows"
        ) from None


def cut_deep(text: str, depth: int) -> str:
    """`text` with every object or list that opens below `depth` levels replaced by a JSON
    string holding its first SUMMARY_CHARS characters: one pass over the brackets outside
    strings, so the cost is linear whatever the nesting."""
    out: list[str] = []
    level, at, cut_from = 0, 0, -1
    for token in _STRUCTURE.finditer(text):
        mark = token.group()
        if mark in "[{":
            level += 1
            if level == depth + 1:
                cut_from = token.start()
        elif mark in "]}":
            if level == depth + 1 and cut_from >= 0:
                part = text[cut_from : token.end()]
                out += [text[at:cut_from], json.dumps(part[:SUMMARY_CHARS], ensure_ascii=False)]
                at, cut_from = token.end(), -1
            level -= 1
    if cut_from >= 0:  # never closed: the parser will say where the document is broken
        return text
    return "".join([*out, text[at:]])


def summary(value: Any) -> str | None:
    """A nested part as bounded JSON text."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (RecursionError, ValueError):
        return None  # deeper than the encoder follows: nothing bounded to show
    return text[:SUMMARY_CHARS]


def flatten_record(record: Any) -> dict[str, Any]:
    """{'user': {'email': 'a@x'}, 'tags': ['a', 'b'], 'orders': [{'id': 1}]} ->
    {'user.email': 'a@x', 'tags[]': ['a', 'b'], 'orders[].id': [1]}. A value that is not an
    object is the column `value` (`value[]` for a list)."""
    flat: dict[str, Any] = {}
    root = record if isinstance(record, dict) else {"value": record}
    stack: list[tuple[str, Any, int, bool]] = [
        (str(key), value, 1, False) for key, value in reversed(root.items())
    ]
    while stack:
        path, value, depth, listed = stack.pop()
        if isinstance(value, dict) and value and depth < MAX_DEPTH:
            stack.extend(
                (f"{path}.{key}", child, depth + 1, listed)
                for key, child in reversed(value.items())
            )
        elif isinstance(value, list) and depth < MAX_DEPTH:
            if not any(isinstance(item, dict | list) for item in value):
                _put(flat, f"{path}[]", value, listed, many=True)
            else:
                stack.extend((f"{path}[]", item, depth + 1, True) for item in reversed(value))
        else:
            leaf = summary(value) if isinstance(value, dict | list) else value
            _put(flat, path, leaf, listed)
    return flat


def _put(flat: dict[str, Any], path: str, value: Any, listed: bool, many: bool = False) -> None:
    """A value (or, with `many`, a list of values) at a path: a path under a list collects the
    values of every element; an empty list still names its column."""
    if not listed and not many:
        flat[path] = value
        return
    held = flat.get(path)
    if not isinstance(held, list):
        held = flat[path] = [] if held is None else [held]
    if many:
        held.extend(value)
    else:
        held.append(value)


class ColumnPlan:
    """Column names in first-seen order and one polars type per column (for a `[]` path, the
    type of its elements), learnt from flat records. Learning from every record before
    building frames keeps names and types the same in every batch of an object."""

    def __init__(self) -> None:
        self._kinds: dict[str, set[type]] = {}
        self._lists: set[str] = set()

    def learn(self, records: Iterable[dict[str, Any]]) -> ColumnPlan:
        for record in records:
            for name, value in record.items():
                kinds = self._kinds.setdefault(name, set())
                if isinstance(value, list):
                    self._lists.add(name)
                    kinds.update(_kind(item) for item in value if item is not None)
                elif value is not None:
                    kinds.add(_kind(value))
        return self

    def frame(self, records: list[dict[str, Any]]) -> pl.DataFrame:
        columns = [self._series(name, kinds, records) for name, kinds in self._kinds.items()]
        return pl.DataFrame(columns)

    def _series(self, name: str, kinds: set[type], records: list[dict[str, Any]]) -> pl.Series:
        dtype = _dtype(kinds)
        as_text = dtype == pl.String and bool(kinds - {str})
        if name not in self._lists:
            values = [record.get(name) for record in records]
            return pl.Series(name, [_text(v) for v in values] if as_text else values, dtype)
        lists = [_as_list(record.get(name)) for record in records]
        if as_text:
            lists = [None if items is None else [_text(v) for v in items] for items in lists]
        return pl.Series(name, lists, pl.List(dtype))


def _as_list(value: Any) -> list[Any] | None:
    return value if value is None or isinstance(value, list) else [value]


def flatten_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Struct columns become dotted paths and list columns `[]` paths (List columns of their
    elements), down to MAX_DEPTH levels; deeper parts become bounded JSON text."""
    columns: list[pl.Series] = []
    stack = [(series, 1, False) for series in reversed(frame.get_columns())]
    while stack:
        series, depth, listed = stack.pop()
        children = _children(series, listed) if depth < MAX_DEPTH else None
        if children is not None:
            stack.extend((child, depth + 1, is_list) for child, is_list in reversed(children))
        else:
            columns.append(_leaf(series, listed))
    return pl.DataFrame(columns) if columns else frame


def _element(series: pl.Series, listed: bool) -> pl.DataType:
    dtype = series.dtype
    if listed and isinstance(dtype, pl.List):
        return dtype.inner  # type: ignore[return-value]
    return dtype


def _children(series: pl.Series, listed: bool) -> list[tuple[pl.Series, bool]] | None:
    """The next level of a nested column, or None for a leaf. A `listed` series holds, per
    row, the list of values found under a list."""
    element, name = _element(series, listed), series.name
    if isinstance(element, pl.Struct):
        return [
            (_field(series, f.name, listed).alias(f"{name}.{f.name}"), listed)
            for f in element.fields
        ]
    if isinstance(element, pl.Array):
        series = series.list.eval(pl.element().arr.to_list()) if listed else series.arr.to_list()
        element = _element(series, listed)
    if isinstance(element, pl.List):
        inner = series.list.eval(pl.element().explode()) if listed else series
        return [(inner.alias(f"{name}[]"), True)]
    return None


def _field(series: pl.Series, name: str, listed: bool) -> pl.Series:
    if listed:
        return series.list.eval(pl.element().struct.field(name))
    return series.struct.field(name)


def _leaf(series: pl.Series, listed: bool) -> pl.Series:
    """A column as the engine reads it: scalars as they are, nested parts cut at MAX_DEPTH
    (and Python objects) as bounded JSON text."""
    element = _element(series, listed)
    if not (element.is_nested() or element == pl.Object):
        return series
    values = series.to_list()
    if listed:
        texts = [None if row is None else [summary(v) for v in row] for row in values]
        return pl.Series(series.name, texts, pl.List(pl.String))
    return pl.Series(series.name, [None if v is None else summary(v) for v in values], pl.String)
