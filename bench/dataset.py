"""Write the generated table as Parquet (and CSV) once; later runs reuse it via a marker file."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from bench.pools import Pools, build_pools
from bench.table import make_chunk

GENERATOR_VERSION = 1  # bump when the generator changes, so cached files are rebuilt
ROW_GROUP_ROWS = 100_000
CHUNK_ROWS = 1_000_000  # rows generated (and held in memory) at a time


@dataclass(frozen=True)
class Generated:
    """The files of one generated table and what making them cost."""

    rows: int
    files: dict[str, Path]  # format -> path
    seconds: float  # 0 when cached
    cached: bool


class LazyPools:
    """Builds the Faker pools on first use only: a fully cached run never pays for them."""

    def __init__(self, seed: int, size: int = 20_000) -> None:
        self.seed, self.size = seed, size
        self._pools: Pools | None = None

    def __call__(self) -> Pools:
        if self._pools is None:
            self._pools = build_pools(self.seed, self.size)
        return self._pools


def _params(rows: int, seed: int, pool_size: int, formats: tuple[str, ...]) -> dict[str, object]:
    return {
        "version": GENERATOR_VERSION,
        "rows": rows,
        "seed": seed,
        "pool_size": pool_size,
        "row_group_rows": ROW_GROUP_ROWS,
        "formats": list(formats),
    }


def _cached(marker: Path, params: dict[str, object], files: dict[str, Path]) -> bool:
    if not marker.exists():
        return False
    stored = json.loads(marker.read_text(encoding="utf-8"))
    sizes = stored.get("sizes", {})
    return stored.get("params") == params and all(
        path.exists() and path.stat().st_size == sizes.get(fmt) for fmt, path in files.items()
    )


def write_table(
    folder: Path,
    name: str,
    rows: int,
    seed: int,
    pools: Callable[[], Pools],
    formats: tuple[str, ...] = ("parquet", "csv"),
    pool_size: int = 20_000,
) -> Generated:
    """`name`.parquet (row groups of ROW_GROUP_ROWS) and/or `name`.csv, unless cached."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {fmt: folder / f"{name}.{fmt}" for fmt in formats}
    marker = folder / f"{name}.json"
    params = _params(rows, seed, pool_size, formats)
    if _cached(marker, params, files):
        return Generated(rows, files, 0.0, cached=True)
    marker.unlink(missing_ok=True)
    started = time.perf_counter()
    temps = {fmt: path.with_suffix(path.suffix + ".tmp") for fmt, path in files.items()}
    writer: pq.ParquetWriter | None = None
    csv_handle = temps["csv"].open("wb") if "csv" in temps else None
    try:
        for start in range(0, rows, CHUNK_ROWS):
            chunk = make_chunk(pools(), start, min(CHUNK_ROWS, rows - start), seed)
            if "parquet" in temps:
                table = chunk.to_arrow()
                writer = writer or pq.ParquetWriter(temps["parquet"], table.schema)
                writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
            if csv_handle is not None:
                chunk.write_csv(csv_handle, include_header=start == 0)
    finally:
        if writer is not None:
            writer.close()
        if csv_handle is not None:
            csv_handle.close()
    for fmt, temp in temps.items():
        temp.replace(files[fmt])
    sizes = {fmt: path.stat().st_size for fmt, path in files.items()}
    marker.write_text(json.dumps({"params": params, "sizes": sizes}, indent=2), encoding="utf-8")
    return Generated(rows, files, time.perf_counter() - started, cached=False)


def generate(folder: Path, rows: int, seed: int, pool_size: int = 500) -> Generated:
    """One table with freshly built pools: for tests and one-off use."""
    return write_table(
        folder, f"customers_{rows}", rows, seed, LazyPools(seed, pool_size), pool_size=pool_size
    )
