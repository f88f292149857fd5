"""Catalog load: N datasets x 20 columns written in bulk into SQLite and PostgreSQL, then the
reads a steward waits for, timed as they run: `warden catalog`, the Dagster code location
load (pipelines/definitions.py builds an asset per dataset from the catalog) in process, as a
code server snapshots it (`dagster definitions validate`) and as the webserver waits for it (a
code server started and its snapshots fetched over gRPC: bench/code_server_fetch.py),
`warden boundaries`.
`python -m bench.catalog_load --datasets 100000`; `make bench` (bench/run.py) measures
the same size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from sqlalchemy import JSON, Engine, insert
from sqlalchemy.engine import URL, make_url

from bench.report import Report
from classifiers.catalog.connect import create_catalog_engine
from classifiers.catalog.migrate import upgrade_engine
from classifiers.catalog.schema import Asset, AssetVersion, Base, ColumnFindingRow, Scan, Source

FULL = DEFAULT = 100_000  # datasets: the size, measured by `make bench` (bench/run.py)
COLUMNS = 20
CHUNK = 20_000  # rows per executemany on SQLite
# The code location load for FULL datasets must stay under this: it is what a steward waits
# for after each scan that adds datasets (and well inside Dagster's 180 s code-server start-up).
LOAD_LIMIT_S = 120.0
POSTGRES_ENV = "WARDEN_BENCH_POSTGRES_URL"
POSTGRES_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ROOT = Path(__file__).resolve().parents[1]
SECTION = "Catalog load ({n:,} datasets x 20 columns)"
LEVELS = ((0, "Public"), (1, "General"), (2, "Confidential"), (3, "Highly Confidential"))
REASON = "900 of 1000 non-null values are emails"
EMAIL = {"entity": "EMAIL_ADDRESS", "subtype": None, "confidence": 0.95, "ratio": 0.9,
         "matches": 900, "validated": 880, "reason": REASON}  # fmt: skip


@dataclass(frozen=True)
class LoadFigures:
    backend: str
    datasets: int
    write_s: float
    catalog_s: float
    definitions_s: float  # the whole code location load: a fresh process importing and building
    build_s: float  # of which build_definitions and the repository
    definitions_cpu_s: float  # the load's CPU time: its wall time on an idle machine
    build_cpu_s: float
    server_s: float  # `dagster definitions validate`: a code server loads and snapshots it
    server_cpu_s: float
    webserver_s: float  # the webserver's wait: code server up, snapshots fetched over gRPC
    webserver_cpu_s: float  # both processes' CPU
    fetch_s: float  # of which the fetch (serialize, send, deserialize)
    load_mb: float  # the code location process's peak resident memory
    boundaries_s: float


# -- writing -------------------------------------------------------------------------------


def _rows(n: int, now: datetime) -> Iterator[tuple[type[Base], list[dict[str, Any]]]]:
    """The catalog's rows, table by table, in chunks: ids given, so no look-ups are needed."""
    yield Source, [{"id": 1, "name": "bench", "kind": "local", "root": "/bench",
                    "public": False, "owners": ["team:data"]}]  # fmt: skip
    yield Scan, [{"id": 1, "sources": ["bench"], "mode": "sample", "engine": "polars",
                  "rules_version": "r1", "started_at": now, "finished_at": now,
                  "status": "finished", "counts": {"scanned": n}}]  # fmt: skip
    for start in range(1, n + 1, CHUNK // COLUMNS):
        ids = range(start, min(n + 1, start + CHUNK // COLUMNS))
        yield Asset, [_asset(i, now) for i in ids]
        yield AssetVersion, [_version(i, now) for i in ids]
        yield ColumnFindingRow, [_column(i, j) for i in ids for j in range(COLUMNS)]


def _path(i: int) -> str:
    return f"area{i % 100:02}/table{i:06}.csv"


def _asset(i: int, now: datetime) -> dict[str, Any]:
    return {"id": i, "source_id": 1, "path": _path(i), "uri": f"file:///bench/{_path(i)}",
            "format": "csv", "kind": "dataset", "first_seen": now, "last_seen": now,
            "deleted_at": None}  # fmt: skip


def _version(i: int, now: datetime) -> dict[str, Any]:
    level, label = LEVELS[i % 4]
    return {"id": i, "asset_id": i, "scan_id": 1, "fingerprint": f"sha-{i}", "size": 65_536,
            "mtime": 1.7e9, "rules_version": "r1", "status": "ok", "sensitivity": level,
            "sensitivity_label": label, "entities": ["EMAIL_ADDRESS"] if level >= 2 else [],
            "reasons": ["col00 holds emails"] if level >= 2 else [], "rows_read": 1000,
            "rows_total": 1000, "bytes_read": 65_536, "bytes_total": 65_536,
            "coverage_mode": "sample", "encoding": None, "records_unreadable": None,
            "records_repaired": None, "document": False, "created_at": now, "artifact": None,
            "access": {"owner": "svc", "group": "data", "mode": 416, "world_readable": False,
                       "public": False, "details": []}}  # fmt: skip


def _column(i: int, j: int) -> dict[str, Any]:
    email = j == 0 and i % 4 >= 2
    return {"version_id": i, "column": f"col{j:02}", "dtype": "String", "non_null": 1000,
            "sensitivity": 2 if email else 0, "undetermined": False, "free_text": False,
            "entities": [EMAIL] if email else [], "examples": ["j***@e***.com"] if email else [],
            "reasons": [REASON] if email else [],
            "evidence": {"non_null": 1000, "matches": {"EMAIL_ADDRESS": 900 * email}}}  # fmt: skip


def write_catalog(engine: Engine, n: int) -> float:
    """Migrate, then write n datasets in one transaction; seconds taken by the writes."""
    upgrade_engine(engine)
    now = datetime.now(UTC)
    started = time.perf_counter()
    if engine.dialect.name == "postgresql":
        _copy_postgres(engine, n, now)
    else:
        with engine.begin() as connection:
            for model, rows in _rows(n, now):
                connection.execute(insert(model), rows)
    return time.perf_counter() - started


def _copy_postgres(engine: Engine, n: int, now: datetime) -> None:
    """COPY ... FROM STDIN: several times faster than INSERTs; JSON columns sent as text."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for model, rows in _rows(n, now):
            table = model.__table__
            names = list(rows[0])
            jsons = {c.name for c in table.columns if isinstance(c.type, JSON)}
            columns = ", ".join(f'"{name}"' for name in names)
            with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row([json.dumps(row[k]) if k in jsons else row[k] for k in names])
        for name in ("sources", "scans", "assets", "asset_versions"):  # ids were given
            highest = f"(SELECT max(id) FROM {name})"
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {highest})")
        raw.commit()
    finally:
        raw.close()


# -- reading -------------------------------------------------------------------------------


_LOAD = """
import resource, sys, time
started = time.perf_counter()
from pathlib import Path
from pipelines.definitions import build_definitions
imported, cpu = time.perf_counter(), time.process_time()
defs = build_definitions(Path(sys.argv[1]), sys.argv[2])
assets = len(defs.get_repository_def().asset_graph.get_all_asset_keys())
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(time.perf_counter() - imported, time.process_time() - cpu, assets, peak_mb)
"""


def _timed(
    args: Sequence[str], env: dict[str, str], ok: tuple[int, ...] = (0,)
) -> tuple[float, str]:
    seconds, _, out = _timed_cpu(args, env, ok)
    return seconds, out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_cpu(
    args: Sequence[str], env: dict[str, str], ok: tuple[int, ...] = (0,)
) -> tuple[float, float, str]:
    """Wall time, CPU time (user + system) and output of one process run to its end."""
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    seconds, cpu_s = time.perf_counter() - started, _children_cpu() - cpu
    if done.returncode not in ok:
        raise RuntimeError(f"{args[1:4]} failed: {done.stderr[-1500:]}")
    return seconds, cpu_s, done.stdout


def _config(folder: Path) -> Path:
    config = folder / "warden.yaml"
    config.write_text(
        """sources:
  - {kind: local, name: bench, path: /bench, owners: [team:data]}
workloads:
  - {name: support-bot, kind: rag-index, audience: all_employees, owners: [team:ml],
     inputs: ["bench:area0*/**"]}
  - {name: churn-model, kind: training, audience: "restricted:data-science", owners: [team:ml],
     inputs: ["bench:area1*/table00*.csv"]}
  - {name: public-site, kind: grounding, audience: public, owners: [team:web],
     inputs: ["bench:area99/**"]}
""",
        encoding="utf-8",
    )
    return config


def measure(url: str, n: int, backend: str, folder: Path, console: Console) -> LoadFigures:
    engine = create_catalog_engine(url)
    try:
        write_s = write_catalog(engine, n)
    finally:
        engine.dispose()
    console.log(f"{backend}: written in {write_s:.1f} s")
    config = _config(folder)
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(ROOT), "WARDEN_CATALOG": url}
    warden = [sys.executable, "-m", "pipelines.cli"]
    catalog_s, _ = _timed([*warden, "catalog", "--catalog", url], env)
    console.log(f"{backend}: warden catalog {catalog_s:.1f} s")
    load_s, load_cpu_s, out = _timed_cpu([sys.executable, "-c", _LOAD, str(config), url], env)
    build_s, build_cpu_s, assets, load_mb = out.split()[-4:]
    console.log(
        f"{backend}: code location load {load_s:.1f} s, {load_cpu_s:.1f} s CPU "
        f"(build {float(build_s):.1f} s, {float(build_cpu_s):.1f} s CPU)"
    )
    if int(assets) < n:
        raise RuntimeError(f"the definitions hold {assets} assets, not the {n:,} datasets")
    server_s, server_cpu_s = _code_server(folder, env, console, backend)
    webserver_s, webserver_cpu_s, fetch_s = _webserver_wait(folder, env, console, backend)
    boundaries_s, _ = _timed(
        [*warden, "boundaries", "--config", str(config), "--catalog", url], env, ok=(0, 1)
    )  # exits 1 when it finds violations
    return LoadFigures(
        backend, n, write_s, catalog_s, load_s, float(build_s), load_cpu_s, float(build_cpu_s),
        server_s, server_cpu_s, webserver_s, webserver_cpu_s, fetch_s, float(load_mb),
        boundaries_s,
    )  # fmt: skip


def _code_server(
    folder: Path, env: dict[str, str], console: Console, backend: str
) -> tuple[float, float]:
    """What the webserver waits for: a code server process loading the code location and
    snapshotting the repository (`dagster definitions validate`, its own instance)."""
    validate = [sys.executable, "-m", "dagster", "definitions", "validate", "-m",
                "pipelines.definitions"]  # fmt: skip
    server_env = _server_env(folder, env)
    seconds, cpu_s, _ = _timed_cpu(validate, server_env)
    console.log(f"{backend}: code server load {seconds:.1f} s, {cpu_s:.1f} s CPU")
    return seconds, cpu_s


def _server_env(folder: Path, env: dict[str, str]) -> dict[str, str]:
    home = folder / "dagster_home"
    home.mkdir(exist_ok=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    return {**env, "DAGSTER_HOME": str(home), "WARDEN_CONFIG": str(folder / "warden.yaml")}


def _webserver_wait(
    folder: Path, env: dict[str, str], console: Console, backend: str
) -> tuple[float, float, float]:
    """(wall, CPU of both processes, of which the fetch) of a code server started and its
    repository fetched over gRPC, as the webserver does after each reload."""
    fetch = [sys.executable, "-m", "bench.code_server_fetch"]
    _, cpu_s, out = _timed_cpu(fetch, _server_env(folder, env))
    figures = json.loads(out.strip().splitlines()[-1])
    seconds = figures["up_s"] + figures["fetch_s"]  # not the server's shutdown
    console.log(
        f"{backend}: webserver's wait {seconds:.1f} s, {cpu_s:.1f} s CPU (server up "
        f"{figures['up_s']:.1f} s, snapshots fetched {figures['fetch_s']:.1f} s)"
    )
    return seconds, cpu_s, float(figures["fetch_s"])


# -- databases -----------------------------------------------------------------------------


def _postgres_database() -> tuple[URL, str]:
    """A fresh database on the bench's server: (its URL, its name)."""
    import psycopg

    server = make_url(os.environ.get(POSTGRES_ENV) or POSTGRES_DEFAULT)
    name = f"warden_bench_{int(time.time())}_{secrets.token_hex(3)}"
    with psycopg.connect(_conninfo(server), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return server.set(database=name), name


def _conninfo(url: URL) -> str:
    parts = {"host": url.host, "port": url.port, "user": url.username, "password": url.password,
             "dbname": url.database or "postgres"}  # fmt: skip
    return " ".join(f"{key}={value}" for key, value in parts.items() if value is not None)


def _drop(name: str) -> None:
    import psycopg

    server = make_url(os.environ.get(POSTGRES_ENV) or POSTGRES_DEFAULT)
    with psycopg.connect(_conninfo(server), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(n: int, backends: Sequence[str], console: Console) -> list[LoadFigures]:
    figures = []
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="warden-load-") as folder:
            console.log(f"catalog load: {n:,} datasets x {COLUMNS} columns on {backend}")
            if backend == "sqlite":
                figures.append(
                    measure(f"sqlite:///{folder}/warden.db", n, backend, Path(folder), console)
                )
                console.print(summary(figures[-1]), soft_wrap=True)
                continue
            url, name = _postgres_database()
            try:
                shown = url.render_as_string(hide_password=False)
                figures.append(measure(shown, n, backend, Path(folder), console))
                console.print(summary(figures[-1]), soft_wrap=True)
            finally:
                _drop(name)
    return figures


def summary(f: LoadFigures) -> str:
    limit = limit_for(f.datasets)
    verdict = "within" if f.definitions_s < limit else "OVER"
    return (
        f"{f.backend} {f.datasets:,} datasets: write {f.write_s:.1f} s, "
        f"warden catalog {f.catalog_s:.1f} s, code location load {f.definitions_s:.1f} s, "
        f"{f.definitions_cpu_s:.1f} s CPU (build {f.build_s:.1f} s, {f.build_cpu_s:.1f} s CPU, "
        f"peak {f.load_mb:,.0f} MB; limit {limit:.1f} s: {verdict}), code server load "
        f"{f.server_s:.1f} s, {f.server_cpu_s:.1f} s CPU, webserver's wait {f.webserver_s:.1f} s "
        f"(fetch {f.fetch_s:.1f} s), warden boundaries {f.boundaries_s:.1f} s"
    )


def limit_for(n: int) -> float:
    """The stated limit: LOAD_LIMIT_S for any catalog of up to FULL datasets (a steward waits
    no longer for a smaller one), scaled up with a larger one. Not scaled down: the load is
    not linear in the catalog's size (below `dagster.dataset_checks_up_to` every dataset has
    a check of its own, above it every source has one)."""
    return LOAD_LIMIT_S * max(n, FULL) / FULL


def add_to_report(report: Report, figures: Sequence[LoadFigures]) -> None:
    """bench/run.py's lines: one per backend and measure, the load against its limit."""
    for f in figures:
        section = SECTION.format(n=f.datasets)
        limit = limit_for(f.datasets)
        report.add(section, f"{f.backend}: bulk write", f.write_s, unit="s", how="1 run")
        report.add(section, f"{f.backend}: warden catalog", f.catalog_s, unit="s", how="1 run")
        report.add(section, f"{f.backend}: Dagster code location load", f.definitions_s,
                   unit="s", target=f"< {limit:.1f} s", passed=f.definitions_s < limit,
                   how=f"1 run; {f.definitions_cpu_s:.1f} s CPU; build_definitions "
                       f"{f.build_s:.1f} s ({f.build_cpu_s:.1f} s CPU), "
                       f"peak {f.load_mb:,.0f} MB")  # fmt: skip
        report.add(section, f"{f.backend}: Dagster code server load (validate)", f.server_s,
                   unit="s", how=f"1 run; {f.server_cpu_s:.1f} s CPU")  # fmt: skip
        report.add(section, f"{f.backend}: webserver's wait (code server up, gRPC fetch)",
                   f.webserver_s, unit="s", target=f"< {limit:.1f} s",
                   passed=f.webserver_s < limit,
                   how=f"1 run; {f.webserver_cpu_s:.1f} s CPU; fetch {f.fetch_s:.1f} s",
                   )  # fmt: skip
        report.add(section, f"{f.backend}: warden boundaries", f.boundaries_s, unit="s",
                   how="1 run")  # fmt: skip


def measure_catalog_load(report: Report, console: Console, n: int) -> None:
    """The 1-call entry for bench/run.py."""
    add_to_report(report, run(n, ("sqlite", "postgresql"), console))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.catalog_load", description=__doc__)
    parser.add_argument("--datasets", type=int, default=DEFAULT, help=f"{FULL:,} for the issue's")
    parser.add_argument("--backend", action="append", choices=("sqlite", "postgresql"))
    args = parser.parse_args(argv)
    console = Console()
    run(args.datasets, args.backend or ("sqlite", "postgresql"), console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
