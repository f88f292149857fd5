"""Delimited files as people write them: separators, line endings, quoting, odd headers."""

from __future__ import annotations

import gzip
from pathlib import Path

from tests.corpus.cases import Case, classified
from tests.corpus.rows import csv_text, people, planted, write

MARKUP = "<script>alert('x')</script>"
SQL = "'; DROP TABLE x; --"
TEMPLATE = "{{7*7}} <img src=x onerror=alert(1)>"


def dialect_cases(root: Path) -> list[Case]:
    specs = [  # path, separator, line ending, what it checks
        ("dialects/comma_crlf.csv", ",", "\r\n", "CRLF line endings: the last column is 'email'"),
        ("dialects/semicolon.csv", ";", "\n", "`;` separator"),
        ("dialects/pipe.csv", "|", "\n", "`|` separator"),
        ("dialects/tab.tsv", "\t", "\n", "tab separator, .tsv"),
        ("dialects/tab_named.csv", "\t", "\n", "tab separator in a file named .csv"),
        ("dialects/cr_only.csv", ",", "\r", "old Mac line endings (CR only)"),
    ]
    cases = []
    for path, sep, eol, checks in specs:
        rows = people(path, 50)
        records = [(p.name, p.card, p.email) for p in rows]
        write(root, path, csv_text(("name", "card_number", "email"), records, sep, eol))
        cases.append(
            classified(
                path,
                checks,
                {"card_number": "CREDIT_CARD", "email": "EMAIL_ADDRESS"},
                planted(rows, "email", "card", "name"),
            )
        )
    return [
        *cases,
        _quoted_newlines(root),
        _duplicate_headers(root),
        _single_column(root),
        _nul_bytes(root),
        _markup_names(root),
        _gzipped(root),
    ]


def _quoted_newlines(root: Path) -> Case:
    path = "dialects/quoted_newlines.csv"
    rows = people(path, 50)
    notes = [f'Called twice,\nsaid "call back"\r\nafter {i} days' for i in range(len(rows))]
    records = [(n, p.email, p.iban) for n, p in zip(notes, rows, strict=True)]
    write(root, path, csv_text(("note", "email", "iban"), records))
    return classified(
        path,
        "quoted fields holding newlines, commas and doubled quotes",
        {"email": "EMAIL_ADDRESS", "iban": "IBAN_CODE"},
        planted(rows, "email", "iban"),
    )


def _duplicate_headers(root: Path) -> Case:
    path = "dialects/duplicate_headers.csv"
    rows = people(path, 50)
    records = [(p.email, p.name, p.email.upper(), p.iban) for p in rows]
    write(root, path, csv_text(("email", "account", "email", "account"), records))
    return classified(
        path,
        "two columns named 'email' and two named 'account' (IBANs in the 2nd)",
        {"email": "EMAIL_ADDRESS"},
        planted(rows, "email", "iban"),
        entities={"EMAIL_ADDRESS", "IBAN_CODE"},
    )


def _single_column(root: Path) -> Case:
    path = "dialects/single_column.csv"
    rows = people(path, 50)
    write(root, path, csv_text(("email",), [(p.email,) for p in rows]))
    return classified(
        path,
        "one column, so no separator to sniff",
        {"email": "EMAIL_ADDRESS"},
        planted(rows, "email"),
    )


def _nul_bytes(root: Path) -> Case:
    """A text export with a few stray NUL bytes (padding from a fixed-width source): still text."""
    path = "dialects/nul_bytes.csv"
    rows = people(path, 50)
    notes = ["ok\x00\x00" if i % 10 == 3 else "ok" for i in range(len(rows))]
    records = [(p.email, p.iban, n) for p, n in zip(rows, notes, strict=True)]
    write(root, path, csv_text(("email", "iban", "note"), records))
    return classified(
        path,
        "NUL bytes inside a text file (a few cells)",
        {"email": "EMAIL_ADDRESS", "iban": "IBAN_CODE"},
        planted(rows, "email", "iban"),
    )


def _markup_names(root: Path) -> Case:
    path = "dialects/markup_names.csv"
    rows = people(path, 50)
    records = [(p.email, p.iban, p.card) for p in rows]
    write(root, path, csv_text((MARKUP, SQL, TEMPLATE), records))
    return classified(
        path,
        "column names holding markup, SQL and a template: stored as they are",
        {MARKUP: "EMAIL_ADDRESS", SQL: "IBAN_CODE", TEMPLATE: "CREDIT_CARD"},
        planted(rows, "email", "iban", "card"),
    )


def _gzipped(root: Path) -> Case:
    path = "dialects/gzipped.csv.gz"
    rows = people(path, 300)
    text = csv_text(("name", "email", "iban"), [(p.name, p.email, p.iban) for p in rows])
    write(root, path, gzip.compress(text.encode(), mtime=0))
    return classified(
        path,
        "a gzip-compressed CSV, the baseline for the damaged gzip cases",
        {"email": "EMAIL_ADDRESS", "iban": "IBAN_CODE"},
        planted(rows, "email", "iban", "name"),
    )


def _two_members(root: Path) -> Case:
    """Two gzip members one after the other, as `cat a.gz b.gz` (log rotation) writes them."""
    path = "dialects/two_members.csv.gz"
    rows = people(path, 200)
    text = csv_text(("name", "email", "iban"), [(p.name, p.email, p.iban) for p in rows])
    first, second = text[: len(text) // 2], text[len(text) // 2 :]
    data = gzip.compress(first.encode(), mtime=0) + gzip.compress(second.encode(), mtime=0)
    write(root, path, data)
    return classified(path, "a gzip file of two members: both are read",
                      {"email": "EMAIL_ADDRESS", "iban": "IBAN_CODE"},
                      planted(rows, "email", "iban", "name"))  # fmt: skip
