"""Shared pieces: seeded fakers, checksum-valid identifiers, dates and the Table record."""

from __future__ import annotations

import random
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import phonenumbers
from faker import Faker
from stdnum import luhn
from stdnum.gb import nhs
from stdnum.us import ssn as us_ssn

SEED = 20240611
LOCALES = ("en_US", "en_GB", "de_DE", "es_ES", "it_IT", "fr_FR", "nl_NL")
REGION = {
    "en_US": "US",
    "en_GB": "GB",
    "de_DE": "DE",
    "es_ES": "ES",
    "it_IT": "IT",
    "fr_FR": "FR",
    "nl_NL": "NL",
}
COUNTRY = {
    "en_US": "United States",
    "en_GB": "United Kingdom",
    "de_DE": "Germany",
    "es_ES": "Spain",
    "it_IT": "Italy",
    "fr_FR": "France",
    "nl_NL": "Netherlands",
}
# Reserved example domains only, so no generated address can reach a real mailbox.
EMAIL_DOMAINS = (
    "example.com",
    "example.org",
    "example.net",
    "mail.example.com",
    "post.example.org",
    "inbox.example.net",
)
WORK_DOMAIN = "northwind.example.com"

# Every entity name a label may use: Presidio's names plus Warden's own; a finer kind is
# written as a subtype of Presidio's type (LOCATION/STREET_ADDRESS), as the policy keys it.
ENTITIES = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "US_BANK_NUMBER",
    "ABA_ROUTING_NUMBER",
    "IP_ADDRESS",
    "URL",
    "DATE_TIME",
    "LOCATION",
    "UK_NHS",
    "ES_NIF",
    "IT_FISCAL_CODE",
    "MAC_ADDRESS",
    "UUID",
    "EMPLOYEE_ID",
    "MEDICAL_RECORD_NUMBER",
    "ICD10_CODE",
    "LOCATION/POSTCODE",
    "LOCATION/STREET_ADDRESS",
)
FREE_TEXT_SHARE = 0.05  # a free-text column is labelled with types found in >= 5% of rows


@dataclass
class Table:
    """One tabular dataset: where it goes, its columns, and the truth about each column."""

    path: str  # relative to sample_data/, forward slashes; the extension picks the format
    columns: dict[str, list]
    labels: dict[str, str] = field(default_factory=dict)  # column -> "A;B"; absent = clean
    notes: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"  # text formats only; broken/latin1.csv uses cp1252
    header: bool = True  # CSV/TSV: False writes no header row (columns column_1, column_2...)

    def __post_init__(self) -> None:
        for column in (*self.labels, *self.notes):
            assert column in self.columns, f"{self.path}: unknown column {column}"
        lengths = {len(values) for values in self.columns.values()}
        assert len(lengths) == 1, f"{self.path}: columns differ in length {lengths}"

    @property
    def rows(self) -> list[dict]:
        names = list(self.columns)
        return [
            dict(zip(names, values, strict=True))
            for values in zip(*self.columns.values(), strict=True)
        ]


class Mentions:
    """Counts the entity types embedded in free-text rows, to label the column honestly."""

    def __init__(self) -> None:
        self.rows = 0
        self.counts: dict[str, int] = {}

    def add(self, *entities: str) -> None:
        self.rows += 1
        for entity in set(entities):
            self.counts[entity] = self.counts.get(entity, 0) + 1

    def label(self) -> str:
        found = {e for e, n in self.counts.items() if n / self.rows >= FREE_TEXT_SHARE}
        return join_entities(found)


def join_entities(entities) -> str:
    """Entity names in the canonical order, semicolon-separated."""
    chosen = set(entities)
    assert chosen <= set(ENTITIES), f"unknown entity names {chosen - set(ENTITIES)}"
    return ";".join(e for e in ENTITIES if e in chosen)


def seed_for(name: str) -> int:
    """A stable per-table seed (zlib.crc32, unlike hash(), does not change between runs)."""
    return SEED ^ zlib.crc32(name.encode())


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _stable_order(fake: Faker) -> None:
    """Faker's it_IT `cities` list is built from a set, so its order follows PYTHONHASHSEED.

    Sorting it on this instance makes city() depend only on the seed.
    """
    for provider in fake.get_providers():
        if isinstance(getattr(provider, "cities", None), list):
            provider.cities = sorted(provider.cities)


