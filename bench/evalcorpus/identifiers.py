"""National identifiers that validate: Faker's where they are valid, built here where not."""

from __future__ import annotations

import random
import string

from faker import Faker
from stdnum import verhoeff
from stdnum.de import idnr
from stdnum.in_ import aadhaar
from stdnum.iso7064 import mod_11_10

# Faker's en_GB NINOs all start with ZZ, which HMRC never issues and Presidio rejects.
_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_BANNED = {"BG", "GB", "NK", "KN", "NT", "TN", "ZZ"}


def uk_nino(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if prefix not in _NINO_BANNED:
            break
    digits = "".join(rng.choice(string.digits) for _ in range(6))
    spaced = rng.random() < 0.5
    body = f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} " if spaced else prefix + digits
    return body + rng.choice("ABCD")


def uk_nhs(rng: random.Random) -> str:
    """Nine digits and the modulus-11 check digit (a remainder giving 10 is never issued)."""
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check != 10:
            text = "".join(map(str, digits)) + str(check % 11)
            return f"{text[:3]} {text[3:6]} {text[6:]}" if rng.random() < 0.6 else text


def de_tax_id(rng: random.Random) -> str:
    """Steuer-IdNr: one digit of the first ten repeated, then the ISO 7064 check digit."""
    while True:
        digits = rng.sample("0123456789", 9)
        digits.insert(rng.randrange(1, 10), rng.choice(digits))
        body = "".join(digits)
        number = body + str(mod_11_10.calc_check_digit(body))
        if idnr.is_valid(number):
            return number


def in_aadhaar(rng: random.Random) -> str:
    while True:
        body = str(rng.randint(2, 9)) + "".join(rng.choice(string.digits) for _ in range(10))
        number = body + verhoeff.calc_check_digit(body)
        if aadhaar.is_valid(number):
            return f"{number[:4]} {number[4:8]} {number[8:]}" if rng.random() < 0.5 else number


def in_pan(rng: random.Random) -> str:
    """Five letters (the fourth says the holder: P for a person), four digits, a letter."""
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    surname = rng.choice(string.ascii_uppercase)
    digits = "".join(rng.choice(string.digits) for _ in range(4))
    return f"{letters}P{surname}{digits}{rng.choice(string.ascii_uppercase)}"


def us_bank_account(rng: random.Random) -> str:
    return "".join(rng.choice(string.digits) for _ in range(rng.randint(9, 12)))


def national_id(kind: str, fake: Faker, rng: random.Random) -> str:
    """One identifier of a kind (a Presidio entity type)."""
    makers = {
        "US_SSN": lambda: fake["en_US"].ssn(),
        "UK_NINO": lambda: uk_nino(rng),
        "UK_NHS": lambda: uk_nhs(rng),
        "ES_NIF": lambda: fake["es_ES"].nif(),
        "IT_FISCAL_CODE": lambda: fake["it_IT"].ssn(),
        "DE_TAX_ID": lambda: de_tax_id(rng),
        "PL_PESEL": lambda: fake["pl_PL"].pesel(),
        "SE_PERSONNUMMER": lambda: fake["sv_SE"].ssn(),
        "FI_PERSONAL_IDENTITY_CODE": lambda: fake["fi_FI"].ssn(),
        "IN_AADHAAR": lambda: in_aadhaar(rng),
        "IN_PAN": lambda: in_pan(rng),
    }
    return makers[kind]()


NATIONAL_IDS = (
    "US_SSN", "UK_NINO", "UK_NHS", "ES_NIF", "IT_FISCAL_CODE", "DE_TAX_ID", "PL_PESEL",
    "SE_PERSONNUMMER", "FI_PERSONAL_IDENTITY_CODE", "IN_AADHAAR", "IN_PAN",
)  # fmt: skip
