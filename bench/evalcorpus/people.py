"""Kinds of sensitive columns: people, contact data, places where people live, identifiers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import phonenumbers

from bench.evalcorpus.chains import bitcoin_bech32, bitcoin_legacy, ethereum_address
from bench.evalcorpus.context import Context
from bench.evalcorpus.identifiers import NATIONAL_IDS, national_id, us_bank_account
from bench.evalcorpus.kinds import PER_COLUMN, Kind, register

RELIGIONS = (
    "Christian", "Catholic", "Protestant", "Muslim", "Jewish", "Hindu", "Buddhist", "Sikh",
    "Atheist", "Orthodox", "Agnostic", "katholisch", "evangelisch", "musulman", "católico",
    "cattolico", "ateo", "judío",
)  # fmt: skip
PARTIES = (
    "Democrat", "Republican", "Labour", "Conservative", "Liberal Democrat", "Green", "SPD",
    "CDU", "FDP", "Die Linke", "Les Républicains", "Parti socialiste", "PSOE", "Partido Popular",
    "Partito Democratico", "VVD", "Socialdemokraterna", "Moderaterna", "PiS",
)  # fmt: skip
GENDERS = ("F", "M", "female", "male", "Female", "Male", "non-binary", "W", "divers")


def _pick(ctx: Context, faker_way: Callable[[], Any], mimesis_way: Callable[[], Any]) -> Any:
    return faker_way() if ctx.use_faker else mimesis_way()


def _phone(ctx: Context) -> str:
    return _pick(ctx, ctx.fake.phone_number, ctx.mim.person.telephone)


def _phone_international(ctx: Context) -> str:
    """A local number re-spelled in international form when phonenumbers can parse it."""
    raw = _phone(ctx)
    region = ctx.locale.split("_")[1] if "_" in ctx.locale else "US"
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _region(ctx: Context) -> str:
    for way in ("state", "administrative_unit", "region", "province"):
        if ctx.use_faker and hasattr(ctx.fake, way):
            return str(getattr(ctx.fake, way)())
    return ctx.mim.address.region()


def _card(ctx: Context) -> str:
    number = _pick(ctx, ctx.fake.credit_card_number, ctx.mim.payment.credit_card_number)
    digits = number.replace(" ", "")
    if ctx.rng.random() < 0.3:
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return digits


def _mixed_ids(ctx: Context, rows: int) -> tuple[list[str], tuple[str, ...]]:
    """Identity documents of 3-5 countries in one column, each an equal share (>= 20%)."""
    kinds = ctx.rng.sample(_MIXED_CHOICES, ctx.rng.randint(3, 5))
    values = [national_id(kinds[i % len(kinds)], ctx.ids, ctx.rng) for i in range(rows)]
    ctx.rng.shuffle(values)
    return values, tuple(sorted(kinds))


_MIXED_CHOICES = ["US_SSN", "UK_NINO", "ES_NIF", "IT_FISCAL_CODE", "DE_TAX_ID", "PL_PESEL"]


def _id_kind(entity: str) -> Kind:
    return Kind(
        f"id_{entity.lower()}",
        "national_id",
        lambda ctx: national_id(entity, ctx.ids, ctx.rng),
        (entity,),
    )


register(
    Kind("given_name", "given_name", lambda c: _pick(c, c.fake.first_name, c.mim.person.first_name),
         ("PERSON",)),
    Kind("family_name", "family_name",
         lambda c: _pick(c, c.fake.last_name, c.mim.person.last_name), ("PERSON",)),
    Kind("full_name", "full_name", lambda c: _pick(c, c.fake.name, c.mim.person.full_name),
         ("PERSON",)),
    Kind("email", "email", lambda c: _pick(c, c.fake.email, c.mim.person.email),
         ("EMAIL_ADDRESS",)),
    Kind("phone", "phone", _phone, ("PHONE_NUMBER",)),
    Kind("phone_intl", "phone", _phone_international, ("PHONE_NUMBER",)),
    Kind("birth_date", "birth_date", lambda c: c.day(1940, 2006), ("DATE_TIME",)),
    Kind("hire_date", "hire_date", lambda c: c.day(1995, 2024), ("DATE_TIME",)),
    Kind("leave_date", "leave_date", lambda c: c.day(2015, 2025), ("DATE_TIME",)),
    Kind("visit_date", "visit_date", lambda c: c.day(2019, 2025), ("DATE_TIME",)),
    Kind("enrol_date", "enrol_date", lambda c: c.day(2010, 2025), ("DATE_TIME",)),
    Kind("street", "street",
         lambda c: _pick(c, c.fake.street_address, c.mim.address.address),
         ("LOCATION",), "STREET_ADDRESS"),
    Kind("full_address", "street",
         lambda c: c.fake.address().replace("\n", ", "), ("LOCATION",), "STREET_ADDRESS"),
    Kind("city", "city", lambda c: c.city(), ("LOCATION",), "CITY"),
    Kind("region", "region", _region, ("LOCATION",), "REGION"),
    Kind("postcode", "postcode", lambda c: _pick(c, c.fake.postcode, c.mim.address.postal_code),
         ("LOCATION",), "POSTCODE"),
    Kind("country", "country", lambda c: _pick(c, c.fake.country, c.mim.address.country),
         ("LOCATION",), "COUNTRY"),
    Kind("nationality", "nationality", lambda c: c.mim.person.nationality(), ("NRP",)),
    Kind("religion", "religion", lambda c: c.rng.choice(RELIGIONS), ("NRP",)),
    Kind("party", "party", lambda c: c.rng.choice(PARTIES), ("NRP",)),
    Kind("gender", "gender",
         lambda c: c.rng.choice(GENDERS) if c.rng.random() < 0.5 else c.mim.person.gender(),
         ("GENDER",)),
    Kind("iban", "iban", lambda c: c.fake.iban(), ("IBAN_CODE",)),
    Kind("card", "card", _card, ("CREDIT_CARD",)),
    Kind("bank_account", "bank_account", lambda c: us_bank_account(c.rng), ("US_BANK_NUMBER",)),
    Kind("routing", "routing", lambda c: c.ids["en_US"].aba(), ("ABA_ROUTING_NUMBER",)),
    Kind("ip", "ip", lambda c: c.mim.internet.ip_v4() if c.rng.random() < 0.8
         else c.mim.internet.ip_v6(), ("IP_ADDRESS",)),
    Kind("domain", "website", lambda c: c.fake.domain_name(), ("URL",)),
    Kind("url", "website", lambda c: _pick(c, c.fake.url, c.mim.internet.url), ("URL",)),
    Kind("btc", "wallet", lambda c: bitcoin_legacy(c.rng) if c.rng.random() < 0.5
         else bitcoin_bech32(c.rng), ("CRYPTO",)),
    Kind("eth", "wallet", lambda c: ethereum_address(c.rng), ("CRYPTO",)),
    *(_id_kind(entity) for entity in NATIONAL_IDS),
)  # fmt: skip
# The mixed column's label is the identifier types drawn for it (make_column returns them).
register(Kind("mixed_ids", "national_id", None, PER_COLUMN, make_column=_mixed_ids))
