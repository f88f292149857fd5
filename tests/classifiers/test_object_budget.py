"""Bounds per object: a real object over its time or memory budget is stopped and recorded as
its error, the scan goes on with the next object, and the config keys are validated."""

from __future__ import annotations

import json
import time
from pathlib import Path

import polars as pl
import pytest

from classifiers.budget import MIB, Budget, BudgetExceeded, ObjectBounds, resident_bytes
from classifiers.catalog.store import CatalogStore
from classifiers.config import ScanConfig, WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.rules import scan_rules
from classifiers.scan import NAMES_PER_CHECK, Scanner, ScanReport, _masked
from classifiers.sources.local import LocalSource
from classifiers.value_names import masked_names
from tests.classifiers.test_config import config_error
from tests.conftest import run_warden


class _Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_budget_raises_once_the_time_is_spent() -> None:
    clock = _Clock()
    budget = Budget(ObjectBounds(seconds=120), clock=clock, resident=lambda: 0)
    clock.now += 119.9
    budget.check()  # within budget: nothing happens
    clock.now += 0.2
    with pytest.raises(BudgetExceeded, match=r"^stopped after 120 s: time budget"):
        budget.check()


def test_budget_measures_memory_from_the_objects_start() -> None:
    clock, resident = _Clock(), [3000 * MIB]  # the process already holds 3,000 MB
    budget = Budget(ObjectBounds(memory_mb=4096), clock=clock, resident=lambda: resident[0])
    resident[0] += 4000 * MIB  # 7,000 MB in all, 4,000 MB for this object
    clock.now += 1
    budget.check()
    resident[0] += 200 * MIB
    clock.now += 1
    with pytest.raises(BudgetExceeded, match=r"^stopped at 4,096 MB: memory budget"):
        budget.check()


def test_resident_size_is_read_and_grows_with_an_allocation() -> None:
    before = resident_bytes()
    block = bytearray(64 * MIB)  # zero-filled: its pages are touched
    assert resident_bytes() - before >= 32 * MIB
    del block


def _scanner(store: CatalogStore, **scan: object) -> Scanner:
    config = WardenConfig(scan=ScanConfig.model_validate(scan))
    rules = scan_rules(config)
    return Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))


def _scan(store: CatalogStore, root: Path, **scan: object) -> ScanReport:
    store.ensure_source("s", "local", str(root), False, [])
    return _scanner(store, **scan).scan([LocalSource("s", root)])


def _small_table(root: Path) -> None:
    (root / "z_small.csv").write_text(
        "name,email\n" + "".join(f"Ann {i},ann{i}@example.com\n" for i in range(20)),
        encoding="utf-8",
    )


def test_an_object_over_its_time_budget_is_stopped_and_the_scan_goes_on(tmp_path: Path) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    rows = 600_000  # full mode reads it in 30 batches of 20,000 rows: far more than 2 s
    pl.DataFrame(
        {
            "id": range(rows),
            "email": [f"user{i}@example.com" for i in range(rows)],
            "note": [f"order {i} shipped to desk {i % 977}" for i in range(rows)],
        }
    ).write_csv(root / "a_large.csv")
    _small_table(root)
    warm = tmp_path / "warm"  # the first scan in a process loads and compiles what it needs
    warm.mkdir()
    _small_table(warm)
    _scan(CatalogStore.open(f"sqlite:///{tmp_path / 'warm.db'}"), warm, mode="full")
    store = CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}")
    started = time.monotonic()
    report = _scan(store, root, mode="full", batch_rows=20_000, object_time_budget=2.0)
    assert time.monotonic() - started < 60  # a stall guard, not a speed target
    outcomes = {o.obj.path: o for o in report.outcomes}
    assert outcomes["a_large.csv"].status == "error"
    assert outcomes["a_large.csv"].error == (
        "stopped after 2 s: time budget (scan.object_time_budget)"
    )
    assert outcomes["z_small.csv"].status == "scanned"  # the next object in the same scan
    assert outcomes["z_small.csv"].findings is not None
    errors = {e.path: e.error for e in store.errors()}
    assert errors["a_large.csv"].startswith("stopped after 2 s: time budget")


