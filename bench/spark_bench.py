"""Spark engine figures: full mode on the generated Parquet tables with Spark on local[1] and
local[2], beside the Polars engine on the same file, and the speed-up from one core to two.

    python -m bench.spark_bench [--rows 1000000 10000000] [--cores 1 2] [--batch-rows N]
                                [--no-polars] [--no-ner]

`make bench` runs it after bench/run.py, on the tables that generated (same names, reused).
Each Spark measure runs in a child process with its own JVM (a master is fixed per JVM); the
session's start is timed apart from the scan. Both engines take the rules' batch size
(`scan.batch_rows`, or --batch-rows): Spark cuts the frame every that many rows, and the Polars
Parquet reader yields batches of at most that many, so both see the same batches and should
report the same findings and counts. Where the reader cuts otherwise (one batch per row group)
the report says the batches differ beside the comparison. Figures go to out/spark_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from bench.dataset import LazyPools, write_table
from bench.report import Report
from bench.timing import best_of
from classifiers.config import WardenConfig
from classifiers.decide.table import decide_columns
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.evidence import TableEvidence
from classifiers.nlp import NerEngine, load_ner
from classifiers.readers import open_table
from classifiers.rules import ScanRules, scan_rules

OUT = Path(__file__).resolve().parent / "out"
SEED = 20240601
ROWS = (1_000_000, 10_000_000)
CORES = (1, 2)
WIDTH = 160  # the report's width when stdout is a file or pipe


def bench_rules(batch_rows: int | None = None) -> ScanRules:
    """Full-mode rules of the default config, with another batch size when asked."""
    config = WardenConfig.default()
    if batch_rows:
        scan = config.scan.model_copy(update={"batch_rows": batch_rows})
        config = config.model_copy(update={"scan": scan})
    return scan_rules(config, "full")


def _counts(evidence: TableEvidence) -> dict[str, Any]:
    """What both engines must agree on, as JSON: every column's counts."""
    return {name: column.to_json() for name, column in sorted(evidence.columns.items())}


def _found(evidence: TableEvidence, rules: ScanRules) -> dict[str, list[str]]:
    found = decide_columns(evidence, rules.registry, rules.policy, rules.thresholds)
    return {f.column: list(f.entity_types) for f in sorted(found, key=lambda f: f.column)}


def spark_evidence(
    spark: Any, path: Path, rules: ScanRules, ner: NerEngine | None
) -> TableEvidence:
    """The Parquet file read by Spark and cut every `rules.sampling.batch_rows` rows."""
    from classifiers.engines.spark_engine import SparkEngine
    from classifiers.engines.spark_read import read_spark

    engine = SparkEngine(rules.registry, ner, rules.options, spark, rules.sampling.batch_rows)
    try:
        return engine.frame_evidence(read_spark(spark, str(path), "parquet", rules.sampling))
    finally:
        engine.close()


def spark_result(spark: Any, path: Path, rules: ScanRules, ner: NerEngine | None) -> dict[str, Any]:
    """Time the Spark engine on the file with a running session; what the parent compares."""
    timed = best_of(1, lambda: spark_evidence(spark, path, rules, ner))
    evidence = timed.result
    return {"seconds": timed.seconds, "rows": evidence.rows, "found": _found(evidence, rules),
            "counts": _counts(evidence), "batch_rows": rules.sampling.batch_rows}  # fmt: skip


def spark_child(path: Path, master: str, ner_on: bool, batch_rows: int | None) -> dict[str, Any]:
    """In the child process: start a session, read and classify the file in full mode."""
    from classifiers.engines.spark_session import spark_session

    rules, ner = bench_rules(batch_rows), load_ner(ner_on)
    started = time.perf_counter()
    spark = spark_session(master, {"spark.driver.memory": "6g"}, "warden-bench")
    session = time.perf_counter() - started
    try:
        return {**spark_result(spark, path, rules, ner), "session": session}
    finally:
        spark.stop()


def _spark(path: Path, cores: int, ner_on: bool, batch_rows: int | None) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.spark_bench", "--child", str(path),
               "--master", f"local[{cores}]", *([] if ner_on else ["--no-ner"]),
               *(["--batch-rows", str(batch_rows)] if batch_rows else [])]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          cwd=Path(__file__).resolve().parents[1])  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"Spark on local[{cores}] failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def polars_evidence(
    path: Path, rules: ScanRules, engine: PolarsEngine
) -> tuple[TableEvidence, list[int]]:
    """The Scanner's path: the Polars reader's batches through the engine; and their sizes."""
    evidence, sizes = TableEvidence(), []
    for batch in open_table(path, "parquet", None, rules.sampling).batches():
        evidence = evidence + engine.table_evidence(batch)
        sizes.append(batch.height)
    return evidence, sizes


def _polars(path: Path, ner_on: bool, batch_rows: int | None) -> dict[str, Any]:
    rules = bench_rules(batch_rows)
    engine = PolarsEngine(rules.registry, load_ner(ner_on), rules.options)
    timed = best_of(1, lambda: polars_evidence(path, rules, engine))
    evidence, sizes = timed.result
    return {"seconds": timed.seconds, "rows": evidence.rows, "found": _found(evidence, rules),
            "counts": _counts(evidence), "batches": sizes}  # fmt: skip


def same_batches(polars_sizes: Sequence[int], spark_batch_rows: int) -> bool:
    """Did the Polars reader cut where Spark cuts (every `spark_batch_rows` rows)?"""
    total = sum(polars_sizes)
    expected = [min(spark_batch_rows, total - start) for start in range(0, total, spark_batch_rows)]
    return total == 0 or list(polars_sizes) == expected


