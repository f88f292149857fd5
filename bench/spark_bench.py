"""Spark engine figures: full mode on the generated Parquet tables with Spark on local[1] and
local[2], beside the Polars engine on the same file, and the speed-up from one core to two.

    python -m bench.spark_bench [--rows 1000000 10000000] [--cores 1 2] [--no-polars] [--no-ner]

or from bench/run.py, with the tables it generated:

    spark_bench.run(report, console, [main_table.files["parquet"], large.files["parquet"]])

Each Spark measure runs in a child process with its own JVM (a master is fixed per JVM); the
session's start is timed apart from the scan. Spark cuts the table every 100,000 rows, as the
Polars reader yields a Parquet file's row groups, so both engines see the same batches and
should report the same findings and counts.
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

from bench.dataset import ROW_GROUP_ROWS, LazyPools, write_table
from bench.ours import Setup, setup
from bench.report import Report
from bench.timing import best_of
from classifiers.config import WardenConfig
from classifiers.decide import decide_column
from classifiers.evidence import TableEvidence
from classifiers.nlp import load_ner
from classifiers.readers import open_table
from classifiers.rules import scan_rules

OUT = Path(__file__).resolve().parent / "out"
SEED = 20240601
ROWS = (1_000_000, 10_000_000)
CORES = (1, 2)


def _counts(evidence: TableEvidence) -> dict[str, Any]:
    """What both engines must agree on, as JSON: every column's counts."""
    return {name: column.to_json() for name, column in sorted(evidence.columns.items())}


def _found(evidence: TableEvidence) -> dict[str, list[str]]:
    rules = scan_rules(WardenConfig.default(), "full")
    return {
        name: list(decide_column(ev, rules.registry, rules.policy, rules.thresholds).entity_types)
        for name, ev in sorted(evidence.columns.items())
    }


def spark_child(path: Path, master: str, ner_on: bool) -> dict[str, Any]:
    """In the child process: start a session, read and classify the file in full mode."""
    from classifiers.engines.spark_engine import SparkEngine
    from classifiers.engines.spark_read import read_spark
    from classifiers.engines.spark_session import spark_session

    started = time.perf_counter()
    spark = spark_session(master, {"spark.driver.memory": "6g"}, "warden-bench")
    session = time.perf_counter() - started
    rules = scan_rules(WardenConfig.default(), "full")
    engine = SparkEngine(rules.registry, load_ner(ner_on), rules.options, spark, ROW_GROUP_ROWS)
    started = time.perf_counter()
    evidence = engine.frame_evidence(read_spark(spark, str(path), "parquet", rules.sampling))
    seconds = time.perf_counter() - started
    spark.stop()
    return {"seconds": seconds, "session": session, "rows": evidence.rows,
            "found": _found(evidence), "counts": _counts(evidence)}  # fmt: skip


def _spark(path: Path, cores: int, ner_on: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.spark_bench", "--child", str(path),
               "--master", f"local[{cores}]", *([] if ner_on else ["--no-ner"])]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          cwd=Path(__file__).resolve().parents[1])  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"Spark on local[{cores}] failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _polars_evidence(path: Path, ours: Setup) -> TableEvidence:
    """The Scanner's path: the Polars reader's batches (row groups) through the engine."""
    evidence = TableEvidence()
    for batch in open_table(path, "parquet", None, ours.rules.sampling).batches():
        evidence = evidence + ours.engine.table_evidence(batch)
    return evidence


def _polars(path: Path, ner_on: bool) -> dict[str, Any]:
    ours = setup("full", load_ner(ner_on))
    timed = best_of(1, lambda: _polars_evidence(path, ours))
    evidence = timed.result
    return {"seconds": timed.seconds, "rows": evidence.rows, "found": _found(evidence),
            "counts": _counts(evidence)}  # fmt: skip


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
    polars: bool = True, ner_on: bool = True,
) -> None:  # fmt: skip
    """One Parquet file in full mode: Polars, then Spark on each core count."""
    rows = int(path.stem.rsplit("_", 1)[-1]) if path.stem[-1].isdigit() else None
    section = f"Spark engine: {rows:,}-row Parquet, full mode" if rows else f"Spark: {path.name}"
    reference = None
    if polars:
        console.log(f"{path.name}: Polars engine, full mode (long)")
        reference = _polars(path, ner_on)
        _rate(report, section, "Polars engine (this process)", reference)
    by_cores = {}
    for count in cores:
        console.log(f"{path.name}: Spark local[{count}], full mode (long)")
        result = by_cores[count] = _spark(path, count, ner_on)
        _rate(report, section, f"Spark local[{count}]", result)
        report.add(section, f"Spark local[{count}] session start", result["session"], unit="s",
                   how="SparkSession.getOrCreate in a fresh process")  # fmt: skip
        if reference is not None:
            same = result["found"] == reference["found"]
            counts = result["counts"] == reference["counts"]
            report.add(section, f"Spark local[{count}] agrees with Polars", None,
                       text=f"findings {'same' if same else 'DIFFER'}, counts "
                       f"{'same' if counts else 'DIFFER'}", passed=same and counts,
                       target="same findings and counts", how="computed")  # fmt: skip
    if 1 in by_cores and 2 in by_cores:
        speedup = by_cores[1]["seconds"] / by_cores[2]["seconds"]
        report.add(section, "Spark speed-up, local[1] to local[2]", speedup, text=f"{speedup:.2f}x",
                   how="wall time local[1] / local[2]")  # fmt: skip


def _rate(report: Report, section: str, name: str, result: dict[str, Any]) -> None:
    seconds = result["seconds"]
    report.add(section, f"{name} wall time", seconds, unit="s", how="1 run")
    report.add(section, f"{name} rows/s", result["rows"] / seconds, unit="rows/s",
               how=f"{result['rows']:,} rows")  # fmt: skip


def run(
    report: Report, console: Console, parquets: Sequence[Path], cores: Sequence[int] = CORES,
    polars: bool = True, ner_on: bool = True,
) -> None:  # fmt: skip
    for path in parquets:
        measure(report, console, path, cores, polars, ner_on)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.spark_bench", description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=list(ROWS))
    parser.add_argument("--cores", type=int, nargs="+", default=list(CORES))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-polars", action="store_true", help="Spark only")
    parser.add_argument("--no-ner", action="store_true", help="patterns only, both engines")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--master", default="local[2]", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(spark_child(args.child, args.master, not args.no_ner)))
        return 0
    console, report = Console(), Report()
    pools = LazyPools(args.seed)
    tables = [_table(args.out, rows, args.seed, pools) for rows in args.rows]
    report.add("Setup", f"1-minute load average ({os.cpu_count()} CPUs)", os.getloadavg()[0])
    run(report, console, tables, args.cores, not args.no_polars, not args.no_ner)
    report.render(console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
