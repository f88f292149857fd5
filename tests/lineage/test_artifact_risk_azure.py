"""Artifact risks from what a real crawl of Azurite records: container access level,
encryption scope, immutability, and the verdict of a pickle read with ranged reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.config import AzureBlobSourceConfig, WardenConfig
from classifiers.config.workloads import ArtifactPolicyConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.azure_blob import azure_source
from lineage.artifact_risk import artifact_risks
from sample_data._generator import models
from tests.azurite import running_azurite
from tests.classifiers.artifacts.artifact_files import CANARY, canary_pickle

pytestmark = pytest.mark.azurite


def test_risks_of_models_in_blob_containers(tmp_path: Path) -> None:
    with running_azurite(tmp_path) as server:
        service = server.client()
        private = service.create_container("models")
        shared = service.create_container("shared", public_access="blob")
        adapter = models.safetensors_bytes({"w": [2, 2]}, {})
        private.upload_blob("adapter.safetensors", adapter)
        private.upload_blob("upload.pkl", canary_pickle(tmp_path))
        shared.upload_blob("adapter.safetensors", adapter)
        config = AzureBlobSourceConfig.model_validate(
            {
                "kind": "azure_blob",
                "name": "lake",
                "connection_string_env": "CS",
                "containers": ["models", "shared"],
            }
        )
        source = azure_source(config, {"CS": server.connection_string})
        store = CatalogStore.open(f"sqlite:///{tmp_path / 'c.db'}")
        store.ensure_source("lake", "azure_blob", "", False, ["team:ml"])
        rules = scan_rules(WardenConfig.default(), None)
        Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options)).scan([source])
        rows = store.datasets()
    strict = ArtifactPolicyConfig(require_encryption_scope=True, require_immutability=True)
    found = {(r.path, r.kind): r for r in artifact_risks(rows, strict, False)}
    assert set(found) == {
        ("models/upload.pkl", "dangerous_pickle"),
        ("shared/adapter.safetensors", "public_location"),
        *(
            (p, k)
            for p in (
                "models/adapter.safetensors",
                "models/upload.pkl",
                "shared/adapter.safetensors",
            )
            for k in ("no_encryption_scope", "not_immutable")
        ),
    }
    assert "access level 'blob'" in found[("shared/adapter.safetensors", "public_location")].reason
    assert found[("models/upload.pkl", "dangerous_pickle")].severity == "ERROR"
    relaxed = artifact_risks(rows, ArtifactPolicyConfig(), False)
    assert {r.kind for r in relaxed} == {"dangerous_pickle", "public_location"}
    assert not (tmp_path / CANARY).exists()
