"""Presidio's phone recognizer over the numbering plans of many countries, stopping at the
first plan a whole value is valid in.

Presidio reads national spellings (`964 391 500`, `8 (912) 345-67-89`, `15191417776`) only in
the regions it is given, eight by default, and tries every region for every text. Column
values are short: once one region reads the whole value as a valid number the others cannot
change the answer, so they are not tried. A number with its country code (`+351 ...`) is read
in any region, so the first region tried reads it.

The config's `recognizers.phone_regions` replaces the 54 plans: data known to hold the numbers
of a few countries need not pay for reading every value in the plans of all the others.
"""

from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

# Presidio's eight first, then the most populous numbering plans of each continent.
REGIONS = (
    "US", "GB", "DE", "FR", "IL", "IN", "CA", "BR",
    "CN", "JP", "KR", "ID", "PH", "VN", "TH", "MY", "SG", "PK", "BD", "AU", "NZ",
    "RU", "UA", "PL", "CZ", "SK", "HU", "RO", "GR", "TR", "IT", "ES", "PT", "NL", "BE",
    "CH", "AT", "SE", "NO", "DK", "FI", "IE",
    "MX", "AR", "CO", "CL", "PE",
    "ZA", "NG", "KE", "EG", "MA", "SA", "AE",
)  # fmt: skip
PRESIDIO_REGIONS = REGIONS[:8]
_WHOLE = 0.7  # a match this share of the value's length reads the value, not a part of it
# Longer texts are prose or log lines: read in Presidio's eight regions (numbers written with
# their country code are read whatever the region), or every sentence would pay for all.
VALUE_CHARS = 40
# Plain digits (`123456789`) are ids and account numbers as often as phone numbers, and
# `-0.12345` or `1234-5678` are numbers and codes: only Presidio's eight regions read them.
# A value written as phone numbers are (a `+`, a bracket, or three groups of digits or more:
# `964 391 500`, `08-170 669 07`) is read in all.
_PHONE_SHAPED = re.compile(r"\s*(?:\+|\(|\d+[\s.\-/)]+\d+[\s.\-/()]+\d).*", re.DOTALL)
# A calendar date (`12.05.2023`, `2023-05-12`) is valid in some numbering plan: never a phone.
_DATE = re.compile(r"\s*\d{1,4}([-./])\d{1,2}\1\d{1,4}\s*")


class RegionalPhoneRecognizer(PhoneRecognizer):
    """PhoneRecognizer with `REGIONS` (or the config's `phone_regions`), keeping its name so the
    rest of Warden sees the same recognizer (prefilter, validation, reasons)."""

    def __init__(self, supported_language: str = "en", **kwargs: object) -> None:
        kwargs.setdefault("supported_regions", REGIONS)
        kwargs.setdefault("name", "PhoneRecognizer")
        super().__init__(supported_language=supported_language, **kwargs)
        # Plain digits and long texts are read in those of Presidio's regions that are allowed;
        # with none of them, in no region: numbers with their country code are still read.
        allowed = tuple(r for r in self.supported_regions if r in PRESIDIO_REGIONS)
        self.plain_regions = allowed or (phonenumbers.UNKNOWN_REGION,)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        wanted = len(text.strip()) * _WHOLE
        if _DATE.fullmatch(text):
            return results
        shaped = len(text) <= VALUE_CHARS and _PHONE_SHAPED.match(text)
        regions = self.supported_regions if shaped else self.plain_regions
        for region in regions:
            found = list(phonenumbers.PhoneNumberMatcher(text, region, leniency=self.leniency))
            results += [self._get_recognizer_result(m, text, region, nlp_artifacts) for m in found]
            if any(m.end - m.start >= wanted for m in found):
                break  # the whole value is a number of this plan: no region reads it better
        return EntityRecognizer.remove_duplicates(results)
