"""The dev/test split by table, drawn once with a fixed seed and kept in split.csv."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from pathlib import Path

from bench.evalcorpus.plan import TablePlan

SPLIT_FILE = Path(__file__).resolve().parent / "split.csv"
SPLIT_SEED = 20_261_206


def draw(tables: list[TablePlan], seed: int = SPLIT_SEED) -> dict[str, str]:
    """Half of each stratum (people or not, format) to dev, half to test, at random."""
    strata: dict[tuple[bool, str], list[str]] = defaultdict(list)
    for table in tables:
        strata[(table.theme.people, table.fmt)].append(table.name)
    rng = random.Random(seed)
    assigned, turn = {}, 0
    for key in sorted(strata):
        names = sorted(strata[key])
        rng.shuffle(names)
        for name in names:  # alternate across strata too, so odd strata even out
            assigned[name] = ("dev", "test")[turn % 2]
            turn += 1
    return dict(sorted(assigned.items()))


def extend(known: dict[str, str], tables: list[TablePlan]) -> dict[str, str]:
    """The known split plus a draw for tables it lacks; a table's half never changes."""
    new = [t for t in tables if t.name not in known]
    return dict(sorted({**draw(new), **known}.items()))


def read(path: Path = SPLIT_FILE) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["table"]: row["split"] for row in csv.DictReader(handle)}


def write(assigned: dict[str, str], path: Path = SPLIT_FILE) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("table", "split"))
        writer.writerows(sorted(assigned.items()))


def tables_of(split: str, path: Path = SPLIT_FILE) -> set[str]:
    """The tables of 'dev', 'test' or 'all'."""
    assigned = read(path)
    return {t for t, s in assigned.items() if split == "all" or s == split}
