"""The catalog load bench writes a real catalog: the store reads back every dataset and column."""

from __future__ import annotations

from bench.catalog_load import COLUMNS, write_catalog
from classifiers.catalog.connect import create_catalog_engine
from classifiers.catalog.store import CatalogStore
from classifiers.model import Sensitivity


def test_the_bulk_written_catalog_reads_back_whole(catalog_url: str) -> None:
    engine = create_catalog_engine(catalog_url)
    try:
        write_catalog(engine, 40)
    finally:
        engine.dispose()
    with CatalogStore.open(catalog_url) as store:
        rows = store.datasets()
        details = store.details()
        store.ensure_source("other", "local", "/other", public=False, owners=[])  # ids go on
    assert len(rows) == 40 and {r.source for r in rows} == {"bench"}
    assert sum(r.sensitivity == Sensitivity.CONFIDENTIAL for r in rows) == 10
    assert {len(d.columns) for d in details} == {COLUMNS}
    emails = [c for d in details for c in d.columns if c.entity_types]
    assert len(emails) == 20 and {c.entity_types for c in emails} == {("EMAIL_ADDRESS",)}
