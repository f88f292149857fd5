"""Against a real Purview account, only when PURVIEW_ENDPOINT is set (see README)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from lineage.purview.client import datamap_client
from lineage.purview.run import publish
from tests.lineage.purview.test_purview_azure import _record

ENDPOINT = os.environ.get("PURVIEW_ENDPOINT")
pytestmark = pytest.mark.skipif(not ENDPOINT, reason="set PURVIEW_ENDPOINT to run it live")


def test_publish_read_back_and_delete_on_a_real_account(tmp_path: Path) -> None:
    assert ENDPOINT
    client = datamap_client(ENDPOINT)  # DefaultAzureCredential: the identity needs Data Curator
    run = uuid.uuid4().hex[:8]  # names of this run only, so nothing of anyone else is touched
    uri = f"abfss://wardentest@wardenlive{run}.dfs.core.windows.net/people.csv"
    qualified = f"https://wardenlive{run}.dfs.core.windows.net/wardentest/people.csv"
    with CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}") as store:
        _record(store, uri, "people.csv", {"email": ("EMAIL_ADDRESS",), "note": ()})
        first = publish(store, WardenConfig(), ENDPOINT, client, source="lake")
        assert first.summary.failed == 0, first.summary.errors
        entity = client.entity.get_by_unique_attribute(
            "azure_datalake_gen2_path", attribute=qualified
        )["entity"]
        assert "WARDEN.EMAIL_ADDRESS" in {c["typeName"] for c in entity["classifications"]}
        assert store.mark_deleted("lake", []) == 1
        second = publish(store, WardenConfig(), ENDPOINT, client, source="lake")
        assert second.summary.failed == 0 and second.summary.deleted == 4