def test_an_object_over_its_memory_budget_is_stopped_and_recorded(tmp_path: Path) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    # Scanned first: it also pays what a process loads once (recognizers, gazetteers: 128-256
    # MB here), which a budget counts against the object that first needs it.
    (root / "a_small.csv").write_text(
        "name,email\n" + "".join(f"Ann {i},ann{i}@example.com\n" for i in range(20)),
        encoding="utf-8",
    )
    # A JSON array is parsed whole: a million records grow the process by about 800 MB.
    records = [{"id": i, "email": f"u{i}@example.com", "city": "Leeds"} for i in range(10**6)]
    (root / "z_records.json").write_text(json.dumps(records), encoding="utf-8")
    del records
    catalog = f"sqlite:///{tmp_path / 'catalog.db'}"
    # A process of its own: memory is the process's resident size grown since the object
    # started, and a test process that freed memory earlier would reuse it unseen.
    run_warden("scan", str(root), "--catalog", catalog, "--memory-budget", "400", "-q")
    store = CatalogStore.open(catalog)
    errors = {e.path: e.error for e in store.errors()}
    stopped = "stopped at 400 MB: memory budget (scan.object_memory_budget_mb)"
    assert errors == {"z_records.json": stopped}
    assert {row.path for row in store.datasets() if row.status == "ok"} == {"a_small.csv"}


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("scan:\n  object_time_budget: 0\n", "scan.object_time_budget", "Input should be greater"),
        ("scan:\n  object_time_budget: soon\n", "scan.object_time_budget", "Input should be a"),
        (
            "scan:\n  object_memory_budget_mb: -5\n",
            "scan.object_memory_budget_mb",
            "Input should be greater than 0",
        ),
        ("scan:\n  gzip_bomb_ratio: 1.5\n", "scan.gzip_bomb_ratio", "Input should be a valid int"),
        ("scan:\n  gzip_bomb_mb: 0\n", "scan.gzip_bomb_mb", "Input should be greater than 0"),
    ],
)
def test_bad_bounds_name_file_line_and_field(text: str, field: str, message: str) -> None:
    [problem] = config_error(text).problems
    assert (problem.file, problem.line, problem.field) == ("warden.yaml", 2, field)
    assert str(problem).startswith(f"warden.yaml:2: {field}: {message}")


def test_bounds_have_defaults_and_reach_the_rules() -> None:
    rules = scan_rules(WardenConfig.default())
    assert rules.bounds == ObjectBounds(seconds=120.0, memory_mb=4096)
    assert rules.sampling.inflate.bound(1) == 1024 * MIB
    tighter = WardenConfig(
        scan=ScanConfig(object_time_budget=30, gzip_bomb_mb=10, gzip_bomb_ratio=50)
    )
    rules = scan_rules(tighter)
    assert rules.bounds.seconds == 30
    assert rules.sampling.inflate.bound(1 * MIB) == 50 * MIB
    # A budget stops a read; it does not shape a result, so the rules version keeps.
    assert (
        rules.version
        == scan_rules(
            WardenConfig(
                scan=ScanConfig(object_time_budget=99, gzip_bomb_mb=10, gzip_bomb_ratio=50)
            )
        ).version
    )


def test_column_names_are_checked_in_parts_with_budget_checks_between() -> None:
    """Thousands of names holding values take seconds to check: a budget check comes every
    NAMES_PER_CHECK names, and the masked names are those one call gives."""
    registry = scan_rules(WardenConfig.default()).registry
    emails = [f"ann.lee{i}@example.com" for i in range(NAMES_PER_CHECK + 300)]  # masked alike
    fresh = [*emails, "a***@e***.com", *[f"score_{i}" for i in range(NAMES_PER_CHECK)]]
    calls: list[int] = []
    renamed = _masked(fresh, registry, list(fresh), lambda: calls.append(1))
    assert len(calls) == -(-len(fresh) // NAMES_PER_CHECK) == 3
    assert renamed == masked_names(fresh, registry)
    assert len(set(renamed.values())) == len(renamed) and "a***@e***.com" not in renamed.values()
