"""Sanitizing real files end to end: residuals, utility, joins, the key, failed copies."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import polars as pl
import pytest

from classifiers.catalog.lineage_store import LineageStore
from classifiers.catalog.sanitized_store import SanitizedStore
from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.factory import make_engine
from classifiers.model import Sensitivity
from classifiers.rules import scan_rules
from classifiers.sanitize.policy import ColumnPlan, MissingKey, Operator
from classifiers.sanitize.residual import residual_values
from classifiers.sanitize.run import Sanitizer, SanitizeResult
from classifiers.sanitize.verify import key_map, run_suite
from classifiers.sanitize.write import FAILED, Location, SanitizeError, read_table
from classifiers.scan import Scanner
from tests.sanitize_estate import KEY, build_estate, estate_config, scan_estate

REFS = ("shop:crm/customers.csv", "shop:sales/orders.csv", "shop:support/tickets.jsonl")


def _sanitizer(store: CatalogStore, config: WardenConfig, environ: dict[str, str]) -> Sanitizer:
    rules = scan_rules(config, "full")
    scanner = Scanner(store, rules, make_engine(config, rules, None))  # type: ignore[arg-type]
    docs = Path(config.sanitize.output).parent / "dagster_home" / "gx_docs"
    return Sanitizer(store, config, scanner, None, Location(config.sanitize.output), environ, docs)


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CatalogStore, WardenConfig]:
    root = tmp_path_factory.mktemp("sanitize")
    build_estate(root)
    config = estate_config(root)
    return root, scan_estate(config), config


@pytest.fixture(scope="module")
def results(estate: tuple[Path, CatalogStore, WardenConfig]) -> dict[str, SanitizeResult]:
    _, store, config = estate
    sanitizer = _sanitizer(store, config, {"WARDEN_SANITIZE_KEY": KEY})
    return {ref: sanitizer.sanitize(ref) for ref in REFS}


def _frames(root: Path, relative: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    fmt = "jsonl" if relative.endswith(".jsonl") else "csv"
    return read_table(root / "estate" / relative, fmt), read_table(root / "out" / relative, fmt)


def test_every_copy_passes_and_is_general(results: dict[str, SanitizeResult]) -> None:
    for result in results.values():
        assert result.passed, result.reasons
        assert result.copy_level is not None and result.copy_level <= Sensitivity.GENERAL
        assert result.suite.success and len(result.suite.outcomes) >= 3


@pytest.mark.parametrize("relative", ["crm/customers.csv", "sales/orders.csv"])
def test_no_structured_value_survives(
    estate: tuple[Path, CatalogStore, WardenConfig],
    results: dict[str, SanitizeResult],
    relative: str,
) -> None:
    root, _, _ = estate
    source, _ = _frames(root, relative)
    plans = results[f"shop:{relative}"].plans
    copy_bytes = (root / "out" / relative).read_bytes()
    for plan in plans:
        values = set(source[plan.column].drop_nulls().to_list())
        assert residual_values(values, copy_bytes) == set(), plan.column


def test_free_text_emails_and_phones_are_gone(
    estate: tuple[Path, CatalogStore, WardenConfig], results: dict[str, SanitizeResult]
) -> None:
    root, _, _ = estate
    source, copy = _frames(root, "support/tickets.jsonl")
    emails = set(source["body"].str.extract_all(r"[\w.]+@example\.com").explode().drop_nulls())
    phones = set(source["body"].str.extract_all(r"\+44 20 7\d{3} \d{4}").explode().drop_nulls())
    assert emails and phones
    data = (root / "out" / "support/tickets.jsonl").read_bytes()
    assert residual_values(emails | phones, data) == set()
    assert copy["body"].str.contains("<EMAIL_ADDRESS:", literal=True).all()  # keyed tags
    assert results["shop:support/tickets.jsonl"].spans["EMAIL_ADDRESS"] == source.height


@pytest.mark.parametrize(
    "relative", ["crm/customers.csv", "sales/orders.csv", "support/tickets.jsonl"]
)
def test_unclassified_cells_are_unchanged(
    estate: tuple[Path, CatalogStore, WardenConfig],
    results: dict[str, SanitizeResult],
    relative: str,
) -> None:
    root, _, _ = estate
    source, copy = _frames(root, relative)
    planned = {p.column for p in results[f"shop:{relative}"].plans}
    kept = [c for c in source.columns if c not in planned]
    assert kept and source.select(kept).equals(copy.select(kept))
    assert copy.height == source.height


def test_hashed_join_key_still_joins(
    estate: tuple[Path, CatalogStore, WardenConfig], results: dict[str, SanitizeResult]
) -> None:
    root, _, _ = estate
    customers, customers_copy = _frames(root, "crm/customers.csv")
    orders, orders_copy = _frames(root, "sales/orders.csv")
    joined = orders.join(customers, left_on="customer_email", right_on="email")
    joined_copy = orders_copy.join(customers_copy, left_on="customer_email", right_on="email")
    assert joined.height == orders.height == joined_copy.height
    assert joined.select("order_id", "customer_id").equals(
        joined_copy.select("order_id", "customer_id")
    )
    assert customers_copy["email"].n_unique() == customers["email"].n_unique()
    # The suite checked both keyed columns: distinct count kept, and mapped one to one.
    for ref, column in (("shop:crm/customers.csv", "email"), ("shop:sales/orders.csv",
                                                              "customer_email")):  # fmt: skip
        checked = {
            o.expectation: o.success for o in results[ref].suite.outcomes if o.column == column
        }
        assert checked == {
            "expect_column_unique_value_count_to_be_between": True,
            "expect_key_to_map_one_to_one": True,
            "expect_column_values_to_not_match_regex_list": True,
        }, checked


def _keyed(column: str) -> ColumnPlan:
    return ColumnPlan(column, False, Operator("hash"), ("EMAIL_ADDRESS",), "EMAIL_ADDRESS")


@pytest.mark.parametrize(
    ("copy", "one_to_one"),
    [
        (["h1", "h2", "h1", "h2", None], True),
        (["h1", "h2", "h2", "h1", None], False),  # same distinct count, a -> {h1, h2}
        (["h1", "h1", "h1", "h2", None], False),  # a and b both -> h1: a join would fan out
        (["h1", "h2", "h1", "h2", "h3"], False),  # a missing value got a value
    ],
)
def test_a_key_that_does_not_map_one_to_one_fails(
    estate: tuple[Path, CatalogStore, WardenConfig], copy: list[str | None], one_to_one: bool
) -> None:
    _, _, config = estate
    source = pl.DataFrame({"k": ["a", "b", "a", "b", None], "n": [1, 2, 3, 4, 5]})
    copied = source.with_columns(pl.Series("k", copy, pl.String))
    registry = scan_rules(config, "full").registry
    suite = run_suite("keys", [_keyed("k")], source, copied, registry, None)
    (mapped,) = [o for o in suite.outcomes if o.expectation == "expect_key_to_map_one_to_one"]
    assert mapped.column == "k" and mapped.success is one_to_one
    assert suite.success is one_to_one
    assert bool((key_map(source["k"], copied["k"]) == 1).all()) is one_to_one
    if not one_to_one:
        assert mapped.unexpected and mapped.unexpected > 0


def test_each_copy_has_its_own_data_docs(
    estate: tuple[Path, CatalogStore, WardenConfig], results: dict[str, SanitizeResult]
) -> None:
    root, _, _ = estate
    docs = root / "dagster_home" / "gx_docs"
    sites = {ref: results[ref].suite.docs_url for ref in REFS}
    pages = {ref: results[ref].suite.page_url for ref in REFS}
    assert len(set(sites.values())) == len(set(pages.values())) == len(REFS)
    customers = docs / "sanitized" / "crm" / "customers_csv"
    assert sites["shop:crm/customers.csv"] == (customers / "index.html").as_uri()
    for ref in REFS:
        site, page = _file(sites[ref]), _file(pages[ref])
        assert site.is_file() and page.is_file() and page.is_relative_to(site.parent)
        assert page.relative_to(site.parent).as_posix() in site.read_text(encoding="utf-8")
        recorded = SanitizedStore(estate[1]).latest(ref)
        assert recorded is not None and recorded.docs_url == pages[ref]


def _file(url: str | None) -> Path:
    assert url is not None
    return Path(unquote(urlparse(url).path))


def test_a_rerun_check_is_recorded_with_its_own_page(
    estate: tuple[Path, CatalogStore, WardenConfig], results: dict[str, SanitizeResult]
) -> None:
    root, store, config = estate
    ref = "shop:crm/customers.csv"
    made = results[ref].suite.page_url
    sanitizer = _sanitizer(store, config, {"WARDEN_SANITIZE_KEY": KEY})
    before = SanitizedStore(store).latest(ref)
    assert before is not None
    passed, suite, reasons = sanitizer.check(ref)
    assert passed and suite is not None and not reasons
    assert suite.page_url not in (None, made) and _file(made).is_file()  # both pages kept
    assert _file(suite.page_url).is_file()
    after = SanitizedStore(store).latest(ref)
    assert after is not None and after.id == before.id and after.status == "passed"
    (check,) = after.checks[len(before.checks) :]
    assert check["passed"] and check["reasons"] == [] and check["page_url"] == suite.page_url
    assert check["expectations"] == suite.to_json()["expectations"]
    # A copy altered since it was verified: the re-run fails and that result is recorded too.
    copy_path = root / "out" / "crm" / "customers.csv"
    original = copy_path.read_bytes()
    source = (root / "estate" / "crm" / "customers.csv").read_text(encoding="utf-8")
    leaked = source.splitlines()[1].split(",")[1]  # a customer's email, back in the copy
    lines = original.decode("utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    cells[1] = leaked
    try:
        copy_path.write_bytes("".join([lines[0], ",".join(cells), *lines[2:]]).encode("utf-8"))
        passed, suite, reasons = sanitizer.check(ref)
    finally:
        copy_path.write_bytes(original)
    assert not passed and suite is not None and reasons
    latest = SanitizedStore(store).latest(ref)
    assert latest is not None and len(latest.checks) == len(after.checks) + 1
    failed = latest.checks[-1]
    assert not failed["passed"] and failed["reasons"] == reasons
    assert any("email" in r for r in reasons), reasons
    assert leaked not in str(latest.verification)  # counts only, never the value
    assert after.offered and not latest.offered  # a failing re-run withdraws the offer
    assert latest.status == "passed"  # ... without rewriting how the copy was made
    passed, _, _ = sanitizer.check(ref)  # the copy restored: a passing re-run offers it again
    again = SanitizedStore(store).latest(ref)
    assert passed and again is not None and again.offered


def test_the_copy_is_catalogued_with_a_masking_edge(
    estate: tuple[Path, CatalogStore, WardenConfig], results: dict[str, SanitizeResult]
) -> None:
    _, store, _ = estate
    copy = store.dataset("sanitized:crm/customers.csv")
    assert copy is not None and copy.row.sensitivity is not None
    assert copy.row.sensitivity <= Sensitivity.GENERAL
    edges = LineageStore(store).edges()
    assert any(
        e.source == "shop:crm/customers.csv"
        and e.target == "sanitized:crm/customers.csv"
        and e.masking
        for e in edges
    )
    recorded = SanitizedStore(store).latest("shop:crm/customers.csv")
    assert recorded is not None and recorded.passed
    docs = results["shop:crm/customers.csv"].suite.docs_url
    assert docs is not None and _file(docs).is_file()


def test_without_the_key_hashing_refuses(tmp_path: Path) -> None:
    build_estate(tmp_path)
    config = estate_config(tmp_path)
    store = scan_estate(config)
    with pytest.raises(MissingKey, match="WARDEN_SANITIZE_KEY"):
        _sanitizer(store, config, {}).sanitize("shop:crm/customers.csv")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.csv"))


def test_a_copy_failing_verification_is_kept_aside(tmp_path: Path) -> None:
    build_estate(tmp_path)
    config = estate_config(tmp_path, operators="{EMAIL_ADDRESS: keep}")  # emails left in
    store = scan_estate(config)
    result = _sanitizer(store, config, {}).sanitize("shop:sales/orders.csv")
    assert not result.passed and result.reasons
    assert not (tmp_path / "out" / "sales" / "orders.csv").exists()
    assert (tmp_path / "out" / FAILED / "sales" / "orders.csv").is_file()
    assert store.dataset("sanitized:sales/orders.csv") is None  # never offered
    recorded = SanitizedStore(store).latest("shop:sales/orders.csv")
    assert recorded is not None and recorded.status == "failed"
    assert not any(e.target.startswith("sanitized:") for e in LineageStore(store).edges())


def test_the_source_is_never_overwritten(
    estate: tuple[Path, CatalogStore, WardenConfig],
) -> None:
    root, store, config = estate
    before = (root / "estate" / "sales" / "orders.csv").read_bytes()
    sanitizer = _sanitizer(store, config, {"WARDEN_SANITIZE_KEY": KEY})
    onto_source = Sanitizer(
        store, config, sanitizer.scanner, None, Location(str(root / "estate")), os.environ
    )
    with pytest.raises(SanitizeError, match="overwrite"):
        onto_source.sanitize("shop:sales/orders.csv")
    assert (root / "estate" / "sales" / "orders.csv").read_bytes() == before
