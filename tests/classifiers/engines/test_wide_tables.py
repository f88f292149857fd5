"""Wide tables and documents of thousands of nested keys, scanned end to end; the engine's
chunked reading of columns gives the evidence of reading them one by one."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import polars as pl
import pytest
from stdnum import luhn

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines import polars_engine
from classifiers.engines.options import EngineOptions
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.model import DatasetFindings
from classifiers.recognizers.registry import Registry, build_registry
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource

ROWS = 60


def _card(rnd: random.Random) -> str:
    base = "4" + "".join(rnd.choice("0123456789") for _ in range(14))
    return base + luhn.calc_check_digit(base)


def _scan(root: Path, tmp_path: Path) -> DatasetFindings:
    store = CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}")
    store.ensure_source("s", "local", str(root), False, [])
    rules = scan_rules(WardenConfig.default())
    scanner = Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))
    (outcome,) = scanner.scan([LocalSource("s", root)]).outcomes
    assert outcome.status == "scanned", outcome.error
    assert outcome.findings is not None
    return outcome.findings


def _entities(findings: DatasetFindings) -> dict[str, set[str]]:
    return {c.column: set(c.entity_types) for c in findings.columns}


def _wide_cell(column: int, row: int, rnd: random.Random) -> str:
    if column == 1_500:
        return f"{rnd.choice(['ann', 'bo', 'chen'])}.{row}@example.org"
    if column == 700:
        return _card(rnd)
    if column % 3 == 0:
        return str(10_000 * column + row)
    return f"{rnd.gauss(0, 1):.5f}"


@pytest.mark.timeout(300)
def test_a_2000_column_table_is_scanned_with_its_planted_columns(tmp_path: Path) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    rnd = random.Random(7)
    with (root / "features.csv").open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(f"f{i}" for i in range(2_000))
        for row in range(ROWS):
            writer.writerow(_wide_cell(i, row, rnd) for i in range(2_000))
    found = _entities(_scan(root, tmp_path))
    assert len(found) == 2_000
    assert "EMAIL_ADDRESS" in found["f1500"]
    assert "CREDIT_CARD" in found["f700"]
    assert not found["f1"] and not found["f1499"]  # floats hold nothing


def _document(rnd: random.Random) -> dict[str, object]:
    """10,000 numeric and text leaves three levels deep, with an address book planted in
    a list of objects and a list of recipients."""
    document: dict[str, dict[str, dict[str, object]]] = {}
    for i in range(10_000):
        part = document.setdefault(f"group_{i // 50}", {}).setdefault(f"part_{i % 5}", {})
        part[f"field_{i}"] = rnd.randint(0, 10**6) if i % 2 else f"status {i % 7}"
    people = [{"id": i, "contact": {"email": f"person{i}@example.net"}} for i in range(40)]
    recipients = [_card(rnd) for _ in range(40)]
    return {**document, "people": people, "billing": {"cards": recipients}}


@pytest.mark.timeout(300)
def test_a_json_document_of_10000_nested_keys_is_scanned_by_paths(tmp_path: Path) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    (root / "export.json").write_text(json.dumps(_document(random.Random(3))))
    found = _entities(_scan(root, tmp_path))
    assert len(found) == 10_000 + 3
    assert "EMAIL_ADDRESS" in found["people[].contact.email"]
    assert "CREDIT_CARD" in found["billing.cards[]"]
    assert not found["group_0.part_1.field_1"]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


@pytest.mark.parametrize("mode", ["sample", "full"])
def test_columns_read_in_chunks_give_the_evidence_of_columns_read_alone(
    registry: Registry, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rnd = random.Random(11)
    frame = pl.DataFrame(
        {
            "email": [f"u{rnd.randint(0, 30)}@example.com" for _ in range(200)],
            "phone": [f"+44 20 7946 {rnd.randint(0, 9999):04d}" for _ in range(200)],
            "code": [rnd.choice(["n/a", " A1 ", None, "B2"]) for _ in range(200)],
            "count": list(range(200)),
            "aliases[]": [[f"Name{i}", None] if i % 3 else None for i in range(200)],
        }
    )
    engine = PolarsEngine(registry, None, EngineOptions(mode=mode, weak_rows=50))
    together = engine.table_evidence(frame)
    monkeypatch.setattr(polars_engine, "CHUNK_VALUES", 1)  # every column a chunk of its own
    alone = engine.table_evidence(frame)
    monkeypatch.setattr(polars_engine, "CHUNK_VALUES", 450)  # chunks of two or three columns
    pairs = engine.table_evidence(frame)
    assert together == alone == pairs
    assert together.columns["email"].matches["EmailRecognizer"].matched == 200
    assert together.columns["aliases[]"].non_null == 133  # each list element is a value
