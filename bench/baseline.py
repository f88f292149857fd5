"""The naive baseline measured and set beside Warden's figures from the same run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
from rich.console import Console

from bench.estate import EstateScan, accuracy
from bench.naive import NaiveRun, classify_values, estate_values, presidio_analyzer, sample_values
from bench.ours import FileRun, score_columns
from bench.report import Report
from bench.table import LABELS
from bench.timing import Timed, best_of
from classifiers.evaluation import Key, read_labels, score
from tests.estate import SAMPLE

SECTION = "Baseline: Presidio AnalyzerEngine per cell"


def tabular_datasets() -> list[str]:
    """Labelled datasets read as tables (documents have the single column 'content')."""
    labels = read_labels(SAMPLE / "labels.csv")
    return sorted({dataset for dataset, column in labels if column != "content"})


@dataclass(frozen=True)
class NaiveEstate:
    found: dict[Key, tuple[str, ...]]
    cells: int
    seconds: float


def _estate_run(analyzer: object, datasets: list[str], seed: int, count: int) -> NaiveEstate:
    found: dict[Key, tuple[str, ...]] = {}
    cells, seconds = 0, 0.0
    for dataset, values in estate_values(SAMPLE, datasets, seed, count).items():
        run = classify_values(analyzer, values)
        found.update({(dataset, column): e for column, e in run.found.items()})
        cells, seconds = cells + run.cells, seconds + run.seconds
    return NaiveEstate(found, cells, seconds)


def _compare(report: Report, naive: NaiveRun, ours: dict[str, Timed[FileRun]]) -> None:
    """Warden's speed over the naive one's: per cell read, and per table classified."""
    for mode, timed in ours.items():
        run = timed.result
        rate = run.cells_read / timed.seconds
        report.add(
            SECTION,
            f"Warden {mode} mode cells read/s / naive cells/s",
            rate / naive.cells_per_second,
            unit="x",
            how="computed, Parquet",
        )
    sample = ours["sample"]
    report.add(
        SECTION,
        "naive time to call the table's columns / Warden sample mode",
        naive.seconds / sample.seconds,
        unit="x",
        how=f"{naive.seconds:.1f} s on {naive.cells} cells vs {sample.seconds:.1f} s on "
        f"{sample.result.cells_read:,} cells",
    )


def measure_baseline(
    report: Report,
    console: Console,
    parquet: Path,
    seed: int,
    estate_count: int,
    ours_estate: EstateScan,
    ours_parquet: dict[str, Timed[FileRun]],
) -> None:
    console.log("naive baseline: loading Presidio's AnalyzerEngine")
    loaded = best_of(1, presidio_analyzer)
    analyzer = loaded.result
    report.add(SECTION, "AnalyzerEngine load (spaCy model)", loaded.seconds, unit="s", how="1 run")
    values = sample_values(pl.read_parquet(parquet), seed)
    console.log(f"naive baseline: {sum(map(len, values.values()))} cells of the generated table")
    naive = classify_values(analyzer, values)
    report.add(
        SECTION,
        "cells/s (generated table, 100 values/column)",
        naive.cells_per_second,
        unit="cells/s",
        how=f"1 run, {naive.cells} cells in {naive.seconds:.1f} s",
    )
    report.add_score(SECTION, "generated table: P/R/F1", score_columns(LABELS, naive.found))
    _compare(report, naive, ours_parquet)
    console.log(f"naive baseline: sample_data, {estate_count} values per column (long)")
    datasets = tabular_datasets()
    estate = _estate_run(analyzer, datasets, seed, estate_count)
    labels = read_labels(SAMPLE / "labels.csv")
    result = score({k: e for k, e in labels.items() if k[0] in set(datasets)}, estate.found)
    report.add(
        SECTION,
        f"cells/s (sample_data, {estate_count} values/column)",
        estate.cells / estate.seconds,
        unit="cells/s",
        how=f"1 run, {estate.cells} cells in {estate.seconds:.1f} s",
    )
    report.add_score(SECTION, f"sample_data, {len(datasets)} tabular datasets: P/R/F1", result)
    same = accuracy(ours_estate, set(datasets)).columns
    report.add_score(SECTION, "Warden on the same tabular datasets: P/R/F1", same)
