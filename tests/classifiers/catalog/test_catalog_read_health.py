"""Read health in the catalog: encoding and unreadable/repaired records, stored, exported,
migrated (0003) and compared by drift."""

import io
import json
from dataclasses import replace

from alembic import command
from catalog_values import EVIDENCE, findings, stored
from sqlalchemy import inspect

from classifiers.catalog.connect import create_catalog_engine
from classifiers.catalog.export import export
from classifiers.catalog.lineage_store import LineageStore
from classifiers.catalog.migrate import alembic_config, upgrade
from classifiers.catalog.store import CatalogStore
from classifiers.model import Coverage, DatasetFindings
from lineage.after_scan import record_drift

HEALTH = ("encoding", "records_unreadable", "records_repaired")


def with_health(encoding: str | None, unreadable: int, repaired: int = 0) -> DatasetFindings:
    base = findings()
    coverage = Coverage(100, 1000, 512, 4096, "sample", encoding, unreadable, repaired)
    return replace(base, coverage=coverage)


def test_coverage_keeps_encoding_and_record_counts(store: CatalogStore) -> None:
    scan_id = store.start_scan(["lake"], "sample", "polars", "r1")
    store.record_result(scan_id, stored(), with_health("cp1252", 3, 2), "r1", EVIDENCE)
    (row,) = store.datasets("lake")
    assert row.coverage is not None
    assert (row.coverage.encoding, row.coverage.records_unreadable) == ("cp1252", 3)
    assert row.coverage.records_repaired == 2
    out = io.StringIO()
    export(store, "jsonl", out)
    record = json.loads(out.getvalue().splitlines()[0])
    assert [record["coverage"][k] for k in HEALTH] == ["cp1252", 3, 2]


def test_a_rise_in_unreadable_records_is_recorded_as_drift(store: CatalogStore) -> None:
    scan_id = store.start_scan(["lake"], "sample", "polars", "r1")
    store.record_result(scan_id, stored(), with_health("utf-8", 0), "r1", EVIDENCE)
    store.record_result(
        scan_id, stored(fingerprint="sha-2"), with_health("utf-8", 40), "r1", EVIDENCE
    )
    (event,) = record_drift(LineageStore(store), [("lake", "crm/people.csv")])
    assert event.type == "unreadable_records"
    assert (event.before, event.after) == (
        "0 of 1,000 records unreadable",
        "40 of 1,040 records unreadable",
    )


def test_0003_keeps_stored_versions_through_a_downgrade_and_upgrade(
    store: CatalogStore, db_url: str
) -> None:
    scan_id = store.start_scan(["lake"], "sample", "polars", "r1")
    store.record_result(scan_id, stored(), with_health("cp1252", 3), "r1", EVIDENCE)
    engine = create_catalog_engine(db_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0002")
    assert not set(HEALTH) & {c["name"] for c in inspect(engine).get_columns("asset_versions")}
    upgrade(db_url)
    columns = {c["name"]: c for c in inspect(engine).get_columns("asset_versions")}
    assert all(columns[name]["nullable"] for name in HEALTH)
    engine.dispose()
    (row,) = store.datasets("lake")  # a version stored before 0003 reads as healthy
    assert row.coverage is not None and row.coverage.rows_read == 100
    assert (row.coverage.encoding, row.coverage.records_unreadable) == (None, 0)
