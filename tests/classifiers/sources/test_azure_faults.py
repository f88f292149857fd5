"""Storage faults: throttling is retried, an outage mid-scan is recorded, the rescan completes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.config import AzureBlobSourceConfig, WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.rules import scan_rules
from classifiers.scan import Outcome, Scanner, ScanReport
from classifiers.sources.azure_blob import AzureBlobSource, azure_source
from classifiers.sources.azure_client import ClientSettings
from classifiers.sources.azure_requests import CONTENT_GET, CountingTransport, request_kind
from tests.azurite import Azurite, counting_settings, running_azurite

pytestmark = pytest.mark.azurite
BLOBS = 12


@pytest.fixture
def azurite(tmp_path: Path) -> Iterator[Azurite]:
    """On disk (--location), so a restart keeps the blobs."""
    with running_azurite(tmp_path, persistent=True) as server:
        container = server.client().create_container("drop")
        for i in range(BLOBS):
            rows = "".join(f"{i * 100 + n},user{i}.{n}@example.com\n" for n in range(20))
            container.upload_blob(f"part-{i:02}.csv", ("id,email\n" + rows).encode())
        yield server


def source(server: Azurite, settings: ClientSettings) -> AzureBlobSource:
    config = AzureBlobSourceConfig(kind="azure_blob", name="drop", connection_string_env="CS")
    return azure_source(config, {"CS": server.connection_string}, settings)


def run(store: CatalogStore, crawler: AzureBlobSource, observer: Any = None) -> ScanReport:
    rules = scan_rules(WardenConfig.default())
    store.ensure_source(crawler.name, "azure_blob", crawler.root, False, [])
    scanner = Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))
    return scanner.scan([crawler], observer)


class Throttled(CountingTransport):
    """Answers the first `busy` blob reads with 503 Server Busy, as throttled storage does."""

    def __init__(self, busy: int):
        super().__init__(connection_timeout=5, read_timeout=30)
        self.busy = busy

    def send(self, request: Any, **kwargs: Any) -> Any:
        response = super().send(request, **kwargs)
        if self.busy and request_kind(request.method, request.url) == CONTENT_GET:
            self.busy -= 1
            response.status_code = 503
            response.reason = "Server Busy"
        return response


def test_throttled_reads_are_retried(azurite: Azurite, tmp_path: Path) -> None:
    transport = Throttled(busy=3)
    settings = ClientSettings(4, 0.05, backoff_growth=0.1, transport=transport)
    with CatalogStore.open(f"sqlite:///{tmp_path / 'c.db'}") as store:
        report = run(store, source(azurite, settings))
    assert report.counts == {"scanned": BLOBS, "deleted": 0}
    assert transport.busy == 0 and transport.tally.content_gets == BLOBS + 3


def test_an_outage_mid_scan_is_recorded_and_the_rescan_completes(
    azurite: Azurite, tmp_path: Path
) -> None:
    settings = counting_settings(retries=1, backoff=0.05)
    crawler = source(azurite, settings)
    seen: list[Outcome] = []

    def stop_after_four(name: str, total: int | None, outcome: Outcome | None) -> None:
        if outcome is not None:
            seen.append(outcome)
            if len(seen) == 4:
                azurite.stop()

    store = CatalogStore.open(f"sqlite:///{tmp_path / 'c.db'}")
    first = run(store, crawler, stop_after_four)
    assert first.counts == {"scanned": 4, "error": BLOBS - 4, "deleted": 0}
    errors = [o.error or "" for o in first.outcomes if o.status == "error"]
    assert all(e.startswith("storage unreachable") for e in errors), errors[:3]
    assert "AccountKey" not in " ".join(errors) and "sig=" not in " ".join(errors)
    assert cast(CountingTransport, settings.transport).tally.failures >= 3
    azurite.start()  # same port, same folder: the blobs are still there
    again = run(store, source(azurite, counting_settings()))
    assert again.counts == {"scanned": BLOBS - 4, "unchanged": 4, "deleted": 0}
    rows = store.datasets("drop")
    assert len(rows) == BLOBS and all(r.status == "ok" for r in rows)
    for row in rows:
        versions = store.history("drop", row.path)
        assert [v.status for v in versions if v.status == "ok"] == ["ok"], row.path
