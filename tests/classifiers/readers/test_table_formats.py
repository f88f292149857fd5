"""Avro, ORC, Excel and SQLite: sniffed by content, read in both modes, found through a scan."""

from __future__ import annotations

import hashlib
import io
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import fastavro
import polars as pl
import pyarrow.orc as orc
import pytest
from rich.console import Console

from bench.formats_tables import measure_formats
from bench.report import Report
from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.model import Coverage, DataFormat, StoredObject
from classifiers.readers import ReadError, Sampling, detect_format, open_table
from classifiers.readers.parts import PartCopies
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource
from lineage.model import DatasetState
from lineage.refs import matches
from pipelines.keys import dataset_key
from tests.table_files import write_avro, write_database, write_orc, write_workbook


def read(
    path: Path, fmt: str, sampling: Sampling, part: str | None = None
) -> tuple[pl.DataFrame, Coverage]:
    table = open_table(path, fmt, None, sampling, part=part)
    frame = pl.concat(list(table.batches()))
    return frame, table.coverage


@pytest.mark.parametrize(
    ("name", "write", "fmt"),
    [
        ("people.avro", write_avro, DataFormat.AVRO),
        ("people.orc", write_orc, DataFormat.ORC),
        ("book.xlsx", write_workbook, DataFormat.XLSX),
        ("app.sqlite", write_database, DataFormat.SQLITE),
    ],
)
def test_formats_are_sniffed_from_content_whatever_the_name(
    tmp_path: Path,
    name: str,
    write: Callable[[Path], None],
    fmt: str,
) -> None:
    path = tmp_path / name
    write(path)
    assert detect_format(path) == (fmt, None)
    renamed = path.rename(tmp_path / "export.dat")
    if fmt != DataFormat.XLSX:  # a workbook is told by its parts, whatever its name
        assert detect_format(renamed) == (fmt, None)
    else:
        assert detect_format(renamed) == (DataFormat.XLSX, None)


def test_text_starting_with_orc_is_not_orc(tmp_path: Path) -> None:
    path = tmp_path / "orchards.csv"
    path.write_text("ORCHARD,trees\nnorth,12\nsouth,30\n", encoding="utf-8")
    assert detect_format(path) == (DataFormat.CSV, None)


def test_avro_sample_reads_blocks_until_the_row_bound(tmp_path: Path) -> None:
    path = tmp_path / "people.avro"
    write_avro(path, count=50_000, block=4_000)
    frame, coverage = read(path, DataFormat.AVRO, Sampling(max_rows=1_000))
    assert frame.height == 1_000 and set(frame.columns) == {"id", "email", "iban", "note"}
    assert coverage.bytes_read < 0.2 * path.stat().st_size
    assert coverage.rows_total is None  # not known without reading every block
    full, full_coverage = read(path, DataFormat.AVRO, Sampling(mode="full", batch_rows=7_000))
    assert full.height == 50_000 and full["id"].n_unique() == 50_000
    assert full_coverage.rows_total == 50_000
    assert full_coverage.bytes_read == path.stat().st_size


def test_avro_sample_of_a_large_file_reads_blocks_spread_over_it(tmp_path: Path) -> None:
    path = tmp_path / "people.avro"
    write_avro(path, count=200_000, block=32_000)
    sampling = Sampling(max_rows=800, max_object_bytes=100_000)  # over its whole-read size
    frame, coverage = read(path, DataFormat.AVRO, sampling)
    ids = frame["id"].cast(pl.Int64)
    assert frame.height == 800 and ids.n_unique() == 800
    assert ids.to_list()[-1] > 150_000  # found by sync markers far into the file
    assert coverage.bytes_read < 0.5 * path.stat().st_size


def test_avro_types_polars_cannot_map_are_read_record_by_record(tmp_path: Path) -> None:
    schema = {"type": "record", "name": "Contact", "fields": [
        {"name": "user", "type": {"type": "record", "name": "User",
                                  "fields": [{"name": "email", "type": "string"}]}},
        {"name": "labels", "type": {"type": "map", "values": "string"}},
    ]}  # fmt: skip
    path = tmp_path / "contacts.avro"
    records = [{"user": {"email": f"c{i}@example.com"}, "labels": {"k": "v"}} for i in range(50)]
    with path.open("wb") as out:
        fastavro.writer(out, schema, records)
    frame, coverage = read(path, DataFormat.AVRO, Sampling(mode="full"))
    assert frame.height == 50 and "user.email" in frame.columns
    assert coverage.rows_total == 50


