"""Models inherit the sensitivity of the data they were trained on.

A training or fine-tuning workload's `artifact` outputs take the highest level of its inputs
(training data can be extracted from a model), with a reason a steward can read. A sanitized
copy (the output of a masking edge) passes on only its own scanned level, as propagation does.
An inference workload that lists the model among its inputs is then judged by that level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace

from classifiers.config.workloads import TRAINS
from classifiers.model import Sensitivity
from lineage.model import DatasetState, DriftEvent, Edge, ModelLevel, Workload
from lineage.refs import resolve

Levels = Mapping[str, Sensitivity]
Training = dict[str, list[tuple[Workload, list[DatasetState]]]]  # model -> (workload, inputs)


def training_of(workloads: Iterable[Workload], datasets: Sequence[DatasetState]) -> Training:
    """For each model (source:path), the workloads that write it and the datasets they read."""
    found: Training = defaultdict(list)
    for workload in workloads:
        if workload.kind not in TRAINS:
            continue
        inputs = [d for ref in workload.inputs for d in resolve(ref, datasets)]
        for reference, _masking in workload.outputs:
            for model in resolve(reference, datasets):
                if model.kind == "artifact":
                    found[model.ref].append((workload, inputs))
    return found


def current_levels(datasets: Iterable[DatasetState], inherited: Levels) -> dict[str, Sensitivity]:
    """Scanned levels, and inherited ones for what was not scanned (derived data, models)."""
    levels = dict(inherited)
    levels |= {d.ref: d.level for d in datasets if d.status == "ok" and d.level is not None}
    return levels


def sanitized_copies(edges: Iterable[Edge], datasets: Sequence[DatasetState]) -> set[str]:
    """Datasets written by a masking step: they pass on their own level, not their parents'."""
    return {d.ref for e in edges if e.masking for d in resolve(e.target, datasets)}


def model_levels(
    training: Training, levels: Levels, sanitized: AbstractSet[str] = frozenset()
) -> dict[str, ModelLevel]:
    """Each trained model's level: the highest of its training inputs' levels, with reasons."""
    models = {}
    for model, writers in training.items():
        known: list[Sensitivity] = []
        reasons: list[str] = []
        for workload, inputs in writers:
            level, reason = _trained(workload, inputs, levels, sanitized)
            reasons.append(reason)
            if level is not None:
                known.append(level)
        models[model] = ModelLevel(
            model,
            max(known) if known else None,
            tuple(reasons),
            tuple(w.name for w, _ in writers),
            tuple(dict.fromkeys(d.ref for _, inputs in writers for d in inputs)),
        )
    return models


def _trained(
    workload: Workload, inputs: Sequence[DatasetState], levels: Levels, sanitized: AbstractSet[str]
) -> tuple[Sensitivity | None, str]:
    if not inputs:
        return None, f"trained by {workload.name} on inputs that match no catalog dataset"
    known = {d.ref: levels[d.ref] for d in inputs if d.ref in levels}
    if not known:
        return None, f"trained by {workload.name} on data never scanned: level unknown"
    top = max(known.values())
    named = ", ".join(
        d.path + (" (sanitized copy)" if d.ref in sanitized else "")
        for d in inputs
        if known.get(d.ref) == top
    )
    reason = f"trained by {workload.name} on {named}, {top.label}"
    unknown = [d.path for d in inputs if d.ref not in known]
    if unknown:
        reason += f"; {', '.join(unknown)} never scanned: the level may be higher"
    return top, reason


def with_model_levels(
    datasets: Sequence[DatasetState], models: Mapping[str, ModelLevel]
) -> list[DatasetState]:
    """Artifacts take their inherited level, so boundaries judge a served model by its data."""
    out = []
    for dataset in datasets:
        model = models.get(dataset.ref)
        if dataset.kind == "artifact" and model is not None:
            dataset = replace(dataset, reasons=model.reasons)
            if model.level is not None:
                dataset = replace(dataset, level=model.level, status="ok")
        out.append(dataset)
    return out


def model_drift(
    events: Iterable[DriftEvent], training: Training, levels: Levels
) -> list[DriftEvent]:
    """A change of a training input's level that changes a model's level is the model's drift."""
    found = []
    for event in events:
        if event.type not in ("level_up", "level_down"):
            continue
        ref = f"{event.source}:{event.path}"
        was, now = _parse(event.before), _parse(event.after)
        if was is None or now is None:
            continue
        for model, writers in training.items():
            if not any(d.ref == ref for _, inputs in writers for d in inputs):
                continue
            before = _top(writers, {**levels, ref: was})
            after = _top(writers, {**levels, ref: now})
            if before is None or after is None or before == after:
                continue
            source, _, path = model.partition(":")
            names = ", ".join(w.name for w, inputs in writers if any(d.ref == ref for d in inputs))
            found.append(
                DriftEvent(
                    source,
                    path,
                    "level_up" if after > before else "level_down",
                    before.label,
                    after.label,
                    (
                        f"trained by {names} on {event.path}, whose level went from "
                        f"{event.before} to {event.after}",
                    ),
                    event.from_version,
                    event.to_version,
                )
            )
    return found


def _top(
    writers: Sequence[tuple[Workload, list[DatasetState]]], levels: Levels
) -> Sensitivity | None:
    known = [levels[d.ref] for _, inputs in writers for d in inputs if d.ref in levels]
    return max(known) if known else None


def _parse(label: str) -> Sensitivity | None:
    try:
        return Sensitivity.parse(label)
    except ValueError:
        return None
