"""Declared workloads from the config, and the edges they declare."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from classifiers.config.workloads import WorkloadConfig
from lineage.model import BoundaryException, Edge, Workload


def workload_from_config(config: WorkloadConfig) -> Workload:
    return Workload(
        name=config.name,
        kind=config.kind,
        audience=config.audience,
        owners=tuple(config.owners),
        inputs=tuple(config.inputs),
        outputs=tuple((o.reference, o.masking) for o in config.outputs),
        exceptions=tuple(
            BoundaryException(e.dataset, e.reason, e.approver, e.expires) for e in config.exceptions
        ),
        description=config.description,
    )


def declared_edges(workloads: Iterable[Workload]) -> list[Edge]:
    edges = []
    for workload in workloads:
        node = f"workload:{workload.name}"
        edges += [Edge(reference, node, "declared") for reference in workload.inputs]
        edges += [Edge(node, ref, "declared", masking) for ref, masking in workload.outputs]
    return edges


def observed_only(edges: Iterable[Edge], declared: Sequence[Workload]) -> list[str]:
    """Workloads seen in OpenLineage events but not declared in the config."""
    names = {w.name for w in declared}
    seen = {e.target.split(":", 1)[1] for e in edges if e.target.startswith("workload:")}
    seen |= {e.source.split(":", 1)[1] for e in edges if e.source.startswith("workload:")}
    return sorted(seen - names)
