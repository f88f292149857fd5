"""Azure datasets in Dagster: kind `azure`, the container access level as a tag, the sensor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from pipelines.catalog.specs import catalog_specs
from pipelines.resources import WardenResource
from pipelines.scanning.sensors import new_objects
from tests.azurite import Azurite, running_azurite

pytestmark = pytest.mark.azurite


@pytest.fixture(scope="module")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Azurite]:
    with running_azurite(tmp_path_factory.mktemp("azurite")) as server:
        service = server.client()
        service.create_container("open", public_access="container").upload_blob(
            "prices.csv", b"sku,price\nA,1\nB,2\n"
        )
        service.create_container("closed").upload_blob(
            "people.csv",
            b"id,email\n" + b"".join(b"%d,u%d@example.com\n" % (i, i) for i in range(30)),
        )
        yield server


@pytest.fixture
def warden(azurite: Azurite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WardenResource:
    monkeypatch.setenv("LAKE_CONNECTION", azurite.connection_string)
    config = tmp_path / "warden.yaml"
    config.write_text(
        f"catalog: sqlite:///{tmp_path / 'catalog.db'}\n"
        "sources:\n  - kind: azure_blob\n    name: lake\n"
        "    connection_string_env: LAKE_CONNECTION\n    owners: [team:data-platform]\n"
    )
    return WardenResource(config_path=str(config))


def test_azure_datasets_become_assets_with_kind_and_access_tag(warden: WardenResource) -> None:
    store = warden.store()
    warden.scanner(store).scan(warden.sources())
    specs = {spec.key.path[-1]: spec for spec in catalog_specs(store)}
    assert len(specs) == 2
    for spec in specs.values():
        assert "azure" in spec.kinds and "csv" in spec.kinds
    tags = {key: spec.tags.get("access") for key, spec in specs.items()}
    assert sorted(str(v) for v in tags.values()) == ["container", "private"]


def sense(warden: WardenResource, cursor: str | None) -> dg.SensorResult:
    result = new_objects(dg.build_sensor_context(cursor=cursor, resources={"warden": warden}))
    assert isinstance(result, dg.SensorResult)
    return result


def test_new_objects_lists_etags(azurite: Azurite, warden: WardenResource) -> None:
    first = sense(warden, None)
    assert first.run_requests and first.cursor
    quiet = sense(warden, first.cursor)
    assert not quiet.run_requests
    closed = azurite.client().get_container_client("closed")
    closed.upload_blob("people.csv", b"id,email\n1,changed@example.com\n", overwrite=True)
    changed = sense(warden, first.cursor)
    assert changed.run_requests and changed.cursor != first.cursor
