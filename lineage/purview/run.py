"""One publish of the catalog to Purview, or its dry run: the CLI and Dagster both call this."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from classifiers.catalog.lineage_store import LineageStore
from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from lineage.evaluate import workloads_of
from lineage.purview.plan import PublishPlan, plan_publish
from lineage.purview.publish import (
    BATCH_ENTITIES,
    PublishSummary,
    account_types,
    apply_plan,
    ensure_typedefs,
    now,
    system_classifications,
)
from lineage.purview.state import PublishState, RunRecord


@dataclass(frozen=True)
class PublishResult:
    summary: PublishSummary
    run_id: int


def _plan(
    store: CatalogStore,
    config: WardenConfig,
    endpoint: str,
    system: frozenset[str] | None,
    source: str | None,
) -> PublishPlan:
    """The plan; `system` None means: the system classifications earlier publishes confirmed."""
    observed = [e for e in LineageStore(store).edges() if e.origin == "observed"]
    previous = PublishState(store).published(endpoint)
    if system is None:
        sent = {c for p in previous.values() for names in p.classifications.values() for c in names}
        system = system_classifications(sent)
    return plan_publish(store.details(), workloads_of(config), observed, previous, system, source)


def dry_run(
    store: CatalogStore,
    config: WardenConfig,
    endpoint: str,
    source: str | None = None,
    batch: int = BATCH_ENTITIES,
) -> dict[str, Any]:
    """The request bodies a publish would send, without any network call. Purview system
    (MICROSOFT.*) classifications appear only where an earlier publish to this endpoint found
    them defined: only the account can say which it defines."""
    plan = _plan(store, config, endpoint, None, source)
    return {
        "endpoint": endpoint,
        "typedefs": plan.typedefs,
        "entities": [plan.body(group) for group in plan.batches(batch)],
        "delete": [{"typeName": t, "qualifiedName": q} for t, q in plan.delete],
        "classifications": [
            {
                "typeName": c.type_name,
                "qualifiedName": c.qualified_name,
                "add": list(c.add),
                "remove": list(c.remove),
            }
            for c in plan.changes
        ],
        "unchanged": plan.unchanged,
    }


def publish(
    store: CatalogStore,
    config: WardenConfig,
    endpoint: str,
    client: Any,
    source: str | None = None,
    batch: int = BATCH_ENTITIES,
    collection: str | None = None,
) -> PublishResult:
    """Publish what changed since the last publish to this endpoint; record state and summary."""
    started, summary, state = now(), PublishSummary(), PublishState(store)
    defined = account_types(client)
    plan = _plan(store, config, endpoint, system_classifications(defined), source)
    typed = ensure_typedefs(client, plan, defined, state.typedefs_digest(endpoint), summary)
    if typed:
        apply_plan(client, plan, summary, batch, collection)
    record = RunRecord(
        endpoint,
        started,
        now(),
        plan.typedefs_digest if typed else None,
        summary.counts(),
        tuple(summary.errors),
    )
    run_id = state.record(record, summary.sent, summary.forgotten, summary.owned)
    return PublishResult(summary, run_id)


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False)
