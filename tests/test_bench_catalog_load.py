"""The catalog load bench writes a real catalog: the store reads back every dataset and column."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.catalog_load import COLUMNS, ROOT, _config, _server_env, write_catalog
from classifiers.catalog.connect import create_catalog_engine
from classifiers.catalog.store import CatalogStore
from classifiers.model import Sensitivity


def test_the_bulk_written_catalog_reads_back_whole(catalog_url: str) -> None:
    engine = create_catalog_engine(catalog_url)
    try:
        write_catalog(engine, 40)
    finally:
        engine.dispose()
    with CatalogStore.open(catalog_url) as store:
        rows = store.datasets()
        details = store.details()
        store.ensure_source("other", "local", "/other", public=False, owners=[])  # ids go on
    assert len(rows) == 40 and {r.source for r in rows} == {"bench"}
    assert sum(r.sensitivity == Sensitivity.CONFIDENTIAL for r in rows) == 10
    assert {len(d.columns) for d in details} == {COLUMNS}
    emails = [c for d in details for c in d.columns if c.entity_types]
    assert len(emails) == 20 and {c.entity_types for c in emails} == {("EMAIL_ADDRESS",)}


def test_the_webserver_wait_fetches_every_dataset_snapshot(tmp_path: Path) -> None:
    """The bench's webserver measure loads the code location through a real code server and
    receives an asset node for every dataset (Dagster's private client API, so an upgrade
    that moves it fails here rather than in `make bench`)."""
    url = f"sqlite:///{tmp_path / 'warden.db'}"
    engine = create_catalog_engine(url)
    try:
        write_catalog(engine, 12)
    finally:
        engine.dispose()
    _config(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WARDEN_CATALOG": url}
    done = subprocess.run(
        [sys.executable, "-m", "bench.code_server_fetch"],
        cwd=ROOT, env=_server_env(tmp_path, env), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["asset_nodes"] >= 12 and figures["up_s"] > 0 and figures["fetch_s"] > 0
