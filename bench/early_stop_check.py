"""`python -m bench.early_stop_check`: the evaluation corpus's dev half scanned with
confirmation stopping early (`classifiers.engines.stopping`) and confirming every candidate;
prints every column whose entity types or level differ, and the tables whose level does."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path
from unittest import mock

from bench.evalcorpus import corpus, split
from bench.evalcorpus.scan import setup_mode
from classifiers.catalog.store import CatalogStore
from classifiers.engines import assemble, tally
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource

Decisions = dict[tuple[str, str], tuple[tuple[str, ...], str]]


def decisions(data: Path, mode: str, tables: Sequence[str]) -> tuple[Decisions, dict[str, str]]:
    """Each column's entity types and level, and each table's level."""
    ours = setup_mode(mode)
    with tempfile.TemporaryDirectory(prefix="warden-early-stop-") as folder:
        store = CatalogStore.open(f"sqlite:///{Path(folder) / 'catalog.db'}")
        store.ensure_source("evalcorpus", "local", str(data), False, [])
        source = LocalSource("evalcorpus", data, include=tuple(sorted(tables)))
        with store:
            Scanner(store, ours.rules, ours.engine).scan([source])
            details = store.details()
    columns = {
        (d.row.path, c.column): (tuple(sorted(c.entity_types)), str(c.sensitivity))
        for d in details
        for c in d.columns
    }
    return columns, {d.row.path: str(d.row.sensitivity) for d in details}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.early_stop_check", description=__doc__)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--mode", choices=("sample", "full"), default="sample")
    args = parser.parse_args(argv)
    data = corpus.ensure(corpus.OUT) / corpus.DATA
    tables = sorted(split.tables_of(args.split))
    stops = [0]
    rescale = tally.Tally.rescale

    def counting(self: tally.Tally, name: str, factor: float) -> None:
        stops[0] += 1
        rescale(self, name, factor)

    with mock.patch.object(tally.Tally, "rescale", counting):
        early = decisions(data, args.mode, tables)
    with mock.patch.object(assemble, "EARLY_STOP", None):
        every = decisions(data, args.mode, tables)
    differ = [k for k in sorted(every[0]) if every[0][k] != early[0].get(k)]
    levels = [t for t in sorted(every[1]) if every[1][t] != early[1].get(t)]
    for key in differ:
        print(f"column {key}: every candidate {every[0][key]}, early stop {early[0].get(key)}")
    for table in levels:
        print(f"table {table}: every candidate {every[1][table]}, early stop {early[1][table]}")
    print(
        f"{args.split} ({args.mode}): {len(every[0])} columns, {len(every[1])} tables; "
        f"{len(differ)} columns and {len(levels)} tables decided differently; "
        f"{stops[0]} recognizers of a column stopped early"
    )
    return 1 if differ or levels else 0


if __name__ == "__main__":
    raise SystemExit(main())
