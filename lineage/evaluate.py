"""One evaluation of every workload's boundary against the catalog (CLI and Dagster)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from classifiers.catalog.views import DatasetRow
from classifiers.config import WardenConfig
from classifiers.model import Sensitivity
from lineage.boundaries import boundary_findings
from lineage.catalog_view import dataset_states
from lineage.model import BoundaryFinding, DatasetState, Edge, Workload
from lineage.propagation import inherited_levels
from lineage.refs import matches
from lineage.workloads import declared_edges, workload_from_config


@dataclass(frozen=True)
class BoundaryReport:
    workloads: tuple[Workload, ...]
    findings: tuple[BoundaryFinding, ...]
    datasets: tuple[DatasetState, ...]
    inherited: dict[str, Sensitivity]

    @property
    def violations(self) -> list[BoundaryFinding]:
        return [f for f in self.findings if not f.accepted]

    @property
    def accepted(self) -> list[BoundaryFinding]:
        return [f for f in self.findings if f.accepted]


def ceilings(config: WardenConfig) -> dict[str, Sensitivity]:
    b = config.boundaries
    return {
        "public": b.public,
        "all_employees": b.all_employees,
        "restricted": b.restricted,
        "privileged": b.privileged,
    }


def workloads_of(config: WardenConfig) -> list[Workload]:
    return [workload_from_config(w) for w in config.workloads]


def with_observed_inputs(workloads: Sequence[Workload], observed: Sequence[Edge]) -> list[Workload]:
    """A declared workload also reads what OpenLineage saw it read."""
    extra: dict[str, list[str]] = {}
    for edge in observed:
        if edge.target.startswith("workload:"):
            extra.setdefault(edge.target.split(":", 1)[1], []).append(edge.source)
    return [
        replace(w, inputs=tuple(dict.fromkeys((*w.inputs, *extra.get(w.name, ())))))
        for w in workloads
    ]


def evaluate(
    config: WardenConfig, rows: Iterable[DatasetRow], today: date, observed: Sequence[Edge] = ()
) -> BoundaryReport:
    workloads = with_observed_inputs(workloads_of(config), observed)
    datasets = dataset_states(rows, config.boundaries.world_readable_is_public)
    edges = [*declared_edges(workloads), *observed]
    inherited = inherited_levels(edges, datasets)
    findings = boundary_findings(workloads, datasets, today, ceilings(config), inherited)
    return BoundaryReport(tuple(workloads), tuple(findings), tuple(datasets), inherited)


def readers_of(dataset: DatasetState, workloads: Iterable[Workload]) -> list[Workload]:
    """The workloads whose declared inputs include this dataset."""
    return [w for w in workloads if any(matches(ref, dataset) for ref in w.inputs)]
