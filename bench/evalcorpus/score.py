"""Scoring column findings against the corpus labels: micro and macro P/R/F1, per type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Key = tuple[str, str]  # (table, column)

# Country-specific postcodes and Warden's finer kinds of place all score as LOCATION, so the
# score does not depend on whether Warden names the subtype or the standard type.
AS_LOCATION = frozenset(
    {"UK_POSTCODE", "DE_PLZ", "CA_POSTAL_CODE", "POSTCODE", "STREET_ADDRESS", "LOCATION"}
)


def canonical(entities: Iterable[str]) -> frozenset[str]:
    """The types compared for a column: place kinds folded into LOCATION."""
    return frozenset("LOCATION" if e in AS_LOCATION else e for e in entities)


@dataclass(frozen=True)
class TypeScore:
    """Counts of (column, type) pairs for one entity type, or for all of them."""

    entity: str
    tp: int
    fp: int
    fn: int

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def shown(self) -> tuple[str, str, str]:
        """Precision, recall, F1 as printed: '-' where nothing was reported or expected."""
        precision = f"{self.precision:.2f}" if self.tp + self.fp else "-"
        recall = f"{self.recall:.2f}" if self.support else "-"
        return precision, recall, f"{self.f1:.2f}"


@dataclass(frozen=True)
class ColumnScore:
    micro: TypeScore
    per_type: tuple[TypeScore, ...]  # most support first

    @property
    def macro_f1(self) -> float:
        scored = [t for t in self.per_type if t.support]
        return sum(t.f1 for t in scored) / len(scored) if scored else 1.0

    @property
    def macro_precision(self) -> float:
        scored = [t for t in self.per_type if t.support]
        return sum(t.precision for t in scored) / len(scored) if scored else 1.0

    @property
    def macro_recall(self) -> float:
        scored = [t for t in self.per_type if t.support]
        return sum(t.recall for t in scored) / len(scored) if scored else 1.0


def score_columns(
    labels: Mapping[Key, Iterable[str]], found: Mapping[Key, Iterable[str]]
) -> ColumnScore:
    """Over (column, type) pairs of every labelled column (negatives included, for FPs)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for key, wanted_raw in labels.items():
        wanted, got = canonical(wanted_raw), canonical(found.get(key, ()))
        tp.update(wanted & got)
        fp.update(got - wanted)
        fn.update(wanted - got)
    types = sorted(set(tp) | set(fp) | set(fn), key=lambda e: (-(tp[e] + fn[e]), e))
    per_type = tuple(TypeScore(e, tp[e], fp[e], fn[e]) for e in types)
    total = TypeScore("all", sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return ColumnScore(total, per_type)
