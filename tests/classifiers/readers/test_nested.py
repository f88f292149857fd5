"""Nested records as column paths: dotted objects, `[]` lists, a depth cut, no RecursionError."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from classifiers.readers import ReadError, Sampling, detect_format, open_table
from classifiers.readers.nested import (
    MAX_DEPTH,
    SUMMARY_CHARS,
    ColumnPlan,
    cut_deep,
    flatten_frame,
    flatten_record,
)


def _deep(levels: int, leaf: object) -> object:
    """{"a": {"a": ... leaf}} with `levels` objects, built without recursion."""
    value = leaf
    for _ in range(levels):
        value = {"a": value}
    return value


def read(path: Path) -> pl.DataFrame:
    fmt, compression = detect_format(path)
    return pl.concat(open_table(path, fmt, compression, Sampling()).batches())


@pytest.mark.parametrize(
    ("record", "flat"),
    [
        ({"user": {"contact": {"email": "a@x.org"}}}, {"user.contact.email": "a@x.org"}),
        ({"aliases": ["Al", "Bo"]}, {"aliases[]": ["Al", "Bo"]}),
        (
            {"orders": [{"id": 1, "email": "o@x.org"}, {"id": 2}]},
            {"orders[].id": [1, 2], "orders[].email": ["o@x.org"]},
        ),
        ({"orders": [{"tags": ["a"]}, {"tags": ["b", "c"]}]}, {"orders[].tags[]": ["a", "b", "c"]}),
        ({"grid": [[1, 2], [3]]}, {"grid[][]": [1, 2, 3]}),
        ({"empty": [], "blank": {}}, {"empty[]": [], "blank": "{}"}),
        (["x", "y"], {"value[]": ["x", "y"]}),
        ("plain", {"value": "plain"}),
    ],
)
def test_paths(record: object, flat: dict[str, object]) -> None:
    assert flatten_record(record) == flat


def test_the_depth_cut_keeps_deeper_parts_as_bounded_text() -> None:
    flat = flatten_record({"root": _deep(40, "secret@x.org")})
    ((path, text),) = flat.items()
    assert path == "root" + ".a" * (MAX_DEPTH - 1)  # MAX_DEPTH levels of names
    assert isinstance(text, str) and "secret@x.org" in text
    assert json.loads(text) == _deep(40 - MAX_DEPTH + 1, "secret@x.org")
    long = flatten_record({"root": _deep(MAX_DEPTH, ["x" * 1000] * 20)})
    assert [len(v) for v in long.values()] == [SUMMARY_CHARS]


def test_any_depth_flattens_without_recursion() -> None:
    flat = flatten_record(_deep(50_000, 1))
    # Cut at MAX_DEPTH; what is below is deeper than the JSON encoder follows: nothing kept.
    assert flat == {"a" + ".a" * (MAX_DEPTH - 1): None}


def test_list_columns_keep_their_element_types() -> None:
    records = [flatten_record(r) for r in ({"ids": [1, 2]}, {"ids": [3], "mix": [1, "a"]}, {})]
    frame = ColumnPlan().learn(records).frame(records)
    assert frame.schema == {"ids[]": pl.List(pl.Int64), "mix[]": pl.List(pl.String)}
    assert frame["ids[]"].to_list() == [[1, 2], [3], None]
    assert frame["mix[]"].to_list() == [None, ["1", "a"], None]


def test_a_json_document_deeper_than_the_parser_follows_is_read_with_its_depth_cut(
    tmp_path: Path,
) -> None:
    """Python's parser recurses once per level: a 100,000-deep part is cut before parsing,
    and the shallow records beside it are read as usual."""
    path = tmp_path / "deep.json"
    shallow = ",".join(json.dumps({"email": f"p{i}@x.org"}) for i in range(3))
    path.write_text(f'[{shallow},{{"deep": {"[" * 100_000 + "]" * 100_000}}}]')
    frame = read(path)
    assert frame["email"].to_list()[:3] == ["p0@x.org", "p1@x.org", "p2@x.org"]
    deep = next(c for c in frame.columns if c.startswith("deep"))
    assert len(frame[deep].drop_nulls().to_list()[0]) <= SUMMARY_CHARS + 2


@pytest.mark.parametrize(
    ("text", "depth", "expected"),
    [
        ('{"a": [[[1]]], "s": "[[["}', 2, '{"a": ["[[1]]"], "s": "[[["}'),  # brackets in strings
        ('{"a": {"b": {"c": 1}}}', 5, '{"a": {"b": {"c": 1}}}'),  # shallow: unchanged
        (r'[{"k": "\\"}, [[2]]]', 2, r'[{"k": "\\"}, ["[2]"]]'),  # escaped backslash
        ("[[[", 1, "[[["),  # never closed: left for the parser to refuse
    ],
)
def test_cut_deep_replaces_parts_below_the_depth_with_their_text(
    text: str, depth: int, expected: str
) -> None:
    assert cut_deep(text, depth) == expected
    if expected != "[[[":
        json.loads(cut_deep(text, depth))


def test_a_broken_deep_document_is_still_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000)
    with pytest.raises(ReadError, match=r"JSON nested deeper than|invalid JSON"):
        read(path)


def test_a_deep_json_lines_record_is_cut_not_recursed(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    record = {"id": 1, "profile": _deep(200, {"email": "deep@x.org"})}
    path.write_text(json.dumps(record) + "\n" + json.dumps({"id": 2}) + "\n")
    frame = read(path)
    assert frame.columns == ["id", "profile" + ".a" * (MAX_DEPTH - 1)]
    assert "deep@x.org" in frame.row(0)[1]


def test_parquet_structs_and_lists_become_paths(tmp_path: Path) -> None:
    path = tmp_path / "nested.parquet"
    table = pa.table(
        {
            "user": [{"contact": {"email": "a@x.org"}}, None],
            "aliases": [["Al", "Bo"], []],
            "orders": [[{"id": 1, "email": "o@x.org"}], None],
            "grid": [[[1, 2], [3]], [[4]]],
        }
    )
    pq.write_table(table, path)
    frame = read(path)
    assert frame.columns == [
        "user.contact.email", "aliases[]", "orders[].id", "orders[].email", "grid[][]"
    ]  # fmt: skip
    assert frame.row(0) == ("a@x.org", ["Al", "Bo"], [1], ["o@x.org"], [1, 2, 3])
    assert frame.row(1) == (None, [], None, None, [4])


def test_parquet_structs_deeper_than_the_limit_are_cut() -> None:
    frame = pl.DataFrame({"root": [_deep(MAX_DEPTH + 4, "x@y.org")]})
    flat = flatten_frame(frame)
    assert flat.columns == ["root" + ".a" * (MAX_DEPTH - 1)]
    assert flat.dtypes == [pl.String] and "x@y.org" in flat.item()
