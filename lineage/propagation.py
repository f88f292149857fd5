"""Derived datasets inherit the highest level of their parents until scanned themselves; a
masking edge (a sanitized subset) blocks inheritance, as Apache Atlas blocks propagation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from classifiers.model import Sensitivity
from lineage.model import DatasetState, Edge
from lineage.refs import resolve


def _datasets_of(reference: str, datasets: Sequence[DatasetState]) -> list[str]:
    if reference.startswith("workload:"):
        return []
    found = resolve(reference, datasets)
    return [d.ref for d in found] or [reference]


def inherited_levels(
    edges: Iterable[Edge], datasets: Sequence[DatasetState]
) -> dict[str, Sensitivity]:
    """For each derived dataset (source:path), the level it inherits through workloads."""
    levels = {d.ref: d.level for d in datasets if d.status == "ok" and d.level is not None}
    into_workload: dict[str, list[str]] = defaultdict(list)  # workload -> input datasets
    out_of_workload: list[tuple[str, str, bool]] = []  # (workload, output dataset, masking)
    for edge in edges:
        if edge.target.startswith("workload:"):
            into_workload[edge.target].extend(_datasets_of(edge.source, datasets))
        elif edge.source.startswith("workload:"):
            out_of_workload.extend(
                (edge.source, ref, edge.masking) for ref in _datasets_of(edge.target, datasets)
            )
    inherited: dict[str, Sensitivity] = {}
    for _ in range(len(out_of_workload) + 1):  # chains settle in at most this many rounds
        changed = False
        for workload, output, masking in out_of_workload:
            if masking:
                continue
            parents = [levels.get(r) or inherited.get(r) for r in into_workload[workload]]
            known = [p for p in parents if p is not None]
            if known and inherited.get(output) != max(known):
                inherited[output] = max(known)
                changed = True
        if not changed:
            break
    return inherited
