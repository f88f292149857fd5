"""Sample and full mode as a user sees them: `warden scan` of one file as a whole process,
beside the Polars floor as a process (start Python, import Polars, read and touch every value),
both measured in the same run and in turns, so a change of load weighs on both alike.

Runs alone: `python -m bench.process_modes [--parquet FILE] [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from bench.report import Report
from bench.startup import run_timed

RUNS = 3  # best of this many of each
SAMPLE_TARGET = 3.0  # seconds: `warden scan --mode sample` of the 1M-row file
FLOOR_TARGET = 10.0  # full mode as a process within this many times the floor as a process
DEFAULT_FILE = Path(__file__).resolve().parent / "out" / "customers_1000000.parquet"
_FLOOR = (
    "import sys; from pathlib import Path; from bench.floor import touch_every_value; "
    "touch_every_value(Path(sys.argv[1]))"
)


@dataclass(frozen=True)
class ProcessTime:
    """The best wall time of one command over some runs, with its CPU time (user + system,
    children included: the NER worker's) in that run."""

    wall: float
    cpu: float
    runs: int

    @property
    def shown(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"


def _timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) of one run: the best run is the one with the least wall time."""
    timed = run_timed(command, env, cwd)
    return timed.wall, timed.cpu


def _scan(mode: str, path: Path, work: Path, run: int) -> list[str]:
    """`warden scan` of the one file into a fresh catalog: it is read, never "unchanged"."""
    catalog = work / f"{mode}_{run}.db"
    warden = Path(sys.executable).with_name("warden")
    return [str(warden), "scan", str(path), "--mode", mode, "--catalog", str(catalog), "-q"]


def measure_processes(
    report: Report, console: Console, path: Path, runs: int = RUNS
) -> dict[str, ProcessTime]:
    """Sample mode, full mode and the floor, each as a process, in turns (best of `runs`),
    after one untimed scan that fills the startup cache as a user's first scan does."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    section = f"Whole processes: {path.name} (as a user runs them)"
    floor_command = [sys.executable, "-c", _FLOOR, str(path)]
    times: dict[str, list[tuple[float, float]]] = {"sample": [], "full": [], "floor": []}
    with tempfile.TemporaryDirectory(prefix="warden-process-") as folder:
        work = Path(folder)
        console.log(f"processes: one untimed sample scan, then {runs} rounds of 3 commands")
        _timed(_scan("sample", path, work, -1), env, work)
        for run in range(runs):
            times["floor"].append(_timed(floor_command, env, work))
            for mode in ("sample", "full"):
                times[mode].append(_timed(_scan(mode, path, work, run), env, work))
    best = {name: ProcessTime(*min(pairs), runs) for name, pairs in times.items()}
    how = f"best of {runs}, in turns"
    floor, sample, full = best["floor"], best["sample"], best["full"]
    floor_name = "floor as a process: Python, Polars, read and touch every value"
    report.add(section, floor_name, floor.wall, text=floor.shown, how=how)
    passed = sample.wall < SAMPLE_TARGET
    target = f"< {SAMPLE_TARGET:g} s"
    name = "`warden scan --mode sample`"
    report.add(section, name, sample.wall, text=sample.shown, target=target, passed=passed, how=how)
    report.add(section, "`warden scan --mode full`", full.wall, text=full.shown, how=how)
    ratio = full.wall / floor.wall
    report.add(
        section,
        "full mode / floor, both as processes",
        ratio,
        unit="x",
        target=f"<= {FLOOR_TARGET:g}x",
        passed=ratio <= FLOOR_TARGET,
        how="computed",
    )
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.process_modes", description=__doc__)
    parser.add_argument("--parquet", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    if not args.parquet.exists():
        parser.error(f"{args.parquet} is missing: `python -m bench.run` generates it")
    console, report = Console() if sys.stdout.isatty() else Console(width=160), Report()
    measure_processes(report, console, args.parquet, args.runs)
    report.render(console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
