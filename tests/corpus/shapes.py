"""Wide, deep and long shapes: thousands of columns, deep nesting, many keys, huge cells."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from faker import Faker

from tests.corpus.cases import Case, classified
from tests.corpus.rows import csv_text, people, planted, write

WIDE_COLUMNS = 2000
EMAIL_AT = 1337  # where the wide table's email column sits
LONG_CELL_CHARS = 200 * 1024


def shape_cases(root: Path) -> list[Case]:
    return [
        _wide(root),
        _nested(root, 50, 20),
        _nested(root, 100_000, 1),
        _many_keys(root),
        _long_cells(root),
        _nested_parquet(root),
    ]


def _wide(root: Path) -> Case:
    path = "shapes/wide_2000_columns.csv"
    rows = people(path, 50)
    rng = random.Random(2000)
    header = [f"feature_{i:04d}" for i in range(WIDE_COLUMNS)]
    header[EMAIL_AT] = "contact_email"
    records = []
    for person in rows:
        record = [f"{rng.random():.5f}" for _ in range(WIDE_COLUMNS)]
        record[EMAIL_AT] = person.email
        records.append(record)
    write(root, path, csv_text(header, records))
    return classified(
        path,
        f"{WIDE_COLUMNS:,} columns x 50 rows, one of them emails",
        {"contact_email": "EMAIL_ADDRESS"},
        planted(rows, "email"),
    )


def _deep(depth: int, leaf: dict) -> str:
    """JSON of `depth` nested objects around `leaf`, built as text (no recursion)."""
    return '{"level": ' * depth + json.dumps(leaf) + "}" * depth


def _nested(root: Path, depth: int, deep_records: int) -> Case:
    """An array of 20 records, each with a shallow email and a payload holding an IBAN: the
    first `deep_records` payloads nested `depth` objects deep, the others 2."""
    path = f"shapes/nested_{depth}_levels.json"
    rows = people(path, 20)
    depths = [depth if i < deep_records else 2 for i in range(len(rows))]
    records = [
        f'{{"id": {i}, "email": "{p.email}", "payload": {_deep(d, {"iban": p.iban})}}}'
        for i, (p, d) in enumerate(zip(rows, depths, strict=True))
    ]
    write(root, path, "[\n" + ",\n".join(records) + "\n]\n")
    return classified(
        path,
        f"a JSON document nested {depth:,} levels deep: read, the deep part summarised",
        {"email": "EMAIL_ADDRESS"},
        planted(rows, "email", "iban"),
    )


def _many_keys(root: Path) -> Case:
    """One object of 10,000 nested keys (2,500 accounts x 4): the shape that took minutes."""
    path = "shapes/keys_10000.json"
    rows = people(path, 2500)
    accounts = {
        f"acct_{i:05d}": {"owner": p.name, "contact": {"email": p.email}}
        for i, p in enumerate(rows)
    }
    write(root, path, json.dumps({"accounts": accounts}, ensure_ascii=False, indent=1))
    # One object is one row: no column reaches min_values, so no entity is expected.
    return classified(
        path,
        "one JSON object holding 10,000 nested keys: finishes, no stall",
        {},
        planted(rows, "email", "name"),
    )


def _long_text(rng: random.Random, words: list[str], email: str) -> str:
    """About 200 KB of prose with the email in its first KiB."""
    opening = " ".join(rng.choices(words, k=80))
    body = " ".join(rng.choices(words, k=LONG_CELL_CHARS // 6))
    return f"{opening} write to {email} for details. {body}"[:LONG_CELL_CHARS]


def _long_cells(root: Path) -> Case:
    path = "shapes/long_cells.csv"
    rows = people(path, 12)
    fake = Faker("en_GB")
    fake.seed_instance(200)
    words = fake.words(nb=500)
    rng = random.Random(200)
    records = [(p.email, p.iban, _long_text(rng, words, p.email)) for p in rows]
    write(root, path, csv_text(("email", "iban", "notes"), records))
    return classified(
        path,
        "cells of 200 KB (over the csv module's field limit), an email early in each",
        {"email": "EMAIL_ADDRESS", "iban": "IBAN_CODE", "notes": "EMAIL_ADDRESS"},
        planted(rows, "email", "iban"),
    )


def _nested_parquet(root: Path) -> Case:
    path = "shapes/nested_struct.parquet"
    rows = people(path, 40)
    table = pa.table(
        {
            "id": list(range(len(rows))),
            "user": [{"name": p.name, "contact": {"email": p.email, "iban": p.iban}} for p in rows],
            "aliases": [[p.name.split()[-1], p.city] for p in rows],
        }
    )
    (root / "shapes").mkdir(parents=True, exist_ok=True)
    pq.write_table(table, root / path)
    return classified(
        path,
        "Parquet structs become column paths (user.contact.email)",
        {"user.contact.email": "EMAIL_ADDRESS", "user.contact.iban": "IBAN_CODE"},
        planted(rows, "email", "iban", "name"),
    )
