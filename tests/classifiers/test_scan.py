"""Scans over time: unchanged objects are skipped, rules changes re-read, stops resume."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

import polars as pl
import pytest

from classifiers.budget import Checkpoint, carry_on
from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.evidence import TableEvidence
from classifiers.rules import scan_rules
from classifiers.scan import Outcome, Scanner
from classifiers.sources.local import LocalSource
from tests.estate import SAMPLE


@pytest.fixture
def estate(tmp_path: Path) -> Path:
    root = tmp_path / "estate"
    for name in ("crm/customers.csv", "finance/payments.csv", "finance/transactions.tsv",
                 "products/catalog.csv", "hr/payroll.parquet", "broken/empty.csv"):  # fmt: skip
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / name, root / name)
    return root


def scanner(store: CatalogStore, config: WardenConfig | None = None) -> Scanner:
    rules = scan_rules(config or WardenConfig.default())
    return Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))


def statuses(outcomes: list[Outcome]) -> dict[str, str]:
    return {o.obj.path: o.status for o in outcomes}


def open_store(tmp_path: Path) -> CatalogStore:
    return CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}")


def test_unchanged_objects_are_not_read_again(estate: Path, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.ensure_source("s", "local", str(estate), False, [])
    source = LocalSource("s", estate)
    first = scanner(store).scan([source])
    assert set(statuses(first.outcomes).values()) == {"scanned", "error"}
    second = scanner(store).scan([source])
    assert set(statuses(second.outcomes).values()) == {"unchanged", "error"}
    catalog = estate / "products/catalog.csv"
    lines = catalog.read_text(encoding="utf-8").splitlines(keepends=True)
    catalog.write_text("".join([*lines, lines[-1]]), encoding="utf-8")  # one row more
    third = statuses(scanner(store).scan([source]).outcomes)
    assert third["products/catalog.csv"] == "scanned"
    assert third["crm/customers.csv"] == "unchanged"


def test_a_rules_change_is_detected(estate: Path, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.ensure_source("s", "local", str(estate), False, [])
    source = LocalSource("s", estate)
    scanner(store).scan([source])
    stricter = WardenConfig.default().model_copy(
        update={
            "thresholds": WardenConfig.default().thresholds.model_copy(update={"min_ratio": 0.7})
        }
    )
    again = statuses(scanner(store, stricter).scan([source]).outcomes)
    assert again["crm/customers.csv"] == "scanned"


def test_deleted_objects_are_marked_and_history_kept(estate: Path, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.ensure_source("s", "local", str(estate), False, [])
    source = LocalSource("s", estate)
    scanner(store).scan([source])
    (estate / "finance/payments.csv").unlink()
    report = scanner(store).scan([source])
    assert report.deleted == 1
    assert "finance/payments.csv" not in {r.path for r in store.datasets("s")}
    assert len(store.history("s", "finance/payments.csv")) == 1


def test_a_stopped_scan_resumes_without_duplicates(estate: Path, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.ensure_source("s", "local", str(estate), False, [])
    source = LocalSource("s", estate)
    seen: list[str] = []

    def stop_after_three(name: str, total: int | None, outcome: Outcome | None) -> None:
        if outcome is not None:
            seen.append(outcome.obj.path)
            if len(seen) == 3:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        scanner(store).scan([source], stop_after_three)
    assert [s.status for s in store.scans()] == ["interrupted"]
    assert len(store.datasets("s")) == 3
    resumed = statuses(scanner(store).scan([source]).outcomes)
    assert [resumed[p] for p in seen if p != "broken/empty.csv"] == ["unchanged"] * len(
        [p for p in seen if p != "broken/empty.csv"]
    )
    assert sum(1 for s in resumed.values() if s == "scanned") == 5 - sum(
        1 for p in seen if p != "broken/empty.csv"
    )
    for row in store.datasets("s"):
        versions = store.history("s", row.path)
        ok_versions = [v for v in versions if v.status == "ok"]
        assert len(ok_versions) <= 1, row.path
    with sqlite3.connect(tmp_path / "catalog.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


class _FailingEngine(PolarsEngine):
    """A bug whose message quotes a value, as a library's error may."""

    def table_evidence(
        self, frame: pl.DataFrame, checkpoint: Checkpoint = carry_on
    ) -> TableEvidence:
        raise ValueError(f"cannot handle 'X-{SECRET}' in {frame.columns[0]}")


SECRET = "4929123456781234"


def test_an_internal_failure_is_logged_with_its_frames_but_no_value(
    estate: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = open_store(tmp_path)
    store.ensure_source("s", "local", str(estate), False, [])
    rules = scan_rules(WardenConfig.default())
    failing = Scanner(store, rules, _FailingEngine(rules.registry, None, rules.options))
    with caplog.at_level(logging.ERROR, logger="classifiers.scan"):
        outcomes = statuses(failing.scan([LocalSource("s", estate)]).outcomes)
    assert outcomes["crm/customers.csv"] == "error"
    assert {e.error for e in store.errors() if e.path == "crm/customers.csv"} == {
        "internal error: ValueError"
    }
    logged = caplog.text
    assert "unexpected failure classifying" in logged and "ValueError" in logged
    assert "in table_evidence" in logged  # the frames say where
    assert SECRET not in logged and "##34" in logged
