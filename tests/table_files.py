"""Table files with fictitious personal data, written for tests: Avro, ORC, Excel, SQLite."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import chromadb
import fastavro
import numpy as np
import pyarrow as pa
import pyarrow.orc as orc
import xlsxwriter

ROWS = 3_000


def people(count: int = ROWS) -> list[dict[str, object]]:
    """Fictitious people: example.com emails, IBANs from one published test number."""
    return [
        {
            "id": i,
            "email": f"person{i}@example.com",
            "iban": "GB82 WEST 1234 5698 7654 32",
            "note": "n/a",
        }
        for i in range(count)
    ]


def write_avro(path: Path, count: int = ROWS, block: int = 16_000) -> None:
    schema = {
        "type": "record",
        "name": "Person",
        "fields": [
            {"name": "id", "type": "long"},
            {"name": "email", "type": "string"},
            {"name": "iban", "type": ["null", "string"]},
            {"name": "note", "type": "string"},
        ],
    }
    with path.open("wb") as out:
        fastavro.writer(out, schema, people(count), sync_interval=block, codec="deflate")


def write_orc(path: Path, count: int = ROWS, stripe: int = 64 * 1024) -> None:
    table = pa.Table.from_pylist(people(count))
    orc.write_table(table, path, stripe_size=stripe, batch_size=256)


def write_workbook(path: Path) -> None:
    book = xlsxwriter.Workbook(path)
    staff = book.add_worksheet("Staff")
    staff.write_row(0, 0, ["name", "contact", "salary"])
    for i in range(1, 201):
        staff.write_row(i, 0, [f"Employee {i}", f"staff{i}@example.com", 40_000 + i])
    totals = book.add_worksheet("Totals")
    totals.write_row(0, 0, ["region", "amount"])
    for i in range(1, 21):
        totals.write_row(i, 0, [f"region {i % 4}", i * 10.5])
    book.close()


def write_database(path: Path, rows: int = 500) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, card TEXT)")
        db.executemany(
            "INSERT INTO customers (email, card) VALUES (?, ?)",
            [(f"client{i}@example.com", "4111 1111 1111 1111") for i in range(rows)],
        )
        db.execute("CREATE TABLE settings (key TEXT, value TEXT)")
        db.executemany("INSERT INTO settings VALUES (?, ?)", [("theme", "dark"), ("lang", "en")])
        db.execute("CREATE VIEW emails AS SELECT email FROM customers")
    db.close()


def write_chroma(folder: Path, count: int = 60) -> None:
    client = chromadb.PersistentClient(
        path=str(folder), settings=chromadb.Settings(anonymized_telemetry=False)
    )
    tickets = client.get_or_create_collection("tickets", embedding_function=None)
    tickets.add(
        ids=[f"t{i}" for i in range(count)],
        documents=[
            f"Customer asked us to write to holder{i}@example.com about the refund"
            for i in range(count)
        ],
        embeddings=np.array([[float(i), 0.5, 0.25] for i in range(count)], dtype=np.float32),
        metadatas=[{"agent": f"agent{i % 3}", "priority": i % 2} for i in range(count)],
    )
