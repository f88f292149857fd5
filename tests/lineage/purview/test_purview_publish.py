"""Publishing a scanned estate to a local Atlas v2 server, read back through DataMapClient."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from azure.purview.datamap import DataMapClient

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from lineage.purview.names import column_name, dataset_name, workload_name
from lineage.purview.run import dry_run, publish
from lineage.purview.state import PublishState
from lineage.purview.typedefs import BUSINESS_METADATA
from tests.lineage.purview.conftest import local_client
from tests.purview_server import AtlasState

KNOWN_VALUES = Path(__file__).resolve().parents[3] / "sample_data" / "known_values.txt"


def _entity(client: DataMapClient, type_name: str, qualified: str) -> dict[str, Any]:
    return dict(client.entity.get_by_unique_attribute(type_name, attribute=qualified)["entity"])


def _classes(entity: dict[str, Any]) -> set[str]:
    return {c["typeName"] for c in entity.get("classifications") or []}


def _uri(store: CatalogStore, path: str) -> str:
    detail = store.dataset(f"sample:{path}")
    assert detail is not None
    return detail.row.uri


def test_publish_yields_datasets_columns_classifications_levels_and_lineage(
    catalog: CatalogStore, config: WardenConfig, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    client = local_client(endpoint)
    result = publish(catalog, config, endpoint, client)
    assert state.refused == [], state.refused
    assert result.summary.failed == 0 and result.summary.errors == []
    assert result.summary.created == len(state.entities) > 0

    customers = catalog.dataset("sample:crm/customers.csv")
    assert customers is not None
    name = dataset_name(customers.row.uri)
    entity = _entity(client, "warden_dataset", name.qualified_name)
    assert entity["attributes"]["name"] == "customers.csv"
    level = entity["businessAttributes"][BUSINESS_METADATA]
    assert level["level"] == customers.row.sensitivity.label  # type: ignore[union-attr]
    assert 0 < level["coverage"] <= 1 and level["rulesVersion"] == customers.rules_version
    assert "WARDEN.EMAIL_ADDRESS" in _classes(entity)
    # The server defines MICROSOFT.PERSONAL.EMAIL but not MICROSOFT.PERSONAL.NAME.
    assert "MICROSOFT.PERSONAL.EMAIL" in _classes(entity)
    assert "WARDEN.PERSON" in _classes(entity) and "MICROSOFT.PERSONAL.NAME" not in _classes(entity)
    for column in customers.columns:
        published = _entity(client, "column", column_name(name, column.column).qualified_name)
        warden = {c for c in _classes(published) if c.startswith("WARDEN.")}
        assert warden == {f"WARDEN.{e}" for e in column.entity_types}, column.column
        assert published["businessAttributes"][BUSINESS_METADATA]["level"] == (
            column.sensitivity.label
        )

    payments = dataset_name(_uri(catalog, "finance/payments.csv"))
    card_columns = [
        e
        for e in state.entities.values()
        if e["attributes"]["qualifiedName"].startswith(payments.qualified_name + "#")
        and "WARDEN.CREDIT_CARD" in e["classifications"]
    ]
    assert card_columns
    assert all(
        "MICROSOFT.FINANCIAL.CREDIT_CARD_NUMBER" in e["classifications"] for e in card_columns
    )

    workload = workload_name("churn-training")
    graph = client.lineage.get_by_unique_attribute(
        "ai_workload", direction="BOTH", attribute=workload.qualified_name
    )
    names = {g: h["attributes"]["qualifiedName"] for g, h in graph["guidEntityMap"].items()}
    edges = {(names[r["fromEntityId"]], names[r["toEntityId"]]) for r in graph["relations"]}
    model = dataset_name(_uri(catalog, "models/churn_model.pkl"), artifact=True)
    assert (name.qualified_name, workload.qualified_name) in edges
    assert (payments.qualified_name, workload.qualified_name) in edges
    assert (workload.qualified_name, model.qualified_name) in edges
    artifact = _entity(client, "warden_ai_artifact", model.qualified_name)
    report = catalog.dataset("sample:models/churn_model.pkl").row.artifact  # type: ignore[union-attr]
    assert report is not None
    assert artifact["attributes"]["verdict"] == report.verdict.value

    sent = json.dumps([body for _, _, body in state.requests])
    for value in KNOWN_VALUES.read_text(encoding="utf-8").splitlines():
        assert not value or value not in sent  # nothing raw left the catalog


def test_second_publish_with_nothing_changed_sends_no_entity(
    catalog: CatalogStore, config: WardenConfig, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    client = local_client(endpoint)
    first = publish(catalog, config, endpoint, client)
    state.requests.clear()
    second = publish(catalog, config, endpoint, client)
    assert [(method, path) for method, path, _ in state.requests] == [
        ("GET", "types/typedefs/headers")
    ]
    assert second.summary.counts()["created"] == second.summary.counts()["updated"] == 0
    assert second.summary.unchanged == first.summary.unchanged + len(first.summary.sent)
    runs = PublishState(catalog).runs()
    assert [r.counts["created"] for r in runs] == [first.summary.created, 0]


def test_a_deleted_dataset_is_deleted_with_its_schema_and_columns(
    catalog: CatalogStore, config: WardenConfig, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    client = local_client(endpoint)
    publish(catalog, config, endpoint, client)
    name = dataset_name(_uri(catalog, "crm/customers.csv"))
    before = {e["attributes"]["qualifiedName"] for e in state.entities.values()}
    owned = {
        q for q in before if q == name.qualified_name or q.startswith(name.qualified_name + "#")
    }
    assert len(owned) > 3
    present = [r.path for r in catalog.datasets("sample") if r.path != "crm/customers.csv"]
    assert catalog.mark_deleted("sample", present) == 1  # what a scan does when a file goes

    result = publish(catalog, config, endpoint, client)
    after = {e["attributes"]["qualifiedName"] for e in state.entities.values()}
    assert after == before - owned
    assert result.summary.deleted == len(owned) and result.summary.failed == 0
    assert name.qualified_name not in PublishState(catalog).published(endpoint)
    # The workload that read it is re-sent without it.
    workload = _entity(client, "ai_workload", workload_name("churn-training").qualified_name)
    assert len(workload["attributes"]["inputs"]) == 1


def test_429_and_503_are_retried_with_backoff(
    catalog: CatalogStore, config: WardenConfig, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    state.failures += [("entity/bulk", 429), ("entity/bulk", 503), ("types/typedefs", 429)]
    result = publish(catalog, config, endpoint, local_client(endpoint))
    assert result.summary.failed == 0 and state.failures == []
    posts = [p for m, p, _ in state.requests if m == "POST" and p == "entity/bulk"]
    assert len(posts) == len(result.summary.sent and posts)  # every batch got through
    assert len(posts) >= 3  # the first batch was sent three times


def test_a_refused_batch_is_counted_and_sent_again_next_time(
    catalog: CatalogStore, config: WardenConfig, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    client = local_client(endpoint)
    state.failures.append(("entity/bulk", 400))  # not retried: a 400 will not change
    first = publish(catalog, config, endpoint, client)
    assert first.summary.failed > 0 and first.summary.errors
    second = publish(catalog, config, endpoint, client)
    assert second.summary.failed == 0 and second.summary.created == first.summary.failed


def test_dry_run_makes_no_call_and_shows_the_bodies(
    catalog: CatalogStore, config: WardenConfig, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    document = dry_run(catalog, config, endpoint)
    assert state.requests == []
    classifications = {d["name"] for d in document["typedefs"]["classificationDefs"]}
    assert "WARDEN.EMAIL_ADDRESS" in classifications
    entities = [e for batch in document["entities"] for e in batch["entities"]]
    assert {"warden_dataset", "tabular_schema", "column", "ai_workload"} <= {
        e["typeName"] for e in entities
    }
    text = json.dumps(document)
    assert all(v not in text for v in KNOWN_VALUES.read_text(encoding="utf-8").splitlines() if v)
    # What the dry run shows is what a publish sends.
    publish(catalog, config, endpoint, local_client(endpoint))
    sent = [b for m, p, b in state.requests if (m, p) == ("POST", "entity/bulk")]
    assert sum(len(b["entities"]) for b in sent) == len(entities)


def test_a_source_scoped_publish_deletes_only_within_that_source(
    catalog: CatalogStore, config: WardenConfig, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    client = local_client(endpoint)
    publish(catalog, config, endpoint, client)
    public = catalog.dataset("public:country_stats.csv")
    assert public is not None
    name = dataset_name(public.row.uri)
    assert catalog.mark_deleted("public", []) == 1
    state.requests.clear()
    other = publish(catalog, config, endpoint, client, source="sample")
    assert other.summary.deleted == 0 and not any(m == "DELETE" for m, _, _ in state.requests)
    assert _entity(client, "warden_dataset", name.qualified_name)
    own = publish(catalog, config, endpoint, client, source="public")
    assert own.summary.deleted >= 1 and own.summary.failed == 0
    assert name.qualified_name not in {
        e["attributes"]["qualifiedName"] for e in state.entities.values()
    }


def test_batches_keep_each_dataset_whole(
    catalog: CatalogStore, config: WardenConfig, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    result = publish(catalog, config, endpoint, local_client(endpoint), batch=10)
    assert result.summary.failed == 0
    bodies = [b for m, p, b in state.requests if (m, p) == ("POST", "entity/bulk")]
    assert len(bodies) > 3
    owner: dict[str, int] = {}
    for number, body in enumerate(bodies):
        names = [e["attributes"]["qualifiedName"] for e in body["entities"]]
        datasets = {q.split("#__tabular_schema", 1)[0] for q in names}  # a sheet keeps its #part
        assert len(names) <= 10 or len(datasets) == 1  # only a dataset alone may exceed it
        for dataset in datasets:
            assert owner.setdefault(dataset, number) == number  # never split over two requests
