"""`warden scan --time-budget/--memory-budget`: the bounds per object from the command line."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from classifiers.catalog.store import CatalogStore
from pipelines.cli import app

runner = CliRunner()


def test_a_time_budget_on_the_command_line_stops_a_large_object(tmp_path: Path) -> None:
    data = tmp_path / "drop"
    data.mkdir()
    rows = 1_000_000  # reading it alone takes several times the budget, even in a warm process
    pl.DataFrame(
        {"id": range(rows), "email": [f"user{i}@example.com" for i in range(rows)]}
    ).write_csv(data / "large.csv")
    catalog = f"sqlite:///{tmp_path / 'catalog.db'}"
    arguments = ["scan", str(data), "--mode", "full", "--catalog", catalog, "-q"]
    result = runner.invoke(app, [*arguments, "--time-budget", "0.05"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "0 scanned" in result.output and "1 error" in result.output
    [recorded] = CatalogStore.open(catalog).errors()
    assert recorded.error == "stopped after 0.05 s: time budget (scan.object_time_budget)"


def test_a_budget_that_is_not_positive_is_refused(tmp_path: Path) -> None:
    for flag in ("--time-budget", "--memory-budget"):
        result = runner.invoke(
            app,
            ["scan", str(tmp_path), flag, "0", "--catalog", "sqlite://"],
            env={"COLUMNS": "200"},
        )
        assert result.exit_code == 2
        assert f"Invalid value for '{flag}'" in result.output
