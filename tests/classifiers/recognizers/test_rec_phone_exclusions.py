"""Values that are no phone number in any country are not read in any numbering plan: a date
with a time of day, and one number of more than the 15 digits E.164 allows. Phone numbers of
many countries, with their extensions and dialling prefixes, are read as before."""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers
import pytest

from classifiers.recognizers.phone_regions import (
    REGIONS,
    RegionalPhoneRecognizer,
    dialling_prefixes,
    is_date_time,
    too_many_digits,
)

RECOGNIZER = RegionalPhoneRecognizer()
PREFIXES = dialling_prefixes(REGIONS)


def spans(text: str) -> list[tuple[int, int]]:
    return sorted((r.start, r.end) for r in RECOGNIZER.analyze(text, ["PHONE_NUMBER"], None))


@pytest.fixture
def tried(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The plans phonenumbers is asked to read values in."""
    regions: list[str] = []
    original = phonenumbers.PhoneNumberMatcher

    def matcher(value: str, region: str, leniency: int) -> phonenumbers.PhoneNumberMatcher:
        regions.append(region)
        return original(value, region, leniency=leniency)

    monkeypatch.setattr(phonenumbers, "PhoneNumberMatcher", matcher)
    yield regions


# --- dates with a time of day ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2023-05-12 10:11:12", "2023-05-12T10:11:12", "2023-05-12T10:11:12.123456+02:00",
     "2023-05-12T10:11:12Z", "2023/05/12 10:11", "2023.05.12 10:11", "12.05.2023 10:11",
     "12/05/2023 10:11:12", "05/12/2023 9:30 PM", "31-12-2023 23:59", "12.05.2023, 10:11",
     "2016-12-31 23:59:60 UTC", "2024-02-29 00:00"],
)  # fmt: skip
def test_a_date_with_a_time_is_read_in_no_plan(text: str, tried: list[str]) -> None:
    assert is_date_time(text)
    assert RECOGNIZER.analyze(text, ["PHONE_NUMBER"], None) == []
    assert tried == []


@pytest.mark.parametrize(
    "text",
    ["2023-02-29 10:11", "2023-13-12 10:11", "2023-05-32 10:11", "13/13/2023 10:11",
     "2023-05-12 24:11", "2023-05-12 10:60", "2023-05-12 10:11:61", "12.05.2023 13:30 pm",
     "2023-05-12 10", "2023-05-12 1011", "1.2.3 10:11", "12.05.23 10:11"],
)  # fmt: skip
def test_only_a_real_date_and_time_count(text: str) -> None:
    assert not is_date_time(text)


def test_a_day_and_month_in_either_order() -> None:
    assert is_date_time("25/12/2023 10:00")  # day first
    assert is_date_time("12/25/2023 10:00")  # month first
    assert not is_date_time("25/25/2023 10:00")


# --- more digits than E.164 allows -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "5500.0000.0000.0004",
     "6011 0000 0000 0004 ", "+44 20 7946 0958 1234", "(4929) 1234 5678 9012"],
)  # fmt: skip
def test_one_number_of_more_than_15_digits_is_read_in_no_plan(text: str, tried: list[str]) -> None:
    assert too_many_digits(text, PREFIXES)
    assert RECOGNIZER.analyze(text, ["PHONE_NUMBER"], None) == []
    assert tried == []


def test_a_card_number_phonenumbers_reads_as_a_german_line_is_not_a_phone() -> None:
    """phonenumbers takes a leading 49 for Germany's code and accepts 14 digits after it; 16
    digits is over E.164's limit."""
    card = "4929 1234 5678 9012"
    assert list(phonenumbers.PhoneNumberMatcher(card, "DE", leniency=RECOGNIZER.leniency))
    assert spans(card) == []


@pytest.mark.parametrize(
    "text",
    [
        "123456789012345",  # 15 digits: the limit itself
        "+1 212 555 0199 ext. 123456789",  # an extension is not part of the number
        "+1 212 555 0199 x123456789",
        "212 555 0199 #12345678",
        "+44 20 7946 0958;ext=1234567",
        "0049 30 1234567-8901",  # dialled from abroad: 00, then 15 digits
        "011 49 30 1234567-8901",  # dialled from North America
        "+49 (0)30 1234567-8901",  # a trunk 0 in brackets after the country code
        "0 21 11 91234 5678 901",  # a Brazilian trunk 0 and carrier code before the number
        "020 7946 0958 / 030 901820",  # two numbers: each is read
        "+44 20 7946 0958, +49 30 901820",
        "+44 20 7946 0958 +49 30 901820",
        "030 1234567 - 123456#",  # digits before a # may be an extension
    ],
)
def test_what_is_not_one_long_number_is_read(text: str) -> None:
    assert not too_many_digits(text, PREFIXES)


# --- phone numbers are read as before --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(415) 555-2671", [(0, 14)]),  # United States
        ("+1 415 555 2671 ext. 1234", [(0, 25)]),
        ("+1 (415) 555-2671 x12345", [(0, 24)]),
        ("415-555-2671 #4321", [(0, 18)]),
        ("011 44 20 7946 0958", [(0, 19)]),  # London, dialled from North America
        ("020 7946 0958", [(0, 13)]),  # United Kingdom
        ("+44 20 7946 0958 ext 123456", [(0, 27)]),
        ("030 901820", [(0, 10)]),  # Germany
        ("0049 30 901820", [(0, 14)]),
        ("+49 30 1234567-8901", [(0, 19)]),  # a direct-dial extension: 15 digits
        ("01 48 46 02 06", [(0, 14)]),  # France
        ("+33 1 48 46 02 06", [(0, 17)]),
        ("090-1234-5678", [(0, 13)]),  # Japan
        ("+81 3-1234-5678", [(0, 15)]),
        ("010-1234-5678", [(0, 13)]),  # Korea
        ("151 9141 7776", [(0, 13)]),  # China
        ("+86 151 9141 7776 ext. 12345678", [(0, 31)]),
        ("+91 98765 43210", [(0, 15)]),  # India
        ("(11) 91234-5678", [(0, 15)]),  # Brazil
        ("(02) 9374 4000", [(0, 14)]),  # Australia
        ("+61 2 9374 4000", [(0, 15)]),
        ("55 1234 5678", [(0, 12)]),  # Mexico
        ("021 123 4567", [(0, 12)]),  # South Africa
        ("0803 123 4567", [(0, 13)]),  # Nigeria
        ("8 (912) 345-67-89", [(2, 17)]),  # Russia
        ("912 345 678", [(0, 11)]),  # Spain
        ("06 1234 5678", [(0, 12)]),  # Italy
        ("0800 123456789012", [(0, 17)]),  # a German freephone number: 15 digits after 0
        ("020 7946 0958 / 030 901820", [(0, 13), (15, 26)]),
        ("+44 20 7946 0958, +49 30 901820", [(0, 16), (18, 31)]),
    ],
)
def test_phone_numbers_of_many_countries_are_read(
    text: str, expected: list[tuple[int, int]]
) -> None:
    assert spans(text) == expected
