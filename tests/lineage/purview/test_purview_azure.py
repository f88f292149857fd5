"""Azure objects land on Purview's own path types; classifications Warden stops finding go."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.model import (
    ColumnFinding,
    Coverage,
    DatasetFindings,
    EntityFinding,
    Sensitivity,
    StoredObject,
)
from lineage.purview.names import (
    ADLS_PATH,
    BLOB_PATH,
    WARDEN_ARTIFACT,
    WARDEN_DATASET,
    dataset_name,
)
from lineage.purview.run import publish
from tests.lineage.purview.conftest import local_client
from tests.purview_server import AtlasState

LAKE = "abfss://raw@contoso.dfs.core.windows.net/people/contacts%20eu.csv"
BLOB = "https://contoso.blob.core.windows.net/exports/2026/leads.csv"


@pytest.mark.parametrize(
    ("uri", "type_name", "qualified"),
    [
        (LAKE, ADLS_PATH, "https://contoso.dfs.core.windows.net/raw/people/contacts eu.csv"),
        (BLOB, BLOB_PATH, BLOB),
        (
            "https://Contoso.DFS.core.windows.net/fs/a.parquet",
            ADLS_PATH,
            "https://contoso.dfs.core.windows.net/fs/a.parquet",
        ),
        ("file:///data/crm/customers.csv", WARDEN_DATASET, "file:///data/crm/customers.csv"),
        (
            "http://127.0.0.1:10000/devstoreaccount1/c/x.csv",
            WARDEN_DATASET,
            "http://127.0.0.1:10000/devstoreaccount1/c/x.csv",
        ),  # Azurite
    ],
)
def test_qualified_names(uri: str, type_name: str, qualified: str) -> None:
    name = dataset_name(uri)
    assert (name.type_name, name.qualified_name) == (type_name, qualified)


def test_an_artifact_is_a_warden_artifact_wherever_it_lives() -> None:
    assert dataset_name(BLOB, artifact=True).type_name == WARDEN_ARTIFACT


def _record(store: CatalogStore, uri: str, path: str, columns: dict[str, tuple[str, ...]]) -> None:
    """A classified object as a scan records it (the catalog's own write path)."""
    store.ensure_source("lake", "azure_blob", "abfss://raw@contoso.dfs.core.windows.net", False, [])
    scan = store.start_scan(["lake"], "sample", "polars", "rules-1")
    found = tuple(
        ColumnFinding(
            column=name,
            dtype="String",
            non_null=100,
            entities=tuple(EntityFinding(e, 0.95, 0.9, 90, 90, f"90 of 100 are {e}") for e in ents),
            sensitivity=Sensitivity.CONFIDENTIAL if ents else Sensitivity.GENERAL,
        )
        for name, ents in columns.items()
    )
    level = max((c.sensitivity for c in found), default=Sensitivity.GENERAL)
    findings = DatasetFindings(found, level, (), Coverage(100, 100, 4000, 4000, "sample"))
    digest = str(sorted(columns.items()))
    obj = StoredObject("lake", uri, path, 4000, 0.0, digest, "csv")
    store.record_result(scan, obj, findings, "rules-1", {})
    store.finish_scan(scan, "finished", {})


def test_a_classification_warden_no_longer_finds_is_removed(
    tmp_path: Path, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    client = local_client(endpoint)
    config = WardenConfig()
    with CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}") as store:
        _record(store, LAKE, "people/contacts eu.csv", {"email": ("EMAIL_ADDRESS",), "note": ()})
        _record(store, BLOB, "2026/leads.csv", {"card": ("CREDIT_CARD",)})
        first = publish(store, config, endpoint, client)
        assert first.summary.failed == 0 and state.refused == []
        lake = "https://contoso.dfs.core.windows.net/raw/people/contacts eu.csv"
        column = client.entity.get_by_unique_attribute(
            "column", attribute=f"{lake}#__tabular_schema//email"
        )
        names = {c["typeName"] for c in column["entity"]["classifications"]}
        assert names == {"WARDEN.EMAIL_ADDRESS", "MICROSOFT.PERSONAL.EMAIL"}
        blob = client.entity.get_by_unique_attribute(BLOB_PATH, attribute=BLOB)["entity"]
        assert "MICROSOFT.FINANCIAL.CREDIT_CARD_NUMBER" in {
            c["typeName"] for c in blob["classifications"]
        }

        # The next scan finds no email in the column any more, and a phone number instead.
        _record(store, LAKE, "people/contacts eu.csv", {"email": ("PHONE_NUMBER",), "note": ()})
        state.requests.clear()
        second = publish(store, config, endpoint, client)
        assert second.summary.failed == 0 and state.refused == [], state.refused
        entity = client.entity.get_by_unique_attribute(ADLS_PATH, attribute=lake)["entity"]
        column = client.entity.get_by_unique_attribute(
            "column", attribute=f"{lake}#__tabular_schema//email"
        )["entity"]
        for found in (entity, column):
            assert {c["typeName"] for c in found["classifications"]} == {"WARDEN.PHONE_NUMBER"}
        assert second.summary.classifications_removed == 4  # WARDEN + MICROSOFT, column + dataset
        assert second.summary.classifications_added == 2
        assert (
            second.summary.updated == 4 and second.summary.created == 0
        )  # dataset, schema, 2 cols
        # The blob dataset did not change: nothing of it was sent.
        assert all(BLOB not in str(body) for _, _, body in state.requests)
        typedefs = [b for m, p, b in state.requests if (m, p) == ("PUT", "types/typedefs")]
        assert "WARDEN.PHONE_NUMBER" not in str(typedefs)  # new types are created, not updated


def test_what_a_purview_scan_attached_stays_when_warden_stops_finding_it(
    tmp_path: Path, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    client = local_client(endpoint)
    card = "MICROSOFT.FINANCIAL.CREDIT_CARD_NUMBER"
    scanned = {
        "typeName": BLOB_PATH,
        "attributes": {"qualifiedName": BLOB, "name": "leads.csv"},
        "classifications": [{"typeName": card}],
    }
    client.entity.batch_create_or_update({"entities": [scanned]})  # Purview's own scan, first
    with CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}") as store:
        _record(store, BLOB, "2026/leads.csv", {"card": ("CREDIT_CARD",)})
        first = publish(store, WardenConfig(), endpoint, client)
        assert first.summary.failed == 0 and state.refused == [], state.refused
        blob = client.entity.get_by_unique_attribute(BLOB_PATH, attribute=BLOB)["entity"]
        assert {c["typeName"] for c in blob["classifications"]} == {card, "WARDEN.CREDIT_CARD"}

        _record(store, BLOB, "2026/leads.csv", {"card": ()})  # Warden finds no card any more
        second = publish(store, WardenConfig(), endpoint, client)
        assert second.summary.failed == 0
        blob = client.entity.get_by_unique_attribute(BLOB_PATH, attribute=BLOB)["entity"]
        assert {c["typeName"] for c in blob["classifications"]} == {card}  # Purview's stays
        column = client.entity.get_by_unique_attribute(
            "column", attribute=f"{BLOB}#__tabular_schema//card"
        )["entity"]
        assert column["classifications"] == []  # Warden put both there: both go
