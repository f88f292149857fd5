"""AI artifacts in the catalog: the inspection report round-trips and is exported."""

from __future__ import annotations

from catalog_values import stored

from classifiers.artifacts.report import ArtifactReport, Verdict
from classifiers.catalog.export import export_records
from classifiers.catalog.store import CatalogStore

REPORT = ArtifactReport(
    "safetensors", Verdict.SAFE, metadata={"tensors": 2, "parameters": 64, "dtypes": {"F32": 2}}
)
DANGER = ArtifactReport("pickle", Verdict.DANGEROUS, ("os.system",))


def test_an_artifact_report_round_trips_and_exports(store: CatalogStore) -> None:
    scan = store.start_scan(["lake"], "sample", "polars", "v1")
    store.record_artifact(scan, stored("models/a.safetensors", fmt="model"), REPORT.to_json())
    store.record_artifact(scan, stored("models/b.pkl", fmt="model"), DANGER.to_json())
    store.record_artifact(scan, stored("models/c.pkl", fmt="model"))  # not inspected
    rows = {row.path: row for row in store.datasets()}
    assert rows["models/a.safetensors"].artifact == REPORT
    assert rows["models/b.pkl"].artifact == DANGER
    assert rows["models/c.pkl"].artifact is None
    records = {r["dataset"]: r for r in export_records(store.details())}
    assert records["models/b.pkl"] == {
        "record": "artifact",
        "source": "lake",
        "dataset": "models/b.pkl",
        "format": "pickle",
        "verdict": "dangerous",
        "globals": ["os.system"],
        "metadata": {},
        "sensitivity": None,
        "reasons": [],
        "error": None,
    }
    assert records["models/a.safetensors"]["metadata"]["parameters"] == 64
    assert records["models/c.pkl"]["verdict"] == "unknown"


def test_a_dataset_version_has_no_artifact_report(store: CatalogStore) -> None:
    scan = store.start_scan(["lake"], "sample", "polars", "v1")
    store.record_error(scan, stored("crm/x.csv"), "bad", "v1")
    (row,) = store.datasets()
    assert row.artifact is None and row.kind == "dataset"


def test_an_artifact_recorded_without_a_report_is_read_again(store: CatalogStore) -> None:
    scan = store.start_scan(["lake"], "sample", "polars", "v1")
    store.record_artifact(scan, stored("models/old.pkl", fmt="model"))  # before 0005
    store.record_artifact(scan, stored("models/new.pkl", fmt="model"), DANGER.to_json())
    store.record_error(scan, stored("crm/x.csv"), "bad", "v1")
    old, new = store.previous("lake", "models/old.pkl"), store.previous("lake", "models/new.pkl")
    dataset = store.previous("lake", "crm/x.csv")
    assert old is not None and new is not None and dataset is not None
    assert (old.inspected, new.inspected, dataset.inspected) == (False, True, True)
