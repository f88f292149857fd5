"""The local Atlas server refuses what a strict Atlas refuses: a clean publish means something."""

from __future__ import annotations

from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError

from tests.lineage.purview.conftest import local_client
from tests.purview_server import AtlasState

SCHEMA = {"typeName": "tabular_schema", "uniqueAttributes": {"qualifiedName": "s1"}}


def _blob(**changes: Any) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "typeName": "azure_blob_path",
        "attributes": {"qualifiedName": "https://a.blob.core.windows.net/c/x.csv", "name": "x.csv"},
    }
    return {**entity, **changes}


@pytest.mark.parametrize(
    ("entity", "message"),
    [
        (_blob(typeName="no_such_type"), "unknown entity type"),
        (_blob(attributes={"qualifiedName": "q"}), "mandatory attribute name"),
        (_blob(attributes={"qualifiedName": "q", "name": 3}), "is not a string"),
        (_blob(attributes={"qualifiedName": "q", "name": "n", "size": 1}), "unknown attribute"),
        (_blob(relationshipAttributes={"tabular_schema": SCHEMA}), "not found"),
        (_blob(relationshipAttributes={"composeSchema": SCHEMA}), "no relationship attribute"),
        (_blob(classifications=[{"typeName": "WARDEN.NOPE"}]), "unknown classification"),
        (_blob(businessAttributes={"Nope": {"level": "x"}}), "unknown business metadata"),
    ],
)
def test_bad_entities_are_refused(
    entity: dict[str, Any], message: str, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    with pytest.raises(HttpResponseError):
        local_client(endpoint).entity.batch_create_or_update({"entities": [entity]})
    assert len(state.refused) == 1 and message in state.refused[0]
    assert state.entities == {}


def test_a_reference_must_point_at_the_right_type(atlas: tuple[str, AtlasState]) -> None:
    endpoint, state = atlas
    client = local_client(endpoint)
    first = {"typeName": "Process", "attributes": {"qualifiedName": "p0", "name": "p0"}}
    client.entity.batch_create_or_update({"entities": [first]})
    ref = {"typeName": "Process", "uniqueAttributes": {"qualifiedName": "p0"}}
    second = {
        "typeName": "Process",
        "attributes": {"qualifiedName": "p", "name": "p", "inputs": [ref]},
    }
    with pytest.raises(HttpResponseError):
        client.entity.batch_create_or_update({"entities": [second]})
    assert state.refused == ["POST entity/bulk: Process is not a DataSet"]


def test_without_the_test_header_nothing_is_answered(atlas: tuple[str, AtlasState]) -> None:
    from azure.core.pipeline.policies import HeadersPolicy

    from lineage.purview.client import datamap_client
    from tests.lineage.purview.conftest import StaticToken

    endpoint, _ = atlas
    client = datamap_client(
        endpoint, StaticToken(), authentication_policy=HeadersPolicy({}), retries=0
    )
    with pytest.raises(HttpResponseError) as refused:
        client.type_definition.get_headers()
    assert refused.value.status_code == 401
