"""Subtypes (LOCATION with STREET_ADDRESS) survive the catalog, exports and old rows."""

import json
from pathlib import Path

import polars as pl
from catalog_values import EMAIL, stored
from sqlalchemy import select

from classifiers.catalog.export import export
from classifiers.catalog.schema import ColumnFindingRow
from classifiers.catalog.store import CatalogStore
from classifiers.model import ColumnFinding, Coverage, DatasetFindings, EntityFinding, Sensitivity

STREET = EntityFinding(
    "LOCATION", 0.9, 0.95, 95, 0, "95 of 100 values are street addresses", "STREET_ADDRESS"
)


def _record(store: CatalogStore) -> None:
    address = ColumnFinding("address", "String", 100, (STREET,), Sensitivity.CONFIDENTIAL)
    contact = ColumnFinding("contact", "String", 100, (EMAIL,), Sensitivity.CONFIDENTIAL)
    coverage = Coverage(100, 100, 512, 512, "sample")
    findings = DatasetFindings((address, contact), Sensitivity.CONFIDENTIAL, (), coverage)
    scan_id = store.start_scan(["lake"], "sample", "polars", "r1")
    store.record_result(scan_id, stored(), findings, "r1", {})


def test_subtype_round_trips_through_the_catalog(store: CatalogStore) -> None:
    _record(store)
    (detail,) = store.details()
    by_name = {c.column: c for c in detail.columns}
    assert by_name["address"].entities == (STREET,)
    assert by_name["contact"].entities[0].subtype is None
    assert detail.row.entities == ("LOCATION", "EMAIL_ADDRESS")


def test_rows_stored_before_subtypes_read_as_the_standard_type(store: CatalogStore) -> None:
    _record(store)
    with store._sessions.begin() as session:  # an old row, as the first releases wrote it
        row = session.scalars(
            select(ColumnFindingRow).where(ColumnFindingRow.column == "address")
        ).one()
        legacy = dict(row.entities[0], entity="STREET_ADDRESS")
        legacy.pop("subtype")
        row.entities = [legacy]
    (detail,) = store.details()
    street = next(c for c in detail.columns if c.column == "address").entities[0]
    assert (street.entity, street.subtype) == ("LOCATION", "STREET_ADDRESS")


def test_exports_carry_subtypes_beside_entities(store: CatalogStore, tmp_path: Path) -> None:
    _record(store)
    export(store, "jsonl", tmp_path / "c.jsonl")
    records = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    address = next(r for r in records if r.get("column") == "address")
    assert (address["entities"], address["subtypes"]) == (["LOCATION"], ["STREET_ADDRESS"])
    contact = next(r for r in records if r.get("column") == "contact")
    assert contact["subtypes"] == [None]
    export(store, "csv", tmp_path / "c.csv")
    frame = pl.read_csv(tmp_path / "c.csv").filter(pl.col("column") == "address")
    assert frame.row(0, named=True)["subtypes"] == "STREET_ADDRESS"
