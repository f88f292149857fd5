"""Generate the corpus on disk: the tables, labels.csv and labels_datasets.csv."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import shutil
import time
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import time_machine

from bench.evalcorpus.build import BuiltTable, ColumnLabel, build_table
from bench.evalcorpus.plan import SEED, plan
from bench.evalcorpus.truth import expected_level
from bench.evalcorpus.writers import write_table

ROWS = 120
OUT = Path(__file__).resolve().parents[1] / "out" / "evalcorpus"
# The column labels, committed so that a change to the generator's truth shows in a diff.
KEYS = Path(__file__).resolve().parent / "labels.csv"
DATA = "data"  # the folder Warden scans; answer keys sit beside it, never inside
LABEL_FIELDS = ("table", "column", "entities", "subtype", "kind", "hard", "unhelpful", "name_lang")
# Faker and mimesis date values back from "now" (birth dates, Finnish and Swedish identity
# numbers, PESEL birth dates): the corpus is built as of this moment, whatever the day, so one
# generator makes one corpus. Built on the real clock, 14 of its 122 tables differed between
# two days. It is the day the figures before it were measured on, which it reproduces.
BUILT_AS_OF = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


def build_all(seed: int = SEED, rows: int = ROWS) -> list[BuiltTable]:
    with time_machine.travel(BUILT_AS_OF, tick=False):  # the clock stands still while it builds
        return [build_table(p, rows) for p in plan(seed)]


def generate(out: Path = OUT, seed: int = SEED, rows: int = ROWS) -> list[BuiltTable]:
    """Write the corpus afresh into out/data with the answer keys in out/."""
    if (out / DATA).exists():
        shutil.rmtree(out / DATA)
    tables = build_all(seed, rows)
    for table in tables:
        write_table(out / DATA, table)
    write_labels(out / "labels.csv", (c for t in tables for c in t.labels))
    with (out / "labels_datasets.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("table", "expected_level"))
        for table in tables:
            entities = {e for c in table.labels for e in c.entities}
            subtypes = {c.subtype for c in table.labels if c.entities and c.subtype}
            writer.writerow((table.plan.name, expected_level(entities, subtypes).label))
    (out / "MARKER").write_text(_marker(seed, rows))
    return tables


def write_labels(path: Path, labels: Iterable[ColumnLabel]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(LABEL_FIELDS)
        for c in labels:
            writer.writerow(
                (c.table, c.column, ";".join(c.entities), c.subtype, c.kind,
                 int(c.hard), int(c.unhelpful), c.name_lang)
            )  # fmt: skip


def _marker(seed: int, rows: int) -> str:
    """What the corpus was made from: parameters, the generator's source, library versions."""
    source = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        source.update(path.read_bytes())
    versions = " ".join(f"{n}={metadata.version(n)}" for n in ("faker", "mimesis", "polars"))
    return f"seed={seed} rows={rows} source={source.hexdigest()[:16]} {versions}\n"


def ensure(out: Path = OUT, seed: int = SEED, rows: int = ROWS) -> Path:
    """The corpus root for today's generator: out/v-<digest>, made when missing.

    Several people score at once while the generator changes, so a corpus is written to a
    private folder and renamed into place whole; a scan never sees one half rewritten."""
    marker = _marker(seed, rows)
    root = out / f"v-{hashlib.sha256(marker.encode()).hexdigest()[:12]}"
    if (root / "MARKER").exists():
        return root
    building = out / f".building-{os.getpid()}-{time.monotonic_ns()}"
    generate(building, seed, rows)
    try:
        building.rename(root)
    except OSError:  # another process finished first: its copy is the same bytes
        shutil.rmtree(building, ignore_errors=True)
    _forget_old(out, keep=root)
    return root


def _forget_old(out: Path, keep: Path) -> None:
    """Earlier versions untouched for an hour (no scan still reads them)."""
    cutoff = time.time() - 3600
    for old in out.glob("v-*"):
        if old != keep and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)
