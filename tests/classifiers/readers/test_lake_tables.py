"""Delta tables, Iceberg/Hudi folders, Chroma stores and Lance datasets, each one dataset."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import deltalake
import lance
import pyarrow as pa
import pytest

from classifiers.catalog.lineage_store import LineageStore
from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.model import DataFormat
from classifiers.rules import scan_rules
from classifiers.scan import Scanner, ScanReport
from classifiers.sources.local import LocalSource
from lineage.drift import drift_events
from pipelines.catalog.specs import dataset_spec
from tests.table_files import write_chroma


def people(start: int, count: int, email: bool = True) -> pa.Table:
    return pa.table(
        {
            "id": list(range(start, start + count)),
            "contact": [f"member{i}@example.com" if email else "n/a" for i in range(count)],
            "city": ["Leeds", "York", "Bath", "Hull"] * (count // 4),
        }
    )


def scan(root: Path, tmp_path: Path, mode: str = "sample") -> tuple[CatalogStore, ScanReport]:
    store = CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}")
    store.ensure_source("s", "local", str(root), False, [])
    config = WardenConfig.default()
    scan_config = config.scan.model_copy(update={"mode": mode})
    rules = scan_rules(config.model_copy(update={"scan": scan_config}))
    scanner = Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))
    return store, scanner.scan([LocalSource("s", root)])


def table_versions(tmp_path: Path, path: str) -> list[int | None]:
    with sqlite3.connect(tmp_path / "catalog.db") as db:
        rows = db.execute(
            "SELECT v.table_version FROM asset_versions v JOIN assets a ON a.id = v.asset_id "
            "WHERE a.path = ? ORDER BY v.id",
            (path,),
        ).fetchall()
    db.close()
    return [r[0] for r in rows]


def columns_found(store: CatalogStore) -> dict[str, dict[str, tuple[str, ...]]]:
    return {
        d.row.path: {c.column: c.entity_types for c in d.columns if c.entity_types}
        for d in store.details()
    }


@pytest.mark.parametrize("mode", ["sample", "full"])
def test_a_delta_table_is_one_dataset_at_its_current_version(tmp_path: Path, mode: str) -> None:
    root = tmp_path / "lake"
    table = root / "members"
    deltalake.write_deltalake(table, people(0, 400))
    deltalake.write_deltalake(table, people(400, 400), mode="append")
    (root / "notes.csv").parent.mkdir(exist_ok=True)
    (root / "notes.csv").write_text("city,count\nLeeds,3\nYork,4\n", encoding="utf-8")
    store, report = scan(root, tmp_path, mode)
    assert {o.obj.path: o.status for o in report.outcomes} == {
        "members": "scanned",
        "notes.csv": "scanned",
    }  # the Parquet part files are not datasets of their own
    (row,) = [r for r in store.datasets("s") if r.path == "members"]
    assert row.format == DataFormat.DELTA and row.status == "ok"
    assert row.coverage is not None and row.coverage.rows_total == 800
    assert "EMAIL_ADDRESS" in columns_found(store)["members"]["contact"]
    assert table_versions(tmp_path, "members") == [1]
    _, again = scan(root, tmp_path, mode)
    assert {o.obj.path: o.status for o in again.outcomes}["members"] == "unchanged"
    deltalake.write_deltalake(table, people(800, 400), mode="append")
    _, third = scan(root, tmp_path, mode)
    assert {o.obj.path: o.status for o in third.outcomes}["members"] == "scanned"
    assert table_versions(tmp_path, "members") == [1, 2]


def test_files_of_superseded_versions_are_not_read(tmp_path: Path) -> None:
    root = tmp_path / "lake"
    deltalake.write_deltalake(root / "members", people(0, 400))
    deltalake.write_deltalake(root / "members", people(0, 400, email=False), mode="overwrite")
    store, _ = scan(root, tmp_path)
    assert columns_found(store)["members"] == {}  # the emails sit only in version 0's file
    (row,) = store.datasets("s")
    assert row.coverage is not None and row.coverage.rows_read == 400


def test_iceberg_and_hudi_folders_are_recorded_as_unsupported(tmp_path: Path) -> None:
    root = tmp_path / "lake"
    iceberg = root / "orders_iceberg"
    (iceberg / "metadata").mkdir(parents=True)
    (iceberg / "metadata" / "v1.metadata.json").write_text(json.dumps({"format-version": 2}))
    (iceberg / "data").mkdir()
    deltalake.write_deltalake(tmp_path / "scratch", people(0, 40))
    part = next((tmp_path / "scratch").glob("*.parquet"))
    (iceberg / "data" / "00000.parquet").write_bytes(part.read_bytes())
    hudi = root / "trips_hudi"
    (hudi / ".hoodie").mkdir(parents=True)
    (hudi / ".hoodie" / "20240101.commit").write_text("{}")
    (hudi / "2024" / "a.parquet").parent.mkdir()
    (hudi / "2024" / "a.parquet").write_bytes(part.read_bytes())
    store, report = scan(root, tmp_path)
    errors = {o.obj.path: o.error or "" for o in report.outcomes}
    assert set(errors) == {"orders_iceberg", "trips_hudi"}
    assert "Apache Iceberg table: recognised, not read" in errors["orders_iceberg"]
    assert "Apache Hudi table: recognised, not read" in errors["trips_hudi"]
    assert {r.format for r in store.datasets("s")} == {DataFormat.ICEBERG, DataFormat.HUDI}


def write_lance(folder: Path) -> None:
    count = 80
    table = pa.table(
        {
            "chunk": [
                f"Reach the tenant at tenant{i}@example.com for access" for i in range(count)
            ],
            "page": list(range(count)),
            "vector": pa.array([[0.1, 0.2, 0.3]] * count, pa.list_(pa.float32(), 3)),
        }
    )
    lance.write_dataset(table, str(folder))
    lance.write_dataset(table, str(folder), mode="append")


@pytest.mark.parametrize("mode", ["sample", "full"])
def test_vector_stores_are_datasets_whose_text_is_classified(tmp_path: Path, mode: str) -> None:
    root = tmp_path / "rag"
    write_chroma(root / "chroma_store")
    write_lance(root / "chunks.lance")
    store, report = scan(root, tmp_path, mode)
    assert {o.obj.path: o.status for o in report.outcomes} == {
        "chroma_store": "scanned",
        "chunks.lance": "scanned",
    }  # neither the HNSW index files nor the .lance data files are listed
    found = columns_found(store)
    assert "EMAIL_ADDRESS" in found["chroma_store"]["document"]
    assert "EMAIL_ADDRESS" in found["chunks.lance"]["chunk"]
    details = {d.row.path: d for d in store.details()}
    assert "vector" not in {c.column for c in details["chunks.lance"].columns}
    assert {r.path: r.format for r in store.datasets("s")} == {
        "chroma_store": DataFormat.CHROMA,
        "chunks.lance": DataFormat.LANCE,
    }
    assert table_versions(tmp_path, "chunks.lance") == [2]
    rows = details["chroma_store"].row
    assert rows.coverage is not None and rows.coverage.rows_total == 60


def test_drift_between_delta_versions_names_them(tmp_path: Path) -> None:
    root = tmp_path / "lake"
    deltalake.write_deltalake(root / "members", people(0, 400, email=False))
    scan(root, tmp_path)
    deltalake.write_deltalake(root / "members", people(400, 400), mode="append")
    store, _ = scan(root, tmp_path)
    snapshots = LineageStore(store).version_snapshots("s", "members")
    assert [s.table_version for s in snapshots] == [0, 1]
    events = drift_events("s", "members", snapshots[0], snapshots[1])
    assert "new_entity" in {e.type for e in events}
    assert all("between table versions 0 and 1" in e.reasons for e in events)


def test_vector_stores_are_dagster_assets_of_kind_vector_store(tmp_path: Path) -> None:
    root = tmp_path / "rag"
    write_chroma(root / "chroma_store")
    deltalake.write_deltalake(root / "members", people(0, 40))
    store, _ = scan(root, tmp_path)
    kinds = {d.row.path: dataset_spec(d).kinds for d in store.details()}
    assert kinds["chroma_store"] == {"local", "chroma", "vector_store"}
    assert kinds["members"] == {"local", "delta"}
    members = next(d for d in store.details() if d.row.path == "members")
    assert members.row.table_version == 0
    assert dataset_spec(members).metadata["warden/table_version"] == 0
    assert dataset_spec(next(iter(store.details()))).key.path[0] == "s"


def test_a_listing_reports_a_table_folder_once_and_sees_a_new_commit(tmp_path: Path) -> None:
    root = tmp_path / "lake"
    deltalake.write_deltalake(root / "members", people(0, 40))
    before = list(LocalSource("s", root).listing())
    assert [path for path, _, _ in before] == ["members"]
    deltalake.write_deltalake(root / "members", people(40, 40), mode="append")
    after = list(LocalSource("s", root).listing())
    assert after[0][1] > before[0][1]  # more bytes: a sensor sees the change
    (only,) = list(LocalSource("s", root / "members").crawl())  # the folder given as the root
    assert only.format == DataFormat.DELTA and only.table_version == 1
    assert only.fingerprint == "delta:v1"


@pytest.mark.parametrize("mode", ["sample", "full"])
def test_a_partitioned_delta_table_is_read_with_its_partition_values(
    tmp_path: Path, mode: str
) -> None:
    root = tmp_path / "lake"
    table = people(0, 400).append_column("region", pa.array(["North East", "South/West"] * 200))
    deltalake.write_deltalake(root / "members", table, partition_by=["region"])
    store, report = scan(root, tmp_path, mode)
    assert [o.status for o in report.outcomes] == ["scanned"]  # escaped folder names found
    (detail,) = store.details()
    assert "region" in {c.column for c in detail.columns}
    assert "EMAIL_ADDRESS" in columns_found(store)["members"]["contact"]
    assert detail.row.coverage is not None and detail.row.coverage.rows_total == 400
