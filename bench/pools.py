"""Pools of Faker values (slow to make one by one), sampled with numpy to build big tables."""

from __future__ import annotations

import random
from dataclasses import dataclass

import phonenumbers
import polars as pl
from faker import Faker

from bench.vocab import ADJECTIVES, MATERIALS, PRODUCTS, SENTENCES

PHONE_REGIONS = {"en_US": "US", "en_GB": "GB", "de_DE": "DE", "fr_FR": "FR"}
IBAN_LOCALES = ("en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT")
NAME_LOCALES = ("en_US", "en_GB", "en_US", "de_DE", "fr_FR")  # English-speaking names weigh 3/5
# How a valid number is written: as Faker wrote it, or re-formatted by libphonenumber.
PHONE_STYLES = (
    None,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.E164,
    phonenumbers.PhoneNumberFormat.NATIONAL,
)


@dataclass(frozen=True)
class Pools:
    """Distinct values to draw from; each a String series."""

    first: pl.Series
    last: pl.Series
    user: pl.Series
    domain: pl.Series
    phone: pl.Series
    iban: pl.Series
    country: pl.Series
    ipv6: pl.Series
    product: pl.Series
    sentence: pl.Series


def _unique(values: list[str], name: str) -> pl.Series:
    return pl.Series(name, sorted(set(values)), dtype=pl.String)


def _phones(seed: int, size: int) -> list[str]:
    """Numbers libphonenumber accepts as valid for their region, in several styles."""
    found: list[str] = []
    styles = random.Random(seed)
    for index, (locale, region) in enumerate(PHONE_REGIONS.items()):
        fake = Faker(locale)
        fake.seed_instance(seed + index)
        wanted = size // len(PHONE_REGIONS)
        while wanted:
            number = fake.phone_number()
            if "x" in number:
                continue
            try:
                parsed = phonenumbers.parse(number, region)
            except phonenumbers.NumberParseException:
                continue
            if not phonenumbers.is_valid_number(parsed):
                continue
            style = styles.choice(PHONE_STYLES)
            found.append(number if style is None else phonenumbers.format_number(parsed, style))
            wanted -= 1
    return found


def _by_locale(locales: tuple[str, ...], seed: int, size: int, method: str) -> list[str]:
    values: list[str] = []
    for index, locale in enumerate(locales):
        fake = Faker(locale)
        fake.seed_instance(seed + index)
        values += [getattr(fake, method)() for _ in range(size // len(locales))]
    return values


def _sentences(seed: int, size: int, products: list[str]) -> list[str]:
    """One to three support-note sentences each, with products and day counts filled in."""
    rng = random.Random(seed)
    notes = []
    for _ in range(size):
        picked = rng.sample(SENTENCES, rng.randint(1, 3))
        text = " ".join(picked).format(product=rng.choice(products), days=rng.randint(2, 14))
        notes.append(text)
    return notes


def build_pools(seed: int, size: int = 20_000) -> Pools:
    """Deterministic pools of about `size` values each (fewer where Faker has fewer)."""
    fake = Faker("en_US")
    fake.seed_instance(seed)
    products = [f"{a} {m} {p}" for a in ADJECTIVES for m in MATERIALS for p in PRODUCTS]
    iban = _by_locale(IBAN_LOCALES, seed, size, "iban")
    rng = random.Random(seed)
    grouped = [
        " ".join(v[i : i + 4] for i in range(0, len(v), 4)) if rng.random() < 0.25 else v
        for v in iban
    ]
    return Pools(
        first=_unique(_by_locale(NAME_LOCALES, seed, size, "first_name"), "first"),
        last=_unique(_by_locale(NAME_LOCALES, seed, size, "last_name"), "last"),
        user=_unique([fake.user_name() for _ in range(size)], "user"),
        domain=_unique(
            [fake.free_email_domain() for _ in range(200)]
            + [fake.domain_name() for _ in range(size // 20)],
            "domain",
        ),
        phone=_unique(_phones(seed, size), "phone"),
        iban=_unique(grouped, "iban"),
        country=_unique([fake.country() for _ in range(max(size // 10, 2_000))], "country"),
        ipv6=_unique([fake.ipv6() for _ in range(size)], "ipv6"),
        product=pl.Series("product", products, dtype=pl.String),
        sentence=_unique(_sentences(seed, size, products), "sentence"),
    )
