"""Read throughput of the table, lake and vector-store formats: MB/s and rows/s per format.

The same table (an id, a name, an e-mail address, an amount, a city) is written as Avro,
ORC, Excel, SQLite, a Delta table, a Lance dataset and a Chroma store, then read in full
mode through Warden's readers, no classification: the reading cost alone. MB/s counts the
stored bytes. `python -m bench.formats_tables` runs this section alone.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from rich.console import Console

from bench.report import Report
from bench.timing import best_of
from classifiers.model import DataFormat
from classifiers.readers import Sampling, TableRead, open_table
from classifiers.readers.lake import open_lake_table
from tests.table_files import write_chroma

OUT = Path(__file__).resolve().parent / "out" / "formats"
ROWS = 200_000
SMALL_ROWS = {"xlsx": 20_000, "chroma": 5_000}  # written cell by cell; chromadb's batch cap
SECTION = "Read throughput per format (full mode, reading only)"
CITIES = ("Leeds", "York", "Bath", "Hull", "Derby", "Ely")


def _columns(rows: int) -> dict[str, list[object]]:
    return {
        "id": list(range(rows)),
        "name": [f"Person {i % 977}" for i in range(rows)],
        "email": [f"user{i}@example.com" for i in range(rows)],
        "amount": [round(i * 0.37 % 1000, 2) for i in range(rows)],
        "city": [CITIES[i % len(CITIES)] for i in range(rows)],
    }


def _write(fmt: str, folder: Path, rows: int) -> Path:
    import pyarrow as pa

    table = pa.table(_columns(rows))
    if fmt == DataFormat.AVRO:
        import polars as pl

        path = folder / "t.avro"
        pl.from_arrow(table).write_avro(path)  # type: ignore[union-attr]
        return path
    if fmt == DataFormat.ORC:
        import pyarrow.orc as orc

        orc.write_table(table, folder / "t.orc")
        return folder / "t.orc"
    if fmt == DataFormat.XLSX:
        import polars as pl

        pl.from_arrow(table).write_excel(folder / "t.xlsx", worksheet="data")  # type: ignore[union-attr]
        return folder / "t.xlsx"
    if fmt == DataFormat.SQLITE:
        import sqlite3

        with sqlite3.connect(folder / "t.sqlite") as db:
            db.execute(
                "CREATE TABLE data (id INTEGER, name TEXT, email TEXT, amount REAL, city TEXT)"
            )
            db.executemany(
                "INSERT INTO data VALUES (?, ?, ?, ?, ?)",
                zip(*table.to_pydict().values(), strict=True),
            )
        db.close()
        return folder / "t.sqlite"
    if fmt == DataFormat.DELTA:
        import deltalake

        deltalake.write_deltalake(folder / "delta", table.slice(0, rows // 2))
        deltalake.write_deltalake(folder / "delta", table.slice(rows // 2), mode="append")
        return folder / "delta"
    if fmt == DataFormat.LANCE:
        import lance

        lance.write_dataset(table, str(folder / "t.lance"))
        return folder / "t.lance"
    write_chroma(folder / "chroma", count=rows)
    return folder / "chroma"


def _opener(fmt: str, path: Path) -> Callable[[], TableRead]:
    full = Sampling(mode="full")
    if fmt in DataFormat.FOLDER:
        return partial(open_lake_table, path, fmt, full)
    part = "data" if fmt in DataFormat.PARTED else None
    return partial(open_table, path, fmt, None, full, part=part)


def _read(open_read: Callable[[], TableRead]) -> int:
    return sum(frame.height for frame in open_read().batches())


def _stored_bytes(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def measure_formats(report: Report, console: Console, out: Path = OUT, rows: int = ROWS) -> None:
    """One line per format: rows/s, MB/s, and rows and megabytes read."""
    formats = (DataFormat.AVRO, DataFormat.ORC, DataFormat.SQLITE, DataFormat.DELTA,
               DataFormat.LANCE, DataFormat.XLSX, DataFormat.CHROMA)  # fmt: skip
    for fmt in formats:
        folder = out / fmt
        shutil.rmtree(folder, ignore_errors=True)  # written afresh: a Delta table would grow
        folder.mkdir(parents=True)
        count = min(rows, SMALL_ROWS.get(fmt, rows))
        console.log(f"formats: writing {count:,} rows as {fmt}")
        path = _write(fmt, folder, count)
        timed = best_of(2, partial(_read, _opener(fmt, path)))
        assert timed.result == count, (fmt, timed.result)
        megabytes = _stored_bytes(path) / 1e6
        text = (f"{count / timed.seconds:,.0f} rows/s, {megabytes / timed.seconds:,.1f} MB/s "
                f"({count:,} rows, {megabytes:,.1f} MB)")  # fmt: skip
        report.add(SECTION, fmt, count / timed.seconds, unit="rows/s", text=text, how=timed.how)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.formats_tables", description=__doc__)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    console = Console() if sys.stdout.isatty() else Console(width=160)
    report = Report()
    measure_formats(report, console, args.out, args.rows)
    report.render(console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
