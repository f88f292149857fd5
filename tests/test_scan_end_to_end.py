"""The first scan end to end: the sample estate through the CLI, judged against its labels."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.evaluation import read_labels, score
from tests.conftest import ScannedEstate, run_warden
from tests.estate import SAMPLE, label_key

BROKEN = {
    "broken/empty.csv": "empty file",
    "broken/binary_named.csv": "binary content",
    "broken/corrupt.parquet": "corrupt Parquet",
    "broken/not_json.jsonl": "invalid JSON at line 1",
}


@pytest.fixture(scope="module")
def store(scanned_estate: ScannedEstate) -> CatalogStore:
    return CatalogStore.open(scanned_estate.catalog)


def found_entities(store: CatalogStore) -> dict[tuple[str, str], tuple[str, ...]]:
    return {
        (label_key(d.row.source, d.row.path), c.column): c.entity_types
        for d in store.details()
        for c in d.columns
    }


def test_column_findings_match_the_labels(store: CatalogStore) -> None:
    result = score(read_labels(SAMPLE / "labels.csv"), found_entities(store))
    assert result.f1 >= 0.95, "\n".join(result.mistakes)
    assert result.precision >= 0.95, "\n".join(result.mistakes)


def test_dataset_levels_match_the_labels(store: CatalogStore) -> None:
    with (SAMPLE / "labels_datasets.csv").open(encoding="utf-8") as handle:
        expected = {r["dataset"]: r["expected_level"] for r in csv.DictReader(handle)}
    got = {
        label_key(r.source, r.path): r.sensitivity.label
        for r in store.datasets()
        if r.sensitivity is not None
    }
    wrong = {k: (v, got.get(k)) for k, v in expected.items() if v and got.get(k) != v}
    assert not wrong, wrong
    highly = [k for k, v in got.items() if v == "Highly Confidential"]
    assert {"finance/payments.csv", "health/patients.csv", "hr/employees.csv"} <= set(highly)


def test_unreadable_files_are_recorded_and_the_scan_goes_on(store: CatalogStore) -> None:
    rows = {r.path: r for r in store.datasets("sample")}
    for path, phrase in BROKEN.items():
        assert rows[path].status == "error", path
        assert phrase in (rows[path].error or ""), (path, rows[path].error)
    assert sum(1 for r in rows.values() if r.status == "ok") >= 25


def test_model_artifacts_are_inventoried_not_read(store: CatalogStore) -> None:
    rows = {r.path: r for r in store.datasets("sample")}
    model = rows["models/churn_model.pkl"]
    assert model.kind == "artifact" and model.sensitivity is None and model.status == "ok"


def test_coverage_is_recorded_for_every_result(store: CatalogStore) -> None:
    for row in store.datasets():
        if row.kind == "dataset" and row.status == "ok":
            assert row.coverage is not None and row.coverage.rows_read > 0, row.path
            assert row.coverage.bytes_read <= row.coverage.bytes_total


def test_public_source_clean_data_is_public(store: CatalogStore) -> None:
    (row,) = store.datasets("public")
    assert row.sensitivity is not None and row.sensitivity.label == "Public"


def test_no_raw_sensitive_value_is_stored_logged_or_exported(
    scanned_estate: ScannedEstate, tmp_path: Path
) -> None:
    config = str(scanned_estate.config)
    outputs = [scanned_estate.log]
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"export.{fmt}"
        run_warden("export", "--config", config, "--format", fmt, "--output", str(out))
        outputs.append(out)
    shown = tmp_path / "shown.txt"
    texts = [run_warden("show", "--config", config, p).stdout for p in
             ("crm/customers.csv", "finance/payments.csv", "hr/employees.csv",
              "rag_corpus/billing-dispute.txt", "ops/unhelpful_names.csv")]  # fmt: skip
    shown.write_text("\n".join(texts), encoding="utf-8")
    outputs.append(shown)
    database = scanned_estate.database
    outputs += [p for p in database.parent.glob(database.name + "*")]
    known = [v for v in (SAMPLE / "known_values.txt").read_text().splitlines() if v]
    assert len(known) >= 30
    for path in outputs:
        blob = path.read_bytes()
        leaked = [v for v in known if v.encode() in blob or v.encode("utf-16-le") in blob]
        assert not leaked, f"{path.name} holds raw values: {leaked[:3]}"
    assert "EMAIL_ADDRESS" in texts[0] and "***" in texts[0]  # masked examples are shown


def test_catalog_command_lists_levels(scanned_estate: ScannedEstate) -> None:
    out = run_warden("catalog", "--config", str(scanned_estate.config)).stdout
    assert "finance/payments.csv" in out and "Highly Confidential" in out
    assert "unreadable" in out