def _table(out: Path, rows: int, seed: int, pools: LazyPools) -> Path:
    """The generated table, reusing bench/run.py's files: same name, same formats."""
    marker = out / f"customers_{rows}.json"
    formats: tuple[str, ...] = ("parquet",) if rows >= 5_000_000 else ("parquet", "csv")
    if marker.exists():
        formats = tuple(json.loads(marker.read_text(encoding="utf-8"))["params"]["formats"])
    return write_table(out, f"customers_{rows}", rows, seed, pools, formats=formats).files[
        "parquet"
    ]


def measure(
    report: Report, console: Console, path: Path, cores: Sequence[int] = CORES,
    polars: bool = True, ner_on: bool = True, batch_rows: int | None = None,
) -> None:  # fmt: skip
    """One Parquet file in full mode: Polars, then Spark on each core count."""
    rows = int(path.stem.rsplit("_", 1)[-1]) if path.stem[-1].isdigit() else None
    section = f"Spark engine: {rows:,}-row Parquet, full mode" if rows else f"Spark: {path.name}"
    reference = None
    if polars:
        console.log(f"{path.name}: Polars engine, full mode (long)")
        reference = _polars(path, ner_on, batch_rows)
        _rate(report, section, "Polars engine (this process)", reference)
    by_cores = {}
    for count in cores:
        console.log(f"{path.name}: Spark local[{count}], full mode (long)")
        result = by_cores[count] = _spark(path, count, ner_on, batch_rows)
        _rate(report, section, f"Spark local[{count}]", result)
        report.add(section, f"Spark local[{count}] session start", result["session"], unit="s",
                   how="SparkSession.getOrCreate in a fresh process")  # fmt: skip
        if reference is not None:
            _agreement(report, section, f"Spark local[{count}]", result, reference)
    if 1 in by_cores and 2 in by_cores:
        speedup = by_cores[1]["seconds"] / by_cores[2]["seconds"]
        report.add(section, "Spark speed-up, local[1] to local[2]", speedup, text=f"{speedup:.2f}x",
                   how="wall time local[1] / local[2]")  # fmt: skip


def _agreement(
    report: Report, section: str, name: str, result: dict[str, Any], reference: dict[str, Any]
) -> None:
    same = result["found"] == reference["found"]
    counts = result["counts"] == reference["counts"]
    differ = sorted(
        c for c in reference["counts"] if result["counts"].get(c) != reference["counts"][c]
    )
    if differ:  # which columns, and both sides' counts, in spark_results.json
        report.details[f"{section} / {name} counts that differ"] = {
            c: {"polars": reference["counts"][c], "spark": result["counts"].get(c)} for c in differ
        }
    sizes, cut = reference["batches"], result["batch_rows"]
    batches = "" if same_batches(sizes, cut) else (
        f"; batches differ: Polars reader {len(sizes)} of up to {max(sizes, default=0):,} rows,"
        f" Spark every {cut:,} rows"
    )  # fmt: skip
    report.add(section, f"{name} agrees with Polars", None,
               text=f"findings {'same' if same else 'DIFFER'}, counts "
               f"{'same' if counts else 'DIFFER: ' + ', '.join(differ)}{batches}",
               passed=same and counts,
               target="same findings and counts", how="computed")  # fmt: skip


def _rate(report: Report, section: str, name: str, result: dict[str, Any]) -> None:
    seconds = result["seconds"]
    report.add(section, f"{name} wall time", seconds, unit="s", how="1 run")
    report.add(section, f"{name} rows/s", result["rows"] / seconds, unit="rows/s",
               how=f"{result['rows']:,} rows")  # fmt: skip


def run(
    report: Report, console: Console, parquets: Sequence[Path], cores: Sequence[int] = CORES,
    polars: bool = True, ner_on: bool = True, batch_rows: int | None = None,
) -> None:  # fmt: skip
    for path in parquets:
        measure(report, console, path, cores, polars, ner_on, batch_rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.spark_bench", description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=list(ROWS))
    parser.add_argument("--cores", type=int, nargs="+", default=list(CORES))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-polars", action="store_true", help="Spark only")
    parser.add_argument("--no-ner", action="store_true", help="patterns only, both engines")
    parser.add_argument("--batch-rows", type=_positive, help="default: scan.batch_rows")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--master", default="local[2]", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = spark_child(args.child, args.master, not args.no_ner, args.batch_rows)
        print(json.dumps(result))  # the parent reads the last line
        return 0
    console, report = Console() if sys.stdout.isatty() else Console(width=WIDTH), Report()
    pools = LazyPools(args.seed)
    tables = [_table(args.out, rows, args.seed, pools) for rows in args.rows]
    report.add("Setup", f"1-minute load average ({os.cpu_count()} CPUs)", os.getloadavg()[0])
    run(report, console, tables, args.cores, not args.no_polars, not args.no_ner, args.batch_rows)
    report.render(console)
    results = args.out / "spark_results.json"
    params = {"rows": args.rows, "cores": args.cores, "ner": not args.no_ner, "seed": args.seed,
              "batch_rows": bench_rules(args.batch_rows).sampling.batch_rows}  # fmt: skip
    report.write_json(results, params)
    console.print(f"results written to {results}")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number of rows")
    return value


if __name__ == "__main__":
    raise SystemExit(main())
