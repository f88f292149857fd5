"""A scan's fixed cost as a user pays it: `warden --help` and `warden scan` of a folder holding
one 2-row CSV (new catalog, then the same file again, unchanged), each a whole process, beside
the floor measured in the same run (Python starting, Python importing Polars). With them, the
Dagster code location of the sample estate (`warden.yaml`, scanned once untimed) loaded by a
fresh process, as a code server loads it: `pipelines.definitions` imported and built.

CPU is user + system time of the child and its children (the NER worker, when one starts),
from `resource.getrusage(RUSAGE_CHILDREN)` before and after; wall is the clock. The startup
cache (recognizers, prefilter screens, month names: `classifiers/startup_cache.py`) lives in a
folder of this run's own: one untimed scan fills it, as a user's first scan does; the scan
with an empty cache is measured too, without a target.

Runs alone: `python -m bench.startup [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from bench.report import Report

RUNS = 5  # best of this many of each
HELP_TARGET = 0.5  # s of CPU: `warden --help`
SCAN_TARGET = 1.5  # s of CPU: `warden scan` of one 2-row CSV into a new catalog
LOCATION_TARGET = 2.0  # s wall: the sample estate's code location loaded by a fresh process
_LOCATION = (
    "import sys; from pathlib import Path; from pipelines.definitions import build_definitions; "
    "build_definitions(Path(sys.argv[1]), sys.argv[2])"
)
SECTION = "Fixed cost: whole processes (one 2-row CSV; as a user runs them)"
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Timed:
    """The run of a command with the least CPU over some runs, with its wall time."""

    cpu: float
    wall: float

    @property
    def shown(self) -> str:
        return f"{self.cpu:.2f} s CPU, {self.wall:.2f} s wall"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(command: Sequence[str], env: dict[str, str], cwd: Path) -> Timed:
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return Timed(_children_cpu() - cpu, time.perf_counter() - started)


def _environment(cache: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WARDEN_CACHE_DIR": str(cache)}
    env.setdefault("DAGSTER_HOME", str(ROOT / "dagster_home"))
    env.setdefault("TLDEXTRACT_CACHE", str(ROOT / ".tldextract"))
    env.setdefault("GX_ANALYTICS_ENABLED", "false")
    env.pop("WARDEN_CATALOG", None)
    return env


def _warden() -> list[str]:
    """The `warden` script beside this Python, as a user runs it (else the same entry point)."""
    script = Path(sys.executable).with_name("warden")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from pipelines.cli import app; sys.exit(app())"]


def measure_startup(
    report: Report, console: Console, runs: int = RUNS, config: Path = ROOT / "warden.yaml"
) -> dict[str, Timed]:
    """Each command `runs` times, in turns so that a change of load weighs on all alike. The
    code location is `config`'s estate (the sample estate's, by default)."""
    with tempfile.TemporaryDirectory(prefix="warden-startup-") as folder:
        work = Path(folder)
        data = work / "two"
        data.mkdir()
        (data / "t.csv").write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
        warm = _environment(work / "cache")
        scan = [*_warden(), "scan", str(data), "-q", "--catalog"]
        console.log(f"fixed cost: one untimed scan fills the cache, then {runs} rounds")
        run_timed([*scan, str(work / "first.db")], warm, work)
        estate = work / "estate.db"
        console.log(f"code location: one untimed scan of {config.name}'s estate")
        run_timed([*_warden(), "scan", "-c", str(config), "-q", "--catalog", str(estate)],
                  warm, config.parent)  # fmt: skip
        location = [sys.executable, "-c", _LOCATION, str(config), f"sqlite:///{estate}"]
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], warm),
            "python -c 'import polars'": ([sys.executable, "-c", "import polars"], warm),
            "warden --help": ([*_warden(), "--help"], warm),
            "rescan": ([*scan, str(work / "first.db")], warm),
            "location": (location, warm),
        }
        times: dict[str, list[Timed]] = {name: [] for name in (*commands, "fresh", "cold")}
        for run in range(runs):
            for name, (command, env) in commands.items():
                times[name].append(run_timed(command, env, work))
            times["fresh"].append(run_timed([*scan, str(work / f"new{run}.db")], warm, work))
            cold = _environment(work / f"empty{run}")  # a new cache folder: nothing stored
            times["cold"].append(run_timed([*scan, str(work / f"cold{run}.db")], cold, work))
    best = {name: min(found, key=lambda t: t.cpu) for name, found in times.items()}
    _report(report, best, f"best of {runs} by CPU, in turns")
    return best


def _report(report: Report, best: dict[str, Timed], how: str) -> None:
    for name in ("python -c pass", "python -c 'import polars'"):
        report.add(SECTION, f"floor: {name}", best[name].cpu, text=best[name].shown, how=how)
    figures = (
        ("warden --help", "`warden --help`", HELP_TARGET),
        ("fresh", "`warden scan` of the CSV, new catalog", SCAN_TARGET),
        ("rescan", "`warden scan` again, file unchanged", None),
        ("cold", "`warden scan`, new catalog, empty startup cache", None),
    )
    for key, name, target in figures:
        timed = best[key]
        report.add(
            SECTION,
            name,
            timed.cpu,
            unit="s",
            text=timed.shown,
            target=f"< {target:g} s CPU" if target else "",
            passed=timed.cpu < target if target else None,
            how=how,
        )
    timed = best["location"]
    report.add(
        SECTION,
        "Dagster code location of the sample estate, loaded by a new process",
        timed.wall,
        unit="s",
        text=timed.shown,
        target=f"< {LOCATION_TARGET:g} s wall",
        passed=timed.wall < LOCATION_TARGET,
        how=how,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    console, report = Console() if sys.stdout.isatty() else Console(width=160), Report()
    measure_startup(report, console, args.runs)
    report.render(console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
