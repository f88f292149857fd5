"""Exports of the latest classifications as JSON Lines, CSV and Parquet."""

import io
import json
from pathlib import Path

import polars as pl
import pytest
from catalog_values import EVIDENCE, findings, stored

from classifiers.catalog.export import TABLE_SCHEMA, export
from classifiers.catalog.store import CatalogStore
from classifiers.model import Sensitivity


@pytest.fixture
def filled(store: CatalogStore) -> CatalogStore:
    """One classified dataset (2 columns), one errored, one deleted, one artifact."""
    scan_id = store.start_scan(["lake"], "sample", "polars", "r1")
    store.record_result(scan_id, stored(), findings(with_phone=True), "r1", EVIDENCE)
    store.record_error(scan_id, stored(path="broken.csv.gz"), "bad gzip header", "r1")
    store.record_result(scan_id, stored(path="old.csv"), findings(Sensitivity.PUBLIC), "r1", {})
    store.record_artifact(scan_id, stored(path="models/m.onnx", fmt="model"))
    store.mark_deleted("lake", {"crm/people.csv", "broken.csv.gz", "models/m.onnx"})
    return store


def test_jsonl_has_a_record_per_dataset_and_column(filled: CatalogStore, tmp_path: Path) -> None:
    out = tmp_path / "out" / "catalog.jsonl"
    assert export(filled, "jsonl", out) == 5  # with the artifact, not inspected here
    records = [json.loads(line) for line in out.read_text().splitlines()]
    by_kind = {(r["record"], r["dataset"], r.get("column")): r for r in records}
    assert by_kind[("dataset", "crm/people.csv", None)] == {
        "record": "dataset",
        "source": "lake",
        "dataset": "crm/people.csv",
        "sensitivity": "Confidential",
        "coverage": {
            "rows_read": 100,
            "rows_total": 1000,
            "bytes_read": 512,
            "bytes_total": 4096,
            "mode": "sample",
            "encoding": None,
            "records_unreadable": 0,
            "records_repaired": 0,
        },
        "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"],
    }
    assert by_kind[("column", "crm/people.csv", "contact")] == {
        "record": "column",
        "source": "lake",
        "dataset": "crm/people.csv",
        "column": "contact",
        "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"],
        "subtypes": [None, None],
        "confidence": {"EMAIL_ADDRESS": 0.95, "PHONE_NUMBER": 0.7},
        "sensitivity": "Confidential",
        "reasons": ["90 of 100 non-null values are emails"],
    }
    broken = by_kind[("dataset", "broken.csv.gz", None)]
    assert (broken["sensitivity"], broken["error"], broken["coverage"]) == (
        None,
        "bad gzip header",
        None,
    )
    assert ("column", "crm/people.csv", "note") in by_kind
    artifact = by_kind[("artifact", "models/m.onnx", None)]
    assert (artifact["verdict"], artifact["globals"]) == ("unknown", [])


def test_jsonl_to_a_stream(filled: CatalogStore) -> None:
    text, raw = io.StringIO(), io.BytesIO()
    assert export(filled, "jsonl", text) == export(filled, "jsonl", raw) == 5
    assert text.getvalue().encode() == raw.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables_flatten_the_same_records(filled: CatalogStore, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"catalog.{fmt}"
    assert export(filled, fmt, out) == 5
    frame = pl.read_parquet(out) if fmt == "parquet" else pl.read_csv(out)
    assert frame.columns == list(TABLE_SCHEMA)
    assert frame.height == 5
    records = sorted(frame["record"].to_list())
    assert records == ["artifact", "column", "column", "dataset", "dataset"]
    contact = frame.filter(pl.col("column") == "contact").row(0, named=True)
    assert contact["entities"] == "EMAIL_ADDRESS;PHONE_NUMBER"
    assert json.loads(contact["confidence"]) == {"EMAIL_ADDRESS": 0.95, "PHONE_NUMBER": 0.7}
    assert contact["rows_read"] is None
    people = frame.filter(pl.col("record") == "dataset", pl.col("dataset") == "crm/people.csv")
    assert people.row(0, named=True)["rows_total"] == 1000
    broken = frame.filter(pl.col("dataset") == "broken.csv.gz").row(0, named=True)
    assert (broken["sensitivity"], broken["error"]) == (None, "bad gzip header")


def test_an_empty_catalog_exports_a_table_with_its_columns(store: CatalogStore) -> None:
    buffer = io.BytesIO()
    assert export(store, "parquet", buffer) == 0
    buffer.seek(0)
    assert pl.read_parquet(buffer).columns == list(TABLE_SCHEMA)


def test_unknown_format_is_refused(store: CatalogStore, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="jsonl, csv, parquet"):
        export(store, "xml", tmp_path / "x")
