"""CSV and TSV: byte-window sampling of large files, even row sampling, batched full reads."""

from __future__ import annotations

import gzip
import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from classifiers.model import DataFormat
from classifiers.readers import (
    ReadError,
    Sampling,
    TableRead,
    csv_types,
    detect_format,
    open_table,
)
from classifiers.readers.csv_rows import HEADER_PROBE, head_records
from classifiers.readers.csv_types import TYPE_SAMPLE_ROWS

BIG_ROWS = 400_000


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 30 MB: id, name, email, amount, active, note."""
    ids = pl.int_range(0, BIG_ROWS, eager=True)
    frame = pl.DataFrame(
        {
            "id": ids,
            "name": ("Person " + ids.cast(pl.String)),
            "email": ("person" + ids.cast(pl.String) + "@example.com"),
            "amount": ids.cast(pl.Float64) / 7,
            "active": ids % 3 == 0,
            "note": pl.Series(["lorem ipsum dolor sit amet"] * BIG_ROWS),
        }
    )
    path = tmp_path_factory.mktemp("big") / "people.csv"
    frame.write_csv(path)
    return path


def read_all(table: TableRead) -> pl.DataFrame:
    return pl.concat(list(table.batches()))


def open_path(path: Path, sampling: Sampling | None = None) -> TableRead:
    fmt, compression = detect_format(path)
    return open_table(path, fmt, compression, sampling or Sampling())


def test_big_csv_is_about_30_mb(big_csv: Path) -> None:
    assert 25e6 < big_csv.stat().st_size < 40e6


def test_sample_reads_windows_spread_over_a_big_file(big_csv: Path) -> None:
    table = open_path(big_csv)
    frame = read_all(table)
    coverage = table.coverage
    assert coverage.bytes_read < 0.25 * big_csv.stat().st_size
    assert coverage.bytes_total == big_csv.stat().st_size
    assert coverage.rows_total is None and coverage.mode == "sample"
    assert 9_000 <= coverage.rows_read == frame.height <= 10_000
    assert frame["id"].min() == 0  # the first window starts after the header
    assert frame["id"].max() >= BIG_ROWS - 10  # the last window ends at the end of the file
    gaps = frame["id"].sort().diff().drop_nulls()
    assert (gaps > 1_000).sum() == 7  # eight windows, evenly spaced
    assert frame["id"].n_unique() == frame.height
    assert frame.schema["id"] == pl.Int64 and frame.schema["amount"] == pl.Float64
    assert frame.schema["active"] == pl.Boolean and frame.schema["email"] == pl.String


def test_full_reads_every_row_in_batches(big_csv: Path) -> None:
    table = open_path(big_csv, Sampling(mode="full", batch_rows=100_000))
    batches = list(table.batches())
    assert len(batches) == math.ceil(BIG_ROWS / 100_000)
    assert {tuple(batch.columns) for batch in batches} == {
        ("id", "name", "email", "amount", "active", "note")
    }
    assert all(batch.height <= 100_000 for batch in batches)
    frame = pl.concat(batches)
    assert frame["id"].to_list() == list(range(BIG_ROWS))
    assert table.coverage.rows_read == table.coverage.rows_total == BIG_ROWS
    assert table.coverage.bytes_read == big_csv.stat().st_size
    assert table.coverage.mode == "full"


def test_gzip_sample_stops_after_its_byte_budget(big_csv: Path, tmp_path: Path) -> None:
    path = tmp_path / "people.csv.gz"
    path.write_bytes(gzip.compress(big_csv.read_bytes(), compresslevel=1))
    table = open_path(path, Sampling(max_rows=1_000, max_bytes=4 * 1024 * 1024))
    frame = read_all(table)
    assert table.coverage.rows_total is None
    assert table.coverage.bytes_read < 0.5 * path.stat().st_size  # compressed bytes
    assert frame.height == 1_000
    ids = frame["id"]
    assert ids.min() == 0 and ids.max() > 40_000  # spread over what was decompressed
    assert ids.is_sorted() and ids.diff().drop_nulls().max() <= 2 * ids.diff().drop_nulls().min()


def test_gzip_read_to_the_end_knows_its_total(tmp_path: Path) -> None:
    path = tmp_path / "small.csv.gz"
    rows = "".join(f"{i},name {i}\n" for i in range(5_000))
    path.write_bytes(gzip.compress(("id,name\n" + rows).encode()))
    table = open_path(path, Sampling(max_rows=100))
    frame = read_all(table)
    assert table.coverage.rows_total == 5_000 and frame.height == 100
    assert table.coverage.bytes_read == path.stat().st_size
    full = open_path(path, Sampling(mode="full"))
    assert read_all(full)["id"].to_list() == list(range(5_000))


def test_small_file_is_sampled_evenly_by_rows(tmp_path: Path) -> None:
    path = tmp_path / "small.csv"
    path.write_text("id,value\n" + "".join(f"{i},{i * 2}\n" for i in range(50_000)))
    table = open_path(path, Sampling(max_rows=1_000))
    frame = read_all(table)
    assert frame.height == 1_000 and table.coverage.rows_total == 50_000
    assert frame["id"].min() == 0 and frame["id"].max() >= 49_900
    gaps = frame["id"].diff().drop_nulls()
    assert gaps.min() >= 32 and gaps.max() <= 64


def test_windows_stay_aligned_with_quoted_multiline_fields(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    note = '"said ""hi"",\nthen left,\nfor good"'
    path.write_text("id,note,city\n" + "".join(f"{i},{note},Oslo\n" for i in range(200_000)))
    assert path.stat().st_size > 6 * 1024 * 1024
    table = open_path(path, Sampling(max_rows=800))
    frame = read_all(table)
    assert table.coverage.bytes_read < path.stat().st_size / 4
    assert set(frame["note"]) == {'said "hi",\nthen left,\nfor good'}
    assert set(frame["city"]) == {"Oslo"}


@pytest.mark.parametrize(
    ("content", "fmt", "columns"),
    [
        ("a\tb\n1\tx, y\n", DataFormat.TSV, {"a": [1], "b": ["x, y"]}),
        ("a;b\n1;2,5\n", DataFormat.CSV, {"a": [1], "b": ["2,5"]}),
        ("a|b\n1|2\n", DataFormat.CSV, {"a": [1], "b": [2]}),
        ("\ufeffid,name\n1,Ann\n", DataFormat.CSV, {"id": [1], "name": ["Ann"]}),
        ("id,name\r\n1,Ann\r\n\r\n", DataFormat.CSV, {"id": [1], "name": ["Ann"]}),
    ],
)
def test_dialects(tmp_path: Path, content: str, fmt: str, columns: dict[str, list[object]]) -> None:
    path = tmp_path / "data.txt"
    path.write_text(content, encoding="utf-8", newline="")
    for sampling in (Sampling(), Sampling(mode="full")):
        frame = read_all(open_table(path, fmt, None, sampling))
        assert {name: frame[name].to_list() for name in frame.columns} == columns


@pytest.mark.parametrize("content", ["id,name\n", "id,name\n\n,\n"], ids=["header", "blank"])
def test_a_header_row_alone_is_no_rows_to_read(tmp_path: Path, content: str) -> None:
    path = tmp_path / "header.csv"
    path.write_text(content)
    for sampling in (Sampling(), Sampling(mode="full")):
        with pytest.raises(ReadError, match="no rows to read"):
            read_all(open_table(path, DataFormat.CSV, None, sampling))


@pytest.mark.parametrize("mode", ["sample", "full"])
def test_ragged_rows_are_fitted_and_counted(tmp_path: Path, mode: str) -> None:
    """A long row keeps its extra fields in `_overflow`; a short row is padded with nulls."""
    path = tmp_path / "ragged.csv"
    lines = ["a,b,c,d", *(f"{i},x,y,z" for i in range(5)), "5,x,y,z,extra,more", "6,x", "7,x,y,z"]
    path.write_text("\n".join(lines) + "\n")
    table = open_path(path, Sampling(mode=mode))
    frame = read_all(table)
    assert frame.columns == ["a", "b", "c", "d", "_overflow"]
    assert frame["a"].to_list() == list(range(8))
    assert frame["_overflow"].to_list() == [None] * 5 + ["extra,more", None, None]
    assert frame.row(6) == (6, "x", None, None, None)
    assert (table.coverage.records_repaired, table.coverage.records_unreadable) == (2, 0)


def test_full_mode_counts_a_short_row_after_batches_were_read(tmp_path: Path) -> None:
    """The row check runs beside the batched read: a short row near the end, which polars
    fills with nulls, is counted as repaired."""
    path = tmp_path / "late_short.csv"
    rows = [f"{i},name {i},{i * 3}" for i in range(5_000)]
    rows[4_990] = "4990,name 4990"
    path.write_text("id,name,value\n" + "\n".join(rows) + "\n")
    table = open_path(path, Sampling(mode="full", batch_rows=1_000))
    frame = read_all(table)
    assert frame.height == 5_000 and frame["value"].null_count() == 1
    assert table.coverage.records_repaired == 1


def test_full_mode_reads_empty_last_fields_after_checking_the_rows(tmp_path: Path) -> None:
    """An empty last field looks like a short row to polars (a null): the rows are checked,
    and a file whose rows all have the header's width reads whole."""
    path = tmp_path / "optional_note.csv"
    path.write_text("id,amount,note\n" + "".join(f"{i},{i}.5,{'x' if i % 2 else ''}\n"
                                                  for i in range(3_000)))  # fmt: skip
    frame = read_all(open_path(path, Sampling(mode="full", batch_rows=1_000)))
    assert frame.height == 3_000 and frame["note"].null_count() == 1_500
    assert frame.schema["id"] == pl.Int64 and frame.schema["amount"] == pl.Float64


