"""An Excel export, a Delta table with two versions and a Chroma store, written byte-identically.

The workbook is written by xlsxwriter with a fixed creation time; the Delta table's log is
written here (fixed ids and times) over Parquet files from pyarrow; the Chroma store is
written by chromadb with explicit embeddings, then its generated ids and times are replaced
by fixed ones and its JSON and rows put in a fixed order, so every run gives the same bytes.
The store's vector index folder is left out: Warden reads only chroma.sqlite3.
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import tempfile
import uuid
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter

from .common import WORK_DOMAIN, Gen, Mentions, Table
from .people import CUSTOMER_WEIGHTS, PRODUCTS

WORKBOOK = "finance/expense_claims.xlsx"
DELTA = "crm/loyalty_members"
CHROMA = "support/answers_chroma"
FIXED_TIME = datetime(2024, 6, 11, 9, 0)
FIXED_MS = 1718096400000  # FIXED_TIME in milliseconds since the epoch (UTC)
CATEGORIES = ("travel", "meals", "hotel", "software", "training")


def lake_tables(root: Path) -> tuple[list[Table], list[Path]]:
    """Write the three; return their labelled tables (one per sheet) and the files written."""
    claims, summary, workbook = _workbook()
    members_path = root / DELTA
    members, delta_files = _delta(members_path)
    answers = _answers()
    written = [_write(root / WORKBOOK, workbook), *delta_files]
    written += _chroma(root / CHROMA, answers)
    return [claims, summary, members, answers], written


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _workbook() -> tuple[Table, Table, bytes]:
    gen = Gen(WORKBOOK)
    claims: dict[str, list] = {"claim_id": [], "employee": [], "email": [], "category": [],
                               "amount": []}  # fmt: skip
    for n in range(60):
        first, last = gen.person("en_GB")
        claims["claim_id"].append(f"EXP-{n + 1:05d}")
        claims["employee"].append(f"{first} {last}")
        claims["email"].append(gen.email(first, last, WORK_DOMAIN))
        claims["category"].append(gen.rng.choice(CATEGORIES))
        claims["amount"].append(gen.money(12, 900))
    totals = {c: 0.0 for c in CATEGORIES}
    for category, amount in zip(claims["category"], claims["amount"], strict=True):
        totals[category] += amount
    summary = {"category": list(totals), "total": [round(v, 2) for v in totals.values()]}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": FIXED_TIME, "author": "Finance exports"})
    for name, columns in (("Claims", claims), ("Summary", summary)):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, list(columns))
        for index, row in enumerate(zip(*columns.values(), strict=True), start=1):
            sheet.write_row(index, 0, row)
    book.close()
    labels = {"employee": "PERSON", "email": "EMAIL_ADDRESS"}
    return (
        Table(f"{WORKBOOK}#Claims", claims, labels),
        Table(f"{WORKBOOK}#Summary", summary),
        buffer.getvalue(),
    )


def _delta(folder: Path) -> tuple[Table, list[Path]]:
    """Version 0: 30 members; version 1 appends 20 more."""
    gen = Gen(DELTA)
    columns: dict[str, list] = {"full_name": [], "email": [], "tier": [], "points": []}
    for _ in range(50):
        first, last = gen.person(gen.locale(CUSTOMER_WEIGHTS))
        columns["full_name"].append(f"{first} {last}")
        columns["email"].append(gen.email(first, last))
        columns["tier"].append(gen.rng.choice(("bronze", "silver", "gold")))
        columns["points"].append(gen.rng.randrange(0, 20_000))
    table = pa.table(columns)
    shutil.rmtree(folder, ignore_errors=True)
    written = []
    for version, (start, stop) in enumerate(((0, 30), (30, 50))):
        name = f"part-{version:05d}-members.snappy.parquet"
        buffer = io.BytesIO()
        pq.write_table(table.slice(start, stop - start), buffer, compression="snappy")
        data = buffer.getvalue()
        written.append(_write(folder / name, data))
        log = _delta_log(version, name, len(data), stop - start, table.schema)
        written.append(_write(folder / "_delta_log" / f"{version:020d}.json", log))
    labels = {"full_name": "PERSON", "email": "EMAIL_ADDRESS"}
    return Table(DELTA, columns, labels), written


def _delta_log(version: int, name: str, size: int, rows: int, schema: pa.Schema) -> bytes:
    """One commit: protocol and metadata in the first, then the file it adds."""
    types = {pa.string(): "string", pa.int64(): "long"}
    fields = [{"name": f.name, "type": types[f.type], "nullable": True, "metadata": {}}
              for f in schema]  # fmt: skip
    actions: list[dict] = [{"commitInfo": {"timestamp": FIXED_MS + version * 1000,
                                           "operation": "WRITE"}}]  # fmt: skip
    if version == 0:
        actions.append({"protocol": {"minReaderVersion": 1, "minWriterVersion": 2}})
        actions.append({"metaData": {
            "id": "0b5f3c1e-6a55-4f59-9d4e-4c1d6a1f0b01", "format": {"provider": "parquet",
            "options": {}}, "schemaString": json.dumps({"type": "struct", "fields": fields}),
            "partitionColumns": [], "configuration": {}, "createdTime": FIXED_MS,
        }})  # fmt: skip
    stats = json.dumps({"numRecords": rows})
    actions.append({"add": {"path": name, "partitionValues": {}, "size": size,
                            "modificationTime": FIXED_MS + version * 1000,
                            "dataChange": True, "stats": stats}})  # fmt: skip
    return "".join(json.dumps(a, separators=(",", ":")) + "\n" for a in actions).encode()


ANSWERS = (
    "To return {product}, print the label from your order page and drop the parcel off.",
    "Refunds for {product} reach your card within five working days of our receiving it.",
    "{product} firmware updates install overnight; keep the device on its charger.",
    "A replacement {product} ships the day after the faulty one is registered.",
)


def _answers() -> Table:
    gen = Gen(CHROMA)
    mentions = Mentions()
    columns: dict[str, list] = {"collection": [], "id": [], "document": [], "product": [],
                                "ticket": []}  # fmt: skip
    for n in range(40):
        product = gen.rng.choice(PRODUCTS)
        text = gen.rng.choice(ANSWERS).format(product=product)
        first, last = gen.person("en_GB")
        if n % 3 == 0:
            mentions.add("EMAIL_ADDRESS")
            text += f" The customer asked us to write to {gen.email(first, last)} instead."
        elif n % 3 == 1:
            mentions.add("PHONE_NUMBER")
            text += f" The customer can be called back on {gen.phone('en_GB')}."
        else:
            mentions.add()
        columns["collection"].append("support_answers")
        columns["id"].append(f"ans-{n + 1:04d}")
        columns["document"].append(text)
        columns["product"].append(product)
        columns["ticket"].append(f"TCK-{gen.rng.randrange(1, 500):06d}")
    notes = {"document": "answer text kept by a RAG app's vector store; a third embed an email"
             ", a third a phone number"}  # fmt: skip
    return Table(CHROMA, columns, {"document": mentions.label()}, notes)


def _chroma(folder: Path, answers: Table) -> list[Path]:
    import chromadb  # a dev dependency, used only to write the sample store
    import numpy as np

    shutil.rmtree(folder, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="warden-chroma-") as scratch:
        settings = chromadb.Settings(anonymized_telemetry=False)
        client = chromadb.PersistentClient(path=scratch, settings=settings)
        collection = client.get_or_create_collection("support_answers", embedding_function=None)
        rows = answers.rows
        collection.add(
            ids=[r["id"] for r in rows],
            documents=[r["document"] for r in rows],
            embeddings=np.array([[i / 40, 0.5, 1 - i / 40] for i in range(len(rows))], "float32"),
            metadatas=[{"product": r["product"], "ticket": r["ticket"]} for r in rows],
        )
        del collection, client
        folder.mkdir(parents=True)
        target = folder / "chroma.sqlite3"
        _fixed(Path(scratch) / "chroma.sqlite3", target)
    return [target]


def _fixed(database: Path, target: Path) -> None:
    """A copy with chromadb's generated ids and times replaced and its rows in fixed order."""
    db = sqlite3.connect(database)
    ids = [r[0] for r in db.execute("SELECT id FROM collections ORDER BY name")]
    ids += [r[0] for r in db.execute("SELECT id FROM segments ORDER BY scope")]
    fixed = {old: str(uuid.uuid5(uuid.NAMESPACE_URL, f"warden/{n}")) for n, old in enumerate(ids)}
    schema = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = {n for n, sql in schema if (sql or "").upper().startswith("CREATE VIRTUAL")}
    plain = [n for n, _ in schema if n not in virtual and "fulltext" not in n]
    for table in plain:
        for column in [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]:
            for old, new in fixed.items():
                db.execute(
                    f'UPDATE "{table}" SET "{column}" = replace("{column}", ?, ?) '
                    f"WHERE typeof(\"{column}\") = 'text'",
                    (old, new),
                )
    db.create_function("canon", 1, _canonical_json)
    db.execute("UPDATE embeddings_queue SET metadata = canon(metadata)")
    db.execute("UPDATE collections SET schema_str = canon(schema_str), "
               "config_json_str = canon(config_json_str)")  # fmt: skip
    rows = db.execute("SELECT * FROM embedding_metadata ORDER BY id, key").fetchall()
    db.execute("DELETE FROM embedding_metadata")
    db.executemany("INSERT INTO embedding_metadata VALUES (?, ?, ?, ?, ?, ?)", rows)
    stamp = FIXED_TIME.strftime("%Y-%m-%d %H:%M:%S")
    db.execute("UPDATE embeddings SET created_at = ?", (stamp,))
    db.execute("UPDATE embeddings_queue SET created_at = ?", (stamp,))
    db.commit()
    db.execute("VACUUM INTO ?", (str(target),))
    db.close()


def _canonical_json(text: str | None) -> str | None:
    return json.dumps(json.loads(text), sort_keys=True, separators=(",", ":")) if text else text
