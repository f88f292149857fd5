"""Damaged records and unreadable files: what must be read anyway, and what must be refused."""

from __future__ import annotations

import gzip
import io
import json
import random
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests.corpus.cases import Case, absent, classified, error
from tests.corpus.rows import csv_text, people, planted, write

NO_ROWS = ("no rows", "no records", "no record", "0 rows", "zero rows", "header only")
TRUNCATED = ("truncated", "corrupt")


def damaged_record_cases(root: Path) -> list[Case]:
    """Files with some bad records among good ones: read, the bad records counted."""
    return [_ragged(root), _one_bad_line(root), _unterminated_quote(root), _cut_gzip(root),
            _mixed_encoding(root)]  # fmt: skip


def _ragged(root: Path) -> Case:
    path = "damaged/ragged.csv"
    rows = people(path, 200)
    records: list[tuple[str, ...]] = [(p.email, p.iban, p.city, "ok") for p in rows]
    for i in (20, 90, 150):
        records[i] = records[i][:2]  # short rows
    for i in (40, 120, 180):
        records[i] = (*records[i], "extra", "fields")  # long rows
    write(root, path, csv_text(("email", "iban", "city", "note"), records))
    return classified(
        path,
        "3 short and 3 long rows among 200",
        {"email": "EMAIL_ADDRESS", "iban": "IBAN_CODE"},
        planted(rows, "email", "iban"),
        damaged=6,
    )


def _record(person: object) -> str:
    fields = {k: getattr(person, k) for k in ("name", "email", "iban")}
    return json.dumps(fields, ensure_ascii=False)


def _one_bad_line(root: Path) -> Case:
    path = "damaged/one_bad_line.jsonl"
    rows = people(path, 400)
    lines = [_record(p) for p in rows]
    lines[199] = lines[199][:-9]  # cut inside the last value: not JSON
    write(root, path, "\n".join(lines) + "\n")
    return classified(
        path,
        "JSON Lines: 1 malformed line among 400 (399 records kept)",
        {"email": "EMAIL_ADDRESS", "iban": "IBAN_CODE"},
        planted(rows, "email", "iban", "name"),
        damaged=1,
    )


def _unterminated_quote(root: Path) -> Case:
    path = "damaged/unterminated_quote.csv"
    rows = people(path, 100)
    text = csv_text(("email", "iban", "note"), [(p.email, p.iban, "fine") for p in rows])
    write(root, path, text + 'nobody@invalid,GB00,"this quote never ends\n')
    return classified(
        path,
        "a last record whose quote never closes",
        {"email": "EMAIL_ADDRESS", "iban": "IBAN_CODE"},
        planted(rows, "email", "iban"),
    )


def _cut_gzip(root: Path) -> Case:
    path = "damaged/truncated_late.csv.gz"
    rows = people(path, 600)
    text = csv_text(("email", "iban", "city"), [(p.email, p.iban, p.city) for p in rows])
    data = gzip.compress(text.encode(), mtime=0)
    write(root, path, data[: len(data) * 7 // 10])
    return classified(
        path,
        "gzip cut at 70%: the records before the cut are read",
        {"email": "EMAIL_ADDRESS", "iban": "IBAN_CODE"},
        planted(rows[:200], "email", "iban"),
    )


def _mixed_encoding(root: Path) -> Case:
    """A UTF-8 export to which a Windows tool appended two rows in Windows-1252."""
    path = "damaged/mixed_utf8_cp1252.csv"
    rows = people(path, 1000, "fr_FR")
    header = ("nom", "adresse_électronique", "iban", "société")
    good = csv_text(header, [(p.name, p.email, p.iban, "Crédit Agricole") for p in rows[:-2]])
    appended = csv_text(header, [(p.name, p.email, p.iban, "Société Générale") for p in rows[-2:]])
    data = good.encode() + appended.split("\n", 1)[1].encode("cp1252")
    write(root, path, data)
    return classified(path, "UTF-8 with 2 appended Windows-1252 rows: UTF-8, 2 records repaired",
                      {"adresse_électronique": "EMAIL_ADDRESS", "iban": "IBAN_CODE"},
                      planted(rows[:-2], "email", "iban"), encoding="utf-8",
                      damaged=2)  # fmt: skip


def unreadable_cases(root: Path) -> list[Case]:
    """Files with nothing readable in them: each a clear error, and the scan goes on."""
    rows = people("unreadable", 50)
    text = csv_text(("email", "iban"), [(p.email, p.iban) for p in rows])
    write(root, "damaged/empty.csv", b"")
    write(root, "damaged/header_only.csv", "email,iban,card_number\r\n")
    bad = [_record(p)[:-1] + ", " for p in rows]  # values whole, the object never closed
    write(root, "damaged/all_bad_lines.jsonl", "\n".join(bad) + "\n")
    write(root, "damaged/truncated_early.csv.gz", gzip.compress(text.encode(), mtime=0)[:12])
    write(root, "damaged/archive_named.csv", _zip(text))
    write(root, "damaged/binary_named.txt", random.Random(15).randbytes(64 * 1024))
    _parquets(root, rows)
    _loops(root)
    values = planted(rows, "email", "iban")
    return [
        error("damaged/empty.csv", "an empty file (0 bytes)", ["empty"]),
        error("damaged/header_only.csv", "a header row and no records", NO_ROWS),
        error(
            "damaged/all_bad_lines.jsonl",
            "JSON Lines whose every line is malformed",
            ["invalid json", "malformed", "no record"],
            values,
        ),
        error("damaged/truncated_early.csv.gz", "gzip cut before any record", TRUNCATED),
        error(
            "damaged/archive_named.csv",
            "a ZIP archive named .csv (its magic bytes)",
            ["zip", "archive"],
            values,
        ),
        error("damaged/binary_named.txt", "random bytes named .txt", ["binary"]),
        error("damaged/zero_rows.parquet", "a Parquet file with a schema and no rows", NO_ROWS),
        error("damaged/truncated.parquet", "a Parquet file cut in half", ["corrupt parquet"]),
        error(
            "damaged/corrupt_footer.parquet",
            "a Parquet footer overwritten with garbage",
            ["corrupt parquet"],
            values,
        ),
        error("links/loop_a.csv", "a symlink to a symlink back to it", LOOP),
        error("links/loop_b.csv", "the other end of the loop", LOOP),
        absent("links/up", "a directory link to its parent: followed once, never looped"),
    ]


LOOP = ("loop", "symbolic link", "symlink")


def _zip(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("customers.csv", date_time=(2026, 1, 1, 0, 0, 0))
        archive.writestr(info, text, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _parquets(root: Path, rows: list) -> None:
    table = pa.table({"email": [p.email for p in rows], "iban": [p.iban for p in rows]})
    folder = root / "damaged"
    pq.write_table(table.slice(0, 0), folder / "zero_rows.parquet")
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="none")
    data = bytearray(sink.getvalue())
    footer = int.from_bytes(data[-8:-4], "little")
    start = len(data) - 8 - footer
    # garbage where the footer was; the PAR1 magic stays at both ends, so it sniffs as Parquet
    data[start : start + footer] = random.Random(7).randbytes(footer)
    write(root, "damaged/corrupt_footer.parquet", bytes(data))
    write(root, "damaged/truncated.parquet", sink.getvalue()[: len(data) // 2])


def _loops(root: Path) -> None:
    folder = root / "links"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "loop_a.csv").symlink_to("loop_b.csv")
    (folder / "loop_b.csv").symlink_to("loop_a.csv")
    (folder / "up").symlink_to("..", target_is_directory=True)
