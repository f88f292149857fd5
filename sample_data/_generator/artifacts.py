"""Deliberately broken files and placeholder AI artifacts."""

from __future__ import annotations

import struct

from . import models
from .common import Gen, Rows, Table
from .documents import Document

# Files a reader must fail on and record an error for (path -> how it is broken). Damaged
# but readable files (broken/latin1.csv in Windows-1252, broken/ragged.csv with ragged rows)
# are tables with labels like any other.
ERROR_FILES = {
    "broken/corrupt.parquet": "PAR1 magic at both ends, random bytes in between",
    "broken/binary_named.csv": "binary bytes (with NULs) behind a .csv name",
    "broken/empty.csv": "zero bytes",
    "broken/not_json.jsonl": "JSON Lines of which no line parses",
}
RAGGED = (  # a short row (padded), a long row (its extra fields kept in _overflow)
    "sku,warehouse,quantity\nSKU-10045-BL,WH-AMS-01,12\nSKU-20817-GR,WH-FRA-02\n"
    "SKU-31177-RD,WH-MAD-01,7,extra,fields\nSKU-44102-BK,WH-LDS-01,3\n"
    "SKU-50933-WH\nSKU-61240-NV,WH-AMS-01,40,,\n"
)


def broken_files() -> dict[str, bytes]:
    rng = Gen("broken").rng
    return {
        "broken/corrupt.parquet": b"PAR1" + rng.randbytes(1024) + b"PAR1",
        "broken/binary_named.csv": b"\x00\x01\xfe\xff" + rng.randbytes(2048),
        "broken/empty.csv": b"",
        "broken/ragged.csv": RAGGED.encode(),
        "broken/not_json.jsonl": b"{'sku': 'SKU-10045-BL'}\n{sku: SKU-20817-GR}\n[1, 2\n",
    }


def ragged_labels() -> Table:
    """The columns Warden reads from broken/ragged.csv (written as bytes by broken_files()):
    the header's three and `_overflow`, which keeps the extra fields of the long row."""
    columns: dict[str, list] = {"sku": [], "warehouse": [], "quantity": [], "_overflow": []}
    for line in RAGGED.splitlines()[1:]:
        fields = line.split(",")
        for index, name in enumerate(("sku", "warehouse", "quantity")):
            columns[name].append(fields[index] if index < len(fields) else None)
        columns["_overflow"].append(",".join(fields[3:]) if any(fields[3:]) else None)
    notes = {"_overflow": "extra fields of a row longer than the header"}
    return Table("broken/ragged.csv", columns, notes=notes)


def latin1_table() -> Table:
    """A CSV in Windows-1252 (é, ü, ß ...): not UTF-8; the reader detects its encoding."""
    gen = Gen("broken/latin1")
    rows = Rows("customer_id", "full_name", "city", "country")
    rows.add(1, "José Müller", "Zürich", "Switzerland")
    rows.add(2, "Renée Günther", "Köln", "Germany")
    locales = {"de_DE": "Germany", "fr_FR": "France", "es_ES": "Spain"}
    while len(rows.columns["customer_id"]) < 40:
        loc = gen.rng.choice(list(locales))
        first, last = gen.person(loc)
        city = gen.fake(loc).city()
        try:
            f"{first} {last} {city}".encode("cp1252")
        except UnicodeEncodeError:
            continue
        rows.add(len(rows.columns["customer_id"]) + 1, f"{first} {last}", city, locales[loc])
    labels = {"full_name": "PERSON", "city": "LOCATION", "country": "LOCATION"}
    return Table("broken/latin1.csv", rows.columns, labels=labels, encoding="cp1252")


def utf16_document() -> Document:
    gen = Gen("broken/notes_utf16")
    (f1, l1), (f2, l2) = gen.person("de_DE"), gen.person("it_IT")
    text = (
        f"Team notes\n\n{f1} {l1} covers the Friday support rota this month.\n"
        f"{f2} {l2} is out next week; hand-overs go through the shared board.\n"
        "The quarterly stock count starts on Monday.\n"
    )
    return Document(
        "broken/notes_utf16.txt",
        text,
        "PERSON",
        "readable: UTF-16 LE with BOM; needs BOM detection",
    )


def utf16_bytes(text: str) -> bytes:
    return b"\xff\xfe" + text.encode("utf-16-le")


GGUF_STRINGS = {
    "general.architecture": "llama",
    "general.name": "warden-demo",
    "tokenizer.ggml.model": "llama",
}
GGUF_NUMBERS = {"general.file_type": 15, "llama.context_length": 4096}  # Q4_K_M


def model_files() -> dict[str, bytes]:
    rng = Gen("models").rng
    # Pickle protocol-4 header, then 0xFF: not a pickle opcode, so any unpickler (or
    # pickletools) stops right there. Nothing after it is ever interpreted.
    pickle_like = b"\x80\x04\xff" + b"WARDEN-PLACEHOLDER-MODEL" + rng.randbytes(256)
    faiss_like = b"IxFl" + rng.randbytes(128)
    weights = {"coef": [round(rng.uniform(-1, 1), 4) for _ in range(8)], "intercept": [0.25]}
    tensor = struct.pack("<8f", *weights["coef"])
    words = [f"tok{i}" for i in range(256)]
    return {
        "models/churn_model.pkl": pickle_like,
        "models/embeddings.faiss": faiss_like,
        "models/scoring_weights.pkl": models.plain_pickle(weights),
        # Harmless but detectable: unpickling it would run `echo`; nothing here unpickles it.
        "models/untrusted_upload.pkl": models.call_pickle("os", "system", "echo warden-sample"),
        "models/churn_torch.pt": models.torch_style_zip(models.plain_pickle(weights), tensor),
        "models/support_adapter.safetensors": models.safetensors_bytes(
            {"lora_a": [8, 4], "lora_b": [4, 8]}, {"format": "pt", "base_model": "warden-demo"}
        ),
        "models/support_llm.gguf": models.gguf_bytes(GGUF_STRINGS, GGUF_NUMBERS, words),
    }
