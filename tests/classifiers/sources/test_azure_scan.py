"""Scanning blobs in Azurite: the same findings as the local scan, incremental, ranged reads."""

from __future__ import annotations

import io
import mimetypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from azure.storage.blob import ContentSettings

from classifiers.catalog.store import CatalogStore
from classifiers.config import AzureBlobSourceConfig, WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.rules import scan_rules
from classifiers.scan import ObjectSource, Scanner, ScanReport
from classifiers.sources.azure_blob import AzureBlobSource, azure_source
from classifiers.sources.azure_client import ClientSettings
from classifiers.sources.azure_requests import CountingTransport, RequestTally
from classifiers.sources.local import LocalSource
from tests.azurite import Azurite, counting_settings, running_azurite
from tests.estate import copy_estate

pytestmark = pytest.mark.azurite
PRIVATE, PUBLIC = "estate", "public"


@dataclass(frozen=True)
class Lake:
    server: Azurite
    estate: Path  # the local copy that was uploaded


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lake]:
    folder = tmp_path_factory.mktemp("lake")
    estate = copy_estate(folder / "estate")
    with running_azurite(folder) as server:
        service = server.client()
        containers = {PRIVATE: service.create_container(PRIVATE),
                      PUBLIC: service.create_container(PUBLIC, public_access="blob")}  # fmt: skip
        for file in sorted(p for p in estate.rglob("*") if p.is_file()):
            relative = file.relative_to(estate).as_posix()
            public = relative.startswith("public/")
            container = containers[PUBLIC if public else PRIVATE]
            settings = ContentSettings(content_type=mimetypes.guess_type(file.name)[0])
            container.upload_blob(relative.removeprefix("public/"), file.read_bytes(),
                                  content_settings=settings)  # fmt: skip
        yield Lake(server, estate)


def scan(tmp: Path, sources: list[ObjectSource], name: str = "catalog") -> CatalogStore:
    store = CatalogStore.open(f"sqlite:///{tmp / name}.db")
    run(store, sources)
    return store


def run(store: CatalogStore, sources: list[ObjectSource], mode: str | None = None) -> ScanReport:
    rules = scan_rules(WardenConfig.default(), mode)
    for source in sources:
        store.ensure_source(source.name, "test", "", source.public, [])
    return Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options)).scan(sources)


def lake_source(
    lake: Lake, settings: ClientSettings | None = None, **fields: object
) -> AzureBlobSource:
    values = {"kind": "azure_blob", "name": "lake", "connection_string_env": "CS",
              "containers": [PRIVATE, PUBLIC]} | fields  # fmt: skip
    config = AzureBlobSourceConfig.model_validate(values)
    return azure_source(config, {"CS": lake.server.connection_string}, settings)


def tally(settings: ClientSettings) -> RequestTally:
    return cast(CountingTransport, settings.transport).tally


def findings(store: CatalogStore, key: Callable[[str, str], str]) -> dict[str, object]:
    """Per dataset: status, kind, level and the entity types of every column."""
    return {
        key(d.row.source, d.row.path): (
            d.row.status, d.row.kind, d.row.sensitivity,
            {c.column: c.entity_types for c in d.columns},
        )
        for d in store.details()
    }  # fmt: skip


def test_blobs_get_the_same_findings_as_the_same_files_on_disk(lake: Lake, tmp_path: Path) -> None:
    local = scan(tmp_path, [LocalSource("sample", lake.estate, exclude=("public/**",)),
                            LocalSource("public", lake.estate / "public", public=True)],
                 "local")  # fmt: skip
    settings = counting_settings()
    remote = scan(tmp_path, [lake_source(lake, settings)], "remote")
    expected = findings(local, lambda s, p: f"{PUBLIC if s == 'public' else PRIVATE}/{p}")
    got = findings(remote, lambda s, p: p)
    assert len(expected) > 40
    assert got == expected
    rows = {r.path: r for r in remote.datasets()}
    assert rows["public/country_stats.csv"].access.public
    assert rows["public/country_stats.csv"].sensitivity is not None
    assert rows["public/country_stats.csv"].sensitivity.label == "Public"
    assert not rows["estate/crm/customers.csv"].access.public
    assert rows["estate/crm/customers.csv"].uri.endswith("/estate/crm/customers.csv")
    errors = {r.path: r.error for r in remote.datasets() if r.status == "error"}
    assert "binary content" in (errors["estate/broken/binary_named.csv"] or "")
    assert tally(settings).content_bytes < 2 * sum(r.coverage.bytes_total for r in rows.values()
                                                   if r.coverage)  # fmt: skip


def test_a_rescan_downloads_nothing_and_deletes_are_marked(lake: Lake, tmp_path: Path) -> None:
    settings = counting_settings()
    source = lake_source(lake, settings, exclude=["broken/**"])  # errors are retried each scan
    store = scan(tmp_path, [source])
    assert tally(settings).content_gets > 40
    tally(settings).reset()
    report = run(store, [source])
    assert set(report.counts) == {"unchanged", "deleted"} and report.deleted == 0
    assert tally(settings).content_gets == 0 and tally(settings).content_bytes == 0
    container = lake.server.client().get_container_client(PRIVATE)
    container.upload_blob("crm/extra.csv", b"id,email\n1,a@example.com\n")
    container.upload_blob("products/catalog.csv", (lake.estate / "products/catalog.csv")
                          .read_bytes() + b"\n", overwrite=True)  # fmt: skip
    try:
        statuses = {o.obj.path: o.status for o in run(store, [source]).outcomes}
        assert statuses["estate/crm/extra.csv"] == "scanned"
        assert statuses["estate/products/catalog.csv"] == "scanned"
        assert statuses["estate/crm/customers.csv"] == "unchanged"
    finally:
        container.delete_blob("crm/extra.csv")
    assert run(store, [source]).deleted == 1
    assert "estate/crm/extra.csv" not in {r.path for r in store.datasets()}
    assert len(store.history("lake", "estate/crm/extra.csv")) == 1


def test_parquet_is_read_by_ranges_in_sample_mode(lake: Lake, tmp_path: Path) -> None:
    rows = 300_000
    table = pa.table({"id": range(rows), "email": [f"user{i}@example.com" for i in range(rows)]})
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=20_000)
    data = sink.getvalue()
    service = lake.server.client()
    container = service.create_container("big")
    container.upload_blob("events.parquet", data)
    settings = counting_settings()
    source = lake_source(lake, settings, containers=["big"])
    store = scan(tmp_path, [source])
    (row,) = store.datasets()
    assert row.entities == ("EMAIL_ADDRESS",) and row.coverage is not None
    assert row.coverage.rows_total == rows
    assert tally(settings).content_bytes < 0.1 * len(data)
    assert tally(settings).content_gets <= 4  # head (sniff), footer, one row group
