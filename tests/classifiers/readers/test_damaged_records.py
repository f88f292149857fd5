"""Damaged records, not damaged files: ragged rows are fitted, malformed lines skipped, both
counted; a file is an error only when no record can be read."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import polars as pl
import pytest

from classifiers.model import DataFormat
from classifiers.readers import ReadError, Sampling, TableRead, detect_format, open_table

SAMPLINGS = [
    Sampling(),  # the whole file, from the top
    Sampling(max_rows=400, windows=4, max_object_bytes=40_000),  # byte windows
    Sampling(mode="full", batch_rows=150),
]
SAMPLING_IDS = ["stream", "windows", "full"]


def read_all(table: TableRead) -> pl.DataFrame:
    return pl.concat(list(table.batches()), how="diagonal_relaxed")


def jsonl(path: Path, lines: list[str], gz: bool = False) -> Path:
    data = "".join(line + "\n" for line in lines).encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def people(count: int) -> list[str]:
    return [json.dumps({"id": i, "email": f"user.{i}@example.com"}) for i in range(count)]


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("mode", ["sample", "full"])
def test_one_bad_json_line_of_400_is_skipped_and_counted(
    tmp_path: Path, mode: str, gz: bool
) -> None:
    lines = people(400)
    lines[137] = '{"id": 137, "email": "user.137@example.com"'  # cut short
    path = jsonl(tmp_path / ("p.jsonl.gz" if gz else "p.jsonl"), lines, gz)
    fmt, compression = detect_format(path)
    table = open_table(path, fmt, compression, Sampling(mode=mode))
    frame = read_all(table)
    assert frame.height == 399 and 137 not in frame["id"].to_list()
    coverage = table.coverage
    assert (coverage.rows_total, coverage.records_unreadable) == (399, 1)


def test_bad_lines_in_the_windows_of_a_large_file(tmp_path: Path) -> None:
    lines = people(120_000)
    for index in range(0, 120_000, 1_000):
        lines[index] = lines[index][:-1] + ",}"
    path = jsonl(tmp_path / "big.jsonl", lines)
    assert path.stat().st_size > 4 * 1024 * 1024
    table = open_table(path, DataFormat.JSONL, None, Sampling(max_rows=4_000))
    frame = read_all(table)
    assert frame.height > 3_000 and all(i % 1_000 for i in frame["id"].to_list())
    assert 0 < table.coverage.records_unreadable < 100  # only those in the windows read


@pytest.mark.parametrize("sampling", SAMPLINGS, ids=SAMPLING_IDS)
def test_a_json_lines_file_with_no_readable_line_is_an_error(
    tmp_path: Path, sampling: Sampling
) -> None:
    path = jsonl(tmp_path / "bad.jsonl", ['{"id": 1,}', "", "{'id': 2}", "[1, 2"] * 3_000)
    with pytest.raises(ReadError) as caught:
        read_all(open_table(path, DataFormat.JSONL, None, sampling))
    message = str(caught.value)
    assert message.startswith("no record could be read: ")
    assert "malformed (invalid JSON at " in message


def ragged_lines(count: int) -> list[str]:
    lines = [f"{i},user.{i}@example.com,{i}.5" for i in range(count)]
    for index in range(3, count, 50):
        lines[index] = f"{index},user.{index}@example.com"  # short: padded
    for index in range(7, count, 50):
        lines[index] += ",Smith, John"  # long: an unquoted comma in a name
    return lines


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("sampling", SAMPLINGS, ids=SAMPLING_IDS)
def test_ragged_rows_are_padded_or_overflow_and_counted(
    tmp_path: Path, sampling: Sampling, gz: bool
) -> None:
    count = 1_500
    text = "id,email,amount\n" + "".join(line + "\n" for line in ragged_lines(count))
    path = tmp_path / ("r.csv.gz" if gz else "r.csv")
    path.write_bytes(gzip.compress(text.encode()) if gz else text.encode())
    fmt, compression = detect_format(path)
    table = open_table(path, fmt, compression, sampling)
    frame = read_all(table)
    whole = sampling.full or sampling.max_rows >= count  # no row thinned out
    assert frame.columns[:3] == ["id", "email", "amount"]
    assert frame.columns[3:] == ["_overflow"] or not whole
    by_id = {row[0]: row for row in frame.rows()}
    assert by_id.get(3, (3, "user.3@example.com", None, None))[:3] == (
        3, "user.3@example.com", None)  # fmt: skip
    assert by_id.get(7, (7, "user.7@example.com", 7.5, "Smith, John"))[:4] == (
        7, "user.7@example.com", 7.5, "Smith, John")  # fmt: skip
    assert frame.schema["amount"] == pl.Float64
    repaired = table.coverage.records_repaired
    if whole:
        assert frame.height == count and repaired == 2 * count // 50
    else:
        assert 0 < repaired <= 2 * count // 50  # those in the rows read


def test_full_mode_reads_a_file_polars_refuses_through_a_repaired_copy(tmp_path: Path) -> None:
    """Types come from every row of the repaired copy, as they do for a clean file."""
    path = tmp_path / "late.csv"
    rows = [f"{i},{i * 2},{i % 2 == 0}" for i in range(30_000)]
    rows[25_000] += ",extra"
    path.write_text("a,b,flag\n" + "\n".join(rows) + "\n")
    table = open_table(path, DataFormat.CSV, None, Sampling(mode="full", batch_rows=7_000))
    batches = list(table.batches())
    assert [b.height for b in batches] == [7_000] * 4 + [2_000]
    frame = pl.concat(batches)
    assert frame.schema == {"a": pl.Int64, "b": pl.Int64, "flag": pl.Boolean,
                            "_overflow": pl.String}  # fmt: skip
    assert frame["_overflow"].drop_nulls().to_list() == ["extra"]
    assert (table.coverage.rows_total, table.coverage.records_repaired) == (30_000, 1)


@pytest.mark.parametrize("count", [600, 100_000], ids=["within the head", "long"])
def test_a_gzip_stream_cut_late_reads_the_records_before_the_cut(
    tmp_path: Path, count: int
) -> None:
    body = "".join(f"{i},user.{i}@example.com\n" for i in range(count))
    data = gzip.compress(("id,email\n" + body).encode())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) * 7 // 10])
    table = open_table(path, DataFormat.CSV, "gzip", Sampling(max_rows=500))
    frame = read_all(table)
    assert frame.height == min(500, frame.height) and frame["id"].min() == 0
    assert frame["id"].max() > count // 2
    coverage = table.coverage
    assert (coverage.rows_total, coverage.records_unreadable) == (None, 1)  # total unknown


def test_full_mode_reads_every_record_before_a_gzip_cut(tmp_path: Path) -> None:
    """Polars refuses a cut gzip stream whole: full mode reads it through to the cut."""
    body = "".join(f"{i},user.{i}@example.com\n" for i in range(100_000))
    data = gzip.compress(("id,email\n" + body).encode())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) * 7 // 10])
    table = open_table(path, DataFormat.CSV, "gzip", Sampling(mode="full"))
    frame = read_all(table)
    ids = frame["id"].to_list()
    assert ids == list(range(len(ids))) and len(ids) > 60_000  # every record, in order
    assert (table.coverage.mode, table.coverage.records_unreadable) == ("full", 1)


@pytest.mark.parametrize("sampling", SAMPLINGS, ids=SAMPLING_IDS)
def test_old_mac_line_ends_and_nul_padded_cells(tmp_path: Path, sampling: Sampling) -> None:
    rows = [
        f"{i},user.{i}@example.com,{'ok' if i % 10 else 'ok' + chr(0) * 2}" for i in range(3_000)
    ]
    path = tmp_path / "mac.csv"
    path.write_bytes(("id,email,note\r" + "\r".join(rows) + "\r").encode())
    fmt, compression = detect_format(path)
    assert fmt == DataFormat.CSV
    frame = read_all(open_table(path, fmt, compression, sampling))
    assert frame.columns == ["id", "email", "note"]
    assert frame["email"].str.ends_with("@example.com").all()
    assert frame.height == 3_000 or (not sampling.full and frame.height >= 300)
