"""Wide and deep shapes: time per column of wide CSV tables and nested JSON documents.

A 60-row CSV of 1,000 / 5,000 / 20,000 columns and a JSON document of 1,000 / 10,000 nested
keys are read, classified and decided as a scan does (no catalog). The cost must grow
linearly: the time per column (or key) of the largest should stay close to the smallest's.
`python -m bench.wide` runs this section alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from rich.console import Console

from bench.ours import FileRun, Setup, classify_file, setup
from bench.report import Report
from bench.timing import Timed, best_of

OUT = Path(__file__).resolve().parent / "out" / "wide"
COLUMNS = (1_000, 5_000, 20_000)
KEYS = (1_000, 10_000)
ROWS = 60
FLAT_RATIO = 1.5  # per-column time of the largest over the smallest: linear within noise
FIRST_NAMES = ("Ann", "Bjorn", "Chiara", "Dmitri", "Emeka", "Fatima", "Goran", "Hiroshi")
LAST_NAMES = ("Lee", "Nilsson", "Rossi", "Ivanov", "Okafor", "Haddad", "Horvat", "Sato")


# Column names and values have the same shape at every width (names padded to five digits,
# ids of the same length), so the time per column measures the width and nothing else: a name
# like `feature_1234` is checked for being a value where `feature_12` is not, and a 10-digit
# id is confirmed as a possible phone number where a 7-digit one is not.
_NAME = "feature_{:05d}"


def _cell(column: int, row: int, rnd: random.Random) -> str:
    """Mostly numeric features, with ids, codes, e-mail addresses and names among them."""
    kind = column % 25
    column %= 1_000  # values do not grow with the column's index
    if kind == 7:
        return f"user{row}.{column}@example.com"
    if kind == 13:
        return f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}"
    if kind in (3, 17):
        return str(100_000 * column + row)
    if kind == 21:
        return rnd.choice(("A", "B", "C", "D"))
    return f"{rnd.gauss(0, 1):.5f}"


def write_wide(path: Path, columns: int, rows: int = ROWS, seed: int = 1) -> Path:
    rnd = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(_NAME.format(i) for i in range(columns))
        for row in range(rows):
            writer.writerow(_cell(i, row, rnd) for i in range(columns))
    return path


def nested_document(keys: int, seed: int = 1) -> dict[str, dict[str, dict[str, object]]]:
    """One object of `keys` leaves, three levels deep (`group_0012.part_3.field_00617`)."""
    rnd = random.Random(seed)
    document: dict[str, dict[str, dict[str, object]]] = {}
    for i in range(keys):
        group = document.setdefault(f"group_{i // 50:04d}", {})
        part = group.setdefault(f"part_{i % 5}", {})
        kind = i % 10
        part[f"field_{i:05d}"] = (
            f"person{i}@example.org" if kind == 3
            else f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}" if kind == 6
            else rnd.randint(0, 10**6) if kind % 2 else round(rnd.random(), 4)
        )  # fmt: skip
    return document


def write_nested(path: Path, keys: int, seed: int = 1) -> Path:
    path.write_text(json.dumps(nested_document(keys, seed)), encoding="utf-8")
    return path


def _line(report: Report, section: str, what: str, count: int, timed: Timed[FileRun]) -> float:
    per = timed.seconds / count * 1000
    report.add(section, f"{what}: whole file", timed.seconds, unit="s", how=timed.how)
    report.add(section, f"{what}: per column", per, unit="ms", how="computed")
    return per


def _flatness(report: Report, section: str, sizes: Sequence[int], per: Sequence[float]) -> None:
    ratio = per[-1] / per[0] if per[0] else float("inf")
    report.add(
        section,
        f"ms per column, {sizes[-1]:,} over {sizes[0]:,}",
        ratio,
        text=f"{ratio:.2f}x",
        target=f"<= {FLAT_RATIO}x",
        passed=ratio <= FLAT_RATIO,
        how="computed (noisy when load > CPUs)",
    )


def measure_wide(
    report: Report, console: Console, ours: Setup, out: Path = OUT,
    columns: Sequence[int] = COLUMNS, keys: Sequence[int] = KEYS,
) -> None:  # fmt: skip
    """The wide-table and nested-JSON lines of the bench."""
    out.mkdir(parents=True, exist_ok=True)
    section = f"Wide tables ({ROWS} rows of CSV, read and classified as a scan does)"
    per = []
    for count in columns:
        console.log(f"wide table: {count:,} columns")
        path = write_wide(out / f"wide_{count}.csv", count)
        timed = best_of(1 if count > 5_000 else 2, partial(classify_file, path, ours))
        per.append(_line(report, section, f"{count:,} columns", count, timed))
    _flatness(report, section, columns, per)
    section = "Nested JSON (one document, keys three levels deep)"
    per = []
    for count in keys:
        console.log(f"nested JSON: {count:,} keys")
        path = write_nested(out / f"nested_{count}.json", count)
        timed = best_of(1 if count > 5_000 else 2, partial(classify_file, path, ours))
        per.append(_line(report, section, f"{count:,} keys", count, timed))
    _flatness(report, section, keys, per)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wide", description=__doc__)
    parser.add_argument("--columns", type=int, nargs="+", default=list(COLUMNS))
    parser.add_argument("--keys", type=int, nargs="+", default=list(KEYS))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    console = Console() if sys.stdout.isatty() else Console(width=160)
    report = Report()
    measure_wide(report, console, setup("sample", None), args.out, args.columns, args.keys)
    report.render(console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
