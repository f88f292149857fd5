"""Presidio's phone recognizer over the numbering plans of many countries, stopping at the
first plan a whole value is valid in.

Presidio reads national spellings (`964 391 500`, `8 (912) 345-67-89`, `15191417776`) only in
the regions it is given, eight by default, and tries every region for every text. Column
values are short: once one region reads the whole value as a valid number the others cannot
change the answer, so they are not tried. A number with its country code (`+351 ...`) is read
in any region, so the first region tried reads it.

The config's `recognizers.phone_regions` replaces the 54 plans: data known to hold the numbers
of a few countries need not pay for reading every value in the plans of all the others.

Values that cannot be one phone number anywhere are not read at all, in no plan: a calendar
date, a date with a time of day (`2023-05-12 10:11:12`, checked as a real date and time), and
a single number of more than 15 digits (`4111 1111 1111 1111`), the limit ITU-T E.164 sets for
a number with its country code. phonenumbers' metadata is more lenient than E.164 in a few
plans: German numbers of up to 15 digits after the country code, Nigerian freephone numbers of
14, Japanese national-only freephone numbers of 17. Those written with more than 15 digits are
no longer read, nor is a 16-digit card number starting 49 that phonenumbers took for a German
line (its country code and 14 digits).
"""

from __future__ import annotations

import re
from datetime import date

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
# A date with a time of day: ISO 8601 (`2023-05-12T10:11:12.5+02:00`) and the common written
# forms (`12/05/2023 10:11`, `05.12.2023 9:30 pm`), the year four digits. No numbering plan
# writes a `:`, so such a value is a moment; the parts are still checked to be a real date and
# time, or `9999-99-99 99:99` would count.
_DATE_TIME = re.compile(
    r"\s*(?:(?P<year>\d{4})(?P<s1>[-/.])(?P<month>\d{1,2})(?P=s1)(?P<day>\d{1,2})"
    r"|(?P<first>\d{1,2})(?P<s2>[-/.])(?P<second>\d{1,2})(?P=s2)(?P<yyyy>\d{4}))"
    r"(?:T|\s+|,\s*)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<sec>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<half>[ap]\.?m\.?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*",
    re.IGNORECASE,
)
# ITU-T E.164: at most 15 digits, country code included. Counted over a value written as one
# number (digits, spaces, `-`, `.`, brackets, one leading `+`) and an extension after it; a
# `/`, `,`, a second `+` or any other text may start a second number, and digits before a `#`
# may be an extension, so such values are read as before. What is dialled before the number
# is not counted: an international prefix (`0049`, `011 44`), a trunk prefix and carrier code
# (`0`, `8`, `0 21` in Brazil), a trunk 0 in brackets after the country code (`+44 (0)20`).
E164_DIGITS = 15
_ONE_NUMBER = re.compile(
    r"\s*(?P<plus>\+)?(?P<number>[\d\s().\-]+?)"
    r"(?:\s*(?:;\s*ext=|e?xt(?:ension|n)?\.?|x|#|доб\.?|anexo)\s*[:.]?\s*\d{1,20}#?)?\s*",
    re.IGNORECASE,
)


def dialling_prefixes(regions: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The international and national (trunk, carrier) prefixes of these plans, from
    phonenumbers' metadata: digits a value may start with that are not part of the number."""
    patterns: set[str] = set()
    for region in regions:
        plan = phonenumbers.PhoneMetadata.metadata_for_region(region)
        if plan is not None:
            found = (plan.international_prefix, plan.national_prefix_for_parsing)
            patterns |= {p for p in found if p}
    return tuple(re.compile(p) for p in sorted(patterns))


def too_many_digits(text: str, prefixes: tuple[re.Pattern[str], ...]) -> bool:
    """One number of more than 15 digits once its extension and what is dialled before it are
    set aside: no E.164 number."""
    found = _ONE_NUMBER.fullmatch(text)
    if found is None:
        return False
    digits = phonenumbers.normalize_digits_only(found["number"].replace("(0)", ""))
    if not found["plus"]:
        dialled = (p.match(digits) for p in prefixes)
        digits = digits[max((m.end() for m in dialled if m), default=0) :]
    return len(digits) > E164_DIGITS


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def is_date_time(text: str) -> bool:
    """A real calendar date followed by a real time of day (day and month in either order
    when the year comes last: `05/12/2023` is a date in Europe and in the United States)."""
    found = _DATE_TIME.fullmatch(text)
    if found is None:
        return False
    hour, minute, second = int(found["hour"]), int(found["minute"]), int(found["sec"] or 0)
    hours = range(1, 13) if found["half"] else range(24)
    if hour not in hours or minute > 59 or second > 60:  # 60: a leap second
        return False
    if found["year"]:
        return _real_date(int(found["year"]), int(found["month"]), int(found["day"]))
    year, first, then = int(found["yyyy"]), int(found["first"]), int(found["second"])
    return _real_date(year, then, first) or _real_date(year, first, then)


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
        self.dialling_prefixes = dialling_prefixes(tuple(self.supported_regions))

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        wanted = len(text.strip()) * _WHOLE
        if _DATE.fullmatch(text) or is_date_time(text):
            return results
        if too_many_digits(text, self.dialling_prefixes):
            return results
        shaped = len(text) <= VALUE_CHARS and _PHONE_SHAPED.match(text)
        regions = self.supported_regions if shaped else self.plain_regions
        for region in regions:
            found = list(phonenumbers.PhoneNumberMatcher(text, region, leniency=self.leniency))
            results += [self._get_recognizer_result(m, text, region, nlp_artifacts) for m in found]
            if any(m.end - m.start >= wanted for m in found):
                break  # the whole value is a number of this plan: no region reads it better
        return EntityRecognizer.remove_duplicates(results)
