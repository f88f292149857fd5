"""Seeded fake people and the CSV text of their rows, shared by the corpus writers."""

from __future__ import annotations

import csv
import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from faker import Faker


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    iban: str
    card: str  # a 16-digit Visa number, Luhn-valid
    city: str


def people(seed: str, count: int, locale: str = "en_GB") -> list[Person]:
    """`count` people, the same for the same seed; IBANs and cards carry valid checksums."""
    fake = Faker(locale)
    fake.seed_instance(zlib.crc32(seed.encode()))
    western = Faker("en_GB")  # IBANs and cards from a locale that has both
    western.seed_instance(zlib.crc32(seed.encode()) + 1)
    found = []
    for index in range(count):
        user = f"{fake.user_name()}{index}"  # unique, so each planted value is one row's
        found.append(
            Person(
                fake.name(),
                f"{user}@{fake.free_email_domain()}",
                western.iban(),
                western.credit_card_number("visa16"),
                fake.city(),
            )
        )
    return found


def planted(rows: Sequence[Person], *fields: str) -> list[str]:
    """The given fields of the first, middle and last rows: the raw values a leak search seeks."""
    chosen = {0, len(rows) // 2, len(rows) - 1}
    return [getattr(rows[i], name) for i in sorted(chosen) for name in fields]


def csv_text(
    header: Sequence[str], records: Sequence[Sequence[object]], sep: str = ",", eol: str = "\n"
) -> str:
    """CSV text as the csv module writes it, with the given separator and line ending."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator=eol)
    writer.writerow(header)
    writer.writerows(records)
    return buffer.getvalue()


def write(root: Path, relative: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path