def test_full_mode_infers_types_from_every_row(tmp_path: Path) -> None:
    path = tmp_path / "late_text.csv"
    path.write_text("code\n" + "".join(f"{i}\n" for i in range(5_000)) + "A-17\n")
    frame = read_all(open_path(path, Sampling(mode="full", batch_rows=1_000)))
    assert frame.schema["code"] == pl.String and frame.height == 5_001


@pytest.mark.parametrize("late", ["A-17", "+5", " 7", "1e5", "2.5", "inf", "true", "007", ""])
def test_full_mode_types_are_polars_types_over_every_row(tmp_path: Path, late: str) -> None:
    """Types come from the first rows unless a later value could change them: the result
    is always what polars infers from every row (an integer column with a late `+5` is text,
    one with a late `1e5` a float, a column empty at first an integer column)."""
    rows = TYPE_SAMPLE_ROWS + 500
    lines = [f"{i},{i}.25,{'true' if i % 2 else 'false'},{'' if i < rows - 3 else i}"
             for i in range(rows)]  # fmt: skip
    lines[-2] = f"{late},{late},{late},{late}"
    path = tmp_path / "late.csv"
    path.write_text("n,x,flag,late_start\n" + "\n".join(lines) + "\n")
    frame = read_all(open_path(path, Sampling(mode="full", batch_rows=4_000)))
    expected = pl.read_csv(path, infer_schema_length=None)
    assert frame.schema == expected.schema
    blank = pl.all_horizontal(pl.all().is_null())  # a row of empty fields is a blank line
    assert frame.equals(expected.filter(~blank))