class Gen:
    """Seeded randomness for one table: `rng` plus one seeded Faker per locale."""

    def __init__(self, name: str) -> None:
        seed = seed_for(name)
        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        for offset, locale in enumerate(LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed + offset)
            _stable_order(fake)
            self.fakers[locale] = fake

    def fake(self, locale: str = "en_US") -> Faker:
        return self.fakers[locale]

    def locale(self, weights: dict[str, int] | None = None) -> str:
        weights = weights or {loc: 1 for loc in LOCALES}
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    # people and contact data -------------------------------------------------------------
    def person(self, locale: str = "en_US") -> tuple[str, str]:
        fake = self.fake(locale)
        return fake.first_name(), fake.last_name()

    def email(self, first: str, last: str, domain: str | None = None) -> str:
        f, la = ascii_slug(first), ascii_slug(last)
        if domain == WORK_DOMAIN:
            return f"{f}.{la}@{domain}"
        user = self.rng.choice(
            (
                f"{f}.{la}",
                f"{f[0]}{la}",
                f"{f}{la}{self.rng.randint(1, 99)}",
                f"{la}_{f}",
                f"{f}.{la}{self.rng.randint(70, 99)}",
            )
        )
        return f"{user}@{domain or self.rng.choice(EMAIL_DOMAINS)}"

    def phone(self, locale: str = "en_US") -> str:
        """A Faker phone number that libphonenumber accepts as valid for the locale's region."""
        fake = self.fake(locale)
        while True:
            number = fake.phone_number()
            if "x" in number:
                continue
            try:
                parsed = phonenumbers.parse(number, REGION[locale])
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                return number

    def street(self, locale: str) -> str:
        return ", ".join(p.strip() for p in self.fake(locale).street_address().splitlines())

    # identifiers ---------------------------------------------------------------------------
    def ssn(self) -> str:
        """A US SSN stdnum accepts (no 000/666/9xx area, no 00 group) and not all one digit."""
        while True:
            value = self.fake("en_US").ssn()
            digits = value.replace("-", "")
            if us_ssn.is_valid(value) and len(set(digits)) > 1:
                return value

    def card(self) -> str:
        number = self.fake("en_US").credit_card_number()
        assert luhn.is_valid(number)
        return number

    def non_luhn_ref(self, day: date) -> str:
        """A 16-digit reference (date + serial) that is deliberately NOT Luhn-valid."""
        ref = day.strftime("%Y%m%d") + f"{self.rng.randrange(10**8):08d}"
        if luhn.is_valid(ref):
            ref = ref[:-1] + str((int(ref[-1]) + 1) % 10)
        return ref

    def nhs_number(self) -> str:
        """An NHS number with a valid modulus-11 check digit, printed as 3-3-4."""
        while True:
            digits = [self.rng.randint(4, 7)] + [self.rng.randrange(10) for _ in range(8)]
            check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
            if check == 10:
                continue
            text = "".join(map(str, digits)) + str(check % 11)
            assert nhs.is_valid(text)
            return f"{text[:3]} {text[3:6]} {text[6:]}"

    def digits(self, length: int) -> str:
        return str(self.rng.randint(1, 9)) + "".join(
            str(self.rng.randrange(10)) for _ in range(length - 1)
        )

    # dates ---------------------------------------------------------------------------------
    def moment(self, start: datetime, end: datetime) -> datetime:
        seconds = int((end - start).total_seconds())
        return start + timedelta(seconds=self.rng.randrange(seconds))

    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days))

    def money(self, low: float, high: float) -> float:
        return round(self.rng.uniform(low, high), 2)


def unique(make, count: int) -> list:
    """`count` distinct values from the zero-argument callable `make`, in creation order."""
    seen: dict = {}
    while len(seen) < count:
        seen.setdefault(make(), None)
    return list(seen)


class Rows:
    """Collects rows column by column: Rows("a", "b").add(1, 2)."""

    def __init__(self, *names: str) -> None:
        self.columns: dict[str, list] = {name: [] for name in names}

    def add(self, *values) -> None:
        for column, value in zip(self.columns.values(), values, strict=True):
            column.append(value)
