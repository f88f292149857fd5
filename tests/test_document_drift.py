"""A pasted paragraph of card numbers in a RAG document: level up, drift, end to end."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.model import Sensitivity
from tests.conftest import run_warden
from tests.estate import SAMPLE, write_config
from tests.lineage.test_alerts_delivery import Hooks, Inbox, alert_servers

# One paragraph: three Luhn-valid card numbers (test numbers of the card schemes), three
# SSNs, e-mail addresses and names, pasted into a six-paragraph FAQ.
PASTED = (
    "\n## Escalations to copy into the ticket\n"
    "Refund Maria Keller (maria.keller@example.com, card 4111 1111 1111 1111, SSN "
    "536-22-1234), Tom Baker (tom.baker@example.org, card 5555 5555 5555 4444, SSN "
    "412-56-7890) and Ana Ruiz (ana.ruiz@example.net, card 3782 822463 10005, SSN "
    "609-12-3456) before Friday.\n"
)
FAQ = "product-faq.md"
# Every digit run of the pasted numbers, however an alert might spell them.
RAW = (
    "4111 1111 1111 1111", "4111111111111111", "5555 5555 5555 4444", "5555555555554444",
    "3782 822463 10005", "378282246310005", "536-22-1234", "412-56-7890", "609-12-3456",
)  # fmt: skip


def _scan(folder: Path, catalog: str) -> None:
    run_warden("scan", str(folder), "--catalog", catalog, "-q")


def _faq(store: CatalogStore) -> tuple[Sensitivity | None, list[str]]:
    (detail,) = [d for d in store.details() if d.row.path.endswith(FAQ)]
    reasons = [r for c in detail.columns for r in c.reasons]
    return detail.row.sensitivity, reasons


def test_pasted_cards_raise_the_document_and_drift(tmp_path: Path) -> None:
    corpus = tmp_path / "rag_corpus"
    shutil.copytree(SAMPLE / "rag_corpus", corpus)
    catalog = f"sqlite:///{tmp_path / 'catalog.db'}"
    _scan(corpus, catalog)
    with CatalogStore.open(catalog) as store:
        assert _faq(store)[0] == Sensitivity.GENERAL

    with (corpus / FAQ).open("a", encoding="utf-8") as handle:
        handle.write(PASTED)
    _scan(corpus, catalog)
    with CatalogStore.open(catalog) as store:
        level, reasons = _faq(store)
    assert level == Sensitivity.HIGHLY_CONFIDENTIAL
    card = next(r for r in reasons if "CREDIT_CARD" in r)
    assert card.startswith("3 validated CREDIT_CARD matches in 1 of "), card
    assert "paragraphs" in card
    assert not any("4111" in r or "maria" in r.lower() for r in reasons)  # no raw value

    drift = json.loads(run_warden("drift", "--format", "json", "--catalog", catalog).stdout)
    events = {e["type"] for e in drift if e["dataset"].endswith(FAQ)}
    assert {"level_up", "new_entity"} <= events
    assert not [e for e in drift if not e["dataset"].endswith(FAQ)]  # nothing else changed


# The FAQ feeds a RAG index open to every employee; its owner hears of any drift in it.
ALERTS = """workloads:
  - name: faq-assistant
    kind: rag-index
    audience: all_employees
    owners: [faq-owner@example.com]
    inputs: ["sample:rag_corpus/*.md"]
alerts:
  smtp: {{host: 127.0.0.1, port: {port}, starttls: false, sender: warden@example.com}}
  webhook_env: DOC_DRIFT_HOOK
"""


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Inbox, int, Hooks]]:
    yield from alert_servers(monkeypatch, DOC_DRIFT_HOOK="/hook")


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def test_pasted_cards_alert_the_rag_owner(
    tmp_path: Path, servers: tuple[Inbox, int, Hooks]
) -> None:
    """Item 8 end to end: `warden scan --config` rescans the changed FAQ, finds it raised to
    Highly Confidential, and mails the RAG index's owner (and posts the webhook) without a
    single card number or SSN in the alert."""
    inbox, port, hooks = servers
    estate = tmp_path / "estate"
    shutil.copytree(SAMPLE / "rag_corpus", estate / "rag_corpus")
    (estate / "public").mkdir()  # the config's public source: empty here
    config = write_config(tmp_path, estate, ALERTS.format(port=port))
    run_warden("scan", "--config", str(config), "-q")
    inbox.messages.clear()  # whatever the first scan reported is not this test's concern
    hooks.posts.clear()

    with (estate / "rag_corpus" / FAQ).open("a", encoding="utf-8") as handle:
        handle.write(PASTED)
    run_warden("scan", "--config", str(config), "-q")

    ref = f"sample:rag_corpus/{FAQ}"
    title = f"{ref}: sensitivity level raised"  # the drift notice, in the owner's digest
    level_up = [m for m in inbox.messages if title in m.get_content()]
    assert level_up, [m.get_content() for m in inbox.messages]
    assert {m["To"] for m in level_up} == {"faq-owner@example.com"}
    body = level_up[0].get_content()
    assert "Highly Confidential" in body
    assert "read by faq-assistant" in body
    hook = [b for path, b in hooks.posts if path == "/hook" and ref in json.dumps(b)]
    assert any("level_up" in json.dumps(b) for b in hook)

    sent = [m.as_string() for m in inbox.messages] + [json.dumps(b) for _, b in hooks.posts]
    assert sent
    for text in sent:  # levels, entity names and counts; never the numbers themselves
        assert not any(raw in text for raw in RAW)
        assert not any(_digits(raw) in _digits(text) for raw in RAW if len(_digits(raw)) > 9)
