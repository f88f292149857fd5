"""Writing to the catalog: results, errors, artifacts, unchanged and deleted objects, atomicity."""

from datetime import datetime

import pytest
from catalog_values import EVIDENCE, findings, stored
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from classifiers.catalog.schema import Asset, AssetVersion, ColumnFindingRow, ObjectError
from classifiers.catalog.store import CatalogStore
from classifiers.catalog.views import PreviousVersion


def _scan(store: CatalogStore, rules: str = "r1") -> int:
    return store.start_scan(["lake"], "sample", "polars", rules)


def _count(db_url: str, model: type) -> int:
    engine = create_engine(db_url)
    with Session(engine) as session:
        found = session.scalar(select(func.count()).select_from(model)) or 0
    engine.dispose()
    return found


def _last_seen(db_url: str) -> datetime:
    engine = create_engine(db_url)
    with Session(engine) as session:
        found = session.scalars(select(Asset.last_seen)).one()
    engine.dispose()
    return found


def test_scans_start_running_and_finish_with_counts(store: CatalogStore) -> None:
    scan_id = _scan(store)
    assert store.scans()[0].status == "running"
    store.finish_scan(scan_id, "finished", {"scanned": 3, "errors": 1})
    (scan,) = store.scans()
    assert (scan.id, scan.status, scan.sources) == (scan_id, "finished", ("lake",))
    assert scan.counts == {"scanned": 3, "errors": 1}
    assert scan.finished_at is not None and scan.finished_at >= scan.started_at
    with pytest.raises(ValueError, match="a scan ends as"):
        store.finish_scan(scan_id, "done", {})


def test_ensure_source_updates_in_place(store: CatalogStore) -> None:
    store.ensure_source("lake", "azure", "abfss://c@a", public=True, owners=["bo@x.org"])
    store.record_result(_scan(store), stored(), findings(), "r1", EVIDENCE)
    (row,) = store.datasets()
    assert row.owners == ("bo@x.org",)
    assert row.public is True


def test_unknown_source_is_refused(store: CatalogStore) -> None:
    with pytest.raises(LookupError, match="unknown source 'nowhere'"):
        store.record_result(_scan(store), stored(source="nowhere"), findings(), "r1", EVIDENCE)


def test_previous_tells_whether_an_object_changed(store: CatalogStore) -> None:
    assert store.previous("lake", "crm/people.csv") is None
    scan_id = _scan(store)
    store.record_result(scan_id, stored(), findings(), "r1", EVIDENCE)
    assert store.previous("lake", "crm/people.csv") == PreviousVersion("sha-1", "r1", "ok")
    store.record_error(scan_id, stored(fingerprint="sha-2"), "bad gzip header", "r1")
    assert store.previous("lake", "crm/people.csv") == PreviousVersion("sha-2", "r1", "error")


def test_touch_unchanged_moves_last_seen_only(store: CatalogStore, db_url: str) -> None:
    scan_id = _scan(store)
    store.record_result(scan_id, stored(), findings(), "r1", EVIDENCE)
    before = _last_seen(db_url)
    store.touch_unchanged(_scan(store), stored())
    assert _last_seen(db_url) > before
    assert len(store.history("lake", "crm/people.csv")) == 1
    with pytest.raises(LookupError):
        store.touch_unchanged(scan_id, stored(path="never/seen.csv"))


def test_mark_deleted_keeps_history(store: CatalogStore) -> None:
    scan_id = _scan(store)
    for path in ("a.csv", "b.csv", "c.csv"):
        store.record_result(scan_id, stored(path=path), findings(), "r1", EVIDENCE)
    assert store.mark_deleted("lake", {"a.csv"}) == 2
    assert store.mark_deleted("lake", {"a.csv"}) == 0
    assert [r.path for r in store.datasets()] == ["a.csv"]
    gone = [r for r in store.datasets(include_deleted=True) if r.deleted_at is not None]
    assert sorted(r.path for r in gone) == ["b.csv", "c.csv"]
    assert len(store.history("lake", "b.csv")) == 1
    assert store.previous("lake", "b.csv") is None  # a deleted object is read again if it returns
    store.record_result(_scan(store), stored(path="b.csv"), findings(), "r1", EVIDENCE)
    assert len(store.history("lake", "b.csv")) == 2
    assert sorted(r.path for r in store.datasets()) == ["a.csv", "b.csv"]


def test_a_failing_column_insert_leaves_nothing_behind(store: CatalogStore, db_url: str) -> None:
    scan_id = _scan(store)
    broken = {"note": {"sample": object()}}  # not JSON: fails on the second column's insert
    # SQLAlchemy wraps the JSON error on SQLite; psycopg serialises JSON itself and raises it bare.
    with pytest.raises((StatementError, TypeError)):
        store.record_result(scan_id, stored(), findings(), "r1", broken)
    for model in (Asset, AssetVersion, ColumnFindingRow):
        assert _count(db_url, model) == 0
    assert store.datasets() == []
    version_id = store.record_result(scan_id, stored(), findings(), "r1", EVIDENCE)
    assert _count(db_url, ColumnFindingRow) == 2
    assert store.history("lake", "crm/people.csv")[0].version_id == version_id


def test_record_error_stores_version_and_message(store: CatalogStore, db_url: str) -> None:
    scan_id = _scan(store)
    version_id = store.record_error(scan_id, stored(), "bad gzip header", "r1")
    (row,) = store.datasets()
    assert (row.status, row.sensitivity, row.error, row.coverage) == (
        "error",
        None,
        "bad gzip header",
        None,
    )
    (error,) = store.errors()
    assert (error.scan_id, error.version_id, error.path) == (scan_id, version_id, row.path)
    assert store.errors(scan_id=scan_id + 1) == []
    assert _count(db_url, ObjectError) == 1
    assert [v.error for v in store.history("lake", row.path)] == ["bad gzip header"]


def test_artifacts_are_inventoried_without_findings(store: CatalogStore) -> None:
    model = stored(path="models/m.safetensors", fmt="model")
    store.record_artifact(_scan(store, rules="r7"), model)
    (row,) = store.datasets()
    assert (row.kind, row.format, row.status, row.sensitivity) == ("artifact", "model", "ok", None)
    # Recorded without an inspection report: the next scan inspects it.
    uninspected = PreviousVersion("sha-1", "r7", "ok", inspected=False)
    assert store.previous("lake", "models/m.safetensors") == uninspected
    report = {"format": "safetensors", "verdict": "safe", "globals": [], "metadata": {}}
    store.record_artifact(_scan(store, rules="r7"), model, report)
    assert store.previous("lake", "models/m.safetensors") == PreviousVersion("sha-1", "r7", "ok")
    detail = store.dataset("models/m.safetensors")
    assert detail is not None and detail.columns == ()