@pytest.mark.parametrize(("late", "whole_file_inference"), [("7", False), ("+7", True)])
def test_types_are_inferred_over_every_row_only_when_a_value_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, late: str, whole_file_inference: bool
) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("id,name\n" + "".join(f"{i},n{i}\n" for i in range(TYPE_SAMPLE_ROWS)) +
                    f"{late},last\n")  # fmt: skip
    lengths: list[int | None] = []
    scan = pl.scan_csv

    def spy(*args: Any, **kwargs: Any) -> pl.LazyFrame:
        if "schema" not in kwargs:
            lengths.append(kwargs.get("infer_schema_length"))
        return scan(*args, **kwargs)

    monkeypatch.setattr(csv_types.pl, "scan_csv", spy)
    types = csv_types.column_types(path, {"separator": ",", "raise_if_empty": False})
    assert types == pl.read_csv(path, infer_schema_length=None).schema
    assert (None in lengths) == whole_file_inference


def test_full_mode_stops_its_row_check_when_reading_stops(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    rows = (f"{i},{'' if i % 3 else f'name {i}'}\n" for i in range(200_000))  # empty names:
    path.write_text("id,name\n" + "".join(rows))  # the row check starts with the first batch
    batches = open_path(path, Sampling(mode="full", batch_rows=1_000)).batches()
    assert next(batches).height == 1_000
    batches.close()
    assert not [t for t in threading.enumerate() if t.name == "warden-csv-check"]


def test_ragged_row_in_a_sampled_window_of_a_big_file(tmp_path: Path) -> None:
    path = tmp_path / "big_ragged.csv"
    rows = [f"{i},name {i},{i * 3}" for i in range(300_000)]
    rows[-5] += ",oops"
    path.write_text("id,name,value\n" + "\n".join(rows) + "\n")
    table = open_path(path)
    frame = read_all(table)
    assert frame.columns == ["id", "name", "value", "_overflow"]
    assert frame["_overflow"].drop_nulls().to_list() == ["oops"]
    assert table.coverage.records_repaired == 1


def test_big_file_of_few_long_rows_is_read_to_the_end(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("id,blob\n" + "".join(f"{i},{'x' * 50_000}\n" for i in range(120)))
    assert path.stat().st_size > 4 * 1024 * 1024
    table = open_path(path)
    frame = read_all(table)
    assert frame["id"].to_list() == list(range(120))
    assert table.coverage.rows_total == 120


HEADERLESS_ROWS = 3_000


def _headerless(path: Path, rows: int = HEADERLESS_ROWS) -> list[str]:
    """A CSV without a header row: email, card, amount. Returns its first record."""
    lines = [f"user{i}@corp.org,4111111111111111,{i}.50" for i in range(rows)]
    path.write_text("".join(line + "\n" for line in lines))
    return lines[0].split(",")


def _first_is_data(records: Sequence[Sequence[str]]) -> bool:
    """Stands in for the registry's check: the first field holds an @ in every record."""
    return len(records) > 1 and all("@" in r[0] for r in records)


@pytest.mark.parametrize(
    "sampling",
    [
        Sampling(),  # read from the top, thinned
        Sampling(max_rows=500, windows=4, max_object_bytes=20_000),  # byte windows
        Sampling(mode="full", batch_rows=1_000),  # polars, in batches
    ],
    ids=["stream", "windows", "full"],
)
def test_a_file_without_a_header_row_reads_its_first_record_as_data(
    tmp_path: Path, sampling: Sampling
) -> None:
    path = tmp_path / "noheader.csv"
    first = _headerless(path)
    fmt, compression = detect_format(path)
    table = open_table(path, fmt, compression, sampling, _first_is_data)
    frame = read_all(table)
    assert frame.columns == ["column_1", "column_2", "column_3"]
    assert frame.row(0) == (first[0], int(first[1]), float(first[2]))  # the first record is a row
    assert frame.schema["column_3"] == pl.Float64
    if sampling.full or path.stat().st_size <= sampling.whole_read_bytes:
        assert frame.height == table.coverage.rows_total == HEADERLESS_ROWS
    # the same file with its first record as the header, when the check says so
    as_header = read_all(open_table(path, fmt, compression, sampling, lambda records: False))
    assert as_header.columns == first
    assert first[0] not in as_header.get_column(first[0]).to_list()


def test_the_head_records_drop_the_line_the_head_cuts() -> None:
    head = b'a,b\n\n"x\ny",2\n3,4\n5,'
    assert head_records(head, ",", whole=False) == [["a", "b"], ["x\ny", "2"], ["3", "4"]]
    assert head_records(head, ",", whole=True)[-1] == ["5", ""]
    assert head_records(b"a;b\n" * 50, ";", whole=True) == [["a", "b"]] * HEADER_PROBE
