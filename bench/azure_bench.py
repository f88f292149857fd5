"""Azure Blob Storage figures against Azurite: listing and scanning many small blobs, and a
1M-row Parquet blob read in sample mode. Requests and bytes are counted on the wire.

    python -m bench.azure_bench [--blobs 2000] [--parquet bench/out/customers_1000000.parquet]

or from bench/run.py: `azure_bench.run(report, console, parquet=main_table.files["parquet"])`.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TypeVar, cast

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from rich.console import Console

from bench.report import Report
from classifiers.budget import Checkpoint, carry_on
from classifiers.catalog.store import CatalogStore
from classifiers.config import AzureBlobSourceConfig, WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.evidence import TableEvidence
from classifiers.rules import ScanRules, scan_rules
from classifiers.scan import ObjectSource, Scanner, ScanReport
from classifiers.sources.azure_blob import AzureBlobSource, azure_source
from classifiers.sources.azure_client import ClientSettings
from classifiers.sources.azure_requests import CountingTransport, RequestTally
from tests.azurite import Azurite, running_azurite

SECTION = "Azure Blob Storage (Azurite, 127.0.0.1)"
BLOBS, CLASSIFIED = 2_000, 100
PARQUET_TARGET = 0.15  # sample mode may download at most this share of a 1M-row Parquet blob
T = TypeVar("T")


class ReadOnlyEngine:
    """Counts rows and finds nothing: isolates the storage path from classification cost."""

    name = "read-only"

    def table_evidence(
        self, frame: pl.DataFrame, checkpoint: Checkpoint = carry_on
    ) -> TableEvidence:
        return TableEvidence(rows=frame.height)


def _small_csv(index: int) -> bytes:
    rows = "".join(
        f"{index * 100 + n},Person {n},user{index}.{n}@example.com,+44 20 7946 {n:04d}\n"
        for n in range(20)
    )
    return ("id,name,email,phone\n" + rows).encode()


def _source(server: Azurite, containers: list[str]) -> tuple[AzureBlobSource, RequestTally]:
    transport = CountingTransport(connection_timeout=10, read_timeout=60)
    config = AzureBlobSourceConfig(
        kind="azure_blob", name="bench", connection_string_env="CS", containers=containers
    )
    source = azure_source(
        config, {"CS": server.connection_string}, ClientSettings(transport=transport)
    )
    return source, transport.tally


def _timed(work: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _scan(
    store: CatalogStore, source: ObjectSource, rules: ScanRules, engine: object
) -> ScanReport:
    store.ensure_source(source.name, "azure_blob", "bench", False, [])
    return Scanner(store, rules, cast(PolarsEngine, engine)).scan([source])


def _requests(tally: RequestTally) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(tally.requests.items()))


def _mb(count: float) -> str:
    return f"{count / 1e6:,.2f} MB"


def small_blobs(
    report: Report, console: Console, server: Azurite, folder: Path, count: int
) -> None:
    container = server.client().create_container("small")
    blobs = {f"part-{i:05}.csv": _small_csv(i) for i in range(count)}
    console.log(f"azure: uploading {count:,} small blobs")
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda item: container.upload_blob(*item), blobs.items()))
    total = sum(len(data) for data in blobs.values())
    source, tally = _source(server, ["small"])
    seconds, listed = _timed(lambda: sum(1 for _ in source.listing()))
    report.add(SECTION, f"listing() of {listed:,} blobs", seconds, unit="s",
               how=f"1 run; {_requests(tally)}")  # fmt: skip
    tally.reset()
    seconds, crawled = _timed(lambda: sum(1 for _ in source.crawl()))
    report.add(SECTION, f"crawl() of {crawled:,} blobs (with container facts)", seconds, unit="s",
               how=f"1 run; {_requests(tally)}")  # fmt: skip
    rules = scan_rules(WardenConfig.default())
    store = CatalogStore.open(f"sqlite:///{folder / 'small.db'}")
    tally.reset()
    console.log(f"azure: scanning {count:,} blobs (classification stubbed)")
    seconds, first = _timed(lambda: _scan(store, source, rules, ReadOnlyEngine()))
    report.add(SECTION, f"first scan of {count:,} blobs: read path, no classification",
               seconds, unit="s", how=f"1 run; {first.counts}")  # fmt: skip
    report.add(SECTION, "  requests made", tally.total, text=f"{tally.total:,}",
               how=f"{tally.total / count:.2f} per blob: {_requests(tally)}")  # fmt: skip
    report.add(SECTION, "  blob bytes downloaded / stored", tally.content_bytes / total,
               text=f"{_mb(tally.content_bytes)} of {_mb(total)}", target="<= 100%",
               passed=tally.content_bytes <= total, how="counted on the wire")  # fmt: skip
    tally.reset()
    seconds, again = _timed(lambda: _scan(store, source, rules, ReadOnlyEngine()))
    report.add(SECTION, f"rescan of {count:,} unchanged blobs", seconds, unit="s",
               how=f"1 run; {again.counts}; {_requests(tally)}")  # fmt: skip
    report.add(SECTION, "  blob content GETs in the rescan", tally.content_gets, target="0",
               passed=tally.content_gets == 0, how="counted on the wire")  # fmt: skip
    _classified(report, console, server, folder, rules)


def _classified(
    report: Report, console: Console, server: Azurite, folder: Path, rules: ScanRules
) -> None:
    """The same blobs with the real engine, on a slice: classification dominates the time."""
    source, tally = _source(server, ["small"])
    source = replace(source, include=("part-000[0-9][0-9].csv",))
    store = CatalogStore.open(f"sqlite:///{folder / 'classified.db'}")
    engine = PolarsEngine(rules.registry, None, rules.options)
    console.log(f"azure: scanning {CLASSIFIED} blobs with classification")
    seconds, done = _timed(lambda: _scan(store, source, rules, engine))
    report.add(SECTION, f"first scan of {CLASSIFIED} blobs with classification (no NER)",
               seconds, unit="s", how=f"1 run; {done.counts}; {_requests(tally)}")  # fmt: skip


def _parquet_bytes(rows: int) -> bytes:
    table = pa.table({"id": range(rows), "email": [f"user{i}@example.com" for i in range(rows)],
                      "name": [f"Person {i % 5000}" for i in range(rows)]})  # fmt: skip
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=100_000)
    return sink.getvalue()


def parquet_sample(
    report: Report, console: Console, server: Azurite, folder: Path, parquet: Path | None
) -> None:
    data = parquet.read_bytes() if parquet else _parquet_bytes(1_000_000)
    groups = pq.ParquetFile(io.BytesIO(data)).metadata
    console.log(f"azure: uploading a {groups.num_rows:,}-row Parquet blob ({_mb(len(data))})")
    server.client().create_container("big").upload_blob("table.parquet", data)
    source, tally = _source(server, ["big"])
    store = CatalogStore.open(f"sqlite:///{folder / 'big.db'}")
    rules = scan_rules(WardenConfig.default(), "sample")
    seconds, done = _timed(lambda: _scan(store, source, rules, ReadOnlyEngine()))
    share = tally.content_bytes / len(data)
    name = f"{groups.num_rows:,}-row Parquet ({groups.num_row_groups} row groups), sample mode"
    report.add(SECTION, name, share, text=f"{_mb(tally.content_bytes)} of {_mb(len(data))} "
               f"({share:.1%}) in {tally.content_gets} GETs", target=f"<= {PARQUET_TARGET:.0%}",
               passed=share <= PARQUET_TARGET, how=f"{seconds:.2f} s; {done.counts}")  # fmt: skip


def run(report: Report, console: Console, parquet: Path | None = None, blobs: int = BLOBS) -> None:
    """Start Azurite on a free port, measure, stop it by its process id."""
    with tempfile.TemporaryDirectory(prefix="warden-azure-bench-") as temp:
        folder = Path(temp)
        with running_azurite(folder) as server:
            small_blobs(report, console, server, folder, blobs)
            parquet_sample(report, console, server, folder, parquet)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.azure_bench", description=__doc__)
    parser.add_argument("--blobs", type=int, default=BLOBS)
    parser.add_argument("--parquet", type=Path, help="a 1M-row Parquet file (default: generated)")
    args = parser.parse_args(argv)
    console, report = Console(), Report()
    run(report, console, args.parquet, args.blobs)
    report.render(console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
