"""Score catalog findings against a labels file: column-level precision, recall and F1."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from classifiers.entities import canonical_set

Key = tuple[str, str]  # (dataset path, column)


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int
    mistakes: tuple[str, ...] = field(default=())

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_labels(path: Path) -> dict[Key, frozenset[str]]:
    """labels.csv rows (dataset, column, entities 'A;B') of readable datasets."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            (row["dataset"], row["column"]): frozenset(e for e in row["entities"].split(";") if e)
            for row in csv.DictReader(handle)
            if row["column"]
        }


def normalise(entities: Iterable[str]) -> frozenset[str]:
    return canonical_set(entities)


def score(labels: Mapping[Key, frozenset[str]], found: Mapping[Key, Iterable[str]]) -> Score:
    """Micro-averaged over (column, entity type) pairs of the labelled columns."""
    tp = fp = fn = 0
    mistakes = []
    for key, wanted in sorted(labels.items()):
        got = normalise(found.get(key, ()))
        wanted = normalise(wanted)
        tp += len(got & wanted)
        fp += len(got - wanted)
        fn += len(wanted - got)
        if got != wanted:
            extra = ",".join(sorted(got - wanted)) or "-"
            missed = ",".join(sorted(wanted - got)) or "-"
            mistakes.append(f"{key[0]}:{key[1]} extra={extra} missed={missed}")
    return Score(tp, fp, fn, tuple(mistakes))
