"""Nested columns (JSON Lines objects and lists, Parquet structs and lists) sanitized in place."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.readers.nested import flatten_frame
from classifiers.rules import scan_rules
from classifiers.sanitize.copy import sanitize_table
from classifiers.sanitize.policy import REPLACE, ColumnPlan, Operator, sanitize_policy
from classifiers.sanitize.residual import residual_values
from classifiers.sanitize.run import SanitizeResult
from classifiers.sanitize.verify import run_suite
from classifiers.sanitize.write import read_table
from tests.classifiers.sanitize.test_sanitize_run import _sanitizer
from tests.sanitize_estate import FIRST, KEY, LAST, estate_config, scan_estate

ROWS = 120
NOTE = "Write to ann.lee@example.org today."
FILES = {"accounts/accounts.jsonl": "jsonl", "accounts/accounts.parquet": "parquet"}
SENSITIVE = ("user.contact.email", "user.contact.phone", "orders[].email")
KEPT = ("account_id", "user.tier", "orders[].order_id", "orders[].amount", "tags[]")


def _records() -> list[dict[str, Any]]:
    rng = random.Random(2)
    records = []
    for i in range(ROWS):
        email = f"{rng.choice(FIRST)}.{rng.choice(LAST)}{i}@example.org"
        phone = f"+44 20 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        orders = [
            {"order_id": f"O{i:04d}{n}", "email": email, "amount": rng.randint(5, 500)}
            for n in range(rng.randint(0, 3))
        ]
        contact = None if i % 17 == 0 else {"email": email, "phone": phone}
        records.append({
            "account_id": f"A{i:05d}",
            "user": {"tier": rng.choice(["gold", "silver"]), "contact": contact},
            "orders": orders,
            "tags": rng.sample(["vip", "trial", "eu", "b2b"], 2),
        })  # fmt: skip
    return records


@pytest.fixture(scope="module")
def nested(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, CatalogStore, WardenConfig, dict[str, SanitizeResult]]:
    root = tmp_path_factory.mktemp("nested")
    folder = root / "estate" / "accounts"
    folder.mkdir(parents=True)
    records = _records()
    lines = "".join(json.dumps(r) + "\n" for r in records)
    (folder / "accounts.jsonl").write_text(lines, encoding="utf-8")
    pl.read_ndjson(lines.encode()).write_parquet(folder / "accounts.parquet")
    config = estate_config(root)
    store = scan_estate(config)
    sanitizer = _sanitizer(store, config, {"WARDEN_SANITIZE_KEY": KEY})
    results = {relative: sanitizer.sanitize(f"shop:{relative}") for relative in FILES}
    return root, store, config, results


def _flat(root: Path, folder: str, relative: str) -> pl.DataFrame:
    return flatten_frame(read_table(root / folder / relative, FILES[relative]))


@pytest.mark.parametrize("relative", list(FILES))
def test_nested_paths_are_planned_and_the_copy_verifies(
    nested: tuple[Path, CatalogStore, WardenConfig, dict[str, SanitizeResult]], relative: str
) -> None:
    result = nested[3][relative]
    assert result.passed, result.reasons
    planned = {p.column: p.operator.name for p in result.plans}
    assert planned["user.contact.email"] == planned["orders[].email"] == "hash", planned
    assert planned["user.contact.phone"] == "replace", planned
    assert result.suite.success and result.rows == ROWS


@pytest.mark.parametrize("relative", list(FILES))
def test_no_nested_sensitive_value_survives(
    nested: tuple[Path, CatalogStore, WardenConfig, dict[str, SanitizeResult]], relative: str
) -> None:
    root = nested[0]
    source = _flat(root, "estate", relative)
    copy_bytes = (root / "out" / relative).read_bytes()
    if relative.endswith(".parquet"):  # compressed pages: search the values as written out
        copy_bytes = _flat(root, "out", relative).write_ndjson().encode("utf-8")
    for path in SENSITIVE:
        values = source[path].explode() if path.endswith("[].email") else source[path]
        wanted = set(values.drop_nulls().to_list())
        assert len(wanted) > 50, path
        assert residual_values(wanted, copy_bytes) == set(), path


@pytest.mark.parametrize("relative", list(FILES))
def test_the_rest_of_each_record_is_unchanged(
    nested: tuple[Path, CatalogStore, WardenConfig, dict[str, SanitizeResult]], relative: str
) -> None:
    root = nested[0]
    source, copy = _flat(root, "estate", relative), _flat(root, "out", relative)
    for path in KEPT:
        assert source[path].to_list() == copy[path].to_list(), path
    # Nulls stay null, list lengths stay, and equal emails hash equally at both paths.
    assert source["user.contact.email"].is_null().to_list() == (
        copy["user.contact.email"].is_null().to_list()
    )
    assert source["orders[].email"].list.len().to_list() == (
        copy["orders[].email"].list.len().to_list()
    )
    pairs = copy.select("user.contact.email", "orders[].email").explode("orders[].email")
    pairs = pairs.drop_nulls()
    assert pairs.height > 50
    assert (pairs["user.contact.email"] == pairs["orders[].email"]).all()


def test_nested_free_text_loses_its_spans(
    nested: tuple[Path, CatalogStore, WardenConfig, dict[str, SanitizeResult]],
) -> None:
    _, _, config, _ = nested
    rules = scan_rules(config, "full")
    policy = sanitize_policy(config.sanitize, rules.policy, {"WARDEN_SANITIZE_KEY": KEY})
    frame = pl.DataFrame({
        "id": [1, 2, 3, 4],
        "history": [[{"note": NOTE}], [], None, [{"note": NOTE}]],
    })  # fmt: skip
    plan = ColumnPlan("history[].note", True, REPLACE, ("EMAIL_ADDRESS",))
    table = sanitize_table(frame, [plan], policy, rules.registry, None)
    assert table.missing == () and table.spans == {"EMAIL_ADDRESS": 2}  # per occurrence
    (first,), empty, null, (again,) = table.frame["history"].to_list()
    assert re.fullmatch(r"Write to <EMAIL_ADDRESS:[a-p]{12}> today\.", first["note"]), first
    assert empty == [] and null is None and again == first


def test_a_generalised_path_under_a_list_verifies(
    nested: tuple[Path, CatalogStore, WardenConfig, dict[str, SanitizeResult]],
) -> None:
    """Per-value shapes (three characters kept) do not apply to a row's list as JSON text;
    the entity's patterns still do."""
    registry = scan_rules(nested[2], "full").registry
    source = pl.DataFrame({"id": [1, 2], "addresses": [[{"postcode": "94107"}], []]})
    copy = pl.DataFrame({"id": [1, 2], "addresses": [[{"postcode": "941"}], []]})
    plan = ColumnPlan("addresses[].postcode", False, Operator("prefix", chars=3),
                      ("LOCATION/POSTCODE",), "LOCATION/POSTCODE")  # fmt: skip
    result = run_suite("listed", [plan], source, copy, registry, None)
    assert result.success, result.outcomes
    checked = {(o.expectation, o.column) for o in result.outcomes}
    assert ("expect_column_pair_values_to_be_equal", "id") in checked
