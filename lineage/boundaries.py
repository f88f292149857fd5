"""Boundaries: each audience has a ceiling; inputs above it, unscanned, or public are flagged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from classifiers.model import Sensitivity
from lineage.model import BoundaryException, BoundaryFinding, DatasetState, Workload
from lineage.refs import matches, resolve

DEFAULT_CEILINGS: Mapping[str, Sensitivity] = {
    "public": Sensitivity.PUBLIC,
    "all_employees": Sensitivity.GENERAL,
    "restricted": Sensitivity.CONFIDENTIAL,
    "privileged": Sensitivity.HIGHLY_CONFIDENTIAL,
}


def ceiling(audience: str, ceilings: Mapping[str, Sensitivity] = DEFAULT_CEILINGS) -> Sensitivity:
    return ceilings[audience.split(":", 1)[0]]


def _problems(dataset: DatasetState, top: Sensitivity) -> list[tuple[str, str]]:
    """(kind, reason) for one input; fail closed on anything not scanned."""
    if dataset.status != "ok" or dataset.level is None:
        what = "could not be read" if dataset.status == "error" else "was never scanned"
        if dataset.kind == "artifact" and dataset.status != "error":
            what = (
                f"is a model {'; '.join(dataset.reasons)}"
                if dataset.reasons
                else "is a model with no declared training data (outputs: of a training workload)"
            )
        return [("unscanned", f"{dataset.ref} {what}: its level is unknown (fail closed)")]
    found = []
    if dataset.level > top:
        why = f" ({'; '.join(dataset.reasons)})" if dataset.reasons else ""
        found.append(
            (
                "above_ceiling",
                f"{dataset.ref} is {dataset.level.label}{why}, above the ceiling {top.label}",
            )
        )
    if dataset.public_location and dataset.level > Sensitivity.GENERAL:
        found.append(
            ("public_location", f"{dataset.ref} is {dataset.level.label} and publicly readable")
        )
    if dataset.kind == "artifact":
        # A served model is fixed by retraining on sanitized data, not by sanitizing the model:
        # its own kinds keep it out of what a sanitized copy can fix.
        return [(f"model_{kind}", reason) for kind, reason in found]
    return found


def _exception(workload: Workload, dataset: DatasetState) -> BoundaryException | None:
    return next((e for e in workload.exceptions if matches(e.dataset, dataset)), None)


def workload_findings(
    workload: Workload,
    datasets: Sequence[DatasetState],
    today: date,
    ceilings: Mapping[str, Sensitivity] = DEFAULT_CEILINGS,
    inherited: Mapping[str, Sensitivity] | None = None,
) -> list[BoundaryFinding]:
    """Every boundary problem of one workload's inputs; exceptions mark accepted risks."""
    top = ceiling(workload.audience, ceilings)
    owners = tuple(dict.fromkeys((*workload.owners,)))
    findings = []
    for reference in workload.inputs:
        found = resolve(reference, datasets)
        if not found:
            findings.append(
                BoundaryFinding(
                    workload.name,
                    reference,
                    None,
                    top,
                    f"{reference} matches no dataset in the catalog (fail closed)",
                    "no_match",
                    owners,
                )
            )
        for dataset in found:
            dataset = _with_inherited(dataset, inherited or {})
            for kind, reason in _problems(dataset, top):
                exception = _exception(workload, dataset)
                accepted = exception is not None and exception.active(today)
                if exception is not None and not accepted:
                    reason += (
                        f"; the exception approved by {exception.approver} expired on "
                        f"{exception.expires.isoformat()}"
                    )
                findings.append(
                    BoundaryFinding(
                        workload.name,
                        dataset.ref,
                        dataset.level,
                        top,
                        reason,
                        kind,
                        tuple(dict.fromkeys((*owners, *dataset.owners))),
                        accepted,
                        exception if accepted else None,
                    )
                )
    return findings


def _with_inherited(dataset: DatasetState, inherited: Mapping[str, Sensitivity]) -> DatasetState:
    """An unscanned derived dataset takes the level its parents pass on."""
    level = inherited.get(dataset.ref)
    if level is None or dataset.status == "ok":
        return dataset
    return replace(dataset, level=level, status="ok")


def boundary_findings(
    workloads: Iterable[Workload],
    datasets: Sequence[DatasetState],
    today: date,
    ceilings: Mapping[str, Sensitivity] = DEFAULT_CEILINGS,
    inherited: Mapping[str, Sensitivity] | None = None,
) -> list[BoundaryFinding]:
    return [
        f for w in workloads for f in workload_findings(w, datasets, today, ceilings, inherited)
    ]
