"""What to tell whom: a notice per drift event or boundary finding, with its recipients.

A notice is built from the event's fields only (paths, levels, entity type names, column
names, ratios), never from data values; scan error messages are left out because a reader's
error can quote the cell it failed on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from classifiers.catalog.lineage_views import AlertMessage
from lineage.model import BoundaryFinding, DatasetState, DriftEvent, Workload
from lineage.refs import matches

DRIFT_TITLES = {
    "new_entity": "new entity type found",
    "entity_gone": "entity type no longer found",
    "level_up": "sensitivity level raised",
    "level_down": "sensitivity level lowered",
    "ratio_jump": "match ratio jumped",
    "new_sensitive_column": "new sensitive column",
    "scan_error": "latest scan failed",
}
BOUNDARY_TITLES = {
    "above_ceiling": "above the audience ceiling",
    "unscanned": "input not scanned",
    "public_location": "sensitive data in a public location",
    "no_match": "input matches no dataset",
    "model_above_ceiling": "model trained on data above the audience ceiling",
    "model_public_location": "model trained on sensitive data in a public location",
}


@dataclass(frozen=True)
class Notice:
    """One event to tell its recipients about (owners: emails or team:NAME)."""

    key: str  # the event's stable key: the same event is never sent twice to one recipient
    subject: str
    lines: tuple[str, ...]
    recipients: tuple[str, ...]
    facts: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> AlertMessage:
        return AlertMessage(self.subject, self.lines, self.facts)


def _unique(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(owner for group in groups for owner in group))


def notices_for_drift(
    events: Iterable[DriftEvent], workloads: Iterable[Workload], datasets: Iterable[DatasetState]
) -> list[Notice]:
    """A notice per event for the owners of the dataset and of every workload reading it."""
    known = {(d.source, d.path): d for d in datasets}
    every = list(workloads)
    notices = []
    for event in events:
        dataset = known.get((event.source, event.path))
        readers = [] if dataset is None else [w for w in every if _reads(w, dataset)]
        owners = _unique(*(w.owners for w in readers), dataset.owners if dataset else ())
        notices.append(_drift_notice(event, tuple(w.name for w in readers), owners))
    return notices


def _reads(workload: Workload, dataset: DatasetState) -> bool:
    return any(matches(reference, dataset) for reference in workload.inputs)


def _drift_notice(event: DriftEvent, readers: tuple[str, ...], owners: tuple[str, ...]) -> Notice:
    ref = f"{event.source}:{event.path}"
    title = DRIFT_TITLES.get(event.type, event.type.replace("_", " "))
    reasons = () if event.type == "scan_error" else event.reasons
    read_by = f"read by {', '.join(readers)}" if readers else "read by no known workload"
    facts = (
        ("dataset", ref),
        ("change", event.type),
        ("before", event.before),
        ("after", event.after),
        ("versions", f"{event.from_version} -> {event.to_version}"),
        ("workloads", ", ".join(readers) or "-"),
    )
    subject = f"{ref}: {title} ({event.before} -> {event.after})"
    return Notice(event.key, subject, (*reasons, read_by), owners, facts)


def notices_for_boundaries(findings: Iterable[BoundaryFinding]) -> list[Notice]:
    """A notice per finding not covered by an active exception, for the finding's owners."""
    return [_boundary_notice(f) for f in findings if not f.accepted]


def _boundary_notice(finding: BoundaryFinding) -> Notice:
    level = finding.level.label if finding.level is not None else "unknown"
    title = BOUNDARY_TITLES.get(finding.kind, finding.kind.replace("_", " "))
    facts = (
        ("workload", finding.workload),
        ("dataset", finding.dataset),
        ("problem", finding.kind),
        ("level", level),
        ("ceiling", finding.ceiling.label),
    )
    subject = f"{finding.workload} reads {finding.dataset}: {title}"
    lines = (finding.reason, f"level {level}, ceiling {finding.ceiling.label}")
    return Notice(finding.key, subject, lines, finding.owners, facts)
