"""JSON arrays and JSON Lines: flattened columns, steady column sets, sampled windows."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import polars as pl
import pytest

from classifiers.model import DataFormat
from classifiers.readers import ReadError, Sampling, TableRead, detect_format, open_table

PEOPLE = [
    {"id": 1, "name": "Ann", "address": {"city": "Oslo", "geo": {"lat": 59.9}}, "tags": ["a"]},
    {"id": 2, "name": "Bob", "address": {"city": "Rome"}, "score": 1.5, "vip": True},
    {"id": 3, "name": None, "score": 2, "vip": False, "code": 7},
    {"id": 4, "code": "X7", "tags": [{"k": 1}]},
]


def read(path: Path, sampling: Sampling | None = None) -> tuple[pl.DataFrame, TableRead]:
    fmt, compression = detect_format(path)
    table = open_table(path, fmt, compression, sampling or Sampling())
    batches = list(table.batches())
    assert len({tuple(batch.columns) for batch in batches}) == 1
    return pl.concat(batches), table


def check_people(frame: pl.DataFrame) -> None:
    assert frame.columns == [
        "id", "name", "address.city", "address.geo.lat", "tags[]", "score", "vip", "code",
        "tags[].k",
    ]  # fmt: skip
    assert frame["address.city"].to_list() == ["Oslo", "Rome", None, None]
    assert frame["tags[]"].to_list() == [["a"], None, None, None]  # a list's values, one by one
    assert frame["tags[].k"].to_list() == [None, None, None, [1]]
    assert frame["score"].dtype == pl.Float64 and frame["vip"].dtype == pl.Boolean
    assert frame["code"].to_list() == [None, None, "7", "X7"]  # mixed types become text
    assert frame["id"].dtype == pl.Int64


@pytest.mark.parametrize("mode", ["sample", "full"])
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("people.json", json.dumps(PEOPLE, indent=2)),
        ("wrapped.json", json.dumps({"data": PEOPLE, "next": None})),
        ("people.jsonl", "\n".join(json.dumps(p) for p in PEOPLE) + "\n\n"),
    ],
)
def test_nested_records_flatten(tmp_path: Path, name: str, content: str, mode: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    frame, table = read(path, Sampling(mode=mode))
    check_people(frame)
    assert table.coverage.rows_total == 4


def test_jsonl_full_mode_keeps_columns_steady_across_batches(tmp_path: Path) -> None:
    path = tmp_path / "late.jsonl"
    lines = [{"id": i} for i in range(10)] + [{"id": 10, "late": "yes"}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    fmt, compression = detect_format(path)
    table = open_table(path, fmt, compression, Sampling(mode="full", batch_rows=4))
    batches = list(table.batches())
    assert [batch.columns for batch in batches] == [["id", "late"]] * 3
    assert [batch.height for batch in batches] == [4, 4, 3]
    assert table.coverage.rows_read == table.coverage.rows_total == 11


def test_big_jsonl_sample_reads_windows(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    with path.open("w") as file:
        for i in range(120_000):
            file.write(json.dumps({"id": i, "user": {"email": f"u{i}@example.com"}}) + "\n")
    frame, table = read(path, Sampling(max_rows=2_000))
    assert table.coverage.bytes_read < 0.25 * path.stat().st_size
    assert table.coverage.rows_total is None
    assert 1_900 <= frame.height <= 2_000 and frame.columns == ["id", "user.email"]
    assert frame["id"].min() == 0 and frame["id"].max() >= 119_990
    assert (frame["id"].sort().diff().drop_nulls() > 1_000).sum() == 7


def test_gzip_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl.gz"
    body = "".join(json.dumps({"id": i}) + "\n" for i in range(1_000))
    path.write_bytes(gzip.compress(body.encode()))
    frame, table = read(path, Sampling(max_rows=10))
    assert frame["id"].to_list()[0] == 0 and frame.height == 10
    assert table.coverage.rows_total == 1_000


def test_json_sample_picks_records_evenly(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"id": i} for i in range(1_001)]))
    frame, table = read(path, Sampling(max_rows=11))
    assert frame["id"].to_list() == list(range(0, 1_001, 100))
    assert table.coverage.rows_total == 1_001 and table.coverage.rows_read == 11


@pytest.mark.parametrize(
    ("name", "content", "fmt", "phrase"),
    [
        ("bad.json", '[\n  {"a": 1},\n  {"a": }\n]', DataFormat.JSON, "line 3 column 9"),
        ("bad.jsonl", '{"a": 2\n{"a": 1,}\n', DataFormat.JSONL, "line 1 column 8"),
        ("bad.jsonl", '\n\n{"a" 2}\n', DataFormat.JSONL, "line 3 column 6"),
    ],
)
def test_invalid_json_names_line_and_column(
    tmp_path: Path, name: str, content: str, fmt: str, phrase: str
) -> None:
    """A JSON document that does not parse, or JSON Lines of which no line does, is an error
    naming where (the first bad line)."""
    path = tmp_path / name
    path.write_text(content)
    for mode in ("sample", "full"):
        with pytest.raises(ReadError, match=f"invalid JSON at {phrase}"):
            list(open_table(path, fmt, None, Sampling(mode=mode)).batches())


def test_big_jsonl_of_few_long_lines(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_text("".join(json.dumps({"id": i, "blob": "x" * 50_000}) + "\n" for i in range(100)))
    frame, _ = read(path)
    assert frame["id"].to_list() == list(range(100))
