"""External AssetSpecs for AI workloads, with deps on the datasets they read."""

from collections import defaultdict
from collections.abc import Sequence

import dagster as dg

from lineage.evaluate import BoundaryReport, ceilings
from lineage.model import Workload
from lineage.refs import resolve
from pipelines.keys import dataset_key, level_tag, name_part

GROUP = "ai_workloads"


def workload_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["workloads", name_part(name)])


def _audience_tags(audience: str) -> dict[str, str]:
    kind, _, group = audience.partition(":")
    tags = {"audience": kind}
    if group:
        tags["audience_group"] = name_part(group)
    return tags


def workload_spec(workload: Workload, report: BoundaryReport, top: str) -> dg.AssetSpec:
    inputs = [d for ref in workload.inputs for d in resolve(ref, report.datasets)]
    deps = list(dict.fromkeys(dataset_key(d.source, d.path) for d in inputs))
    violations = [f for f in report.violations if f.workload == workload.name]
    description = (
        f"{workload.kind} workload for audience '{workload.audience}' (ceiling {top}). "
        f"Reads {len(deps)} datasets. {workload.description}"
    ).strip()
    return dg.AssetSpec(
        key=workload_key(workload.name),
        deps=deps,
        description=description,
        group_name=GROUP,
        owners=list(workload.owners),
        tags={
            **_audience_tags(workload.audience),
            "workload_kind": name_part(workload.kind),
            "within_boundary": str(not violations).lower(),
        },
        kinds={"ai"},
        metadata={
            "warden/audience": workload.audience,
            "warden/ceiling": top,
            "warden/inputs": dg.MetadataValue.json(list(workload.inputs)),
        },
    )


def output_deps(report: BoundaryReport) -> dict[dg.AssetKey, list[dg.AssetKey]]:
    """Derived datasets (workload outputs) depend on the workload that writes them."""
    deps: dict[dg.AssetKey, list[dg.AssetKey]] = defaultdict(list)
    for workload in report.workloads:
        for reference, _masking in workload.outputs:
            for dataset in resolve(reference, report.datasets):
                deps[dataset_key(dataset.source, dataset.path)].append(workload_key(workload.name))
    return deps


def workload_specs(report: BoundaryReport, config_ceilings: dict) -> Sequence[dg.AssetSpec]:
    specs = []
    for workload in report.workloads:
        kind = workload.audience.split(":", 1)[0]
        specs.append(workload_spec(workload, report, config_ceilings[kind].label))
    return specs


__all__ = ["ceilings", "level_tag", "output_deps", "workload_key", "workload_specs"]
