"""Column names that are values (no header row, objects keyed by addresses) are masked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.recognizers.registry import Registry, build_registry
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource
from classifiers.value_names import first_row_is_data, masked_name, masked_names


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("john.smith@example.com", "j***@e***.com"),
        ("4111111111111111", "##############11"),
        ("4111 1111 1111 1111", "#### #### #### ##11"),
        ("+44 20 7946 0958", "+## ## #### ##58"),
        ("GB82 WEST 1234 5698 7654 32", "**## **** #### #### #### 32"),
        ("192.168.1.20", "###.###.#.20"),
        ("AB 12 34 56 C", "** ## ## 56 *"),
        ("536-90-4399", "###-##-##99"),
        ("john.smith@example.com.visits", "j***@e***.com.visits"),  # a nested JSON key
        # names, however many digits or dots they hold, stay as they are
        ("customer_email", "customer_email"),
        ("card_number", "card_number"),
        ("q3_2024_revenue", "q3_2024_revenue"),
        ("sales_20240131", "sales_20240131"),
        ("2024-01-31", "2024-01-31"),  # a period's column in a wide table
        ("2023", "2023"),
        ("1000001", "1000001"),
        ("v1.2", "v1.2"),
        ("col_1", "col_1"),
        ("id:42", "id:42"),
        ("address.city", "address.city"),
        ("www.example.com", "www.example.com"),  # a domain alone is not worth masking
        ("orders.4111111111111111.total", "orders.##############11.total"),
    ],
)
def test_masked_name(registry: Registry, name: str, masked: str) -> None:
    assert masked_name(name, registry) == masked


def test_masked_names_stay_unique(registry: Registry) -> None:
    columns = ["john.smith@example.com", "j***@e***.com", "jane.smith@example.com", "id"]
    assert masked_names(columns, registry) == {
        "john.smith@example.com": "j***@e***.com #2",  # the masked form is another column's
        "jane.smith@example.com": "j***@e***.com #3",
    }


def test_a_file_without_a_header_row_keeps_no_value_in_the_catalog(tmp_path: Path) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    first = ("john.smith@example.com", "4111111111111111", "+44 20 7946 0958")
    rows = [first] + [(f"user{i}@corp.org", "5555555555554444", f"+44 20 7946 {i:04d}")
                      for i in range(30)]  # fmt: skip
    (root / "noheader.csv").write_text("".join(",".join(r) + "\n" for r in rows))
    (root / "keyed.jsonl").write_text('{"john.smith@example.com": {"visits": 3}}\n')
    database = tmp_path / "catalog.db"
    store = CatalogStore.open(f"sqlite:///{database}")
    store.ensure_source("s", "local", str(root), False, [])
    rules = scan_rules(WardenConfig.default())
    Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options)).scan(
        [LocalSource("s", root)]
    )
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("catalog.db*"))
    for value in (*first, "john.smith"):
        assert value.encode() not in blob
    detail = store.dataset("noheader.csv")
    assert detail is not None
    found = {c.column: c.entity_types for c in detail.columns}
    # the first row is read as data (it holds values like those under it), not as names
    assert found == {
        "column_1": ("EMAIL_ADDRESS",),
        "column_2": ("CREDIT_CARD",),
        "column_3": ("PHONE_NUMBER",),
    }
    assert detail.row.coverage is not None and detail.row.coverage.rows_read == len(rows)
    keyed = store.dataset("keyed.jsonl")
    assert keyed is not None
    assert [c.column for c in keyed.columns] == ["j***@e***.com.visits"]


EMAILS = [f"user{i}@corp.org" for i in range(5)]


@pytest.mark.parametrize(
    ("records", "data"),
    [
        # a first row of values over values of the same types: no header row
        ([["ann@corp.org", "Ann"], *[[e, "Bo"] for e in EMAILS]], True),
        ([["4111111111111111", "x"], ["5555555555554444", "y"]], True),
        # a header row
        ([["email", "name"], *[[e, "Bo"] for e in EMAILS]], False),
        # an address names a column of numbers (a pivot): still a header
        ([["date", "ann@corp.org"], ["2024-01-01", "3"], ["2024-01-02", "5"]], False),
        # a value in the first row only: nothing under it to compare with
        ([["ann@corp.org", "Ann"], ["", "Bo"], ["none", "Cy"]], False),
        ([["ann@corp.org", "Ann"]], False),  # a lone record
        ([], False),
    ],
)
def test_first_row_is_data(registry: Registry, records: list[list[str]], data: bool) -> None:
    assert first_row_is_data(records, registry) is data


def test_masked_names_avoid_names_already_taken(registry: Registry) -> None:
    assert masked_names(["ann@corp.org"], registry, taken=["a***@c***.org"]) == {
        "ann@corp.org": "a***@c***.org #2"
    }
