"""Masked examples keep a value's shape and never the value itself."""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl
import pytest
from faker import Faker

from classifiers.masking import mask_value, redact_message


@pytest.mark.parametrize(
    ("value", "entity", "masked"),
    [
        ("john.smith@example.com", "EMAIL_ADDRESS", "j***@e***.com"),
        ("john.smith@example.com", "", "j***@e***.com"),  # shaped like an email: masked as one
        ("a@mail.example.co.uk", "EMAIL_ADDRESS", "*@m***.e***.c***.uk"),
        ("  ann@corp.org  ", "EMAIL_ADDRESS", "a***@c***.org"),
        ("4111 1111 1111 1111", "CREDIT_CARD", "#### #### #### ##11"),
        ("4111111111111111", "CREDIT_CARD", "##############11"),
        ("5500-0000-0000-0004", "CREDIT_CARD", "####-####-####-##04"),
        ("+44 20 7946 0958", "PHONE_NUMBER", "+## ## #### ##58"),
        ("GB82 WEST 1234 5698 7654 32", "IBAN_CODE", "**## **** #### #### #### 32"),
        ("078-05-1120", "US_SSN", "###-##-##20"),
        ("AB 12 34 56 C", "UK_NINO", "** ## ## 56 *"),
        ("John Smith", "PERSON", "J*** S***"),
        ("Mary-Jane O'Neil", "PERSON", "M***-J*** *'N***"),
        ("J Smith", "PERSON", "* S***"),
        ("SW1A 1AA", "UK_POSTCODE", "S*** 1***"),  # fewer than four digits: masked by word
        ("x" * 60, "", "x***"),
        ("1234 " * 12, "", "#### " * 8),  # cut at 40 characters
    ],
)
def test_mask_value(value: str, entity: str, masked: str) -> None:
    assert mask_value(value, entity) == masked


def _faker() -> Faker:
    fake = Faker(["en_US", "en_GB", "de_DE"])
    fake.seed_instance(1234)
    return fake


GENERATORS: dict[str, Callable[[Faker], str]] = {
    "EMAIL_ADDRESS": lambda fake: fake.email(),
    "PHONE_NUMBER": lambda fake: fake.phone_number(),
    "CREDIT_CARD": lambda fake: fake.credit_card_number(),
    "IBAN_CODE": lambda fake: fake.iban(),
}


def _digit_runs(text: str) -> set[str]:
    """Every run of four digits that appears in `text` once non-digits are dropped."""
    digits = re.sub(r"\D", "", text)
    return {digits[i : i + 4] for i in range(len(digits) - 3)}


@pytest.mark.parametrize("entity", list(GENERATORS))
def test_masked_values_never_leak(entity: str) -> None:
    fake = _faker()
    for _ in range(200):
        raw = GENERATORS[entity](fake)
        masked = mask_value(raw, entity)
        assert raw not in masked
        assert masked != raw
        # digits other than the last two never survive, alone or in runs
        kept = re.sub(r"\D", "", masked)
        assert len(kept) <= 2, (raw, masked)
        secret = re.sub(r"\D", "", raw)[:-2]
        leaked = {run for run in _digit_runs(secret) if run in masked or run in kept}
        assert leaked == set(), (raw, masked)
        if len(re.sub(r"\D", "", raw)) >= 4 and entity != "EMAIL_ADDRESS":
            assert kept == re.sub(r"\D", "", raw)[-2:] or len(masked) == 40, (raw, masked)


def test_emails_keep_no_local_part_or_domain() -> None:
    fake = _faker()
    for _ in range(200):
        raw = fake.email()
        local, _, domain = raw.partition("@")
        masked = mask_value(raw, "EMAIL_ADDRESS")
        masked_local, _, masked_domain = masked.partition("@")
        assert masked_local == local[0] + "***" or (len(local) == 1 and masked_local == "*")
        assert masked_domain.endswith("." + domain.rsplit(".", 1)[-1])  # the TLD stays
        assert domain.split(".")[0] not in masked_domain or len(domain.split(".")[0]) == 1


@pytest.mark.parametrize(
    ("message", "redacted"),
    [
        (  # polars: the value in backticks, the type too (kept), the column in quotes
            "could not parse `4111111111111111` as dtype `i64` at column 'card' (column number 2)",
            "could not parse `##############11` as dtype `i64` at column 'c***' (column number 2)",
        ),
        (  # an unterminated CSV quote: the value runs to the end of the line
            'could not parse `"SECRET-4111111111111111',
            'could not parse `"******-##############11',
        ),
        (
            "CSV conversion error to int64: invalid value 'john.smith@example.com'",
            "CSV conversion error to int64: invalid value 'j***@e***.com'",
        ),
        ('parse "+44 20 7946 0958" as Int64', 'parse "+## ## #### ##58" as Int64'),
        ("found 4111 1111 1111 1111 in row 12345", "found #### #### #### ##11 in row 12345"),
        ("bounce from ann.lee@corp.org", "bounce from a***@c***.org"),
        ("the file doesn't end with a newline", "the file doesn't end with a newline"),
        ("expected 0 rows, actual 2 rows, length 31", "expected 0 rows, actual 2 rows, length 31"),
        ("cannot cast `datetime[μs]` to `str`", "cannot cast `datetime[μs]` to `str`"),
    ],
)
def test_library_messages_are_redacted(message: str, redacted: str) -> None:
    assert redact_message(message) == redacted


def test_a_real_polars_parse_error_is_redacted() -> None:
    secret = "4929123456781234"
    with pytest.raises(pl.exceptions.PolarsError) as caught:
        pl.read_csv(f"a\n1\nX-{secret}\n".encode(), schema={"a": pl.Int64})
    assert secret in str(caught.value)  # what polars says
    assert secret not in redact_message(str(caught.value))
    assert "#" in redact_message(str(caught.value))
