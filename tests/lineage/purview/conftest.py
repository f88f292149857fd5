"""A scanned slice of the sample estate, a local Atlas v2 server and a client for it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from azure.core.pipeline.policies import HeadersPolicy
from azure.purview.datamap import DataMapClient

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig, load_config
from lineage.purview.client import datamap_client
from tests.estate import copy_estate, write_config
from tests.purview_server import AtlasState, atlas_server

WORKLOADS = """
workloads:
  - name: churn-training
    kind: training
    audience: restricted:data-science
    inputs: ["sample:crm/customers.csv", "sample:finance/payments.csv"]
    outputs:
      - dataset: sample:models/churn_model.pkl
  - name: public-assistant
    kind: rag-index
    audience: public
    inputs: ["public:**"]
purview:
  endpoint: https://example.purview.azure.com
"""


class StaticToken:
    """A credential for the local server (its token never leaves: the header policy sends
    `Bearer test`, as azure-core refuses bearer tokens over http)."""

    def get_token(self, *_scopes: str, **_kwargs: Any) -> AccessToken:
        return AccessToken("test", 2**40)


@dataclass(frozen=True)
class Scanned:
    folder: Path
    config: Path

    @property
    def database(self) -> Path:
        return self.folder / "catalog.db"


@pytest.fixture(scope="session")
def scanned_slice(tmp_path_factory: pytest.TempPathFactory) -> Scanned:
    """crm/, finance/, models/ and public/ of the sample estate, scanned once by the CLI."""
    folder = tmp_path_factory.mktemp("purview")
    estate = copy_estate(folder / "estate", only=("crm", "finance", "models", "public"))
    config = write_config(folder, estate, WORKLOADS)
    command = [sys.executable, "-m", "pipelines.cli", "scan", "--config", str(config), "-q"]
    subprocess.run(command, check=True, capture_output=True, timeout=300, env=dict(os.environ))
    return Scanned(folder, config)


@pytest.fixture
def catalog(scanned_slice: Scanned, tmp_path: Path) -> Iterator[CatalogStore]:
    """A copy of the scanned catalog of the test's own, so its publish state starts empty."""
    target = tmp_path / "catalog.db"
    shutil.copyfile(scanned_slice.database, target)
    with CatalogStore.open(f"sqlite:///{target}") as store:
        yield store


@pytest.fixture
def config(scanned_slice: Scanned) -> WardenConfig:
    return load_config(scanned_slice.config)


@pytest.fixture
def atlas() -> Iterator[tuple[str, AtlasState]]:
    with atlas_server() as running:
        yield running


def local_client(endpoint: str) -> DataMapClient:
    policy = HeadersPolicy({"Authorization": "Bearer test"})
    return datamap_client(endpoint, StaticToken(), authentication_policy=policy, backoff=0.01)
