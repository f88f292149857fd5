"""Alerts end to end: a changed file is rescanned, its drift and the boundary violations reach a
real SMTP server, a Teams webhook and a JSON webhook, once."""

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.config import load_config
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource
from lineage.after_scan import follow_up
from tests.estate import SAMPLE, write_config
from tests.lineage.test_alerts_delivery import Hooks, Inbox, alert_servers

SETTINGS = """workloads:
  - name: support-copilot
    kind: rag-index
    audience: all_employees
    owners: [team:customer-support]
    inputs: ["sample:support/*.jsonl"]
  - name: fraud-training
    kind: training
    audience: privileged
    owners: [fraud-ml@example.com]
    inputs: ["sample:finance/*.tsv"]
alerts:
  smtp: {{host: 127.0.0.1, port: {port}, starttls: false, sender: warden@example.com}}
  teams:
    customer-support: {{email: support@example.com, teams_webhook_env: E2E_TEAMS}}
    data-platform: {{email: platform@example.com}}
  webhook_env: E2E_HOOK
"""


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Inbox, int, Hooks]]:
    yield from alert_servers(monkeypatch, E2E_TEAMS="/teams", E2E_HOOK="/hook")


def _scan(store: CatalogStore, config_path: Path, root: Path) -> None:
    config = load_config(config_path)
    rules = scan_rules(config)
    store.ensure_source("sample", "local", str(root), False, ["team:data-platform"])
    scanner = Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))
    report = scanner.scan([LocalSource("sample", root, exclude=("public/**",))])
    changed = [(o.obj.source, o.obj.path) for o in report.outcomes if o.status == "scanned"]
    follow_up(store, config, changed, datetime.now(UTC))


def test_drift_and_violations_reach_every_channel_once(
    tmp_path: Path, servers: tuple[Inbox, int, Hooks], catalog_url: str
) -> None:
    inbox, port, hooks = servers
    root = tmp_path / "estate"
    for name in ("support/tickets.jsonl", "finance/transactions.tsv"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / name, root / name)
    config = write_config(tmp_path, root, SETTINGS.format(port=port))
    store = CatalogStore.open(catalog_url)  # SQLite and PostgreSQL

    _scan(store, config, root)  # the support copilot reads customers' contacts: a violation
    first = {m["To"] for m in inbox.messages}
    assert "support@example.com" in first
    assert any("support-copilot" in m.get_content() for m in inbox.messages)
    assert any(path == "/teams" for path, _ in hooks.posts)
    card = next(body for path, body in hooks.posts if path == "/teams")
    content = card["attachments"][0]["content"]
    assert content["type"] == "AdaptiveCard"

    # An SSN column appears in the transactions: drift, routed to the fraud team and the owners.
    inbox.messages.clear()
    hooks.posts.clear()
    ssns = pl.read_csv(SAMPLE / "hr/employees.csv")["ssn"]
    table = pl.read_csv(root / "finance/transactions.tsv", separator="\t")
    table = table.with_columns(
        pl.Series("customer_ref", [ssns[i % len(ssns)] for i in range(table.height)])
    )
    table.write_csv(root / "finance/transactions.tsv", separator="\t")
    _scan(store, config, root)
    drift_mail = [m for m in inbox.messages if "US_SSN" in m.get_content()]
    assert {m["To"] for m in drift_mail} >= {"fraud-ml@example.com", "platform@example.com"}
    assert any("US_SSN" in str(body) for path, body in hooks.posts if path == "/hook")
    for message in inbox.messages:  # levels and entity names only, never the numbers
        assert not any(str(ssn) in message.get_content() for ssn in ssns.head(50))

    # Nothing changed: nothing new is sent.
    inbox.messages.clear()
    hooks.posts.clear()
    _scan(store, config, root)
    assert inbox.messages == [] and hooks.posts == []
