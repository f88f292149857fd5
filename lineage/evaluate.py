"""One evaluation of every workload's boundary against the catalog (CLI and Dagster)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from classifiers.catalog.views import DatasetRow
from classifiers.config import WardenConfig
from classifiers.model import Sensitivity
from lineage.artifact_risk import artifact_risks
from lineage.boundaries import boundary_findings
from lineage.catalog_view import dataset_states
from lineage.model import ArtifactRisk, BoundaryFinding, DatasetState, Edge, ModelLevel, Workload
from lineage.model_lineage import (
    current_levels,
    model_levels,
    sanitized_copies,
    training_of,
    with_model_levels,
)
from lineage.propagation import inherited_levels
from lineage.refs import matches
from lineage.workloads import declared_edges, workload_from_config


@dataclass(frozen=True)
class BoundaryReport:
    workloads: tuple[Workload, ...]
    findings: tuple[BoundaryFinding, ...]
    datasets: tuple[DatasetState, ...]
    inherited: dict[str, Sensitivity]
    models: dict[str, ModelLevel] = field(default_factory=dict)  # trained models' levels
    artifact_risks: tuple[ArtifactRisk, ...] = ()

    @property
    def violations(self) -> list[BoundaryFinding]:
        return [f for f in self.findings if not f.accepted]

    @property
    def accepted(self) -> list[BoundaryFinding]:
        return [f for f in self.findings if f.accepted]

    @property
    def artifact_errors(self) -> list[ArtifactRisk]:
        return [r for r in self.artifact_risks if r.severity == "ERROR"]


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
    rows = list(rows)
    workloads = with_observed_inputs(workloads_of(config), observed)
    world_readable = config.boundaries.world_readable_is_public
    datasets = dataset_states(rows, world_readable)
    edges = [*declared_edges(workloads), *observed]
    inherited = inherited_levels(edges, datasets)
    training = training_of(workloads, datasets)
    levels = current_levels(datasets, inherited)
    models = model_levels(training, levels, sanitized_copies(edges, datasets))
    datasets = with_model_levels(datasets, models)
    findings = boundary_findings(workloads, datasets, today, ceilings(config), inherited)
    risks = artifact_risks(rows, config.artifacts, world_readable, models)
    return BoundaryReport(
        tuple(workloads), tuple(findings), tuple(datasets), inherited, models, tuple(risks)
    )


def readers_of(dataset: DatasetState, workloads: Iterable[Workload]) -> list[Workload]:
    """The workloads whose declared inputs include this dataset."""
    return [w for w in workloads if any(matches(ref, dataset) for ref in w.inputs)]