def test_orc_sample_reads_spread_stripes(tmp_path: Path) -> None:
    path = tmp_path / "people.orc"
    write_orc(path, count=60_000, stripe=32 * 1024)
    assert orc.ORCFile(path).nstripes >= 4
    frame, coverage = read(path, DataFormat.ORC, Sampling(max_rows=2_000))
    assert frame.height == 2_000
    assert coverage.rows_total == 60_000 and coverage.bytes_read < path.stat().st_size
    assert frame["id"].cast(pl.Int64).to_list()[-1] > 30_000  # spread stripes
    full, _ = read(path, DataFormat.ORC, Sampling(mode="full"))
    assert full.height == 60_000


def test_corrupt_avro_and_orc_say_so(tmp_path: Path) -> None:
    avro = tmp_path / "cut.avro"
    write_avro(avro, count=5_000, block=2_000)
    avro.write_bytes(avro.read_bytes()[: avro.stat().st_size // 2])
    with pytest.raises(ReadError, match="Avro"):
        read(avro, DataFormat.AVRO, Sampling(mode="full"))
    bad = tmp_path / "bad.orc"
    bad.write_bytes(b"ORC" + b"\x00" * 100 + b"ORC\x03")
    assert detect_format(bad) == (DataFormat.ORC, None)
    with pytest.raises(ReadError, match="corrupt ORC"):
        read(bad, DataFormat.ORC, Sampling())


def test_sheet_and_table_reads_are_bounded_in_sample_mode(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    write_workbook(book)
    frame, coverage = read(book, DataFormat.XLSX, Sampling(max_rows=50), part="Staff")
    assert frame.height == 50 and coverage.rows_total == 200
    assert frame["contact"].to_list()[-1] == "staff200@example.com"  # spread to the last row
    database = tmp_path / "app.sqlite"
    write_database(database, rows=5_000)
    frame, coverage = read(database, DataFormat.SQLITE, Sampling(max_rows=400), part="customers")
    assert frame.height == 400 and coverage.rows_total == 5_000
    assert frame["id"].cast(pl.Int64).to_list()[-1] > 4_000  # slices spread over the table
    full, _ = read(database, DataFormat.SQLITE, Sampling(mode="full"), part="customers")
    assert full.height == 5_000


def scan(root: Path, tmp_path: Path, mode: str = "sample") -> CatalogStore:
    store = CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}")
    store.ensure_source("s", "local", str(root), False, [])
    config = WardenConfig.default()
    rules = scan_rules(
        config.model_copy(update={"scan": config.scan.model_copy(update={"mode": mode})})
    )
    Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options)).scan(
        [LocalSource("s", root)]
    )
    return store


def entities(store: CatalogStore) -> dict[str, dict[str, tuple[str, ...]]]:
    return {
        d.row.path: {c.column: c.entity_types for c in d.columns if c.entity_types}
        for d in store.details()
    }


@pytest.mark.parametrize("mode", ["sample", "full"])
def test_each_sheet_and_table_is_a_dataset_with_its_findings(tmp_path: Path, mode: str) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    write_avro(root / "people.avro")
    write_orc(root / "people.orc")
    write_workbook(root / "book.xlsx")
    write_database(root / "app.sqlite")
    before = hashlib.sha256((root / "app.sqlite").read_bytes()).hexdigest()
    store = scan(root, tmp_path, mode)
    found = entities(store)
    assert set(found) == {
        "people.avro", "people.orc", "book.xlsx#Staff", "book.xlsx#Totals",
        "app.sqlite#customers", "app.sqlite#settings",
    }  # fmt: skip
    for path in ("people.avro", "people.orc"):
        assert "EMAIL_ADDRESS" in found[path]["email"], path
        assert "IBAN_CODE" in found[path]["iban"], path
    assert "EMAIL_ADDRESS" in found["book.xlsx#Staff"]["contact"]
    assert found["book.xlsx#Totals"] == {} and found["app.sqlite#settings"] == {}
    assert "CREDIT_CARD" in found["app.sqlite#customers"]["card"]
    rows = {r.path: r for r in store.datasets("s")}
    assert rows["book.xlsx#Staff"].uri.endswith("book.xlsx#Staff")
    assert all(r.status == "ok" for r in rows.values())
    assert hashlib.sha256((root / "app.sqlite").read_bytes()).hexdigest() == before


