"""RegionalPhoneRecognizer: national spellings of many numbering plans, read as whole values;
dates and plain digits are not read in the extra plans."""

from __future__ import annotations

import phonenumbers
import pytest

from classifiers.recognizers.phone_regions import REGIONS, RegionalPhoneRecognizer
from classifiers.recognizers.registry import build_registry

RECOGNIZER = RegionalPhoneRecognizer()


def whole(text: str) -> bool:
    results = RECOGNIZER.analyze(text, ["PHONE_NUMBER"], None)
    return any(r.end - r.start >= 0.7 * len(text.strip()) for r in results)


@pytest.mark.parametrize(
    "number",
    [
        "964 391 500",  # Portugal, mobile
        "609 141 777",  # Poland
        "8 (912) 345-67-89",  # Russia, trunk 8
        "+7 (912) 345-67-89",
        "091 417 77 63",  # Ukraine
        "+351 231 706 690",
        "090-1234-5678",  # Japan
        "010-1234-5678",  # Korea
        "151 9141 7776",  # China, grouped
        "(415) 555-2671",  # United States, as Presidio reads it
    ],
)
def test_national_spellings_are_read(number: str) -> None:
    assert whole(number)


@pytest.mark.parametrize("text", ["12.05.2023", "2023-05-12", "05/12/2023", "31.12.99"])
def test_dates_are_never_phone_numbers(text: str) -> None:
    assert not whole(text)


def test_plain_digits_are_read_in_presidios_regions_only() -> None:
    # A valid Portuguese mobile written without marks: an account number looks the same.
    assert whole("964 391 500")
    assert not whole("964391500")


def test_the_registry_runs_it_under_presidios_name() -> None:
    specs = [s for s in build_registry().specs if s.entity == "PHONE_NUMBER"]
    assert [s.name for s in specs] == ["PhoneRecognizer"]
    assert isinstance(specs[0].recognizer, RegionalPhoneRecognizer)


@pytest.mark.parametrize(
    ("text", "all_regions"),
    [("-0.12345", False), ("1.234567", False), ("1234-5678", False), ("20231231", False),
     ("964 391 500", True), ("609 141 777", True)],
)  # fmt: skip
def test_only_values_written_as_phone_numbers_try_every_region(
    text: str, all_regions: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    tried: list[str] = []
    original = phonenumbers.PhoneNumberMatcher

    def matcher(value: str, region: str, leniency: int) -> phonenumbers.PhoneNumberMatcher:
        tried.append(region)
        return original(value, region, leniency=leniency)

    monkeypatch.setattr(phonenumbers, "PhoneNumberMatcher", matcher)
    RegionalPhoneRecognizer().analyze(text, ["PHONE_NUMBER"], None)
    assert (not set(tried) <= set(REGIONS[:8])) == all_regions
