"""`warden publish purview`: send the catalog to Microsoft Purview, or print what would be sent."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from azure.core.exceptions import AzureError
from rich.console import Console

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from lineage.purview.run import dry_run, dumps, publish
from pipelines.render import error

ClientFactory = Callable[[str], Any]


def _client(endpoint: str) -> Any:
    from lineage.purview.client import datamap_client  # azure-identity: only for a real publish

    return datamap_client(endpoint)


def run_publish(
    console: Console,
    store: CatalogStore,
    settings: WardenConfig,
    source: str | None,
    dry: bool,
    make_client: ClientFactory = _client,
) -> int:
    """0 when everything was accepted (or on a dry run), 1 when something failed, 2 when the
    config does not allow a publish."""
    purview = settings.purview
    if purview is None:
        error(console, "add a `purview:` block with the account's endpoint to the config")
        return 2
    if source is not None and source not in {s.name for s in settings.sources}:
        error(console, f"no source named {source!r}")
        return 2
    if dry:
        document = dry_run(store, settings, purview.endpoint, source, purview.batch_size)
        sys.stdout.write(dumps(document) + "\n")  # plain JSON: reviewable, diffable, jq-able
        return 0
    if not purview.enabled:
        console.print("[dim]purview publishing is off (`purview.enabled: false`)[/]")
        return 0
    try:
        result = publish(
            store,
            settings,
            purview.endpoint,
            make_client(purview.endpoint),
            source,
            purview.batch_size,
            purview.collection_id,
        )
    except AzureError as exc:  # no credentials, no network, the account refused the first call
        error(console, f"{purview.endpoint}: {exc}", heading="purview")
        return 1
    summary = result.summary
    console.print(summary.line())
    for message in summary.errors:
        console.print(f"  [red]failed[/] {message}")
    return 1 if summary.failed else 0
