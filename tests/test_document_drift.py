"""A pasted paragraph of card numbers in a RAG document: level up, drift, end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from classifiers.catalog.store import CatalogStore
from classifiers.model import Sensitivity
from tests.conftest import run_warden
from tests.estate import SAMPLE

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
