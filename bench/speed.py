"""Speed on the generated files: sample and full mode against the Polars floor, and flatness."""

from __future__ import annotations

import os
import time
from pathlib import Path

from rich.console import Console

from bench.floor import touch_every_value
from bench.modes import Modes
from bench.ours import FileRun, Setup, classify_file, score_columns
from bench.report import Report
from bench.table import LABELS
from bench.timing import Timed, best_of, best_of_interleaved
from classifiers.engines.polars_engine import PolarsEngine, StageClock, process_cpu_seconds

SHORT_RUNS = 2  # sample and full mode: best of this many
FLOOR_RUNS = 5  # the floor takes a fraction of a second and varies most: best of this many
FLOOR_TARGET = 10.0  # full mode within this many times the floor (as processes, issue 21)
ENGINE_TARGET = 15.0  # ... and the engine alone, in this process, within this many
FLAT_TARGET = 1.3  # sample mode on 10x the rows within this many times the time (issue 21)


def _rates(report: Report, section: str, mode: str, timed: Timed[FileRun], rows: int) -> None:
    run = timed.result
    report.add(section, f"{mode} mode wall time", timed.seconds, unit="s", how=timed.how)
    read = run.coverage.rows_read
    report.add(
        section,
        f"{mode} mode cells read/s",
        run.cells_read / timed.seconds,
        unit="cells/s",
        how=f"{read:,} rows x {run.columns} cols",
    )
    if read != rows:  # sample mode: the table counts as classified, not just the rows read
        report.add(
            section,
            f"{mode} mode whole-table cells/s",
            rows * run.columns / timed.seconds,
            unit="cells/s",
            how=f"{rows:,} rows x {run.columns} cols",
        )


def measure_file(
    report: Report, console: Console, path: Path, rows: int, modes: Modes
) -> dict[str, Timed[FileRun]]:
    """Sample mode and full mode (best of 2) and the floor (best of 5) on one file."""
    fmt = path.suffix.lstrip(".")
    section = f"Speed: {rows:,}-row {fmt.upper()}"
    console.log(f"{fmt}: sample mode x{SHORT_RUNS}")
    sample = best_of(SHORT_RUNS, lambda: classify_file(path, modes.sample))
    _rates(report, section, "sample", sample, rows)
    console.log(f"{fmt}: full mode x{SHORT_RUNS}")
    full = best_of(SHORT_RUNS, lambda: classify_file(path, modes.full))
    _rates(report, section, "full", full, rows)
    console.log(f"{fmt}: Polars floor x{FLOOR_RUNS}")
    floor = best_of(FLOOR_RUNS, lambda: touch_every_value(path))
    report.add(
        section,
        "floor: Polars reads and touches every value",
        floor.seconds,
        unit="s",
        how=floor.how,
    )
    ratio = full.seconds / floor.seconds
    report.add(
        section,
        "full mode / floor (engine alone, in this process)",
        ratio,
        unit="x",
        target=f"<= {ENGINE_TARGET:g}x",
        passed=ratio <= ENGINE_TARGET,
        how="computed",
    )
    _stages(report, console, path, rows, modes, floor.seconds)
    accuracy = f"Accuracy: generated {rows:,}-row table"
    report.add_score(
        accuracy, f"{fmt.upper()}, sample mode", score_columns(LABELS, sample.result.found)
    )
    report.add_score(
        accuracy, f"{fmt.upper()}, full mode", score_columns(LABELS, full.result.found)
    )
    return {"sample": sample, "full": full}


def _stages(
    report: Report, console: Console, path: Path, rows: int, modes: Modes, floor: float
) -> None:
    """Where full mode's time goes: one more full-mode run, timed stage by stage, wall and
    CPU seconds (this process, Polars' threads included), beside what 10x of the floor
    allows on this machine's cores."""
    fmt = path.suffix.lstrip(".")
    console.log(f"{fmt}: full mode stage by stage x1")
    full = modes.full
    clock = StageClock()
    engine = PolarsEngine(full.rules.registry, full.engine.ner, full.rules.options, clock)
    started, cpu = time.perf_counter(), process_cpu_seconds()
    classify_file(path, Setup(full.rules, engine))
    wall, cpu = time.perf_counter() - started, process_cpu_seconds() - cpu
    section = f"Full mode stage by stage: {rows:,}-row {fmt.upper()} (1 run)"
    for name, seconds in clock.wall.items():
        spent = clock.cpu[name]
        report.add(section, name, seconds, text=f"{seconds:.2f} s wall, {spent:.2f} s CPU")
    engine_wall = sum(clock.wall.values())
    report.add(section, "reading the file and the rest", wall - engine_wall, unit="s")
    cores = os.cpu_count() or 1
    report.add(
        section,
        "all of full mode",
        wall,
        text=f"{wall:.2f} s wall, {cpu:.2f} s CPU ({cpu / wall:.1f} cores busy)",
    )
    budget = FLOOR_TARGET * floor
    report.add(
        section,
        f"{FLOOR_TARGET:g}x the floor, on {cores} cores",
        budget,
        text=f"{budget:.2f} s wall, at most {budget * cores:.2f} s CPU",
        how="computed",
    )


def measure_flatness(
    report: Report, console: Console, big_path: Path, small_path: Path, modes: Modes
) -> None:
    """Sample mode on the big Parquet file against the same on the small one, in turns."""
    console.log(f"flatness: sample mode on {big_path.name} and {small_path.name}, in turns")
    small, big = best_of_interleaved(
        SHORT_RUNS,
        lambda: classify_file(small_path, modes.sample),
        lambda: classify_file(big_path, modes.sample),
    )
    section = "Flatness: sample mode vs table size"
    how = f"{big.how}, interleaved"
    for timed in (big, small):
        rows = timed.result.coverage.rows_total or 0
        report.add(
            section, f"sample mode wall time, {rows:,} rows", timed.seconds, unit="s", how=how
        )
    ratio = big.seconds / small.seconds
    report.add(
        section,
        "time ratio big / small",
        ratio,
        unit="x",
        target=f"<= {FLAT_TARGET:g} (nearly flat)",
        passed=ratio <= FLAT_TARGET,
        how="computed",
    )
    report.add_score(
        "Accuracy: generated 10x table",
        "PARQUET, sample mode",
        score_columns(LABELS, big.result.found),
    )
