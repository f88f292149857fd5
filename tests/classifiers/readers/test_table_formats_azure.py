"""Avro, ORC, Excel and SQLite blobs in Azurite: the same datasets and findings as on disk;
a Delta table's blobs are one dataset at its current version, not loose Parquet files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import deltalake
import lance
import pyarrow as pa
import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.config import AzureBlobSourceConfig, WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.rules import scan_rules
from classifiers.scan import Scanner, ScanReport
from classifiers.sources.azure_blob import AzureBlobSource, azure_source
from tests.azurite import Azurite, running_azurite
from tests.table_files import (
    write_avro,
    write_chroma,
    write_database,
    write_orc,
    write_workbook,
)

pytestmark = pytest.mark.azurite
CONTAINER = "tables"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Azurite]:
    folder = tmp_path_factory.mktemp("tables")
    files = folder / "files"
    files.mkdir()
    write_avro(files / "people.avro")
    write_orc(files / "people.orc")
    write_workbook(files / "book.xlsx")
    write_database(files / "app.sqlite")
    table = pa.table(
        {
            "id": [1, 2, 3, 4],
            "contact": [f"m{i}@example.com" for i in range(4)],
            "region": ["North East", "South/West"] * 2,
        }
    )  # escaped folder names
    deltalake.write_deltalake(files / "lake" / "members", table, partition_by=["region"])
    deltalake.write_deltalake(files / "lake" / "members", table, mode="append")
    write_chroma(files / "rag" / "answers")
    lance.write_dataset(pa.table({"chunk": [f"Mail c{i}@example.com" for i in range(30)]}),
                        str(files / "rag" / "chunks.lance"))  # fmt: skip
    (files / "lake" / "orders" / "metadata").mkdir(parents=True)
    (files / "lake" / "orders" / "metadata" / "v1.metadata.json").write_text("{}")
    (files / "lake" / "orders" / "data" / "a.parquet").parent.mkdir()
    (files / "lake" / "orders" / "data" / "a.parquet").write_bytes(b"PAR1")
    with running_azurite(folder) as azurite:
        container = azurite.client().create_container(CONTAINER)
        for file in sorted(p for p in files.rglob("*") if p.is_file()):
            container.upload_blob(file.relative_to(files).as_posix(), file.read_bytes())
        yield azurite


def source(server: Azurite) -> AzureBlobSource:
    config = AzureBlobSourceConfig.model_validate(
        {
            "kind": "azure_blob",
            "name": "lake",
            "connection_string_env": "CS",
            "containers": [CONTAINER],
        }
    )
    return azure_source(config, {"CS": server.connection_string})


def scan(store: CatalogStore, server: Azurite, mode: str) -> ScanReport:
    rules = scan_rules(WardenConfig.default(), mode)
    store.ensure_source("lake", "test", "", False, [])
    scanner = Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))
    return scanner.scan([source(server)])


@pytest.mark.parametrize("mode", ["sample", "full"])
def test_table_blobs_are_read_by_ranges_and_split_into_their_datasets(
    server: Azurite, tmp_path: Path, mode: str
) -> None:
    store = CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}")
    report = scan(store, server, mode)
    statuses = {o.obj.path.removeprefix(f"{CONTAINER}/"): o.status for o in report.outcomes}
    errors = {o.obj.path: o.error for o in report.outcomes if o.error}
    assert statuses == {
        "people.avro": "scanned", "people.orc": "scanned", "book.xlsx#Staff": "scanned",
        "book.xlsx#Totals": "scanned", "app.sqlite#customers": "scanned",
        "app.sqlite#settings": "scanned", "lake/members": "scanned", "rag/answers": "scanned",
        "rag/chunks.lance": "scanned", "lake/orders": "error",
    }, errors  # fmt: skip
    found = {
        d.row.path.removeprefix(f"{CONTAINER}/"): {
            c.column: c.entity_types for c in d.columns if c.entity_types
        }
        for d in store.details()
    }
    assert "EMAIL_ADDRESS" in found["people.avro"]["email"]
    assert "IBAN_CODE" in found["people.orc"]["iban"]
    assert "EMAIL_ADDRESS" in found["book.xlsx#Staff"]["contact"]
    assert "CREDIT_CARD" in found["app.sqlite#customers"]["card"]
    members = next(o for o in report.outcomes if o.obj.path.endswith("lake/members"))
    assert members.obj.format == "delta" and members.obj.table_version == 1
    assert "EMAIL_ADDRESS" in found["lake/members"]["contact"]  # read from a copy of its files
    assert "EMAIL_ADDRESS" in found["rag/answers"]["document"]
    assert "EMAIL_ADDRESS" in found["rag/chunks.lance"]["chunk"]
    assert "Apache Iceberg table: recognised, not read" in errors[f"{CONTAINER}/lake/orders"]
    again = scan(store, server, mode)
    assert {o.status for o in again.outcomes} == {"unchanged", "error"}
