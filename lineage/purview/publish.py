"""Send a publish plan to a Purview account: typedefs, deletes, bulk upserts, classifications."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

from lineage.purview.classify import adopted, reclassify
from lineage.purview.entities import PublishItem
from lineage.purview.plan import PublishPlan
from lineage.purview.typedefs import SYSTEM_CLASSIFICATIONS, names_of, only

log = logging.getLogger(__name__)
BATCH_ENTITIES = 100  # entities per bulk upsert; Purview accepts more, smaller batches fail less


@dataclass
class PublishSummary:
    """What one publish did; `failed` counts entities (and calls) the account refused."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    failed: int = 0
    unchanged: int = 0
    classifications_added: int = 0
    classifications_removed: int = 0
    typedefs_created: int = 0
    typedefs_updated: int = 0
    errors: list[str] = field(default_factory=list)
    sent: list[PublishItem] = field(default_factory=list)
    owned: dict[str, tuple[str, ...]] = field(default_factory=dict)  # qualifiedName -> Warden's
    forgotten: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        keys = (
            "created",
            "updated",
            "deleted",
            "failed",
            "unchanged",
            "classifications_added",
            "classifications_removed",
            "typedefs_created",
            "typedefs_updated",
        )
        return {key: int(getattr(self, key)) for key in keys}

    def line(self) -> str:
        c = self.counts()
        return (
            f"purview: {c['created']} created, {c['updated']} updated, {c['deleted']} "
            f"deleted, {c['failed']} failed, {c['unchanged']} unchanged; classifications "
            f"+{c['classifications_added']} -{c['classifications_removed']}"
        )

    def fail(self, what: str, error: Exception, entities: int = 1) -> None:
        self.failed += entities
        message = getattr(error, "message", None) or str(error)
        self.errors.append(
            f"{what}: {message.splitlines()[0] if message else type(error).__name__}"
        )
        log.warning("purview: %s failed: %s", what, message)


def account_types(client: Any) -> set[str]:
    """Names of every type the account defines (one light call: type headers)."""
    return {header["name"] for header in client.type_definition.get_headers()}


def system_classifications(defined: set[str]) -> frozenset[str]:
    return frozenset(name for name in SYSTEM_CLASSIFICATIONS.values() if name in defined)


def ensure_typedefs(
    client: Any,
    plan: PublishPlan,
    defined: set[str],
    last_digest: str | None,
    summary: PublishSummary,
) -> bool:
    """Create Warden's missing typedefs; update existing ones when they changed since the last
    run. False when the account refused them (entities would then fail too)."""
    ours = names_of(plan.typedefs)
    missing, present = ours - defined, ours & defined
    try:
        if missing:
            client.type_definition.batch_create(only(plan.typedefs, missing))
            summary.typedefs_created = len(missing)
        if present and last_digest != plan.typedefs_digest:
            client.type_definition.batch_update(only(plan.typedefs, present))
            summary.typedefs_updated = len(present)
    except HttpResponseError as error:
        summary.fail("type definitions", error, entities=sum(len(i.entities) for i in plan.send))
        return False
    return True


def apply_plan(
    client: Any, plan: PublishPlan, summary: PublishSummary, batch: int, collection: str | None
) -> None:
    """Deletes, upserts in batches, then classification changes; failures are counted and the
    rest goes on, so one refused dataset does not hold back the others."""
    summary.unchanged = plan.unchanged
    kept = {q for t, q in plan.delete if not _delete(client, t, q, summary)}
    summary.forgotten = [q for q in plan.forget if q not in kept]  # a failed one is retried
    refused: set[str] = set()
    changes = list(plan.changes)
    for group in plan.batches(batch):
        updated = _upsert(client, plan, group, summary, collection)
        if updated is None:
            refused |= {q for item in group for q in item.types}
            continue
        summary.sent.extend(group)
        changes += [c for item in group for c in adopted(item, plan.new_entities, updated)]
    unfinished = set()
    for change in changes:
        if change.qualified_name in refused:
            continue
        owned = reclassify(client, change, summary)
        if owned is None:
            unfinished.add(change.qualified_name)
        else:
            summary.owned[change.qualified_name] = owned
    # An item with a classification call that failed is not recorded: the next run retries it.
    summary.sent = [item for item in summary.sent if not unfinished & set(item.types)]


def _delete(client: Any, type_name: str, qualified: str, summary: PublishSummary) -> bool:
    try:
        client.entity.delete_by_unique_attribute(type_name, attribute=qualified)
    except ResourceNotFoundError:
        pass  # already gone: the goal is reached
    except HttpResponseError as error:
        summary.fail(f"delete {qualified}", error)
        return False
    summary.deleted += 1
    return True


def _upsert(
    client: Any,
    plan: PublishPlan,
    group: Sequence[PublishItem],
    summary: PublishSummary,
    collection: str | None,
) -> set[str] | None:
    """The qualifiedNames the account already had (updated), or None when it refused."""
    body = plan.body(group)
    try:
        result = client.entity.batch_create_or_update(
            body, collection_id=collection, business_attribute_update_behavior="merge"
        )
    except HttpResponseError as error:
        summary.fail(f"upsert of {len(group)} items", error, entities=len(body["entities"]))
        return None
    mutated = result.get("mutatedEntities") or {}
    updated = [*(mutated.get("UPDATE") or []), *(mutated.get("PARTIAL_UPDATE") or [])]
    summary.created += len(mutated.get("CREATE") or [])
    summary.updated += len(updated)
    return {(h.get("attributes") or {}).get("qualifiedName", "") for h in updated}


def now() -> datetime:
    return datetime.now(UTC)
