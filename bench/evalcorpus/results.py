"""The corpus figures of one split: column scores, under-classified tables, flagged negatives."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.evalcorpus.score import ColumnScore, Key, canonical, score_columns
from bench.evalcorpus.truth import expected_level
from classifiers.model import Sensitivity

if TYPE_CHECKING:  # the scan module loads the engine; scoring alone does not need it
    from bench.evalcorpus.scan import CorpusScan


@dataclass(frozen=True)
class Miss:
    """A column whose reported types differ from its label, with Warden's reasons."""

    table: str
    column: str
    kind: str  # the generator's kind of column (what it really holds)
    missed: tuple[str, ...]
    extra: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def miss_class(self) -> str:
        """Misses grouped as 'kind: missed -> extra' for counting the common ones."""
        return f"{self.kind}: -{','.join(self.missed) or '0'} +{','.join(self.extra) or '0'}"


@dataclass(frozen=True)
class SplitResult:
    split: str
    tables: int
    columns: int
    hard_negatives: int
    score: ColumnScore
    under_classified: tuple[str, ...]  # "table: expected X, got Y"
    flagged_negatives: tuple[Miss, ...]
    misses: tuple[Miss, ...]
    unreported: tuple[str, ...] = ()  # labelled columns missing from the catalog (read errors)
    # Sensitive columns found whole (every labelled type), by how they are named:
    # "named" / "unhelpful", and "lang:xx" per column-name language.
    found_by_naming: tuple[tuple[str, int, int], ...] = ()  # (group, found, total)


def read_labels(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def expected_levels(rows: list[dict[str, str]]) -> dict[str, Sensitivity]:
    """Each table's level under today's policy (labels_datasets.csv records it as generated)."""
    entities: dict[str, set[str]] = {}
    subtypes: dict[str, set[str]] = {}
    for row in rows:
        entities.setdefault(row["table"], set()).update(e for e in row["entities"].split(";") if e)
        if row["entities"] and row["subtype"]:
            subtypes.setdefault(row["table"], set()).add(row["subtype"])
    return {t: expected_level(e, subtypes.get(t, ())) for t, e in entities.items()}


def _miss(row: dict[str, str], scan: CorpusScan) -> Miss | None:
    key: Key = (row["table"], row["column"])
    wanted = canonical(e for e in row["entities"].split(";") if e)
    got = canonical(scan.found.get(key, ()))
    if wanted == got:
        return None
    return Miss(*key, row["kind"], tuple(sorted(wanted - got)), tuple(sorted(got - wanted)),
                scan.reasons.get(key, ()))  # fmt: skip


def _under(
    levels: dict[str, Sensitivity], misses: tuple[Miss, ...], scan: CorpusScan
) -> tuple[str, ...]:
    """Tables below their expected level, with the labelled types Warden missed in them."""
    missed: dict[str, set[str]] = {}
    for miss in misses:
        missed.setdefault(miss.table, set()).update(miss.missed)
    under = []
    for table, expected in sorted(levels.items()):
        got = scan.levels.get(table)
        if got is None or got < expected:
            shown = got.label if got is not None else scan.errors.get(table, "not classified")
            why = ", ".join(sorted(missed.get(table, ()))) or "none"
            under.append(f"{table}: expected {expected.label}, got {shown} (missed: {why})")
    return tuple(under)


def _by_naming(
    rows: list[dict[str, str]], misses: tuple[Miss, ...]
) -> tuple[tuple[str, int, int], ...]:
    missed = {(m.table, m.column) for m in misses if m.missed}
    counts: dict[str, list[int]] = {}
    for row in (r for r in rows if r["entities"]):
        whole = (row["table"], row["column"]) not in missed
        groups = ["unhelpful" if row["unhelpful"] == "1" else "named"]
        groups += [f"lang:{row['name_lang']}"] if row["name_lang"] else []
        for group in groups:
            found_total = counts.setdefault(group, [0, 0])
            found_total[0] += whole
            found_total[1] += 1
    return tuple((g, f, t) for g, (f, t) in sorted(counts.items()))


def evaluate(split: str, tables: set[str], root: Path, scan: CorpusScan) -> SplitResult:
    rows = [r for r in read_labels(root / "labels.csv") if r["table"] in tables]
    labels = {(r["table"], r["column"]): [e for e in r["entities"].split(";") if e] for r in rows}
    misses = tuple(m for m in (_miss(r, scan) for r in rows) if m is not None)
    hard = {(r["table"], r["column"]) for r in rows if r["hard"] == "1"}
    levels = expected_levels(rows)
    return SplitResult(
        split,
        len(tables),
        len(rows),
        len(hard),
        score_columns(labels, scan.found),
        _under(levels, misses, scan),
        tuple(m for m in misses if (m.table, m.column) in hard),
        misses,
        tuple(f"{t}:{c}" for t, c in sorted(labels) if (t, c) not in scan.found),
        _by_naming(rows, misses),
    )
