"""Which numbering plans phone numbers are read in: the config's `recognizers.phone_regions`, or
all 54 as before; numbers written with their country code are read in any case."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent

import phonenumbers
import pytest

from classifiers import startup_cache
from classifiers.config import ConfigError, WardenConfig, config_from_text
from classifiers.recognizers import registry
from classifiers.recognizers.phone_regions import PRESIDIO_REGIONS, REGIONS, RegionalPhoneRecognizer
from classifiers.rules import scan_rules

ALL = RegionalPhoneRecognizer()
GB_DE = RegionalPhoneRecognizer(supported_regions=("GB", "DE"))


def spans(recognizer: RegionalPhoneRecognizer, text: str) -> list[tuple[int, int, float]]:
    found = recognizer.analyze(text, ["PHONE_NUMBER"], None)
    return sorted((r.start, r.end, r.score) for r in found)


@pytest.fixture
def tried(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str | None]]:
    """The regions phonenumbers is asked to read values in, in order."""
    regions: list[str | None] = []
    original = phonenumbers.PhoneNumberMatcher

    def matcher(value: str, region: str | None, leniency: int) -> phonenumbers.PhoneNumberMatcher:
        regions.append(region)
        return original(value, region, leniency=leniency)

    monkeypatch.setattr(phonenumbers, "PhoneNumberMatcher", matcher)
    yield regions


# --- the config setting ----------------------------------------------------------------------


def load(text: str) -> WardenConfig:
    return config_from_text(dedent(text), Path("warden.yaml"))


def test_regions_are_upper_cased_and_given_once() -> None:
    config = load("recognizers:\n  phone_regions: [gb, DE, GB, 'NO']\n")
    assert config.recognizers.phone_regions == ["GB", "DE", "NO"]
    assert load("recognizers: {}\n").recognizers.phone_regions is None


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        (
            "recognizers:\n  phone_regions:\n    - GB\n    - UK\n",
            4,
            "recognizers.phone_regions[1]",
            "'UK' is not an ISO 3166 alpha-2 code of a numbering plan (the United Kingdom is 'GB')",
        ),
        (
            "recognizers:\n  phone_regions: [GBR]\n",
            2,
            "recognizers.phone_regions[0]",
            "'GBR' is not an ISO 3166 alpha-2 code of a numbering plan",
        ),
        (
            "recognizers:\n  phone_regions: [SE, NO]\n",
            2,
            "recognizers.phone_regions[1]",
            "read by YAML as a boolean: quote the region ('NO' for Norway)",
        ),
        (
            "recognizers:\n  phone_regions: []\n",
            2,
            "recognizers.phone_regions",
            "name at least one region, or leave phone_regions out for all plans",
        ),
        (
            "recognizers:\n  phone_regions: GB\n",
            2,
            "recognizers.phone_regions",
            "Input should be a valid list",
        ),
    ],
)
def test_a_wrong_region_is_reported_with_file_line_and_field(
    text: str, line: int, field: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load(text)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == ("warden.yaml", line, field)
    assert str(problem) == f"warden.yaml:{line}: {field}: {message}"


# --- reading in the allowed plans ------------------------------------------------------------


def test_national_spellings_are_read_in_the_given_plans_only() -> None:
    assert spans(GB_DE, "020 7946 0958") == [(0, 13, 0.4)]  # London
    assert spans(GB_DE, "030 901820") == [(0, 10, 0.4)]  # Berlin
    assert spans(ALL, "964 391 500") == [(0, 11, 0.4)]  # a Portuguese mobile ...
    assert spans(GB_DE, "964 391 500") == []  # ... is not read when the data is British or German


def test_numbers_with_their_country_code_are_read_whatever_the_plans() -> None:
    assert spans(GB_DE, "+351 231 706 690") == spans(ALL, "+351 231 706 690") == [(0, 16, 0.4)]


def test_values_shaped_as_numbers_try_only_the_given_plans(tried: list[str | None]) -> None:
    GB_DE.analyze("4111-1111-1111", ["PHONE_NUMBER"], None)  # read by no plan
    assert tried == ["GB", "DE"]
    tried.clear()
    ALL.analyze("4111-1111-1111", ["PHONE_NUMBER"], None)
    assert tried == list(REGIONS)


def test_plain_digits_stay_in_presidios_plans_among_the_given(tried: list[str | None]) -> None:
    RegionalPhoneRecognizer(supported_regions=("NL", "DE")).analyze("20231231", ["X"], None)
    assert tried == ["DE"]
    tried.clear()
    ALL.analyze("20231231", ["PHONE_NUMBER"], None)
    assert tried == list(PRESIDIO_REGIONS)


def test_without_presidios_plans_only_international_numbers_are_read_in_long_text(
    tried: list[str | None],
) -> None:
    dutch = RegionalPhoneRecognizer(supported_regions=("NL",))
    text = "Call +44 20 7946 0958 or 020 7946 0958 before noon, thanks a lot"
    assert spans(dutch, text) == [(5, 21, 0.4)]  # the London number without its code is not
    assert spans(dutch, "15191417776") == []
    assert tried == [phonenumbers.UNKNOWN_REGION] * 2


# --- unchanged by default --------------------------------------------------------------------


def before(text: str) -> list[tuple[int, int, float]]:
    """The recognizer as it was before plans could be restricted: every value in the 54 plans
    (Presidio's eight for plain digits and long texts), stopping at the first that reads it."""
    from classifiers.recognizers.phone_regions import _DATE, _PHONE_SHAPED, _WHOLE, VALUE_CHARS

    if _DATE.fullmatch(text):
        return []
    shaped = len(text) <= VALUE_CHARS and _PHONE_SHAPED.match(text)
    found: set[tuple[int, int, float]] = set()
    for region in REGIONS if shaped else PRESIDIO_REGIONS:
        matches = list(phonenumbers.PhoneNumberMatcher(text, region, leniency=ALL.leniency))
        found |= {(m.start, m.end, ALL.SCORE) for m in matches}
        if any(m.end - m.start >= len(text.strip()) * _WHOLE for m in matches):
            break
    return sorted(found)


@pytest.mark.parametrize(
    "text",
    ["964 391 500", "609 141 777", "8 (912) 345-67-89", "+7 (912) 345-67-89", "+351 231 706 690",
     "(415) 555-2671", "020 7946 0958", "+33 (0)1 48 46 02 06", "+44 20 7946 0958",
     "4111-1111-1111-1111", "4111 1111 1111 1111", "2023-05-12 10:11:12", "12.05.2023",
     "15191417776", "20231231", "-0.12345", "+(020) 7946 0958", "1234-5678",
     "+44 20 7946 095", "+1-212-555-0199",
     "Call 020 7946 0958 or 030 901820 before noon, please, thanks", "DE89 3704 0044 0532 0130 00"],
)  # fmt: skip
def test_by_default_values_are_read_as_before(text: str) -> None:
    assert spans(ALL, text) == before(text)


# --- the registry and the startup cache ------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(startup_cache.CACHE_ENV, str(tmp_path))
    return tmp_path


def phone(built: registry.Registry) -> RegionalPhoneRecognizer:
    made = built.by_name("PhoneRecognizer").recognizer
    assert isinstance(made, RegionalPhoneRecognizer)
    return made


def test_the_registry_makes_the_phone_recognizer_with_the_plans(cache: Path) -> None:
    every = registry.build_registry()
    some = registry.build_registry(phone_regions=["GB", "DE"])
    assert phone(every).supported_regions == REGIONS
    assert phone(some).supported_regions == ("GB", "DE")
    others = [s for s in some.specs if s.name != "PhoneRecognizer"]
    assert others == [s for s in every.specs if s.name != "PhoneRecognizer"]
    assert some.rules_version != every.rules_version  # catalogs read the data again
    # The specs on disk do not depend on the plans, so one cached file serves both.
    assert len(list(cache.glob("registry-*.json"))) == 1
    assert registry.build_registry(phone_regions=["GB", "DE"]) == some


def test_the_plans_travel_with_the_registry_to_other_processes(cache: Path) -> None:
    shipped = pickle.loads(pickle.dumps(registry.build_registry(phone_regions=["FR"])))
    assert phone(shipped).supported_regions == ("FR",)


def test_the_config_reaches_the_registry_and_the_rules_version(cache: Path) -> None:
    default = scan_rules(WardenConfig.default())
    restricted = scan_rules(load("recognizers:\n  phone_regions: [gb]\n"))
    assert phone(restricted.registry).supported_regions == ("GB",)
    assert phone(default.registry).supported_regions == REGIONS
    assert default.version == scan_rules(load("recognizers: {}\n")).version
    assert restricted.version != default.version
