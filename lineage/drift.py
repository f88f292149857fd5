"""Drift between two versions of a dataset: new or vanished entity types, level changes, jumps
in match ratio, new sensitive columns, scan errors, more unreadable records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from classifiers.model import Sensitivity
from lineage.model import DriftEvent

RATIO_JUMP = 0.2  # an absolute rise in a column's match ratio worth telling someone about


@dataclass(frozen=True)
class ReadHealth:
    """How many of the records a scan saw could not be read (skipped), of how many."""

    unreadable: int = 0
    seen: int = 0  # records read or counted, plus the unreadable ones

    @property
    def share(self) -> float:
        return self.unreadable / self.seen if self.seen else 0.0

    def __str__(self) -> str:
        return f"{self.unreadable:,} of {self.seen:,} records unreadable"


@dataclass(frozen=True)
class VersionSnapshot:
    """One stored version of a dataset, as drift compares it."""

    version_id: int
    status: str  # "ok" or "error"
    level: Sensitivity | None
    error: str | None = None
    columns: Mapping[str, Mapping[str, float]] = field(
        default_factory=dict
    )  # col -> entity -> ratio
    health: ReadHealth = ReadHealth()
    table_version: int | None = None  # a lake table's version (Delta, Lance) when read

    @property
    def entities(self) -> frozenset[str]:
        return frozenset(e for found in self.columns.values() for e in found)


def _level(snapshot: VersionSnapshot) -> str:
    return snapshot.level.label if snapshot.level is not None else "unknown"


def drift_events(
    source: str, path: str, before: VersionSnapshot, after: VersionSnapshot
) -> list[DriftEvent]:
    """Every change worth an alert from `before` to `after`."""

    versions = (before.table_version, after.table_version)
    between: tuple[str, ...] = ()
    if None not in versions and versions[0] != versions[1]:  # which table versions differ
        between = (f"between table versions {versions[0]} and {versions[1]}",)

    def event(kind: str, was: str, now: str, *reasons: str) -> DriftEvent:
        return DriftEvent(
            source, path, kind, was, now, reasons + between, before.version_id, after.version_id
        )

    if after.status == "error":
        return (
            []
            if before.status == "error"
            else [event("scan_error", _level(before), "error", after.error or "unreadable")]
        )
    if before.status == "error":
        return []
    events = []
    old, new = before.health, after.health
    if new.unreadable > old.unreadable and new.share > old.share:
        events.append(event("unreadable_records", str(old), str(new), f"{new}, was {old}"))
    if before.level is not None and after.level is not None and after.level != before.level:
        kind = "level_up" if after.level > before.level else "level_down"
        events.append(
            event(
                kind,
                _level(before),
                _level(after),
                f"level went from {_level(before)} to {_level(after)}",
            )
        )
    for entity in sorted(after.entities - before.entities):
        where = sorted(c for c, found in after.columns.items() if entity in found)
        events.append(event("new_entity", "-", entity, f"{entity} now found in {', '.join(where)}"))
    events += [
        event("entity_gone", entity, "-", f"{entity} no longer found")
        for entity in sorted(before.entities - after.entities)
    ]
    for column, found in sorted(after.columns.items()):
        if column not in before.columns and found:
            kinds = ", ".join(sorted(found))
            events.append(
                event("new_sensitive_column", "-", column, f"new column '{column}' holds {kinds}")
            )
            continue
        for entity, ratio in found.items():
            was = before.columns.get(column, {}).get(entity)
            if was is not None and ratio - was >= RATIO_JUMP:
                events.append(
                    event(
                        "ratio_jump",
                        f"{was:.0%}",
                        f"{ratio:.0%}",
                        f"{entity} in '{column}' rose from {was:.0%} to {ratio:.0%}",
                    )
                )
    return events
