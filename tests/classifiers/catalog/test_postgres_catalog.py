"""PostgreSQL specifics of the catalog: driver choice, UTC timestamps, unbounded names."""

from dataclasses import replace
from datetime import UTC, timedelta

import pytest
from catalog_values import EVIDENCE, findings, stored
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from classifiers.catalog.connect import create_catalog_engine, parse_catalog_url
from classifiers.catalog.store import CatalogStore


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("postgresql://warden@db.internal/catalog", "postgresql+psycopg"),
        ("postgres://warden@db.internal/catalog", "postgresql+psycopg"),
        ("postgresql+psycopg://warden@db.internal/catalog", "postgresql+psycopg"),
        ("sqlite:///warden.db", "sqlite"),
    ],
)
def test_bare_postgres_urls_use_psycopg_3(given: str, driver: str) -> None:
    url = parse_catalog_url(given)
    assert url.drivername == driver
    assert url.database == make_url(given).database


def test_a_bare_postgresql_url_opens_a_catalog(postgres_url: str) -> None:
    bare = make_url(postgres_url).set(drivername="postgresql")
    with CatalogStore.open(bare.render_as_string(hide_password=False)) as store:
        store.ensure_source("lake", "local", "/data", public=False, owners=[])
        assert store.datasets() == []


def test_timestamps_come_back_in_utc_whatever_the_session_zone(postgres_url: str) -> None:
    # A server or role set to another zone returns timestamptz in it; the catalog speaks UTC.
    options = make_url(postgres_url).query["options"]
    zoned = make_url(postgres_url).update_query_dict(
        {"options": f"{options} -cTimeZone=Asia/Kolkata"}
    )
    with CatalogStore.open(zoned.render_as_string(hide_password=False)) as store:
        store.ensure_source("lake", "local", "/data", public=False, owners=[])
        scan_id = store.start_scan(["lake"], "full", "polars", "r1")
        store.record_result(scan_id, stored(), findings(), "r1", EVIDENCE)
        (row,) = store.datasets()
        (version,) = store.history("lake", row.path)
    assert version.created_at.utcoffset() == timedelta(0)
    assert version.created_at.tzinfo == UTC


def test_long_column_names_and_nested_types_are_kept_whole(postgres_url: str) -> None:
    with CatalogStore.open(postgres_url) as store:
        store.ensure_source("lake", "local", "/data", public=False, owners=[])
        name = "a header line read from prose " * 60  # 1,800 characters
        dtype = "Struct({" + ", ".join(f"'field_{i}': List(String)" for i in range(20)) + "})"
        found = findings()
        column = replace(found.columns[0], column=name, dtype=dtype)
        found = replace(found, columns=(column, *found.columns[1:]))
        scan_id = store.start_scan(["lake"], "full", "polars", "r1")
        store.record_result(scan_id, stored(), found, "r1", EVIDENCE)
        (detail,) = store.details()
    assert (detail.columns[0].column, detail.columns[0].dtype) == (name, dtype)
    engine = create_catalog_engine(postgres_url)
    types = {c["name"]: str(c["type"]) for c in inspect(engine).get_columns("column_findings")}
    engine.dispose()
    assert types["column"] == types["dtype"] == "TEXT"
