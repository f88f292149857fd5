"""The Dagster publish asset: off without `purview:`, publishes after a scan when configured."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import dagster as dg

from classifiers.config import WardenConfig, load_config
from pipelines.purview_assets import PurviewResource, purview_catalog, purview_definitions
from pipelines.resources import WardenResource
from tests.lineage.purview.conftest import Scanned, local_client
from tests.purview_server import AtlasState


class LocalPurview(PurviewResource):
    """The same asset, talking to the local Atlas server."""

    def client(self, endpoint: str) -> Any:
        return local_client(endpoint)


def test_off_without_a_purview_block(scanned_slice: Scanned) -> None:
    off = purview_definitions(WardenConfig())
    assert not list(off.jobs or []) and not list(off.assets or []) and not list(off.sensors or [])
    configured = purview_definitions(load_config(scanned_slice.config))
    assert [job.name for job in configured.jobs or []] == ["publish_purview"]
    sensor = next(iter(configured.sensors or []))
    assert sensor.name == "publish_after_scan"


def test_the_asset_publishes_and_reports_its_summary(
    scanned_slice: Scanned, tmp_path: Path, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    text = scanned_slice.config.read_text(encoding="utf-8")
    config = tmp_path / "warden.yaml"
    config.write_text(text.replace("https://example.purview.azure.com", endpoint), "utf-8")
    shutil.copyfile(scanned_slice.database, tmp_path / "catalog.db")
    warden = WardenResource(config_path=str(config), catalog=f"sqlite:///{tmp_path / 'catalog.db'}")
    resources = {"warden": warden, "purview": LocalPurview()}
    result = dg.materialize([purview_catalog], resources=resources)
    assert result.success
    metadata = result.asset_materializations_for_node("purview_catalog")[0].metadata
    assert metadata["created"].value == len(state.entities) > 0
    assert metadata["failed"].value == 0
    again = dg.materialize([purview_catalog], resources=resources)
    second = again.asset_materializations_for_node("purview_catalog")[0].metadata
    assert second["created"].value == second["updated"].value == 0