def test_unchanged_workbook_is_not_read_again_and_a_dropped_sheet_is_deleted(
    tmp_path: Path,
) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    write_database(root / "app.sqlite", rows=50)
    scan(root, tmp_path)
    store = CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}")
    rules = scan_rules(WardenConfig.default())
    scanner = Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))
    again = scanner.scan([LocalSource("s", root)])
    assert {o.obj.path: o.status for o in again.outcomes} == {
        "app.sqlite#customers": "unchanged",
        "app.sqlite#settings": "unchanged",
    }
    with sqlite3.connect(root / "app.sqlite") as db:
        db.execute("DROP TABLE settings")
    db.close()
    third = scanner.scan([LocalSource("s", root)])
    assert {o.obj.path: o.status for o in third.outcomes} == {"app.sqlite#customers": "scanned"}
    assert third.deleted == 1


def test_a_damaged_workbook_is_recorded_whole_with_its_error(tmp_path: Path) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    write_workbook(root / "book.xlsx")
    data = (root / "book.xlsx").read_bytes()
    (root / "book.xlsx").write_bytes(data[: len(data) // 2])
    store = scan(root, tmp_path)
    (row,) = store.datasets("s")
    assert row.path == "book.xlsx" and row.status == "error"


def test_a_sheet_is_matched_by_its_workbook_and_keyed_within_dagster_rules() -> None:
    sheet = DatasetState(
        "s", "finance/book.xlsx#Staff", "file:///d/finance/book.xlsx#Staff", None, "ok", False
    )
    assert matches("s:finance/*.xlsx", sheet) and matches("s:finance/book.xlsx#Staff", sheet)
    assert matches("file:///d/finance/book.xlsx", sheet)
    assert not matches("s:finance/book.xlsx#Totals", sheet)
    loose = DatasetState("s", "a#b.csv", "file:///d/a%23b.csv", None, "ok", False)
    assert not matches("s:a", loose)  # a '#' in a file's own name is no part mark
    assert dataset_key("s", sheet.path).path == ["s", "finance", "book_xlsx_Staff"]


def test_the_bench_reads_every_table_format_whole(tmp_path: Path) -> None:
    report = Report()
    measure_formats(report, Console(file=io.StringIO()), tmp_path, rows=300)
    lines = {f.name: f for f in report.figures}
    assert set(lines) == {"avro", "orc", "xlsx", "sqlite", "delta", "lance", "chroma"}
    assert all(f.value and f.value > 0 and "MB/s" in f.text for f in lines.values())


@dataclass(frozen=True)
class CountedOpens:
    """A workbook's bytes served as a remote object would be (no local path), opens counted."""

    path: Path
    opens: list[int]
    sample_cap: int | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    @property
    def local_path(self) -> None:
        return None

    def open(self) -> io.RawIOBase:
        self.opens.append(1)
        return io.FileIO(self.path, "r")


def test_the_sheets_of_a_remote_workbook_cost_one_copy(tmp_path: Path) -> None:
    write_workbook(tmp_path / "book.xlsx")
    remote = CountedOpens(tmp_path / "book.xlsx", [])
    whole = StoredObject("s", "https://a/c/book.xlsx", "c/book.xlsx", remote.size, 0.0, "e1",
                         DataFormat.XLSX)  # fmt: skip
    copies = PartCopies()
    first = copies.of(whole, remote, Sampling())
    assert copies.of(whole, remote, Sampling()) is first and len(remote.opens) == 1
    assert (
        first.local_path is not None and first.local_path.read_bytes() == remote.path.read_bytes()
    )
    frame, _ = read(first.local_path, DataFormat.XLSX, Sampling(), part="Totals")
    assert frame.height == 20
    small = CountedOpens(remote.path, [], sample_cap=100)
    with pytest.raises(ReadError, match="larger than the sample cap"):
        PartCopies().of(replace(whole, fingerprint="e2"), small, Sampling())
    copies.close()
    assert not first.local_path.exists()
