"""`make bench`: generate the tables, measure accuracy and speed, print and save the figures."""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Sequence
from pathlib import Path

import polars as pl
from rich.console import Console

from bench import catalog_load
from bench.baseline import measure_baseline
from bench.dataset import Generated, LazyPools, write_table
from bench.estate import EstateScan, accuracy, prepare_scan
from bench.evalcorpus.bench_section import measure_corpus
from bench.formats_documents import measure_documents
from bench.formats_tables import measure_formats
from bench.modes import load_modes
from bench.ours import Setup
from bench.process_modes import measure_processes
from bench.report import Report
from bench.sanitize import measure_sanitize
from bench.speed import SHORT_RUNS, measure_file, measure_flatness
from bench.startup import measure_startup
from bench.timing import best_of, peak_rss_mb
from bench.wide import measure_wide

OUT = Path(__file__).resolve().parent / "out"
SEED = 20240601
ROWS, QUICK_ROWS = 1_000_000, 200_000
WIDTH = 160  # the report's width when stdout is a file or pipe


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: {QUICK_ROWS:,} rows, no 10x table, fewer baseline cells",
    )
    parser.add_argument("--rows", type=int, help=f"rows of the main table (default {ROWS:,})")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=OUT, help="where data and results.json go")
    full = f"{catalog_load.FULL:,}"
    parser.add_argument(
        "--catalog-datasets",
        type=int,
        default=catalog_load.DEFAULT,
        help=f"datasets in the catalog load measure ({full} for the issue's figure)",
    )
    return parser.parse_args(argv)


def _generate(
    report: Report, console: Console, out: Path, rows: int, big: int | None, seed: int
) -> tuple[Generated, Generated | None]:
    pools = LazyPools(seed)
    section = "Data (generated, seeded)"
    console.log(
        f"data: {rows:,} rows as Parquet and CSV" + (f", {big:,} as Parquet" if big else "")
    )
    main = write_table(out, f"customers_{rows}", rows, seed, pools)
    tables = [main]
    large = None
    if big:
        large = write_table(out, f"customers_{big}", big, seed, pools, formats=("parquet",))
        tables.append(large)
    for table in tables:
        sizes = ", ".join(
            f"{fmt} {p.stat().st_size / 1e6:,.0f} MB" for fmt, p in table.files.items()
        )
        how = "cached (marker matches)" if table.cached else "generated now"
        report.add(
            section,
            f"{table.rows:,} rows x 12 columns: {sizes}",
            table.seconds,
            unit="s",
            text="cached" if table.cached else "",
            how=how,
        )
    return main, large


def _estate(report: Report, console: Console, ours: Setup) -> EstateScan:
    section = "Accuracy: sample_data (tuned on; in-process scan, sample mode)"
    console.log(f"sample_data: scan x{SHORT_RUNS}, each on a fresh copy and catalog")
    timed = best_of(SHORT_RUNS, prepare_scan(ours))
    scan = timed.result
    result = accuracy(scan)
    report.add_score(section, "column findings vs labels.csv", result.columns)
    report.add(
        section,
        "dataset levels vs labels_datasets.csv",
        result.level_accuracy,
        text=f"{result.levels_right}/{result.levels_total} ({result.level_accuracy:.1%})",
        how="computed",
    )
    report.details[f"{section} / wrong levels"] = {"mistakes": list(result.wrong_levels)}
    counts = ", ".join(f"{n} {k}" for k, n in sorted(scan.counts.items()) if n)
    report.add(section, "objects scanned", scan.objects, text=str(scan.objects), how=counts)
    report.add(section, "scan wall time", timed.seconds, unit="s", how=timed.how)
    return scan


def _memory(report: Report, checkpoints: dict[str, float]) -> None:
    for stage, peak in checkpoints.items():
        report.add(
            "Memory (peak RSS of this process)",
            f"after {stage}",
            peak,
            unit="MB",
            how="resource.getrusage",
        )


def _finish(
    report: Report,
    console: Console,
    args: argparse.Namespace,
    load: float,
    params: dict[str, object],
) -> None:
    note = "timings are noisy when load > CPUs"
    for when, value in (("start", load), ("end", os.getloadavg()[0])):
        report.add(
            "Setup", f"1-minute load average at {when} ({os.cpu_count()} CPUs)", value, how=note
        )
    report.render(console)
    machine = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "machine": platform.platform(),
    }
    results = args.out / "results.json"
    report.write_json(results, {**params, **machine, "seed": args.seed, "quick": args.quick})
    console.print(f"results written to {results}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    rows = args.rows or (QUICK_ROWS if args.quick else ROWS)
    big = None if args.quick else 10 * rows
    console = Console() if sys.stdout.isatty() else Console(width=WIDTH)
    report, load, memory = Report(), os.getloadavg()[0], {}
    main_table, large = _generate(report, console, args.out, rows, big, args.seed)
    memory["data generation"] = peak_rss_mb()
    measure_startup(report, console)  # issue 21: a scan's fixed cost, as whole processes
    modes = load_modes(report)
    estate = _estate(report, console, modes.sample)
    memory["sample_data scan"] = peak_rss_mb()
    measure_corpus(report, console, modes.sample)
    memory["evaluation corpus scan"] = peak_rss_mb()
    measure_wide(report, console, modes.sample, args.out / "wide")
    measure_documents(report, console, args.out / "documents")  # PDF, DOCX, PPTX, HTML, mail
    memory["wide tables and nested JSON"] = peak_rss_mb()
    timed = {
        fmt: measure_file(report, console, path, rows, modes)
        for fmt, path in main_table.files.items()
    }
    memory[f"{rows:,}-row files"] = peak_rss_mb()
    if large is not None:
        parquet = main_table.files["parquet"]
        measure_flatness(report, console, large.files["parquet"], parquet, modes)
        memory[f"{large.rows:,}-row sample mode"] = peak_rss_mb()
    # As a user runs them: `warden scan` processes beside the floor as a process (issue 21).
    measure_processes(report, console, main_table.files["parquet"])
    naive_count = 25 if args.quick else 100
    measure_baseline(
        report,
        console,
        main_table.files["parquet"],
        args.seed,
        naive_count,
        estate,
        timed["parquet"],
    )
    memory["naive baseline (end)"] = peak_rss_mb()
    catalog_load.measure_catalog_load(report, console, args.catalog_datasets)  # SQLite, PostgreSQL
    measure_formats(report, console, args.out / "formats")  # issue 16: tables, lakes, stores
    measure_sanitize(report, console, args.out, main_table.files["parquet"])  # issue 17
    _memory(report, memory)
    _finish(
        report,
        console,
        args,
        load,
        {"rows": rows, "big_rows": big, "naive_estate_values": naive_count},
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
