"""Parquet: totals from the footer, spread row groups when sampling, row groups in full mode."""

from __future__ import annotations

import datetime as dt
import decimal
import subprocess
import sys
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from classifiers.model import Coverage
from classifiers.readers import ReadError, Sampling, open_table
from classifiers.readers.readable import LocalFile


def write_groups(path: Path, groups: int, rows_per_group: int) -> None:
    total = groups * rows_per_group
    table = pa.table(
        {
            "id": pa.array(range(total), pa.int64()),
            "email": [f"user{i}@example.com" for i in range(total)],
            "joined": [dt.date(2024, 1, 1) + dt.timedelta(days=i % 365) for i in range(total)],
        }
    )
    pq.write_table(table, path, row_group_size=rows_per_group)


def read(path: Path, sampling: Sampling) -> tuple[list[pl.DataFrame], Coverage]:
    table = open_table(path, "parquet", None, sampling)
    batches = list(table.batches())
    return batches, table.coverage


def test_sample_reads_whole_row_groups_spread_over_the_file(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    write_groups(path, groups=20, rows_per_group=1_000)
    batches, coverage = read(path, Sampling(max_rows=3_000))
    frame = pl.concat(batches)
    assert frame.height == 3_000
    groups = set((frame["id"] // 1_000).to_list())
    assert groups == {0, 10, 19}  # the fewest evenly spaced groups holding 3,000 rows
    assert coverage.rows_total == 20_000 and coverage.rows_read == 3_000
    assert coverage.bytes_read < 0.4 * path.stat().st_size
    assert frame.schema["joined"] == pl.Date and frame.schema["id"] == pl.Int64


def test_one_big_row_group_is_thinned_evenly(tmp_path: Path) -> None:
    path = tmp_path / "one.parquet"
    write_groups(path, groups=1, rows_per_group=50_000)
    batches, coverage = read(path, Sampling(max_rows=500))
    ids = pl.concat(batches)["id"]
    assert ids.len() == 500 and ids.min() == 0 and ids.max() == 49_999
    assert coverage.rows_total == 50_000


def test_full_mode_reads_every_row_group(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    write_groups(path, groups=5, rows_per_group=2_000)
    batches, coverage = read(path, Sampling(mode="full", batch_rows=1_500))
    assert [batch.height for batch in batches] == [1_500] * 6 + [1_000]  # groups merged
    assert pl.concat(batches)["id"].to_list() == list(range(10_000))
    assert coverage.rows_read == coverage.rows_total == 10_000
    assert coverage.bytes_read > 0.5 * path.stat().st_size


class _Remote(LocalFile):
    """The file as a blob would be read: through a file object, with no local path."""

    @property
    def local_path(self) -> None:  # type: ignore[override]
        return None


def test_full_mode_reads_a_remote_object_as_it_reads_a_local_file(tmp_path: Path) -> None:
    """A local file goes through Polars' reader, a blob through pyarrow: the same batches."""
    path = tmp_path / "events.parquet"
    write_groups(path, groups=5, rows_per_group=2_000)
    sampling = Sampling(mode="full", batch_rows=3_000)
    local, local_cover = read(path, sampling)
    table = open_table(_Remote(path), "parquet", None, sampling)
    remote = list(table.batches())
    assert [b.height for b in local] == [b.height for b in remote] == [3_000] * 3 + [1_000]
    for mine, theirs in zip(local, remote, strict=True):
        assert mine.equals(theirs)
    assert local_cover == table.coverage


def _many_types(rows: int) -> pa.Table:
    return pa.table(
        {
            "id": pa.array(range(rows), pa.int64()),
            "email": [f"user{i}@example.com" if i % 7 else None for i in range(rows)],
            "tier": pa.array([f"tier {i % 5}" for i in range(rows)]).dictionary_encode(),
            "seen": pa.array(
                [dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=i)
                 for i in range(rows)],
                pa.timestamp("us", tz="UTC"),
            ),
            "amount": pa.array([decimal.Decimal(i) / 100 for i in range(rows)],
                               pa.decimal128(12, 2)),
            "raw": pa.array([bytes([i % 256]) for i in range(rows)], pa.binary()),
            "note": pa.array([f"note {i}" for i in range(rows)], pa.large_string()),
            "address": [{"city": f"city {i}", "zip": i} for i in range(rows)],
            "tags": [[f"a{i}", f"b{i}"] for i in range(rows)],
            "nothing": pa.array([None] * rows, pa.null()),
        }
    )  # fmt: skip


@pytest.mark.parametrize("max_rows", [7, 1_000, 20_000])
def test_a_local_sample_is_the_sample_a_remote_object_gives(tmp_path: Path, max_rows: int) -> None:
    """Sampling a local file goes through Polars' reader, a blob through pyarrow: the same
    rows of the same row groups, with the same types, and the same bytes counted."""
    path = tmp_path / "types.parquet"
    pq.write_table(_many_types(9_000), path, row_group_size=700)
    sampling = Sampling(max_rows=max_rows)
    local, local_cover = read(path, sampling)
    table = open_table(_Remote(path), "parquet", None, sampling)
    remote = list(table.batches())
    assert len(local) == len(remote) == 1
    assert local[0].schema == remote[0].schema
    assert local[0].equals(remote[0])
    assert local[0].height == min(max_rows, 9_000)
    assert local_cover == table.coverage


def test_a_file_name_with_glob_characters_is_read_as_named(tmp_path: Path) -> None:
    """Polars' reader expands `*`, `?` and `[...]` in a path: `part[1].parquet` named no
    file, and was reported corrupt."""
    path = tmp_path / "part[1].parquet"
    write_groups(path, groups=2, rows_per_group=500)
    (tmp_path / "part1.parquet").write_bytes(b"not this one")
    for sampling in (Sampling(max_rows=600), Sampling(mode="full")):
        frame = pl.concat(read(path, sampling)[0])
        assert frame.height == (600 if sampling.max_rows == 600 and not sampling.full else 1_000)
        assert frame["email"][0] == "user0@example.com"


def test_nested_columns_are_flattened(tmp_path: Path) -> None:
    path = tmp_path / "nested.parquet"
    table = pa.table(
        {
            "id": [1, 2],
            "address": [{"city": "Oslo", "geo": {"lat": 59.9}}, None],
            "tags": [["a", "b"], []],
        }
    )
    pq.write_table(table, path)
    for sampling in (Sampling(), Sampling(mode="full")):
        frame = pl.concat(read(path, sampling)[0])
        assert frame.columns == ["id", "address.city", "address.geo.lat", "tags[]"]
        assert frame.row(0) == (1, "Oslo", 59.9, ["a", "b"])
        assert frame.row(1) == (2, None, None, [])


def test_a_zero_row_parquet_file_is_no_rows_to_read(tmp_path: Path) -> None:
    """A file is an error when no record can be read: a schema alone is not a dataset."""
    path = tmp_path / "empty.parquet"
    pq.write_table(
        pa.table({"id": pa.array([], pa.int64()), "name": pa.array([], pa.string())}), path
    )
    for sampling in (Sampling(), Sampling(mode="full")):
        with pytest.raises(ReadError, match="no rows to read"):
            read(path, sampling)


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_corrupt_parquet(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "bad.parquet"
    write_groups(path, groups=2, rows_per_group=100)
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2] if damage == "truncate" else b"PAR1" + b"x" * 64)
    with pytest.raises(ReadError, match="corrupt Parquet: "):
        read(path, Sampling())


def test_take_evenly_keeps_rows_spread_over_the_table_without_importing_pandas(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"n": list(range(1000)), "s": [str(i) for i in range(1000)]}), path)
    code = (
        "import sys, pyarrow.parquet as pq\n"
        "from classifiers.readers.parquet import take_evenly\n"
        f"table = pq.ParquetFile({str(path)!r}).read_row_group(0)\n"
        "before = 'pandas' in sys.modules\n"
        "taken = take_evenly(table, 4)\n"
        "print(taken.column('n').to_pylist(), taken.column('s').to_pylist(), before, "
        "'pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[0, 333, 666, 999] ['0', '333', '666', '999'] False False"
