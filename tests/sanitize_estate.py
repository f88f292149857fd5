"""A small estate for the sanitize tests: customers, their orders (joined by email), tickets."""

from __future__ import annotations

import json
import random
from pathlib import Path

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig, config_from_text
from classifiers.engines.factory import make_engine
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from pipelines.settings import make_source, register_source

KEY = "test-key-not-a-secret"
ROWS = 120
FIRST = ["alice", "bruno", "chloe", "dmitri", "elena", "farid", "grace", "hiro", "ines", "jonas"]
LAST = ["archer", "bianchi", "costa", "dubois", "evans", "fischer", "garcia", "hansen"]
PLANS = ["basic", "plus", "pro"]


def config_text(root: Path, operators: str = "{EMAIL_ADDRESS: hash}") -> str:
    return f"""
catalog: sqlite:///{root}/catalog.db
sources:
  - kind: local
    name: shop
    path: {root}/estate
sanitize:
  output: {root}/out
  operators: {operators}
workloads:
  - name: support-bot
    kind: rag-index
    audience: all_employees
    inputs:
      - shop:crm/customers.csv
      - shop:sales/orders.csv
"""


def build_estate(root: Path) -> None:
    rng = random.Random(17)
    estate = root / "estate"
    (estate / "crm").mkdir(parents=True)
    (estate / "sales").mkdir()
    (estate / "support").mkdir()
    emails = []
    lines = ["customer_id,email,phone,date_of_birth,postcode,plan,spend"]
    for i in range(ROWS):
        email = f"{rng.choice(FIRST)}.{rng.choice(LAST)}{i}@example.com"
        emails.append(email)
        phone = f"+44 20 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        born = f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        postcode = f"{rng.randint(10000, 99999)}"
        plan, spend = rng.choice(PLANS), f"{rng.randint(0, 9999)}.{rng.randint(0, 99):02d}"
        lines.append(f"C{100000 + i},{email},{phone},{born},{postcode},{plan},{spend}")
    (estate / "crm" / "customers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    orders = ["order_id,customer_email,amount,status"]
    orders += [
        f"O{i:06d},{rng.choice(emails)},{rng.randint(5, 500)},shipped" for i in range(ROWS * 2)
    ]
    (estate / "sales" / "orders.csv").write_text("\n".join(orders) + "\n", encoding="utf-8")
    with (estate / "support" / "tickets.jsonl").open("w", encoding="utf-8") as out:
        for i in range(ROWS):
            email = rng.choice(emails)
            body = f"Order {i} arrived late. Please write to {email} with an update."
            if i % 3 == 0:
                body += f" Or call +44 20 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}."
            out.write(json.dumps({"ticket_id": f"T{i:05d}", "body": body, "status": "open"}) + "\n")


def scan_estate(config: WardenConfig) -> CatalogStore:
    """The estate scanned in full mode into the config's catalog (no NER: patterns only)."""
    assert config.catalog is not None
    store = CatalogStore.open(config.catalog)
    rules = scan_rules(config, "full")
    crawlers = []
    for source in config.sources:
        crawler = make_source(source)
        register_source(store, source, crawler)
        crawlers.append(crawler)
    Scanner(store, rules, make_engine(config, rules, None)).scan(crawlers)  # type: ignore[arg-type]
    return store


def estate_config(root: Path, operators: str = "{EMAIL_ADDRESS: hash}") -> WardenConfig:
    path = root / "warden.yaml"
    path.write_text(config_text(root, operators), encoding="utf-8")
    return config_from_text(path.read_text(encoding="utf-8"), path)
