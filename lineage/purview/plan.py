"""Change detection: what to send, delete, classify and unclassify, from the catalog and state."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from classifiers.catalog.views import DatasetDetail
from lineage.model import Edge, Workload
from lineage.purview.entities import Body, PublishItem, dataset_item
from lineage.purview.state import Published
from lineage.purview.typedefs import type_definitions
from lineage.purview.workloads import workload_items


@dataclass(frozen=True)
class ClassificationChange:
    """Classifications to add to, or remove from, an entity Purview already has."""

    type_name: str
    qualified_name: str
    add: tuple[str, ...]
    remove: tuple[str, ...]
    want: tuple[str, ...] = ()  # every classification Warden means the entity to carry
    had: tuple[str, ...] = ()  # those Warden attached before (others are not Warden's)


@dataclass(frozen=True)
class PublishPlan:
    typedefs: dict[str, list[dict[str, Any]]]
    typedefs_digest: str
    send: tuple[PublishItem, ...]  # new or changed since the last publish; datasets first
    unchanged: int
    delete: tuple[tuple[str, str], ...]  # (type name, qualifiedName), columns before datasets
    forget: tuple[str, ...]  # state entries (item qualifiedNames) whose datasets are gone
    changes: tuple[ClassificationChange, ...]
    new_entities: frozenset[str]  # qualifiedNames Purview does not have yet (per the state)

    def batches(self, size: int) -> list[list[PublishItem]]:
        """Items in groups of about `size` entities; an item's entities stay together."""
        groups: list[list[PublishItem]] = []
        count = size
        for item in self.send:
            if count + len(item.entities) > size or (
                groups and _kind(groups[-1][0]) != _kind(item)
            ):
                groups.append([])
                count = 0
            groups[-1].append(item)
            count += len(item.entities)
        return groups

    def body(self, batch: Sequence[PublishItem]) -> Body:
        """The bulk upsert request body of one batch."""
        entities = [e for item in batch for e in item.bodies(set(self.new_entities))]
        return {"entities": entities, "referredEntities": {}}


def _kind(item: PublishItem) -> str:
    return "workload" if item.source is None else "dataset"


def plan_publish(
    details: Sequence[DatasetDetail],
    workloads: Sequence[Workload],
    observed: Iterable[Edge],
    previous: Mapping[str, Published],
    system: frozenset[str],
    source: str | None = None,
) -> PublishPlan:
    """Compare what the catalog says now with what was last sent; `source` limits the datasets
    considered (workloads are always published)."""
    datasets = [dataset_item(d, system) for d in details]
    live = {item.name.qualified_name for item in datasets}
    scoped = [item for item in datasets if source is None or item.source == source]
    changed = [item for item in scoped if _changed(item, previous)]
    sendable = {item.name.qualified_name for item in changed} | set(previous)
    names = {
        (item.source or "", item.path): (d.row.uri, item.name)
        for d, item in zip(details, datasets, strict=True)
        if item.name.qualified_name in sendable
    }
    workload_list = workload_items(workloads, observed, names)
    live |= {item.name.qualified_name for item in workload_list}
    changed += [item for item in workload_list if _changed(item, previous)]
    gone = [
        p
        for p in previous.values()
        if p.qualified_name not in live
        and (p.source is None or source is None or p.source == source)
    ]
    delete = [(t, q) for p in gone for q, t in _children_first(p.entities)]
    new: set[str] = set()
    changes = []
    for item in changed:
        before = previous.get(item.name.qualified_name)
        old_entities = before.entities if before else {}
        delete += [(t, q) for q, t in _children_first(old_entities) if q not in item.types]
        new |= {q for q in item.types if q not in old_entities}
        changes += _classification_changes(item, before, old_entities)
    typedefs = type_definitions(_entity_types(details))
    digest = hashlib.sha256(json.dumps(typedefs, sort_keys=True).encode()).hexdigest()
    return PublishPlan(
        typedefs,
        digest,
        tuple(changed),
        len(scoped) + len(workload_list) - len(changed),
        tuple(delete),
        tuple(p.qualified_name for p in gone),
        tuple(changes),
        frozenset(new),
    )


def _changed(item: PublishItem, previous: Mapping[str, Published]) -> bool:
    before = previous.get(item.name.qualified_name)
    return before is None or before.digest != item.digest


def _children_first(entities: Mapping[str, str]) -> list[tuple[str, str]]:
    """Columns, then schemas, then the dataset: the order that leaves no dangling reference."""
    order = {"column": 0, "tabular_schema": 1}
    return sorted(entities.items(), key=lambda kv: (order.get(kv[1], 2), kv[0]))


def _classification_changes(
    item: PublishItem, before: Published | None, old_entities: Mapping[str, str]
) -> list[ClassificationChange]:
    if before is None:
        return []
    found = []
    for qualified, type_name in item.types.items():
        if qualified not in old_entities:
            continue  # new to Purview: its classifications travel in the upsert body
        want = item.classifications.get(qualified, ())
        had = before.classifications.get(qualified, ())
        add = tuple(c for c in want if c not in had)
        remove = tuple(c for c in had if c not in want)
        if add or remove:
            found.append(ClassificationChange(type_name, qualified, add, remove, want, had))
    return found


def _entity_types(details: Iterable[DatasetDetail]) -> set[str]:
    found: set[str] = set()
    for detail in details:
        found.update(detail.row.entities)
        for column in detail.columns:
            found.update(column.entity_types)
    return found
