"""`warden publish purview`: the dry run prints the bodies without a call; a publish summarises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from rich.console import Console

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.config.purview import PurviewConfig
from pipelines.publish_command import run_publish
from tests.lineage.purview.conftest import Scanned, local_client
from tests.purview_server import AtlasState


def test_dry_run_prints_json_and_calls_nothing(
    scanned_slice: Scanned, tmp_path: Path, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    text = scanned_slice.config.read_text(encoding="utf-8")
    config = tmp_path / "warden.yaml"
    config.write_text(text.replace("https://example.purview.azure.com", endpoint), "utf-8")
    command = [
        sys.executable,
        "-m",
        "pipelines.cli",
        "publish",
        "purview",
        "--dry-run",
        "--config",
        str(config),
        "--source",
        "public",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=dict(os.environ)
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert state.requests == []  # the server listened and heard nothing
    assert document["endpoint"] == endpoint
    datasets = [
        e for b in document["entities"] for e in b["entities"] if "source" in e["attributes"]
    ]
    assert {e["attributes"]["source"] for e in datasets} == {"public"}
    assert "ai_workload" in {e["typeName"] for b in document["entities"] for e in b["entities"]}


def test_publish_prints_a_summary_and_exits_by_outcome(
    catalog: CatalogStore, config: WardenConfig, atlas: tuple[str, AtlasState]
) -> None:
    endpoint, state = atlas
    settings = config.model_copy(
        update={"purview": config.purview.model_copy(update={"endpoint": endpoint})}  # type: ignore[union-attr]
    )
    console = Console(record=True, width=200)
    assert run_publish(console, catalog, settings, None, False, local_client) == 0
    assert "0 failed" in console.export_text() and state.entities
    state.failures.append(("types/typedefs/headers", 401))
    assert run_publish(console, catalog, settings, None, False, local_client) == 1
    assert run_publish(console, catalog, settings, None, False, local_client) == 0
    assert console.export_text().splitlines()[-1].startswith("purview: 0 created, 0 updated")


def test_without_a_purview_block_nothing_is_published(catalog: CatalogStore) -> None:
    console = Console(record=True, width=200)
    assert run_publish(console, catalog, WardenConfig(), None, True, local_client) == 2
    assert "purview:" in console.export_text()


@pytest.mark.parametrize(
    ("endpoint", "accepted"),
    [
        ("https://contoso.purview.azure.com/", "https://contoso.purview.azure.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),  # a local test server only
        ("http://contoso.purview.azure.com", None),  # a token never goes over plain http
        ("https://contoso.purview.azure.com/datamap/api", None),  # the client adds the path
    ],
)
def test_the_purview_block_takes_an_account_endpoint(endpoint: str, accepted: str | None) -> None:
    if accepted is None:
        with pytest.raises(ValidationError):
            PurviewConfig(endpoint=endpoint)
    else:
        assert PurviewConfig(endpoint=endpoint).endpoint == accepted
